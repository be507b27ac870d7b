"""The job that hands failed domain events to their subscribers again (see `adopt.core.events`)."""

from adopt.core.events import retry_failures
from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, Progress


def events_retry_job(job: Job, progress: Progress) -> JobOutcome:
    repaired, still = retry_failures()
    return JobOutcome([f"{repaired:,} repaired, {still:,} still failing."], {"repaired": repaired, "failing": still})
