from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adopt.demo.loader import (
    DEMO_PASSWORD,
    demo_logins,
    demo_second_factor_code,
    demo_second_factor_key,
    load_demo_programme,
)


class Command(BaseCommand):
    help = "Load the fictitious demonstration programme, with demo users whose password is published."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even though DEBUG is off (for a throwaway staging site; never a production database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to load demo users with a published password while DEBUG is off. "
                "The demo is for a local or throwaway database: set DEBUG=true, or pass --allow-without-debug."
            )
        call_command("load_reference_data", stdout=self.stdout)
        self.stdout.write("Loading the demo programme...")
        summary = load_demo_programme()
        kinds = sorted(set(summary.created) | set(summary.existing))
        for kind in kinds:
            line = f"  {kind}: {summary.created.get(kind, 0)} created"
            if kind in summary.existing:
                line += f", {summary.existing[kind]} already there"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo programme ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for login in demo_logins():
            self.stdout.write(f"  {login.email:<40} {login.role}")
        self.stdout.write(
            "Staff also give a code from an authenticator app. Add this demo key to one "
            f"({demo_second_factor_key()}), or run `.venv/bin/adopt demo_code` for the current code "
            f"(now {demo_second_factor_code()})."
        )
