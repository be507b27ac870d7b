"""The hourly job that sends webhook deliveries whose retry is due, or whose task was lost."""

from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, Progress
from adopt.jobs.schedule import Scheduled
from adopt.webhooks.models import Delivery
from adopt.webhooks.services import deliveries_due_send


def webhooks_retry_job(job: Job, progress: Progress) -> JobOutcome:
    delivered, failing = deliveries_due_send()
    return JobOutcome(
        [f"{delivered:,} deliveries made, {failing:,} still failing."], {"delivered": delivered, "failing": failing}
    )


def _pending() -> bool:
    return Delivery.objects.filter(status=Delivery.Status.PENDING).exists()


SCHEDULED = Scheduled(Job.Kind.WEBHOOKS_RETRY, "Webhook deliveries tried again", every="hour", needed=_pending)
