import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from adopt.accounts.tests.factories import UserFactory
from adopt.support import bookings
from adopt.support.models import Booking


def calendar_sent_to(email: str) -> Calendar:
    found = [message for message in mail.outbox if email in message.to and message.attachments]
    name, content, mimetype = found[-1].attachments[-1]
    assert name == "invite.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def book(world, **changes) -> Booking:
    values = {
        "company": world.company,
        "adviser": world.adviser,
        "kind": "diagnostic",
        "starts_at": (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0),
        "minutes": 120,
        "place": "Unit 4, Mill Lane, Burnley",
        "actor": world.adviser,
    }
    return bookings.booking_create(**(values | changes))


def test_booking_a_visit_sends_the_company_and_the_adviser_a_calendar_invitation(client, world, adviser, sme_user):
    client.force_login(adviser)
    client.post(
        reverse("support:booking-new", args=[world.company.pk]),
        {
            "kind": "diagnostic",
            "adviser": adviser.pk,
            "day": "2027-01-14",
            "time": "09:30",
            "minutes": "90",
            "place": "Unit 4, Mill Lane",
        },
    )
    booking = Booking.objects.get(company=world.company)
    for person in (adviser, sme_user):
        event = calendar_sent_to(person.email).walk("VEVENT")[0]
        assert str(event["LOCATION"]) == "Unit 4, Mill Lane"
        assert event.decoded("DTSTART") == booking.starts_at
        assert int(event["SEQUENCE"]) == 0
    assert timezone.localtime(booking.starts_at).strftime("%H:%M") == "09:30"


def test_a_changed_visit_replaces_the_invitation_with_the_next_sequence(world, sme_user):
    booking = book(world)
    later = booking.starts_at + datetime.timedelta(days=1)
    bookings.booking_change(booking, actor=world.adviser, starts_at=later)
    calendar = calendar_sent_to(sme_user.email)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == bookings.booking_uid(booking)
    assert event.decoded("DTSTART") == later


def test_a_cancelled_visit_sends_a_cancellation_and_leaves_the_home_page(client, world, sme_user):
    booking = book(world)
    client.force_login(sme_user)
    assert "Unit 4, Mill Lane" in client.get(reverse("dashboards:home")).content.decode()
    bookings.booking_cancel(booking, actor=world.adviser)
    calendar = calendar_sent_to(sme_user.email)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert "Unit 4, Mill Lane" not in client.get(reverse("dashboards:home")).content.decode()


def test_the_adviser_s_home_page_lists_their_visits(client, world, adviser):
    book(world)
    client.force_login(adviser)
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "This week" in page
    assert f"diagnostic visit with {world.company.name}" in page


def test_a_visit_in_the_past_is_refused(world):
    with pytest.raises(bookings.BookingRefused, match="from now on"):
        book(world, starts_at=timezone.now() - datetime.timedelta(hours=1))


def test_a_visit_with_someone_who_is_not_the_programme_s_adviser_is_refused(world):
    with pytest.raises(bookings.BookingRefused, match="not an adviser"):
        book(world, adviser=UserFactory())


def test_a_member_of_the_company_sees_the_visit_but_cannot_change_it(client, world, sme_user):
    booking = book(world)
    client.force_login(sme_user)
    page = client.get(reverse("support:booking", args=[booking.pk])).content.decode()
    assert "Unit 4, Mill Lane" in page
    assert "Change the visit" not in page
    assert client.post(reverse("support:booking", args=[booking.pk]), {"action": "cancel"}).status_code == 403
    booking.refresh_from_db()
    assert booking.cancelled_at is None


def test_the_notes_of_a_visit_under_way_can_still_be_changed(world):
    booking = book(world)
    later = booking.starts_at + datetime.timedelta(minutes=30)
    bookings.booking_change(booking, actor=world.adviser, now=later, notes="Bring the energy bills.")
    booking.refresh_from_db()
    assert booking.notes == "Bring the energy bills."
