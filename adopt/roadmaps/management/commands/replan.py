import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.programmes.models import Programme
from adopt.roadmaps.catalogue import CatalogueError, catalogue, planning_rules
from adopt.roadmaps.services import programme_roadmaps_replan


class Command(BaseCommand):
    help = "Re-plan every roadmap in a programme with the current catalogue, storing a version where the plan changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="The programme's slug, for example north-west.")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that plan in parallel (default: all cores).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = Programme.objects.get(slug=options["programme"])
        except Programme.DoesNotExist:
            raise CommandError(f"No programme is called {options['programme']!r}.") from None
        try:
            chosen, planning = catalogue(), planning_rules()
        except CatalogueError as error:
            raise CommandError(f"The catalogue cannot be loaded, so nothing was re-planned: {error}") from None
        self.stderr.write(f"Re-planning {programme.name} with {chosen.label} and {planning.label}…")

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done:,} of {total:,} roadmaps planned")

        summary = programme_roadmaps_replan(programme.pk, workers=max(options["workers"], 1), on_progress=progress)
        for line in summary.lines():
            self.stdout.write(line)
