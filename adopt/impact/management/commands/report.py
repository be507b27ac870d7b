from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.impact.periods import parse_period
from adopt.impact.reports import funder_pdf, funder_report, funder_workbook
from adopt.programmes.models import Programme


class Command(BaseCommand):
    help = "Write the funder report for a programme and period as a PDF and/or an Excel workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="The programme's slug, or 'all' for every programme.")
        parser.add_argument(
            "--period",
            default="all",
            help="A financial year (2026-27), dates (2026-04-01..2026-09-30) or 'all'.",
        )
        parser.add_argument("--pdf", type=Path)
        parser.add_argument("--xlsx", type=Path)
        parser.add_argument(
            "--aggregates-only",
            action="store_true",
            help="Leave out the rows per company, for a file that goes to an evaluator or a funder.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["pdf"] and not options["xlsx"]:
            raise CommandError("Say what to write: --pdf OUT.pdf and/or --xlsx OUT.xlsx.")
        try:
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["programme"] == "all":
            programmes = list(Programme.objects.select_related("region").order_by("name"))
        else:
            programmes = list(Programme.objects.filter(slug=options["programme"]).select_related("region"))
            if not programmes:
                raise CommandError(f"No programme is called {options['programme']!r}.")
        report = funder_report(programmes, period)
        if options["pdf"]:
            options["pdf"].write_bytes(funder_pdf(report))
            self.stdout.write(f"Wrote {options['pdf']}.")
        if options["xlsx"]:
            options["xlsx"].write_bytes(funder_workbook(report, company_rows=not options["aggregates_only"]))
            self.stdout.write(f"Wrote {options['xlsx']}.")
        missing = [kpi.title for kpi in report.kpis if kpi.figure.missing]
        if missing:
            self.stdout.write(f"Missing (shown as missing, not zero): {', '.join(missing)}.")
