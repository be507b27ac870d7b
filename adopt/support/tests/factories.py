import datetime
from decimal import Decimal

from adopt.accounts.tests.factories import UserFactory
from adopt.companies.models import Company
from adopt.core.visibility import Visibility
from adopt.support.models import SupportEntry
from adopt.support.services import support_record


def support_given(
    *,
    company=None,
    company_id=None,
    adviser=None,
    kind="workshop",
    delivered_on,
    hours,
    notes="",
    visibility=Visibility.STAFF,
) -> SupportEntry:
    """Support recorded as an adviser records it, so that everything that hears of support hears of it."""
    company = company or Company.objects.get(pk=company_id)
    day = delivered_on if isinstance(delivered_on, datetime.date) else datetime.date.fromisoformat(delivered_on)
    return support_record(
        company,
        adviser=adviser or company.adviser or UserFactory(),
        kind=kind,
        delivered_on=day,
        hours=Decimal(hours),
        notes=notes,
        visibility=visibility,
    )
