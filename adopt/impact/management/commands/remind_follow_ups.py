from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from adopt.funding.models import GrantApplication
from adopt.impact.selectors import DueFollowUp, follow_ups_due


class Command(BaseCommand):
    help = "Email each adviser the follow-ups due in the next 30 days or overdue for their companies."

    def handle(self, *args: Any, **options: Any) -> None:
        due = follow_ups_due(GrantApplication.objects.all(), timezone.localdate())
        by_adviser: dict[Any, list[DueFollowUp]] = defaultdict(list)
        unassigned = 0
        for item in due:
            adviser = item.application.company.adviser
            if adviser is None:
                unassigned += 1
            else:
                by_adviser[adviser].append(item)
        link = (
            f"{settings.SITE_URL}{reverse('impact:follow-ups')}"
            if hasattr(settings, "SITE_URL")
            else reverse("impact:follow-ups")
        )
        for adviser, items in by_adviser.items():
            overdue = sum(item.overdue for item in items)
            lines = [
                f"- {item.application.company.name}: {item.months}-month follow-up due {item.due_on:%d %B %Y}"
                + (" (overdue)" if item.overdue else "")
                for item in items
            ]
            send_mail(
                f"{len(items)} follow-up{'s' if len(items) != 1 else ''} due ({overdue} overdue)",
                "These funded companies are due to report their outcomes:\n\n" + "\n".join(lines) + f"\n\n{link}\n",
                None,
                [adviser.email],
            )
        self.stdout.write(
            f"{len(due)} follow-ups due or overdue: reminders sent to {len(by_adviser)} advisers; "
            f"{unassigned} belong to companies with no adviser."
        )
