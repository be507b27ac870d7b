"""Running a job on a worker: claim it, run its handler with progress, keep what it made, retry what failed.

A job is run through the task queue (`run_job`), and is idempotent: a job already finished, or running on another
worker that is still alive (its heartbeat is recent), is left alone, so a task delivered twice does the work once.
A worker that dies mid-job stops its heartbeat; `jobs_recover` queues the job again and another worker claims it.
A failure the person can act on (`DomainError`) ends the job with its message; any other is retried with backoff.
"""

import datetime
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from adopt.core.errors import DomainError
from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, handler_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 30  # then 60, 120...
# A running job whose heartbeat is older than this has lost its worker.
STALE_AFTER = datetime.timedelta(seconds=settings.JOBS_STALE_SECONDS)
HEARTBEAT_SECONDS = 1.0  # progress is written at most this often
BEAT_EVERY_SECONDS = 10  # and the heartbeat kept at least this often, well inside STALE_AFTER


@task()
def run_job(job_id: int) -> str:
    return job_run(job_id)


def job_enqueue(job_id: int, *, delay_seconds: int = 0) -> None:
    """Queue the job; later when asked, where the backend can hold a task back (the immediate one runs it now)."""
    if delay_seconds and run_job.get_backend().supports_defer:
        run_job.using(run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)).enqueue(job_id)
    else:
        run_job.enqueue(job_id)


class JobProgress:
    """Writes how far the job has got, at most once a second, and so keeps its heartbeat."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None, text: str = "") -> None:
        now = time.monotonic()
        if now - self.last < HEARTBEAT_SECONDS and (total is None or done < total):
            return
        self.last = now
        changes: dict[str, object] = {"done": done, "heartbeat_at": timezone.now(), "progress_text": text[:200]}
        if total is not None:
            changes["total"] = total
        Job.objects.filter(pk=self.job_id).update(**changes)


@contextmanager
def _beating(job_id: int) -> Iterator[None]:
    """Keep the job's heartbeat while its handler runs, even through a long step that reports no progress (a PDF
    being drawn), so that no other worker takes a job that is alive."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(BEAT_EVERY_SECONDS):
                Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_claim(job_id: int) -> Job | None:
    """Take the job for this worker, or None when it is finished or another live worker has it."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if job.status == Job.Status.RUNNING and job.heartbeat_at and job.heartbeat_at > now - STALE_AFTER:
            return None
        if job.status == Job.Status.RUNNING and job.attempts >= MAX_ATTEMPTS:
            # Its worker died each time it ran it (a file too large for memory, say): stop handing it to the next.
            job.status, job.finished_at = Job.Status.FAILED, now
            job.error = f"Its worker stopped without finishing {job.attempts} times; it is not tried again."
            job.save(update_fields=["status", "finished_at", "error"])
            return None
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
    return job


def job_run(job_id: int) -> str:
    """Run the job if it is this worker's to run; returns what became of it."""
    job = job_claim(job_id)
    if job is None:
        return "skipped"
    try:
        with _beating(job.pk):
            outcome = handler_for(job.kind)(job, JobProgress(job.pk))
    except DomainError as refusal:
        _finish(job, Job.Status.FAILED, error=str(refusal))
        return "refused"
    except Exception as error:
        log.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        reason = f"{type(error).__name__}: {error}"
        if job.attempts < MAX_ATTEMPTS:
            delay = BACKOFF_SECONDS * 2 ** (job.attempts - 1)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED,
                heartbeat_at=None,
                error=f"Attempt {job.attempts} of {MAX_ATTEMPTS} failed ({reason}); trying again in {delay} s.",
            )
            job_enqueue(job.pk, delay_seconds=delay)
            return "retrying"
        _finish(job, Job.Status.FAILED, error=f"It failed {MAX_ATTEMPTS} times; the last time: {reason}")
        return "failed"
    _finish(job, Job.Status.DONE, outcome=outcome)
    return "done"


def _finish(job: Job, status: str, *, error: str = "", outcome: JobOutcome | None = None) -> None:
    job.refresh_from_db()
    job.status = status
    job.finished_at = timezone.now()
    job.heartbeat_at = job.finished_at
    job.error = error
    if outcome is not None:
        job.summary = {"lines": outcome.lines, "counts": outcome.counts, "details": outcome.details}
        if job.total:
            job.done = job.total
        if outcome.file is not None:
            job.result_name = outcome.file.name
            job.result_type = outcome.file.content_type
            job.result_file.save(outcome.file.name, ContentFile(outcome.file.content), save=False)
    job.save()


def jobs_recover(now: datetime.datetime | None = None) -> int:
    """Queue again every job whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    stale = list(
        Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER).values_list("pk", flat=True)
    )
    for job_id in stale:
        job_enqueue(job_id)
    return len(stale)
