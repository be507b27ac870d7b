"""Recording support and skills. Each function checks what the form cannot (dates) and saves one row."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.services import company_contacted
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.core.visibility import Visibility
from adopt.programmes.models import Programme
from adopt.support.activities import contact_time
from adopt.support.cohorts import CohortFacts, attendance_problem, cohort_problems
from adopt.support.events import SupportedRuleChanged, SupportRecorded
from adopt.support.models import (
    CohortPlace,
    Internship,
    LeadershipCohort,
    SupportedRule,
    SupportEntry,
    UpskilledRole,
)


class SupportError(DomainError, ValueError):
    """Support that cannot be recorded as given; the message says why."""


def _not_in_future(day: datetime.date, what: str) -> None:
    if day > timezone.localdate():
        raise SupportError(f"{what} cannot be in the future.")


@transaction.atomic
def support_record(
    company: Company,
    *,
    adviser: User,
    kind: str,
    delivered_on: datetime.date,
    hours: Decimal,
    notes: str = "",
    visibility: str = Visibility.STAFF,
) -> SupportEntry:
    _not_in_future(delivered_on, "The date of the support")
    if hours <= 0:
        raise SupportError("Hours of support must be above zero.")
    entry = SupportEntry(
        company=company,
        adviser=adviser,
        kind=kind,
        delivered_on=delivered_on,
        hours=hours,
        notes=notes,
        visibility=visibility,
    )
    try:
        entry.full_clean()
    except ValidationError as error:
        problems = [message for messages in error.message_dict.values() for message in messages]
        raise SupportError(" ".join(problems)) from None
    entry.save()
    audit_record(
        company, action=Action.SUPPORT_RECORDED, actor=adviser, comment=f"{hours} hours of {kind} on {delivered_on}"
    )
    publish(SupportRecorded(actor_id=adviser.pk, company_id=company.pk, entry_id=entry.pk))
    company_contacted(company.pk, contact_time(delivered_on))
    return entry


@transaction.atomic
def supported_rule_save(rule: SupportedRule, *, actor: User) -> SupportedRule:
    """Store what counts as 'supported' on a programme; every company of it is counted again."""
    rule.full_clean()
    rule.save()
    publish(SupportedRuleChanged(actor_id=actor.pk, programme_id=rule.programme_id))
    return rule


@transaction.atomic
def supported_rule_remove(rule: SupportedRule, *, actor: User) -> None:
    """Back to the default rule for the programme."""
    programme_id = rule.programme_id
    rule.delete()
    publish(SupportedRuleChanged(actor_id=actor.pk, programme_id=programme_id))


@transaction.atomic
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


@transaction.atomic
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


class CohortRefused(DomainError, ValueError):
    """A cohort or place that cannot be saved as given; `problems` maps each field to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _facts(cohort: LeadershipCohort) -> CohortFacts:
    return CohortFacts(cohort.starts_on, cohort.ends_on, cohort.sessions, cohort.sessions_to_complete)


@transaction.atomic
def cohort_create(
    programme: Programme,
    *,
    name: str,
    provider: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    sessions: int,
    sessions_to_complete: int,
) -> LeadershipCohort:
    problems = cohort_problems(CohortFacts(starts_on, ends_on, sessions, sessions_to_complete))
    if problems:
        raise CohortRefused(problems)
    return LeadershipCohort.objects.create(
        programme=programme,
        name=name,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        sessions=sessions,
        sessions_to_complete=sessions_to_complete,
    )


@transaction.atomic
def cohort_place_add(cohort: LeadershipCohort, *, company: str, participant_role: str) -> CohortPlace:
    """A place for a leader of the programme's company with this Companies House number or exact name."""
    wanted = company.strip()
    matches = list(
        Company.objects.filter(programme=cohort.programme)
        .filter(Q(companies_house_number=wanted.upper()) | Q(name__iexact=wanted))
        .order_by("pk")[:2]
    )
    if not matches:
        raise CohortRefused({"company": f"No company on {cohort.programme.name} has the number or name {wanted!r}."})
    if len(matches) > 1:
        raise CohortRefused(
            {"company": f"More than one company is called {wanted!r}: give its Companies House number."}
        )
    chosen = matches[0]
    if CohortPlace.objects.filter(cohort=cohort, company=chosen, participant_role__iexact=participant_role).exists():
        raise CohortRefused(
            {"participant_role": f"{chosen.name} already has a place for its {participant_role} on this cohort."}
        )
    return CohortPlace.objects.create(cohort=cohort, company=chosen, participant_role=participant_role)


@transaction.atomic
def attendance_record(place: CohortPlace, sessions_attended: int) -> CohortPlace:
    problem = attendance_problem(_facts(place.cohort), sessions_attended, timezone.localdate())
    if problem:
        raise CohortRefused({"sessions_attended": problem})
    place.sessions_attended = sessions_attended
    place.save(update_fields=["sessions_attended", "updated_at"])
    return place
