from django.db.models import QuerySet

from adopt.companies.models import Company
from adopt.notifications.models import Message


def recent_messages(company: Company, limit: int) -> list[Message]:
    return list(Message.objects.filter(company=company).select_related("user").order_by("-created_at", "-pk")[:limit])


def company_messages(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.select_related("user", "digest").order_by("-created_at", "-pk")
