from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "adopt.companies"
    label = "companies"

    def ready(self) -> None:
        from adopt.companies.import_jobs import companies_import_job
        from adopt.companies.panels import programme_queue_panel
        from adopt.core.panels import programme_page_panels
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job

        register_job(Job.Kind.COMPANIES_IMPORT, companies_import_job)
        programme_page_panels.register("queue", 3, programme_queue_panel)
