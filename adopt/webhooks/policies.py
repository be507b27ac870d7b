"""Webhooks send programme data out of Adopt, so only national administrators register and see them."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin
from adopt.webhooks.models import Endpoint


def can_manage_webhooks(user: AnyUser) -> bool:
    return is_national_admin(user)


def managed_endpoints(user: AnyUser) -> QuerySet[Endpoint]:
    return Endpoint.objects.all() if can_manage_webhooks(user) else Endpoint.objects.none()
