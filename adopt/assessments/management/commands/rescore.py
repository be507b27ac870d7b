from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.assessments.frameworks import FrameworkError, framework
from adopt.assessments.services import assessments_rescore


class Command(BaseCommand):
    help = "Re-score every submitted assessment with the framework version it was taken with (after a framework fix)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="Only this framework's assessments, by key (for example eu-dma).")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["framework"]
        if key:
            try:
                framework(key)
            except FrameworkError as error:
                raise CommandError(str(error)) from None

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done:,} of {total:,} assessments re-scored")

        summary = assessments_rescore(framework_key=key, on_progress=progress)
        self.stdout.write(summary.line())
