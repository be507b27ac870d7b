from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "adopt.webhooks"
    label = "webhooks"

    def ready(self) -> None:
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job
        from adopt.jobs.schedule import schedule_add
        from adopt.webhooks.subscribers import subscribe_all
        from adopt.webhooks.webhook_jobs import SCHEDULED, webhooks_retry_job

        subscribe_all()
        register_job(Job.Kind.WEBHOOKS_RETRY, webhooks_retry_job)
        schedule_add(SCHEDULED)
