"""Reminders that come from the calendar rather than from an event: follow-ups due and overdue."""

import datetime
from collections import defaultdict

from django.urls import reverse

from adopt.accounts.models import User
from adopt.funding.models import GrantApplication
from adopt.impact.selectors import DueFollowUp, follow_ups_due
from adopt.notifications.recipients import company_casework, company_people
from adopt.notifications.services import message_queue


def follow_up_reminders_send(today: datetime.date) -> str:
    """Tell each company once when a follow-up falls due and once when it is overdue, and each adviser (or, for a
    company with none, the programme's managers) once a day what is due across their companies."""
    due = follow_ups_due(GrantApplication.objects.select_related("company__programme", "company__adviser"), today)
    by_person: dict[User, list[DueFollowUp]] = defaultdict(list)
    to_companies = 0
    for item in due:
        company = item.application.company
        for person in company_casework(company):
            by_person[person].append(item)
        stage = "overdue" if item.overdue else "due"
        for person in company_people(company):
            sent = message_queue(
                "follow_up_due",
                to=person,
                happening=f"follow-up:{item.application.pk}:{item.months}:{stage}",
                company=company,
                context={
                    "application": item.application,
                    "months": item.months,
                    "due_on": item.due_on,
                    "overdue": item.overdue,
                },
                link=reverse("funding:application-detail", args=[item.application.pk]),
            )
            to_companies += sent is not None
    for person, items in by_person.items():
        message_queue(
            "follow_ups_due",
            to=person,
            happening=f"follow-ups:{today.isoformat()}",
            context={"items": items, "count": len(items), "overdue": sum(item.overdue for item in items)},
            link=reverse("impact:follow-ups"),
        )
    return (
        f"{len(due)} follow-ups due or overdue: reminders to {len(by_person)} staff and "
        f"{to_companies} new reminders to companies."
    )
