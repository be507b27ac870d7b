from django.conf import settings
from django.db import models

from adopt.companies.models import Company
from adopt.programmes.models import Programme


class Message(models.Model):
    """One message to one person, kept from the moment something worth telling happened until it was delivered.

    The words are rendered when the message is queued, so what staff see here is what the person received; only
    the footer with the person's own unsubscribe link is added as it leaves, so that no copy of that link is kept.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        HELD = "held", "Held for the daily digest"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        IN_DIGEST = "in_digest", "Sent in a daily digest"
        FAILED = "failed", "Could not be sent"
        SUPPRESSED = "suppressed", "Not sent: the person unsubscribed"

    kind = models.CharField(max_length=40)
    topic = models.CharField(max_length=20)
    essential = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    to_email = models.EmailField()
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    programme = models.ForeignKey(Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    event_type = models.CharField(max_length=60, blank=True)
    # One message per happening and person: a retried subscriber finds it already queued.
    dedupe_key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    calendar = models.TextField(
        blank=True, help_text="An iCalendar invitation sent with the message (a visit booked, changed or cancelled)."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    channel = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took it to send.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["company", "-created_at"], name="message_company_recent"),
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["provider_id"], name="message_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_email}"


class Preference(models.Model):
    """How a person wants to hear: at once or once a day (staff), and which kinds of news they do not want."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_preference")
    daily_digest = models.BooleanField(
        default=False, help_text="Gather messages that are not urgent into one email each morning."
    )
    muted_topics = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Message preferences of {self.user}"
