import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from adopt.core.events import Event, deliver, events_held, publish, subscribe, subscribers_of, unsubscribe
from adopt.core.models import EventFailure


@dataclasses.dataclass(frozen=True, kw_only=True)
class ParcelWeighed(Event):
    parcel_id: int
    kilograms: Decimal
    due_on: datetime.date | None = None


heard: list[ParcelWeighed] = []


def note_it(event: ParcelWeighed) -> None:
    heard.append(event)


def break_down(event: ParcelWeighed) -> None:
    raise ValueError("the scales are broken")


@pytest.fixture(autouse=True)
def _fresh_subscribers():
    heard.clear()
    yield
    for subscriber in subscribers_of(ParcelWeighed):
        unsubscribe(ParcelWeighed, subscriber)


def test_an_event_stored_and_read_back_is_the_same_event():
    event = ParcelWeighed(actor_id=7, parcel_id=3, kilograms=Decimal("2.45"), due_on=datetime.date(2026, 12, 24))
    assert ParcelWeighed.from_payload(event.payload()) == event
    assert event.payload()["kilograms"] == "2.45"
    assert Event.registry["core.ParcelWeighed"] is ParcelWeighed


def test_subscribing_twice_hears_once():
    subscribe(ParcelWeighed, note_it)
    subscribe(ParcelWeighed, note_it)
    deliver(ParcelWeighed(actor_id=None, parcel_id=1, kilograms=Decimal(1)))
    assert len(heard) == 1


@pytest.mark.django_db
def test_an_event_is_heard_only_when_its_transaction_commits():
    subscribe(ParcelWeighed, note_it)
    with transaction.atomic():
        publish(ParcelWeighed(actor_id=None, parcel_id=1, kilograms=Decimal(1)))
        assert heard == []
    assert [event.parcel_id for event in heard] == [1]


@pytest.mark.django_db
def test_a_failing_subscriber_is_kept_for_retry_and_does_not_stop_the_others():
    subscribe(ParcelWeighed, break_down)
    subscribe(ParcelWeighed, note_it)
    at = timezone.now()
    assert deliver(ParcelWeighed(actor_id=5, at=at, parcel_id=9, kilograms=Decimal("0.5"))) == 1
    assert [event.parcel_id for event in heard] == [9]
    failure = EventFailure.objects.get()
    assert failure.subscriber.endswith("test_events.break_down")
    assert failure.error == "ValueError: the scales are broken"
    assert ParcelWeighed.from_payload(failure.payload) == ParcelWeighed(
        actor_id=5, at=at, parcel_id=9, kilograms=Decimal("0.5")
    )


@pytest.mark.django_db
def test_events_held_in_a_bulk_load_are_handed_back_not_delivered():
    subscribe(ParcelWeighed, note_it)
    with transaction.atomic(), events_held() as held:
        publish(ParcelWeighed(actor_id=None, parcel_id=2, kilograms=Decimal(3)))
    assert heard == []
    assert [event.parcel_id for event in held] == [2]
