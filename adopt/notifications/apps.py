from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "adopt.notifications"
    label = "notifications"

    def ready(self) -> None:
        from adopt.core.panels import company_page_panels
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job
        from adopt.jobs.schedule import schedule_add
        from adopt.notifications import message_jobs
        from adopt.notifications.panels import company_messages_panel
        from adopt.notifications.subscribers import subscribe_all

        subscribe_all()
        register_job(Job.Kind.FOLLOW_UP_REMINDERS, message_jobs.follow_up_reminders_job)
        register_job(Job.Kind.MESSAGE_DIGESTS, message_jobs.message_digests_job)
        register_job(Job.Kind.MESSAGES_RETRY, message_jobs.messages_retry_job)
        for entry in message_jobs.SCHEDULED:
            schedule_add(entry)
        company_page_panels.register("messages", 90, company_messages_panel)
