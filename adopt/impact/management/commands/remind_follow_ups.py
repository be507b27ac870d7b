from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from adopt.impact.services import follow_up_reminders_send


class Command(BaseCommand):
    help = "Email each adviser the follow-ups due in the next 30 days or overdue for their companies."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(follow_up_reminders_send(timezone.localdate()))
