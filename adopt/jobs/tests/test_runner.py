"""A job runs once, keeps its progress and result, retries what failed with backoff, and survives a dead worker."""

import datetime

import pytest
from django.utils import timezone

from adopt.core.errors import DomainError
from adopt.jobs import runner
from adopt.jobs.models import Job
from adopt.jobs.registry import JobFile, JobOutcome, handler_for, register_job
from adopt.jobs.runner import STALE_AFTER, job_run, jobs_recover

pytestmark = pytest.mark.django_db

KIND = Job.Kind.EVENTS_RETRY  # any kind will do: the tests register their own handler for it
calls: list[int] = []


def counting(job, progress):
    calls.append(job.pk)
    progress(5, 10, "half way")
    return JobOutcome(["5 things done"], {"done": 5}, JobFile("out.csv", b"a,b\n", "text/csv"))


def a_job(**fields):
    return Job.objects.create(kind=KIND, title="A test job", **fields)


@pytest.fixture(autouse=True)
def _handler():
    calls.clear()
    original = handler_for(KIND)
    register_job(KIND, counting)
    yield
    register_job(KIND, original)


def test_a_job_runs_and_keeps_its_summary_and_file():
    job = a_job()
    assert job_run(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.summary["lines"]) == (Job.Status.DONE, 1, ["5 things done"])
    assert (job.done, job.total, job.percent) == (10, 10, 100)
    assert job.result_file.read() == b"a,b\n"


def test_a_job_delivered_twice_runs_once():
    job = a_job()
    job_run(job.pk)
    assert job_run(job.pk) == "skipped"
    assert calls == [job.pk]


def test_a_job_another_live_worker_holds_is_left_alone():
    job = a_job(status=Job.Status.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    assert job_run(job.pk) == "skipped"
    assert calls == []


def test_a_failure_is_retried_later_with_backoff_and_then_given_up_in_words(monkeypatch):
    queued = []
    monkeypatch.setattr(runner, "job_enqueue", lambda job_id, delay_seconds=0: queued.append(delay_seconds))

    def broken(job, progress):
        raise ConnectionError("the database went away")

    register_job(KIND, broken)
    job = a_job()
    assert [job_run(job.pk) for _ in range(3)] == ["retrying", "retrying", "failed"]
    assert queued == [30, 60]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "It failed 3 times; the last time: ConnectionError: the database went away"


def test_a_refusal_ends_the_job_at_once_with_its_message():
    def refused(job, progress):
        raise DomainError("The file is not comma-separated.")

    register_job(KIND, refused)
    job = a_job()
    assert job_run(job.pk) == "refused"
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (Job.Status.FAILED, "The file is not comma-separated.", 1)


def test_a_job_whose_worker_died_is_queued_again_and_finished_by_another(monkeypatch):
    long_ago = timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    job = a_job(status=Job.Status.RUNNING, heartbeat_at=long_ago, attempts=1)
    fresh = a_job(status=Job.Status.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    queued = []
    monkeypatch.setattr(runner, "job_enqueue", lambda job_id, delay_seconds=0: queued.append(job_id))
    assert jobs_recover() == 1
    assert queued == [job.pk]
    assert job_run(job.pk) == "done"
    assert Job.objects.get(pk=job.pk).attempts == 2
    assert Job.objects.get(pk=fresh.pk).status == Job.Status.RUNNING


def test_a_job_whose_worker_died_every_time_is_failed_in_words_not_run_again():
    long_ago = timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    job = a_job(status=Job.Status.RUNNING, heartbeat_at=long_ago, attempts=runner.MAX_ATTEMPTS)
    assert job_run(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Its worker stopped without finishing 3 times; it is not tried again."
    assert calls == []


def test_a_retry_on_a_backend_that_cannot_wait_runs_again_at_once():
    attempts = []

    def flaky(job, progress):
        attempts.append(job.pk)
        if len(attempts) == 1:
            raise ConnectionError("a moment's outage")
        return JobOutcome(["done the second time"])

    register_job(KIND, flaky)
    job = a_job()
    runner.job_enqueue(job.pk)  # the tests' immediate backend runs it here, and the retry with it
    job.refresh_from_db()
    assert (job.status, job.attempts, job.summary["lines"]) == (Job.Status.DONE, 2, ["done the second time"])
