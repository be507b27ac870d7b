"""Visits booked with a company: a diagnostic or a review, when, where and with which adviser.

Booking, changing and cancelling each raise `VisitBooked`; the company's people and the adviser are sent a calendar
invitation (`calendar_of`) that their calendar files, updates or cancels by its UID and sequence (RFC 5545, with
METHOD REQUEST or CANCEL as RFC 5546 asks), so a changed visit moves in the calendar rather than appearing twice."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.programmes.models import ProgrammeStaff
from adopt.support.events import VisitBooked
from adopt.support.models import Booking

FIELDS = ("kind", "starts_at", "minutes", "place", "notes", "adviser")


class BookingRefused(DomainError):
    """A visit that cannot be booked or changed as asked."""


def bookable_advisers(company: Company) -> list[User]:
    """The programme's advisers, the company's own first."""
    advisers = list(
        User.objects.filter(
            programme_roles__programme_id=company.programme_id,
            programme_roles__role=ProgrammeStaff.Role.ADVISER,
            is_active=True,
            is_service_account=False,
        )
        .distinct()
        .order_by("full_name")
    )
    return sorted(advisers, key=lambda adviser: adviser.pk != company.adviser_id)


def usual_place(company: Company) -> str:
    """Where a visit usually happens: the company's first site, else its registered office."""
    site = company.sites.order_by("pk").first()
    if site is not None:
        return ", ".join(part for part in (site.address, site.postcode) if part)
    parts = (company.address_line_1, company.address_line_2, company.post_town, company.postcode)
    return ", ".join(part for part in parts if part)


def _check(company: Company, *, adviser: User, starts_at: datetime.datetime, now: datetime.datetime) -> None:
    if adviser.pk not in {person.pk for person in bookable_advisers(company)}:
        raise BookingRefused(f"{adviser} is not an adviser in {company.programme}.")
    if starts_at <= now:
        raise BookingRefused("Choose a time from now on: a visit is booked ahead.")


@transaction.atomic
def booking_create(
    *,
    company: Company,
    adviser: User,
    kind: str,
    starts_at: datetime.datetime,
    minutes: int,
    place: str,
    notes: str = "",
    actor: User,
    now: datetime.datetime | None = None,
) -> Booking:
    _check(company, adviser=adviser, starts_at=starts_at, now=now or timezone.now())
    booking = Booking.objects.create(
        company=company,
        adviser=adviser,
        kind=kind,
        starts_at=starts_at,
        minutes=minutes,
        place=place.strip(),
        notes=notes.strip(),
        created_by=actor,
    )
    audit_record(company, action=Action.BOOKED, actor=actor, comment=_summary(booking))
    publish(VisitBooked(actor_id=actor.pk, booking_id=booking.pk, company_id=company.pk, sequence=0, change="booked"))
    return booking


@transaction.atomic
def booking_change(
    booking: Booking, *, actor: User, now: datetime.datetime | None = None, **values: object
) -> list[str]:
    """Move or change a visit; the invitation sent after replaces the one before in each calendar."""
    locked = Booking.objects.select_for_update(of=("self",)).select_related("company__programme").get(pk=booking.pk)
    if locked.cancelled_at is not None:
        raise BookingRefused("This visit was cancelled. Book a new one.")
    changed = [field for field in FIELDS if field in values and getattr(locked, field) != values[field]]
    if not changed:
        return []
    for field in changed:
        setattr(locked, field, values[field])
    if {"starts_at", "adviser"} & set(changed):
        _check(locked.company, adviser=locked.adviser, starts_at=locked.starts_at, now=now or timezone.now())
    locked.sequence += 1
    locked.save()
    audit_record(locked.company, action=Action.BOOKING_CHANGED, actor=actor, comment=_summary(locked))
    publish(
        VisitBooked(
            actor_id=actor.pk,
            booking_id=locked.pk,
            company_id=locked.company_id,
            sequence=locked.sequence,
            change="changed",
        )
    )
    return changed


@transaction.atomic
def booking_cancel(booking: Booking, *, actor: User, now: datetime.datetime | None = None) -> None:
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.cancelled_at is not None:
        return
    locked.cancelled_at = now or timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    audit_record(locked.company, action=Action.BOOKING_CANCELLED, actor=actor, comment=_summary(locked))
    publish(
        VisitBooked(
            actor_id=actor.pk,
            booking_id=locked.pk,
            company_id=locked.company_id,
            sequence=locked.sequence,
            change="cancelled",
        )
    )


def _summary(booking: Booking) -> str:
    when = timezone.localtime(booking.starts_at).strftime("%-d %B %Y at %H:%M")
    return (
        f"{booking.get_kind_display()} with {booking.adviser} on {when}, {booking.minutes} minutes, at {booking.place}"
    )


def booking_uid(booking: Booking) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "adopt"
    return f"booking-{booking.pk}@{host}"


def calendar_of(booking: Booking, attendees: list[User]) -> bytes:
    """The visit as an iCalendar invitation: a request while it stands, a cancellation once cancelled."""
    cancelled = booking.cancelled_at is not None
    calendar = Calendar()
    calendar.add("prodid", "-//Adopt//Visits//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = CalendarEvent()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", booking.updated_at)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{booking.get_kind_display()}: {booking.company.name} with {booking.adviser}")
    event.add("location", booking.place)
    if booking.notes:
        event.add("description", booking.notes)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organiser.params["cn"] = vText(booking.company.programme.name)
    event.add("organizer", organiser)
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.full_name or person.email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
