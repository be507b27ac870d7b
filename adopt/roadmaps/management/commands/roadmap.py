import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.companies.models import Company
from adopt.roadmaps.pdf import roadmap_pdf
from adopt.roadmaps.selectors import latest_version, roadmap_document
from adopt.roadmaps.services import RoadmapError, roadmap_of, roadmap_replan


class Command(BaseCommand):
    help = "Write a company's roadmap as a PDF or JSON, planning it first if it has never been planned."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("company_number", help="The company's Companies House number.")
        parser.add_argument("--pdf", type=Path, help="Write the roadmap PDF to this file.")
        parser.add_argument(
            "--json", nargs="?", const="-", help="Write the plan as JSON to this file, or to standard output."
        )
        parser.add_argument("--replan", action="store_true", help="Plan again with the current settings first.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["pdf"] and not options["json"]:
            raise CommandError("Say what to write: --pdf OUT.pdf, --json OUT.json or --json for standard output.")
        number = options["company_number"].strip().upper()
        company = Company.objects.filter(companies_house_number=number).select_related("programme", "adviser").first()
        if company is None:
            raise CommandError(f"No company has the number {number}.")
        roadmap = roadmap_of(company)
        version = latest_version(roadmap)
        if version is None or options["replan"]:
            try:
                version = roadmap_replan(roadmap, actor=None, reason="Planned from the command line")
            except RoadmapError as error:
                raise CommandError(str(error)) from None
        assert version is not None  # noqa: S101 - replan stores a version unless asked not to
        if options["pdf"]:
            options["pdf"].write_bytes(roadmap_pdf({"document": roadmap_document(roadmap, version)}))
            self.stderr.write(f"Wrote {options['pdf']} (version {version.number}).")
        if options["json"]:
            data = {
                "company": {"name": company.name, "number": company.companies_house_number},
                "version": version.number,
                "planned_at": version.created_at.isoformat(),
                "inputs": version.inputs,
                "plan": version.plan,
            }
            text = json.dumps(data, indent=2, ensure_ascii=False)
            if options["json"] == "-":
                sys.stdout.write(text + "\n")
            else:
                Path(options["json"]).write_text(text, encoding="utf-8")
                self.stderr.write(f"Wrote {options['json']} (version {version.number}).")
