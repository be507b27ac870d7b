from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def fill_missing_milestones(sender: AppConfig, **kwargs: Any) -> None:
    """After the table first appears on a database that already has companies, work out every company's dates."""
    from adopt.companies.models import Company
    from adopt.impact.models import CompanyMilestones
    from adopt.impact.services import refresh_milestones

    if not CompanyMilestones.objects.exists() and Company.objects.exists():
        refresh_milestones()


class ImpactConfig(AppConfig):
    name = "adopt.impact"
    label = "impact"

    def ready(self) -> None:
        from adopt.impact.impact_jobs import funder_report_job, milestones_refresh_job
        from adopt.impact.subscribers import subscribe_all
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job

        subscribe_all()
        register_job(Job.Kind.MILESTONES_REFRESH, milestones_refresh_job)
        register_job(Job.Kind.FUNDER_REPORT, funder_report_job)
        post_migrate.connect(fill_missing_milestones, sender=self, dispatch_uid="impact-fill-milestones")
