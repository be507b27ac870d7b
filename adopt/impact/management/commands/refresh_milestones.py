from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.companies.models import Company
from adopt.impact.models import CompanyMilestones
from adopt.impact.services import refresh_milestones
from adopt.programmes.models import Programme


class Command(BaseCommand):
    help = "Work out again when each company was first engaged, assessed, supported, given a roadmap and investing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="Only this programme's companies (its slug); all when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        companies = Company.objects.all()
        if options["programme"]:
            if not Programme.objects.filter(slug=options["programme"]).exists():
                raise CommandError(f"No programme is called {options['programme']!r}.")
            companies = companies.filter(programme__slug=options["programme"])
        ids = list(companies.values_list("pk", flat=True))

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done:,} of {total:,} companies")

        refreshed = refresh_milestones(ids, on_progress=progress)
        reached = CompanyMilestones.objects.filter(company_id__in=ids)
        self.stdout.write(
            f"{refreshed:,} companies refreshed: {reached.filter(engaged_on__isnull=False).count():,} engaged, "
            f"{reached.filter(supported_on__isnull=False).count():,} supported, "
            f"{reached.filter(investing_on__isnull=False).count():,} investing."
        )
