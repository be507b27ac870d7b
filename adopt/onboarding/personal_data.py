"""The personal-data register: every place Adopt holds personal data, and what erasure does to each.

The register drives a person's data download, the erasure of their account, the retention job and the list
on the privacy notice, so the four can never disagree. A test fails when a model gains a field that looks
personal (a name, an email, a phone number, an address, an IP address, free text, a file) and is neither here
nor in `NOT_PERSONAL` with the reason why.
"""

import datetime
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from adopt.accounts.models import User


class Erasure(StrEnum):
    DELETE = "deleted"  # the rows go
    ANONYMISE = "anonymised"  # the rows stay, the fields are replaced with placeholders
    SCRUB = "kept, with the person's name and address removed from the text"
    KEEP = "kept"


Whose = Callable[[User], Q]


@dataclass(frozen=True)
class Place:
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    holds: str  # for the privacy notice and the download
    erasure: Erasure
    whose: Whose | None  # the rows that are this person's; None: nobody with an account (a third party)
    reason: str = ""  # why it is kept, for SCRUB and KEEP
    retention_days: int | None = None  # the retention job deletes rows older than this
    age_field: str = "created_at"

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def rows(self, user: User) -> QuerySet[Any]:
        if self.whose is None:
            return self.model_class._default_manager.none()
        return self.model_class._default_manager.filter(self.whose(user))


def _by_email(field: str) -> Whose:
    return lambda user: Q(**{f"{field}__iexact": user.email})


def _address_in_text(email: str) -> str:
    """A pattern for the address as a whole word: an@x.example is not in joan@x.example."""
    return rf"(^|[^a-z0-9._%+-]){re.escape(email.lower())}($|[^a-z0-9.-]|\.($|[^a-z0-9]))"


def _by_user(field: str = "user") -> Whose:
    return lambda user: Q(**{field: user})


AUDIT_REASON = (
    "the audit trail of public money, kept for as long as the funder and the Subsidy Control Act 2022 require "
    "(seven years after the programme ends)"
)

REGISTER: tuple[Place, ...] = (
    Place(
        "companies.Contact",
        ("name", "role", "email", "phone"),
        "you as a contact at a company",
        Erasure.DELETE,
        _by_email("email"),
    ),
    # Before the enquiries themselves, whose addresses it finds the notes by.
    Place(
        "onboarding.EnquiryNote",
        ("text", "created_at"),
        "notes the programme's team wrote about your enquiries",
        Erasure.DELETE,
        lambda user: Q(enquiry__email__iexact=user.email),
    ),
    Place(
        "onboarding.Enquiry",
        ("name", "email", "phone", "message", "closed_reason"),
        "enquiries you sent",
        Erasure.ANONYMISE,
        _by_email("email"),
    ),
    Place("onboarding.Invitation", ("email",), "invitations sent to you", Erasure.ANONYMISE, _by_email("email")),
    Place(
        "onboarding.StaffInvitation",
        ("email",),
        "invitations to work in a programme sent to you",
        Erasure.ANONYMISE,
        _by_email("email"),
    ),
    Place(
        "onboarding.SignupRequest",
        ("email", "full_name"),
        "sign-ups waiting for their email confirmation",
        Erasure.DELETE,
        _by_email("email"),
        retention_days=7,
    ),
    Place(
        "onboarding.MembershipRequest",
        ("role_at_company", "postcode_given", "status"),
        "your requests to act for a company",
        Erasure.DELETE,
        _by_user(),
    ),
    Place(
        "onboarding.ClaimCode",
        ("sent_to", "created_at", "used_at"),
        "codes sent to a company's address at your request",
        Erasure.DELETE,
        _by_user(),
        retention_days=30,
    ),
    Place(
        "onboarding.DeletionRequest",
        ("email_at_request", "reason", "status"),
        "your requests to delete your account",
        Erasure.ANONYMISE,
        _by_user(),
    ),
    Place(
        "core.AuditEvent",
        ("action", "comment", "at"),
        "what you did on grant applications, roadmaps and company records",
        Erasure.SCRUB,
        lambda user: Q(actor=user) | Q(comment__icontains=user.email),
        reason=AUDIT_REASON,
    ),
    Place(
        "admin.LogEntry",
        ("object_repr", "change_message", "action_time"),
        "changes made in the back office",
        Erasure.SCRUB,
        lambda user: Q(user=user) | Q(object_repr__icontains=user.email),
        reason=AUDIT_REASON,
    ),
    Place(
        "funding.Document",
        ("original_name", "kind", "created_at"),
        "files you uploaded as grant evidence",
        Erasure.SCRUB,
        _by_user("uploaded_by"),
        reason="evidence for a grant of public money, kept as the audit trail is",
    ),
    Place(
        "funding.Declaration",
        ("key", "version", "made_at"),
        "the declarations you made when submitting a grant application",
        Erasure.KEEP,
        _by_user("made_by"),
        reason=AUDIT_REASON,
    ),
    Place(
        "funding.SubsidyNotice",
        ("confirmed_name", "confirmed_other_mfa", "confirmed_at"),
        "your written confirmation of a business's subsidy headroom",
        Erasure.KEEP,
        _by_user("confirmed_by"),
        reason="the record of Minimal Financial Assistance the Subsidy Control Act 2022 (section 37) requires, "
        "kept as the audit trail is",
    ),
    Place(
        "funding.Offer",
        ("accepted_name", "accepted_position", "accepted_at", "accepted_from"),
        "your acceptance of a grant offer, with the internet address you accepted it from",
        Erasure.KEEP,
        _by_user("accepted_by"),
        reason="the signature on a grant of public money, kept as the audit trail is",
    ),
    Place(
        "jobs.Job",
        ("title", "input_name", "created_at"),
        "imports you ran and reports you asked for in the background",
        Erasure.SCRUB,
        _by_user("started_by"),
        reason="what was imported into a programme, kept as the audit trail is",
    ),
    Place(
        "axes.AccessAttempt",
        ("username", "ip_address", "user_agent", "attempt_time"),
        "sign-in attempts with your address, from which computer",
        Erasure.DELETE,
        _by_email("username"),
        retention_days=90,
        age_field="attempt_time",
    ),
    Place(
        "axes.AccessLog",
        ("username", "ip_address", "user_agent", "attempt_time"),
        "your sign-ins, from which computer",
        Erasure.DELETE,
        _by_email("username"),
        retention_days=90,
        age_field="attempt_time",
    ),
    Place(
        "axes.AccessFailureLog",
        ("username", "ip_address", "user_agent", "attempt_time"),
        "failed sign-ins with your address, from which computer",
        Erasure.DELETE,
        _by_email("username"),
        retention_days=90,
        age_field="attempt_time",
    ),
    Place(
        "notifications.Message",
        ("to_email", "subject", "body_text", "calendar", "error"),
        "emails Adopt sent you, or sent about you to programme staff",
        Erasure.DELETE,
        lambda user: Q(user=user) | Q(to_email__iexact=user.email) | Q(body_text__iregex=_address_in_text(user.email)),
        retention_days=730,
    ),
    Place("otp_totp.TOTPDevice", ("name", "created_at"), "your authenticator app", Erasure.DELETE, _by_user()),
    Place("otp_static.StaticDevice", ("name",), "your recovery codes", Erasure.DELETE, _by_user()),
    Place(
        "support.Internship",
        ("student",),
        "the names of students placed with a company (people without an account)",
        Erasure.KEEP,
        None,
        reason="the programme's record of the placement, erased with the programme's records",
    ),
    Place(
        "accounts.User",
        ("email", "full_name", "date_joined", "last_login"),
        "your account",
        Erasure.ANONYMISE,
        lambda user: Q(pk=user.pk),
    ),
)

# Fields that look personal but are not, with the reason: the test holds every such field to account.
NOT_PERSONAL: dict[str, str] = {
    "programmes.Programme.contact_email": "the programme's own public address for businesses, not a person's",
    "programmes.Programme.contact_phone": "the programme's own public number for businesses",
    "support.Booking.notes": "what to prepare for a visit, written for the business, like support notes",
    "support.Activity.summary": "staff's notes of casework with a business, like support notes",
    "accounts.User.password": "a one-way hash; the account is made unusable on erasure",
    "onboarding.SignupRequest.password": "a one-way hash, deleted with the sign-up",
    "onboarding.ClaimCode.code_hash": "a one-way hash of a code",
    "core.EventFailure.error": "the program's error when a domain event could not be handled, kept until retried",
    "accounts.ApiToken.name": "what the token's owner said it is for, such as 'Power BI refresh'",
    "webhooks.Endpoint.name": "the name of another system that is told of events",
    "webhooks.Delivery.event_name": "the name of the kind of event, such as grant.paid",
    "webhooks.Delivery.body": "an event's ids and facts sent to another system, no names or addresses",
    "onboarding.Enquiry.company_name": "the business's name",
    "onboarding.Enquiry.postcode": "the business's postcode",
    "companies.Company.name": "a business, as registered at Companies House",
    "companies.Company.address_line_1": "the registered office of a business, public at Companies House",
    "companies.Company.address_line_2": "the registered office of a business, public at Companies House",
    "companies.Company.postcode": "the registered office of a business, public at Companies House",
    "companies.Company.notes": "staff's notes about the business, not about people",
    "companies.Site.name": "a business's premises",
    "companies.Site.address": "a business's premises",
    "companies.Site.postcode": "a business's premises",
    "companies.SubsidyReceipt.description": "a subsidy the business received",
    "funding.GrantApplication.description": "the business's project",
    "funding.CostItem.description": "what the business buys",
    "funding.Document.file": "stored under a generated name; see the Document entry",
    "jobs.Job.input_file": "a Companies House file of businesses, stored under a generated name",
    "jobs.Job.result_file": "a report or a file of rejected rows about businesses, not people",
    "jobs.Job.error": "the program's account of why a job failed",
    "jobs.Job.result_name": "a file name Adopt chooses, such as rejected-rows.csv",
    "funding.Review.comment": "staff's review of a business's application",
    "support.SupportEntry.notes": "staff's notes of support given to a business",
    "support.LeadershipCohort.name": "a cohort of a leadership programme",
    "geography.Area.name": "a place",
    "programmes.Programme.name": "a programme",
    "programmes.Programme.privacy_notice": "the programme's own notice",
    "programmes.Programme.summary": "what the programme does",
    "impact.ProgrammeAssumptions.source": "the study an assumption comes from",
    "funding.Fund.name": "a fund",
    "funding.Scheme.name": "a grant scheme",
    "funding.Scheme.offer_conditions": "a scheme's conditions of grant",
    "funding.Declaration.text": "the words of a declaration, the same for every applicant",
    "funding.Offer.conditions": "the scheme's conditions of grant, as offered",
    "funding.Offer.reason": "why an offer to a business was varied",
    "funding.Recovery.note": "why money was recovered from a business",
    "otp_static.StaticToken.token": "a recovery code, deleted with the person's recovery codes",
    "otp_totp.TOTPDevice.key": "a secret, deleted with the person's app",
    "roadmaps.RoadmapVersion.reason": "why a roadmap was planned again",
    "assessments.Assessment.evidence": "the business's answers about itself",
    "sessions.Session.session_data": "signed-in sessions, unusable once the account is erased, gone in 8 hours",
    "axes.AccessAttempt.get_data": "not stored by Adopt's settings",
    "axes.AccessAttempt.post_data": "not stored by Adopt's settings",
    "axes.AccessLog.session_hash": "a hash",
}

PERSONAL_LOOKING = re.compile(r"name|email|phone|address|ip_|agent|message|notes|comment|reason|student|username")


def places_with_rows(user: User) -> Iterator[tuple[Place, QuerySet[Any]]]:
    for place in REGISTER:
        if place.whose is not None:
            yield place, place.rows(user)


def personal_data_export(user: User) -> dict[str, Any]:
    """Everything the register finds of the person, place by place, for them to download."""
    found: dict[str, Any] = {}
    for place, rows in places_with_rows(user):
        values = [{field: _plain(value) for field, value in row.items()} for row in rows.values(*place.fields)[:10_000]]
        if values:
            found[place.model] = {"what": place.holds, "rows": values}
    return found


def erase_person(user: User) -> dict[str, int]:
    """Apply each place's erasure to the person's rows; returns how many rows each place touched."""
    email, name = user.email, user.full_name
    touched: dict[str, int] = {}
    for place, rows in places_with_rows(user):
        if place.model == "accounts.User":
            continue  # the account goes last: the other places are found by its address
        touched[place.model] = _erase(place, rows, email, name)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.full_name = "Deleted user"
    user.is_active = False
    user.global_role = User.GlobalRole.NONE
    user.set_unusable_password()
    user.save()
    user.company_memberships.all().delete()
    user.programme_roles.all().delete()
    touched["accounts.User"] = 1
    return touched


def _erase(place: Place, rows: QuerySet[Any], email: str, name: str) -> int:
    count = 0
    if place.erasure is Erasure.DELETE:
        count, _ = rows.delete()
    elif place.erasure is Erasure.ANONYMISE:
        for row in rows:
            for field in place.fields:
                model_field = row._meta.get_field(field)
                text = model_field.get_internal_type() in {"CharField", "TextField", "EmailField"}
                if text and not model_field.choices:
                    setattr(row, field, _placeholder(row, field))
            row.save()
            count += 1
    elif place.erasure is Erasure.SCRUB:
        for row in rows:
            _scrub(row, place.fields, email, name)
            count += 1
    return count


def _placeholder(row: Model, field: str) -> str:
    if row._meta.get_field(field).get_internal_type() == "EmailField" or "email" in field:
        return f"deleted-{row.pk}@deleted.invalid"
    return "Deleted" if "name" in field else ""


def _scrub(row: Model, fields: tuple[str, ...], email: str, name: str) -> None:
    for field in fields:
        value = getattr(row, field)
        if isinstance(value, str):
            for secret in (email, name):
                if secret:
                    value = re.sub(re.escape(secret), "[erased]", value, flags=re.IGNORECASE)
            setattr(row, field, value)
    if hasattr(row, "file") and hasattr(row, "original_name"):
        _rename_file(row)
        row.original_name = f"document{PurePosixPath(row.original_name).suffix.lower()[:10]}"
    row.save()


def _rename_file(document: Any) -> None:
    """Move a stored file to a generated name, so that no file on disk is named after the person."""
    current = document.file.name
    if not current or not document.file.storage.exists(current):
        return
    folder = str(PurePosixPath(current).parent)
    fresh = f"{folder}/{uuid.uuid4().hex}{PurePosixPath(current).suffix.lower()}"
    with document.file.storage.open(current, "rb") as handle:
        saved = document.file.storage.save(fresh, handle)
    document.file.storage.delete(current)
    document.file.name = saved


def apply_retention(today: datetime.date | None = None) -> dict[str, int]:
    """Delete rows of the places with a retention period that are older than it; returns counts by place."""
    now = timezone.now() if today is None else timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    deleted: dict[str, int] = {}
    for place in REGISTER:
        if place.retention_days is None:
            continue
        cutoff = now - datetime.timedelta(days=place.retention_days)
        count, _ = place.model_class._default_manager.filter(**{f"{place.age_field}__lt": cutoff}).delete()
        deleted[place.model] = count
    return deleted


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)
