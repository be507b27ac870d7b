"""Domain events: what happened, told by the service that made it happen, heard once its transaction commits.

A service publishes an event inside its own transaction. Subscribers hear it only after the commit, so a write
that rolls back tells nobody, and a slow or failing subscriber never holds a lock or undoes a write. Apps
subscribe at start-up, from above the publisher in the layers, so events flow one way: up.

A subscriber that fails does not lose the event: it is kept in `EventFailure`, with the subscriber that failed
and why, and `adopt events_retry` hands it to that subscriber again. Subscribers must therefore be idempotent
(work the answer out again from the facts, rather than add to it).

Each event names who did it (`actor_id`, None for the system), when (`at`) and the objects by id, so that a
retried or remote subscriber reads the objects as they are, not a stale copy.
"""

import dataclasses
import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, ClassVar, TypeVar, get_type_hints

from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened in the domain. Subclasses add the ids of what it happened to."""

    actor_id: int | None
    at: datetime.datetime = dataclasses.field(default_factory=timezone.now)

    registry: ClassVar[dict[str, type["Event"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Event.registry[cls.type_name()] = cls

    @classmethod
    def type_name(cls) -> str:
        """A stable name for storing the event: the publishing app's label and the class, e.g. 'funding.GrantPaid'."""
        app = cls.__module__.split(".")[1] if cls.__module__.startswith("adopt.") else cls.__module__
        return f"{app}.{cls.__name__}"

    def payload(self) -> dict[str, Any]:
        """The event as JSON-ready values: dates as ISO text, money as a string of pounds and pence."""
        return {field.name: _plain(getattr(self, field.name)) for field in dataclasses.fields(self)}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "Event":
        hints = get_type_hints(cls)
        return cls(**{name: _typed(value, hints[name]) for name, value in payload.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | Decimal):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _typed(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    if datetime.datetime in _members(hint):
        return datetime.datetime.fromisoformat(value)
    if datetime.date in _members(hint):
        return datetime.date.fromisoformat(value)
    if Decimal in _members(hint):
        return Decimal(value)
    return value


def _members(hint: Any) -> tuple[Any, ...]:
    return getattr(hint, "__args__", (hint,))


E = TypeVar("E", bound=Event)
Subscriber = Callable[[Any], None]

_subscribers: dict[type[Event], list[Subscriber]] = defaultdict(list)
_held: ContextVar[list[Event] | None] = ContextVar("events_held", default=None)


def subscriber_name(subscriber: Subscriber) -> str:
    return f"{subscriber.__module__}.{subscriber.__qualname__}"


def subscribe(event_type: type[E], subscriber: Callable[[E], None]) -> None:
    """Have `subscriber` hear every committed event of this type; subscribing twice hears once."""
    if subscriber_name(subscriber) not in {subscriber_name(s) for s in _subscribers[event_type]}:
        _subscribers[event_type].append(subscriber)


def unsubscribe(event_type: type[Event], subscriber: Subscriber) -> None:
    _subscribers[event_type] = [
        s for s in _subscribers[event_type] if subscriber_name(s) != subscriber_name(subscriber)
    ]


def subscribers_of(event_type: type[Event]) -> list[Subscriber]:
    return list(_subscribers[event_type])


def publish(event: Event) -> None:
    """Tell the subscribers once the current transaction commits (at once outside one)."""
    held = _held.get()
    if held is not None:
        held.append(event)
        return
    transaction.on_commit(lambda: deliver(event))


@contextmanager
def events_held() -> Iterator[list[Event]]:
    """Collect the events published inside the block instead of delivering them, for a bulk load that then does
    once, for every row, what the subscribers would have done row by row."""
    held: list[Event] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def deliver(event: Event) -> int:
    """Hand the event to each subscriber; a failure is logged and kept for retrying. Returns the failures."""
    failures = 0
    for subscriber in subscribers_of(type(event)):
        try:
            subscriber(event)
        except Exception as error:
            failures += 1
            log.exception("%s failed on %s", subscriber_name(subscriber), event.type_name())
            _keep_failure(event, subscriber, error)
    return failures


def _keep_failure(event: Event, subscriber: Subscriber, error: Exception) -> None:
    from adopt.core.models import EventFailure

    EventFailure.objects.create(
        event_type=event.type_name(),
        payload=event.payload(),
        subscriber=subscriber_name(subscriber),
        error=f"{type(error).__name__}: {error}",
    )


def retry_failures(limit: int | None = None) -> tuple[int, int]:
    """Hand each kept failure to its subscriber again; returns (repaired, still failing)."""
    from adopt.core.models import EventFailure

    repaired = still = 0
    for failure in EventFailure.objects.order_by("pk")[:limit]:
        event_type = Event.registry.get(failure.event_type)
        named = (
            [s for s in subscribers_of(event_type) if subscriber_name(s) == failure.subscriber] if event_type else []
        )
        subscriber = named[0] if named else None
        if event_type is None or subscriber is None:
            failure.record_attempt(f"No subscriber {failure.subscriber} hears {failure.event_type} any more.")
            still += 1
            continue
        try:
            with transaction.atomic():
                subscriber(event_type.from_payload(failure.payload))
        except Exception as error:
            failure.record_attempt(f"{type(error).__name__}: {error}")
            still += 1
        else:
            failure.delete()
            repaired += 1
    return repaired, still
