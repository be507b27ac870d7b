"""Working an enquiry: who owns it, where it stands, what was done, and turning it into a company with a contact.

A lead is first contacted within `ENQUIRY_RESPONSE_HOURS`; until then a new one shows as overdue once that time
has passed. Converting it finds the company by Companies House number (or the company the enquiry was matched to)
before making one, and the contact by email before adding one, so a lead that enquires twice is one company. A
company of another programme is never touched, and a contact added from an enquiry is marked as such: anyone can
type a company's number into the enquiry form, so that address is never sent a code to join the company.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.assignment import company_route, programme_advisers
from adopt.companies.models import Company, Contact, FactSource
from adopt.companies.services import company_save
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.onboarding.models import Enquiry, EnquiryNote

Status = Enquiry.Status
WORKED = {Status.CONTACTED, Status.QUALIFIED, Status.CONVERTED, Status.CLOSED}


class EnquiryRefused(DomainError):
    """A change to an enquiry that cannot be made as asked."""


def response_due(enquiry: Enquiry) -> datetime.datetime:
    return enquiry.created_at + datetime.timedelta(hours=settings.ENQUIRY_RESPONSE_HOURS)


def is_overdue(enquiry: Enquiry, now: datetime.datetime) -> bool:
    """New, and nobody has contacted the person within the target time."""
    return enquiry.status == Status.NEW and now > response_due(enquiry)


@transaction.atomic
def enquiry_update(
    enquiry: Enquiry, *, actor: User, status: str, owner: User | None, closed_reason: str = ""
) -> Enquiry:
    if status == Status.CONVERTED and enquiry.status != Status.CONVERTED:
        raise EnquiryRefused("Convert the enquiry to a company to mark it converted.")
    if status == Status.CLOSED and not closed_reason.strip():
        raise EnquiryRefused("Say why the enquiry is closed.")
    before = enquiry.status
    enquiry.status = status
    enquiry.owner = owner
    enquiry.closed_reason = closed_reason.strip()[:200] if status == Status.CLOSED else ""
    if status in WORKED and enquiry.first_contacted_at is None:
        enquiry.first_contacted_at = timezone.now()
    enquiry.save()
    audit_record(
        enquiry,
        action=Action.CHANGED,
        actor=actor,
        from_state=before,
        to_state=status,
        comment=f"Owner: {owner.full_name if owner else 'nobody'}"
        + (f"; {enquiry.closed_reason}" if enquiry.closed_reason else ""),
    )
    return enquiry


@transaction.atomic
def enquiry_note_add(enquiry: Enquiry, *, author: User, text: str) -> EnquiryNote:
    text = text.strip()
    if not text:
        raise EnquiryRefused("Write the note.")
    return EnquiryNote.objects.create(enquiry=enquiry, author=author, text=text[:5000])


@transaction.atomic
def enquiry_convert(enquiry: Enquiry, *, actor: User) -> Company:
    """The enquiry's company (found, or made in the enquiry's programme) with the enquirer as a contact."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.programme_id is None:
        raise EnquiryRefused("Choose the programme first: no programme covers the enquiry's postcode.")
    company = None
    if enquiry.companies_house_number:
        company = Company.objects.filter(companies_house_number=enquiry.companies_house_number).first()
    company = company or enquiry.matched_company
    if company is not None and company.programme_id != enquiry.programme_id:
        raise EnquiryRefused(
            f"{company.name} is a company of another programme ({company.programme.name}): ask its team, "
            "rather than adding this enquiry to it."
        )
    if company is None:
        changes: dict[str, object] = {
            "name": enquiry.company_name,
            "postcode": enquiry.postcode,
            "status": Company.Status.ACTIVE,
        }
        if enquiry.companies_house_number:
            changes["companies_house_number"] = enquiry.companies_house_number
        company = company_save(
            Company(programme_id=enquiry.programme_id), changes=changes, source=FactSource.BUSINESS, actor=actor
        )
    if company.adviser_id is None:
        taker = enquiry.owner or actor
        if taker.pk in {adviser.pk for adviser in programme_advisers(company.programme_id)}:
            company = company_save(company, changes={"adviser": taker}, actor=actor)
        else:
            company_route(company, how="converted from an enquiry", actor=actor)
    if not company.contacts.filter(email__iexact=enquiry.email).exists():
        Contact.objects.create(
            company=company, name=enquiry.name, email=enquiry.email, phone=enquiry.phone, from_enquiry=True
        )
    before = enquiry.status
    enquiry.status = Status.CONVERTED
    enquiry.matched_company = company
    enquiry.owner = enquiry.owner or actor
    enquiry.first_contacted_at = enquiry.first_contacted_at or timezone.now()
    enquiry.save()
    audit_record(enquiry, action=Action.CHANGED, actor=actor, from_state=before, to_state=Status.CONVERTED,
                 comment=f"Converted to {company.name}")  # fmt: skip
    return company
