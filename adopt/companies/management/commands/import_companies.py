import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.companies.companies_house import FileFormatError, Rejection, decode_lines
from adopt.companies.importer import import_companies
from adopt.core.progress import ProgressReporter
from adopt.core.spreadsheets import SafeCsvWriter
from adopt.programmes.models import Programme


class Command(BaseCommand):
    help = "Import companies from a Companies House BasicCompanyData CSV file (idempotent: upserts by number)."
    # The checks load every page's code and template tags, which the import never uses: half a second each run.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", help="Slug of the programme new companies join (default: by postcode).")
        parser.add_argument("--manufacturing-only", action="store_true", help="Reject companies outside SIC 10-33.")
        parser.add_argument("--rejects", type=Path, help="Write rejected rows here, with line number and reason.")
        parser.add_argument("--encoding", default="utf-8", help="utf-8 (the default, with or without BOM) or latin-1.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(slug=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme has the slug {options['programme']!r}.")
        encoding = options["encoding"]
        rejects_file = options["rejects"].open("w", newline="", encoding="utf-8") if options["rejects"] else None
        rejects = SafeCsvWriter(rejects_file) if rejects_file else None
        if rejects:
            rejects.writerow(["line", "company_number", "company_name", "reason"])

        def on_rejection(rejection: Rejection) -> None:
            if rejects:
                rejects.writerow([rejection.line, rejection.number, rejection.name, rejection.reason])

        try:
            with path.open("rb") as raw:
                text = decode_lines(raw, encoding)
                progress = ProgressReporter(total_bytes=path.stat().st_size, position=raw.tell, stream=sys.stderr)
                summary = import_companies(
                    text,
                    programme=programme,
                    manufacturing_only=options["manufacturing_only"],
                    on_rejection=on_rejection,
                    on_progress=lambda rows: progress.update(rows, raw.tell()),
                )
                progress.finish()
        except FileFormatError as error:
            raise CommandError(f"{path.name}: {error}") from None
        except LookupError:
            raise CommandError(f"Unknown encoding {options['encoding']!r}: use utf-8 or latin-1.") from None
        finally:
            if rejects_file:
                rejects_file.close()
        self.stdout.write(summary.line())
