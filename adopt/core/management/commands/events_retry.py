from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from adopt.core.events import retry_failures
from adopt.core.models import EventFailure


class Command(BaseCommand):
    help = "Hand each domain event a subscriber failed on to that subscriber again, and say what is still failing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, help="Retry at most this many, oldest first.")

    def handle(self, *args: Any, **options: Any) -> None:
        repaired, still = retry_failures(options["limit"])
        self.stdout.write(f"{repaired:,} repaired, {still:,} still failing.")
        for failure in EventFailure.objects.order_by("pk")[:20]:
            self.stdout.write(
                f"  {failure.event_type} → {failure.subscriber} ({failure.attempts} attempts): {failure.error}"
            )
