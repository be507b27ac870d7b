"""Grants approved and not yet accepted when offers and notices began to be kept get their offer and their Minimal
Financial Assistance notice now, so that the business can confirm its headroom and accept. Grants accepted before
then keep none: their payments are not held back for a notice that was never asked for."""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def issue_missing_offers(apps, schema_editor):
    from adopt.companies.subsidy_control import mfa_rules
    from adopt.funding.offers import conditions_for

    GrantApplication = apps.get_model("funding", "GrantApplication")
    Offer = apps.get_model("funding", "Offer")
    SubsidyNotice = apps.get_model("funding", "SubsidyNotice")
    now = timezone.now()
    today = timezone.localdate(now)
    rules = mfa_rules()
    waiting = GrantApplication.objects.filter(status="approved", offers__isnull=True, award__gt=0)
    for application in waiting.select_related("scheme"):
        issuer_id = application.decided_by_id or application.created_by_id
        notice = SubsidyNotice.objects.create(
            application=application,
            gross_value=application.award,
            limit=rules.limit_on(today).limit,
            window_starts=rules.window_start(today),
            issued_by_id=issuer_id,
            issued_at=now,
        )
        Offer.objects.create(
            application=application,
            number=1,
            template="offer@1",
            amount=application.award,
            claim_deadline=_add_months(today, application.scheme.claim_months),
            conditions=conditions_for(application.scheme.offer_conditions),
            notice=notice,
            issued_by_id=issuer_id,
            issued_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [("funding", "0007_offer_keeps_its_notice")]

    operations = [migrations.RunPython(issue_missing_offers, migrations.RunPython.noop)]
