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
        from adopt.impact.subscribers import subscribe_all

        subscribe_all()
        post_migrate.connect(fill_missing_milestones, sender=self, dispatch_uid="impact-fill-milestones")
