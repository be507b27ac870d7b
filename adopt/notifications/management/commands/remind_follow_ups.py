from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from adopt.notifications.reminders import follow_up_reminders_send


class Command(BaseCommand):
    help = (
        "Remind companies of their follow-ups when due and when overdue, and each adviser of those due in the "
        "next 30 days or overdue. Running it twice in a day sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(follow_up_reminders_send(timezone.localdate()))
