"""A company's casework as a timeline: calls, visits, emails, meetings and notes recorded by staff, with the support
given and the visits booked, newest first. Each shows who and when; company members read only what staff shared
with the company. A contact (anything but a note) moves the company's last contact forward."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.services import company_contacted
from adopt.core.errors import DomainError
from adopt.core.visibility import Visibility
from adopt.support.models import Activity, Booking, SupportEntry

# A few minutes' grace: a call logged as it ends is not "in the future" because clocks differ.
GRACE = datetime.timedelta(minutes=5)


class ActivityRefused(DomainError):
    """An activity that cannot be recorded as given."""


def contact_time(day: datetime.date) -> datetime.datetime:
    """A day's support counted as contact at midday, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def activity_record(
    company: Company,
    *,
    kind: str,
    happened_at: datetime.datetime,
    minutes: int,
    summary: str,
    visibility: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Activity:
    if happened_at > (now or timezone.now()) + GRACE:
        raise ActivityRefused("An activity is recorded once it has happened: book a visit for one ahead.")
    if not summary.strip():
        raise ActivityRefused("Say what was discussed or done.")
    activity = Activity.objects.create(
        company=company,
        kind=kind,
        happened_at=happened_at,
        minutes=minutes,
        summary=summary.strip(),
        visibility=visibility,
        by=by,
    )
    if kind != Activity.Kind.NOTE:
        company_contacted(company.pk, happened_at)
    return activity


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime
    kind: str
    who: str
    minutes: int
    text: str
    shared: bool
    link: str = ""


def timeline_of(company: Company, visibilities: tuple[str, ...], *, limit: int = 200) -> list[TimelineItem]:
    """The company's casework newest first, as far as `visibilities` lets the reader see."""
    items: list[TimelineItem] = []
    for activity in Activity.objects.filter(company=company, visibility__in=visibilities).select_related("by")[:limit]:
        items.append(
            TimelineItem(
                activity.happened_at,
                activity.get_kind_display(),
                str(activity.by),
                activity.minutes,
                activity.summary,
                activity.visibility == Visibility.COMPANY,
            )
        )
    entries = SupportEntry.objects.filter(company=company, visibility__in=visibilities).select_related("adviser")
    for entry in entries.order_by("-delivered_on", "-pk")[:limit]:
        items.append(
            TimelineItem(
                contact_time(entry.delivered_on),
                f"Support: {entry.get_kind_display()}",
                str(entry.adviser),
                int(entry.hours * 60),
                entry.notes,
                entry.visibility == Visibility.COMPANY,
            )
        )
    for booking in Booking.objects.filter(company=company).select_related("adviser").order_by("-starts_at")[:limit]:
        state = " (cancelled)" if booking.cancelled_at else ""
        items.append(
            TimelineItem(
                booking.starts_at,
                f"{booking.get_kind_display()} booked{state}",
                str(booking.adviser),
                booking.minutes,
                booking.place,
                True,
                link=reverse("support:booking", args=[booking.pk]),
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def last_contacts_refresh(company_ids: list[int] | None = None) -> int:
    """Work the last contact out again from support and contacts, for companies (all, by default) whose records
    were written in bulk."""
    entries = SupportEntry.objects.all()
    contacts = Activity.objects.exclude(kind=Activity.Kind.NOTE)
    if company_ids is not None:
        entries, contacts = entries.filter(company_id__in=company_ids), contacts.filter(company_id__in=company_ids)
    latest: dict[int, datetime.datetime] = {}
    for company_id, day in (
        entries.values("company_id").annotate(day=Max("delivered_on")).values_list("company_id", "day")
    ):
        latest[company_id] = contact_time(day)
    for company_id, at in contacts.values("company_id").annotate(at=Max("happened_at")).values_list("company_id", "at"):
        latest[company_id] = max(at, latest.get(company_id, at))
    changed = [Company(pk=company_id, last_contact_at=at) for company_id, at in latest.items()]
    Company.objects.bulk_update(changed, ["last_contact_at"], batch_size=2000)
    return len(changed)
