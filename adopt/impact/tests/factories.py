from decimal import Decimal
from typing import Any

from django.utils import timezone

from adopt.funding.models import FundYear, LedgerEntry
from adopt.impact.models import FollowUpReport
from conftest import World


def paid_and_followed_up(world: World, **reported: Any) -> FollowUpReport:
    """The world's application paid £5,000 today, with its 6-month follow-up reporting these figures today."""
    LedgerEntry.objects.create(
        fund_year=FundYear.objects.filter(fund=world.fund).get(),
        application=world.application,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=Decimal("5000"),
        actor=world.manager,
    )
    return FollowUpReport.objects.create(
        application=world.application, months=6, reported_on=timezone.localdate(), **reported
    )
