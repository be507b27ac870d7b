"""Recording support and skills. Each function checks what the form cannot (dates) and saves one row."""

import datetime
from decimal import Decimal

from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.support.models import Internship, SupportEntry, UpskilledRole


class SupportError(ValueError):
    """Support that cannot be recorded as given; the message says why."""


def _not_in_future(day: datetime.date, what: str) -> None:
    if day > timezone.localdate():
        raise SupportError(f"{what} cannot be in the future.")


def support_record(
    company: Company, *, adviser: User, kind: str, delivered_on: datetime.date, hours: Decimal, notes: str = ""
) -> SupportEntry:
    _not_in_future(delivered_on, "The date of the support")
    if hours <= 0:
        raise SupportError("Hours of support must be above zero.")
    return SupportEntry.objects.create(
        company=company, adviser=adviser, kind=kind, delivered_on=delivered_on, hours=hours, notes=notes
    )


def upskilled_role_record(
    company: Company, *, role: str, training: str, provider: str, completed_on: datetime.date
) -> UpskilledRole:
    _not_in_future(completed_on, "The date the training was completed")
    if company.staff_headcount is not None:
        already = company.upskilled_roles.count()
        if already >= company.staff_headcount:
            raise SupportError(
                f"{company.name} has {company.staff_headcount} staff and {already} roles upskilled already: "
                "more roles than staff cannot be upskilled. Update the staff headcount first if it has grown."
            )
    return UpskilledRole.objects.create(
        company=company, role=role, training=training, provider=provider, completed_on=completed_on
    )


def internship_record(
    company: Company,
    *,
    student: str,
    hours: int,
    hourly_rate: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    outcome: str,
) -> Internship:
    if ends_on is not None and ends_on < starts_on:
        raise SupportError("An internship cannot end before it starts.")
    if outcome != Internship.Outcome.ONGOING and ends_on is None:
        raise SupportError("Give the end date of an internship that has ended.")
    if ends_on is not None:
        _not_in_future(ends_on, "The end of an internship that has ended")
    return Internship.objects.create(
        company=company,
        student=student,
        hours=hours,
        hourly_rate=hourly_rate,
        starts_on=starts_on,
        ends_on=ends_on,
        outcome=outcome,
    )
