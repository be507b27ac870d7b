"""Notifications' scheduled jobs: follow-up reminders each morning, the daily digests, and messages retried."""

from django.utils import timezone

from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, Progress
from adopt.jobs.schedule import Scheduled
from adopt.notifications.models import Message
from adopt.notifications.reminders import follow_up_reminders_send
from adopt.notifications.services import digests_send, messages_due_send


def follow_up_reminders_job(job: Job, progress: Progress) -> JobOutcome:
    return JobOutcome([follow_up_reminders_send(timezone.localdate())])


def message_digests_job(job: Job, progress: Progress) -> JobOutcome:
    digests, gathered = digests_send()
    return JobOutcome(
        [f"{digests:,} digests gathering {gathered:,} messages."], {"digests": digests, "messages": gathered}
    )


def messages_retry_job(job: Job, progress: Progress) -> JobOutcome:
    sent, failing = messages_due_send()
    return JobOutcome([f"{sent:,} messages sent, {failing:,} still failing."], {"sent": sent, "failing": failing})


def _held_messages() -> bool:
    return Message.objects.filter(status=Message.Status.HELD).exists()


def _messages_waiting() -> bool:
    return Message.objects.filter(status=Message.Status.QUEUED).exists()


SCHEDULED = (
    Scheduled(Job.Kind.FOLLOW_UP_REMINDERS, "Follow-up reminders", every="day", from_hour=7),
    Scheduled(Job.Kind.MESSAGE_DIGESTS, "Daily digests", every="day", from_hour=7, needed=_held_messages),
    Scheduled(Job.Kind.MESSAGES_RETRY, "Messages tried again", every="hour", needed=_messages_waiting),
)
