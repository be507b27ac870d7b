"""A job queued on the database backend is taken and finished by `adopt worker`, and the schedule starts each
scheduled run once however often it ticks."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from adopt.jobs.models import Job
from adopt.jobs.schedule import schedule_tick
from adopt.jobs.services import job_start

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_worker_takes_a_queued_job_from_the_database_and_finishes_it():
    with override_settings(TASKS=DATABASE_TASKS):
        job = job_start(Job.Kind.MILESTONES_REFRESH, title="Milestones", started_by=None)
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # queued, not run by the request
        call_command("worker", "--batch", stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.summary["lines"] == ["0 companies' milestones worked out again."]


@pytest.mark.django_db
def test_the_daily_reminders_start_once_per_day_from_seven_however_often_the_schedule_ticks():
    early = timezone.make_aware(datetime.datetime(2026, 12, 1, 6, 59))
    later = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
    assert schedule_tick(early) == []
    started = schedule_tick(later) + schedule_tick(later) + schedule_tick(later + datetime.timedelta(hours=3))
    assert [job.schedule_key for job in started] == ["2026-12-01"]
    reminders = Job.objects.get(kind=Job.Kind.FOLLOW_UP_REMINDERS)
    assert (reminders.status, reminders.started_by) == (Job.Status.DONE, None)
    assert "follow-ups due or overdue" in reminders.summary["lines"][0]


@pytest.mark.django_db
def test_failed_events_are_retried_by_the_hour_only_when_there_are_some():
    from adopt.core.models import EventFailure

    now = timezone.make_aware(datetime.datetime(2026, 12, 1, 3, 0))
    assert not [job for job in schedule_tick(now) if job.kind == Job.Kind.EVENTS_RETRY]
    EventFailure.objects.create(event_type="gone.Event", payload={}, subscriber="gone", error="x")
    retried = [job for job in schedule_tick(now) if job.kind == Job.Kind.EVENTS_RETRY]
    assert [job.schedule_key for job in retried] == ["2026-12-01T03"]
