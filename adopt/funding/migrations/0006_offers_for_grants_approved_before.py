"""Grants approved and not yet accepted when offers and notices began to be kept get their offer and their Minimal
Financial Assistance notice now, so that the business can confirm its headroom and accept. Grants accepted before
then keep none: their payments are not held back for a notice that was never asked for.

The conditions and the limit are written here as they stood, so that later changes to the code leave this step
as it ran."""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone

CONDITIONS = (
    "The grant pays for the costs in the application only, bought after the date of this offer.",
    "Claim by the deadline with the invoices and proof of payment; the grant is paid against what was spent.",
    "Tell the programme at once of any change to the project, its costs or the business.",
    "Report the project's outcomes (jobs, roles upskilled, productivity, energy) 6, 12 and 24 months after payment.",
    "Keep the records of the project and this grant for at least three years from the date it is given.",
    "The programme may recover the grant if a condition is broken, the information given was false, "
    "or the business stops trading.",
)
LIMIT = "315000.00"  # Subsidy Control Act 2022, section 36(1)


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _window_start(day):
    first_year = (day.year if day.month >= 4 else day.year - 1) - 2
    return datetime.date(first_year, 4, 1)


def issue_missing_offers(apps, schema_editor):
    GrantApplication = apps.get_model("funding", "GrantApplication")
    Offer = apps.get_model("funding", "Offer")
    SubsidyNotice = apps.get_model("funding", "SubsidyNotice")
    waiting = list(
        GrantApplication.objects.filter(status="approved", offers__isnull=True, award__gt=0).select_related("scheme")
    )
    if not waiting:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    application_type, _ = ContentType.objects.get_or_create(app_label="funding", model="grantapplication")
    now = timezone.now()
    today = timezone.localdate(now)
    for application in waiting:
        issuer_id = application.decided_by_id or application.created_by_id
        notice = SubsidyNotice.objects.create(
            application=application,
            gross_value=application.award,
            limit=LIMIT,
            window_starts=_window_start(today),
            issued_by_id=issuer_id,
            issued_at=now,
        )
        scheme_lines = [line.strip() for line in application.scheme.offer_conditions.splitlines() if line.strip()]
        offer = Offer.objects.create(
            application=application,
            number=1,
            template="offer@1",
            amount=application.award,
            claim_deadline=_add_months(today, application.scheme.claim_months),
            conditions="\n".join([*CONDITIONS, *scheme_lines]),
            notice=notice,
            issued_by_id=issuer_id,
            issued_at=now,
        )
        AuditEvent.objects.create(
            content_type=application_type,
            object_id=application.pk,
            actor_id=None,
            action="offer issued",
            comment=f"Offer APP-{application.pk:06d}/1 and its Minimal Financial Assistance notice, issued for a "
            f"grant approved before offers were kept: £{offer.amount:,.2f}.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0005_paperwork_payment_runs_recoveries"),
        ("core", "0003_event_failures"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(issue_missing_offers, migrations.RunPython.noop)]
