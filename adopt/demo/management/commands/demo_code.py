from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from adopt.demo.loader import demo_second_factor_code


class Command(BaseCommand):
    help = "Print the code the demo staff's authenticator app shows now (a local demo with DEBUG on only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo's second factor is for a local demo: this command runs only with DEBUG on.")
        self.stdout.write(demo_second_factor_code())
