from django.conf import settings
from django.db import models

from adopt.programmes.models import Programme


class Job(models.Model):
    """A long piece of work run by a worker, not a request: who started it, how far it has got, what it made."""

    class Kind(models.TextChoices):
        COMPANIES_IMPORT = "companies_import", "Companies House import"
        FUNDER_REPORT = "funder_report", "Funder report"
        MILESTONES_REFRESH = "milestones_refresh", "Company milestones worked out again"
        EVENTS_RETRY = "events_retry", "Failed domain events retried"
        FOLLOW_UP_REMINDERS = "follow_up_reminders", "Follow-up reminders"
        MESSAGE_DIGESTS = "message_digests", "Daily digests of messages"
        MESSAGES_RETRY = "messages_retry", "Messages that could not be sent, tried again"
        WEBHOOKS_RETRY = "webhooks_retry", "Webhook deliveries that failed, tried again"
        OUTCOMES_IMPORT = "outcomes_import", "Outcome panel import"
        BASELINES_CAPTURE = "baselines_capture", "Baselines taken for new companies"
        ROADMAPS_REPLAN = "roadmaps_replan", "Roadmaps re-planned"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    # A scheduled job names its slot ("2026-12-01"), so several workers never start the same one twice.
    schedule_key = models.CharField(max_length=40, blank=True)
    input_file = models.FileField(upload_to="jobs/input/", blank=True)
    input_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True)
    progress_text = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/results/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"]), models.Index(fields=["started_by", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "schedule_key"], condition=~models.Q(schedule_key=""), name="one_job_per_schedule_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))
