from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "adopt.companies"
    label = "companies"

    def ready(self) -> None:
        from adopt.companies.import_jobs import companies_import_job
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job

        register_job(Job.Kind.COMPANIES_IMPORT, companies_import_job)
