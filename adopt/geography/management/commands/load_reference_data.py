from typing import Any

from django.core.management.base import BaseCommand

from adopt.geography.reference_data import load_geography


class Command(BaseCommand):
    help = "Load or refresh the reference data shipped with Adopt (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Loading geography...")
        summary = load_geography()
        self.stdout.write(
            self.style.SUCCESS(
                f"Geography: {summary.nations_and_regions} nations and regions, "
                f"{summary.local_authorities} local authorities, {summary.subregions} sub-regions, "
                f"{summary.postcode_sectors} postcode sectors."
            )
        )
