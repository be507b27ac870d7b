from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "adopt.jobs"
    label = "jobs"

    def ready(self) -> None:
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job
        from adopt.jobs.retry_jobs import events_retry_job

        register_job(Job.Kind.EVENTS_RETRY, events_retry_job)
