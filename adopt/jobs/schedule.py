"""Work that starts on its own: what is due when, and the tick every worker runs to start it.

Each run has a slot (a day, or an hour) recorded on its job as `schedule_key`; a database constraint allows one
job per kind and slot, so however many workers tick at once, each run starts exactly once.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone

from adopt.core.models import EventFailure
from adopt.jobs.models import Job
from adopt.jobs.runner import jobs_recover
from adopt.jobs.services import job_start


@dataclass(frozen=True)
class Scheduled:
    kind: str
    title: str
    every: str  # "day" or "hour"
    from_hour: int = 0  # a daily job starts at the first tick from this hour (local time)
    needed: Callable[[], bool] | None = None  # asked before starting, so a slot with nothing to do makes no job


def _failed_events() -> bool:
    return EventFailure.objects.exists()


SCHEDULE: list[Scheduled] = [
    Scheduled(Job.Kind.EVENTS_RETRY, "Failed domain events retried", every="hour", needed=_failed_events),
]


def schedule_add(entry: Scheduled) -> None:
    """Apps above this one add their scheduled work in `AppConfig.ready()`, beside their job handlers."""
    SCHEDULE[:] = [known for known in SCHEDULE if known.kind != entry.kind] + [entry]


def slot_of(entry: Scheduled, now: datetime.datetime) -> str | None:
    local = timezone.localtime(now)
    if entry.every == "hour":
        return local.strftime("%Y-%m-%dT%H")
    return local.date().isoformat() if local.hour >= entry.from_hour else None


def _needed(entry: Scheduled) -> bool:
    return entry.needed is None or entry.needed()


def schedule_tick(now: datetime.datetime | None = None) -> list[Job]:
    """Start each scheduled job whose slot has come and has no job yet, and requeue jobs whose worker died."""
    now = now or timezone.now()
    started = []
    for entry in SCHEDULE:
        slot = slot_of(entry, now)
        if slot is None or Job.objects.filter(kind=entry.kind, schedule_key=slot).exists() or not _needed(entry):
            continue
        try:
            started.append(job_start(entry.kind, title=f"{entry.title}, {slot}", started_by=None, schedule_key=slot))
        except IntegrityError:
            continue  # another worker started it a moment ago
    jobs_recover(now)
    return started
