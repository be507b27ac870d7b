import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.companies.companies_house import FileFormatError, decode_lines
from adopt.companies.screening import screen_companies
from adopt.core.spreadsheets import SafeCsvWriter
from adopt.programmes.models import Programme


class Command(BaseCommand):
    help = "Screen a Companies House BasicCompanyData CSV against a programme's eligibility rules; imports nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", required=True, help="Slug of the programme whose rules apply.")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--encoding", default="utf-8", help="utf-8 (the default, with or without BOM) or latin-1.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme has the slug {options['programme']!r}.")
        encoding = options["encoding"]
        counts: Counter[str] = Counter()
        writer = SafeCsvWriter(self.stdout) if options["format"] == "csv" else None
        if writer:
            writer.writerow(["line", "company_number", "company_name", "postcode", "verdict", "reasons"])
        try:
            with path.open("rb") as raw:
                text = decode_lines(raw, encoding)
                for screened in screen_companies(text, programme):
                    counts[screened.overall] += 1
                    if writer:
                        row = screened.as_dict()
                        writer.writerow(
                            [
                                row["line"],
                                row["company_number"],
                                row["company_name"],
                                row["postcode"],
                                row["verdict"],
                                " | ".join(screened.reasons),
                            ]
                        )
                    else:
                        self.stdout.write(json.dumps(screened.as_dict(), ensure_ascii=False))
        except FileFormatError as error:
            raise CommandError(f"{path.name}: {error}") from None
        except LookupError:
            raise CommandError(f"Unknown encoding {options['encoding']!r}: use utf-8 or latin-1.") from None
        summary = ", ".join(f"{verdict}: {count}" for verdict, count in sorted(counts.items()))
        sys.stderr.write(f"Screened against {programme.name}: {summary}\n")
