"""Impact's background jobs: the daily follow-up reminders and working every company's milestones out again."""

from django.utils import timezone

from adopt.impact.services import follow_up_reminders_send, refresh_milestones
from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, Progress


def follow_up_reminders_job(job: Job, progress: Progress) -> JobOutcome:
    return JobOutcome([follow_up_reminders_send(timezone.localdate())])


def milestones_refresh_job(job: Job, progress: Progress) -> JobOutcome:
    refreshed = refresh_milestones(on_progress=lambda done, total: progress(done, total, f"{done:,} companies"))
    return JobOutcome([f"{refreshed:,} companies' milestones worked out again."], {"companies": refreshed})
