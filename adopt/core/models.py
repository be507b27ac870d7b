from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for every table whose rows people create and change."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which record, when, from which state to which, and why. Never edited."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=60)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}→{self.to_state} at {self.at:%Y-%m-%d %H:%M}"

    def action_label(self) -> str:
        """What was done, as a reader sees it; an action older than the list of actions shows as stored."""
        from adopt.core.audit import Action

        return str(Action(self.action).label) if self.action in Action.values else self.action


class EventFailure(models.Model):
    """A domain event one subscriber failed to handle, kept so that `adopt events_retry` can hand it over again."""

    event_type = models.CharField(max_length=100)
    payload = models.JSONField()
    subscriber = models.CharField(max_length=200)
    error = models.TextField()
    attempts = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.subscriber} on {self.event_type}: {self.error}"

    def record_attempt(self, error: str) -> None:
        self.attempts += 1
        self.error = error
        self.save(update_fields=["attempts", "error", "last_failed_at"])
