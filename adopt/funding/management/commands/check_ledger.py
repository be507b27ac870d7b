from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.funding.models import Fund
from adopt.funding.reconciliation import reconcile


class Command(BaseCommand):
    help = "Check that every fund year's and grant's committed and paid figures equal the sums of the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="Only this programme's funds (its slug); all when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        fund_ids = None
        if options["programme"]:
            funds = Fund.objects.filter(programme__slug=options["programme"])
            if not funds.exists():
                raise CommandError(f"No fund belongs to a programme called {options['programme']!r}.")
            fund_ids = list(funds.values_list("pk", flat=True))
        result = reconcile(fund_ids)
        for difference in result.differences:
            self.stderr.write(str(difference))
        if not result.balanced:
            raise CommandError(f"The ledger does not reconcile: {len(result.differences)} differences.")
        self.stdout.write(
            f"The ledger reconciles: {result.fund_years:,} fund years and {result.grants:,} grants, no difference."
        )
