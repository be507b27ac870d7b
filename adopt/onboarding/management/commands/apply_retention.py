from typing import Any

from django.core.management.base import BaseCommand

from adopt.onboarding.personal_data import apply_retention


class Command(BaseCommand):
    help = "Delete personal data past its retention period, as the personal-data register sets it (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = apply_retention()
        for place, count in deleted.items():
            self.stdout.write(f"  {place}: {count} deleted")
        self.stdout.write(f"Retention applied: {sum(deleted.values())} rows deleted.")
