import uuid

from django.conf import settings
from django.db import models

from adopt.programmes.models import Programme


class Endpoint(models.Model):
    """A URL outside Adopt told of chosen events, each delivery signed with the endpoint's secret."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    # Kept readable because each delivery is signed with it; shown only to national administrators.
    secret = models.CharField(max_length=100)
    events = models.JSONField(default=list, help_text="The event names the endpoint is told of.")
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        help_text="Only this programme's events; every programme's when empty.",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One event sent to one endpoint: the exact body, every try, and what the endpoint answered."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event_name = models.CharField(max_length=60)
    # What happened, so that an event heard twice (a retried subscriber) makes one delivery per endpoint.
    happening = models.CharField(max_length=100)
    body = models.TextField(help_text="The JSON sent, byte for byte, so a replay sends the same.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took it to send.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    replay_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replays")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "happening"],
                condition=models.Q(replay_of__isnull=True),
                name="one_delivery_per_happening",
            )
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="delivery_endpoint_recent"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event_name} to {self.endpoint}"
