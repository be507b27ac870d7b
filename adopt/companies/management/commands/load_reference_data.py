from typing import Any

from django.core.management.base import BaseCommand

from adopt.companies.reference_data import load_sic_codes
from adopt.geography.exact_postcodes import load_exact_postcodes
from adopt.geography.reference_data import load_geography


class Command(BaseCommand):
    help = "Load or refresh the reference data shipped with Adopt: geography, postcodes and SIC 2007 (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Loading geography and postcode sectors...")
        geography = load_geography()
        self.stdout.write(
            f"Geography: {geography.nations_and_regions} nations and regions, {geography.local_authorities} local "
            f"authorities, {geography.subregions} sub-regions, {geography.postcode_sectors} postcode sectors."
        )
        self.stdout.write("Loading the exact postcodes of sectors split between local authorities...")
        exact = load_exact_postcodes()
        self.stdout.write(f"Exact postcodes: {exact.postcodes:,}, from the {exact.source}.")
        self.stdout.write("Loading SIC 2007...")
        self.stdout.write(f"SIC 2007: {load_sic_codes()} codes at every level.")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
