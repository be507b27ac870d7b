"""Demo support, skills and follow-ups, so the support logs, KPIs and follow-up lists show a living programme.

Support: companies with a submitted assessment get a diagnostic and a few other sessions over the last 18
months. Skills: companies with an agreed roadmap get a few upskilled roles (never more than their staff).
Internships: about one in eight of those companies. Leadership: three cohorts per programme, two ended and
one under way, with places for supported companies.
Follow-ups: paid demo grants are dated as paid 7 to 26 months ago, and report at the points already passed.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.core.financial_years import add_months, financial_year_of, financial_year_starts
from adopt.funding.models import FundYear, GrantApplication, LedgerEntry
from adopt.impact.models import FollowUpReport
from adopt.impact.selectors import FOLLOW_UP_MONTHS
from adopt.programmes.models import Programme
from adopt.roadmaps.models import Roadmap
from adopt.support.activities import last_contacts_refresh
from adopt.support.models import (
    Activity,
    Booking,
    CohortPlace,
    Internship,
    LeadershipCohort,
    SupportEntry,
    UpskilledRole,
)

LEADERSHIP_PROVIDERS = ["University business school", "Manufacturing growth network", "Regional leadership centre"]
LEADER_ROLES = ["Managing director", "Operations director", "Owner", "Finance director", "Production manager"]
KINDS = ["workshop", "roadmap_session", "one_to_one", "event", "follow_up"]
TRAINING = [
    ("Machine operator", "Machine monitoring and OEE dashboards", "Local college"),
    ("Production planner", "Finite-capacity scheduling", "Software supplier"),
    ("Quality inspector", "Statistical process control", "Training provider"),
    ("Maintenance technician", "Condition monitoring", "University partner"),
    ("Office administrator", "Cloud business systems", "Training provider"),
    ("Team leader", "Digital work instructions", "Local college"),
]


@transaction.atomic
def generate_demo_impact(settings: dict[str, Any]) -> int:
    """Create the demo support, skills and follow-ups once; returns how many support entries were made."""
    if SupportEntry.objects.exists():
        return 0
    rng = random.Random(settings["seed"])  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    assessed = dict(
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .values("company_id")
        .annotate(first=Min("submitted_at"))
        .values_list("company_id", "first")
    )
    companies = (
        Company.objects.filter(pk__in=assessed).order_by("pk").values_list("pk", "adviser_id", "staff_headcount")
    )
    entries = []
    for company_id, adviser_id, _ in companies:
        if rng.random() > settings["supported_share"]:
            continue
        # Support starts after the company's first assessment, as a programme runs.
        start = min(timezone.localdate(assessed[company_id]) + datetime.timedelta(days=rng.randint(0, 90)), today)
        entries.append(
            SupportEntry(
                company_id=company_id,
                adviser_id=adviser_id,
                kind="diagnostic",
                delivered_on=start,
                hours=Decimal(rng.choice([3, 4, 6])),
            )
        )
        for _ in range(rng.randint(0, 5)):
            day = min(start + datetime.timedelta(days=rng.randint(7, 200)), today)
            entries.append(
                SupportEntry(
                    company_id=company_id,
                    adviser_id=adviser_id,
                    kind=rng.choice(KINDS),
                    delivered_on=day,
                    hours=Decimal(rng.choice([1, 1.5, 2, 3, 4])),
                )
            )
    SupportEntry.objects.bulk_create(entries, batch_size=2000)
    roles = []
    agreed = Roadmap.objects.filter(agreed_at__isnull=False).values_list(
        "company_id", "company__staff_headcount", "agreed_at"
    )
    for company_id, staff, agreed_at in agreed:
        if agreed_at is None:
            continue
        for _ in range(min(rng.randint(1, 6), staff or 1)):
            role, training, provider = rng.choice(TRAINING)
            done = min(agreed_at.date() + datetime.timedelta(days=rng.randint(20, 300)), today)
            roles.append(
                UpskilledRole(company_id=company_id, role=role, training=training, provider=provider, completed_on=done)
            )
    UpskilledRole.objects.bulk_create(roles, batch_size=2000)
    _internships(rng, today, [company_id for company_id, _, _ in agreed])
    _leadership_cohorts(rng, today)
    _follow_ups(rng, today)
    _casework(rng)
    return len(entries)


CALLS = [
    ("call", "Talked through the quotes for the shop-floor sensors."),
    ("email", "Sent the roadmap summary and the grant guidance."),
    ("meeting", "Met the operations director about the MES pilot."),
    ("visit", "Walked the line with the production manager."),
    ("note", "The owner is away until the end of the month."),
]
NEXT_ACTIONS = ["Send the roadmap draft", "Chase the second supplier quote", "Book the review visit", "Call back"]


def _casework(rng: random.Random) -> None:
    """Recent calls, emails and notes, next actions (some overdue) and visits booked ahead, for each adviser's
    companies, so that caseloads and home pages read as they would mid-programme."""
    now = timezone.now()
    activities, visits, ids = [], [], []
    with_adviser = Company.objects.filter(adviser__isnull=False).order_by("pk").values_list("pk", "adviser_id")
    for company_id, adviser_id in with_adviser:
        if rng.random() < 0.3:
            kind, summary = rng.choice(CALLS)
            activities.append(
                Activity(
                    company_id=company_id,
                    kind=kind,
                    happened_at=now - datetime.timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8)),
                    minutes=0 if kind == "note" else rng.choice([10, 20, 30, 60, 90]),
                    by_id=adviser_id,
                    summary=summary,
                    visibility=rng.choice(["staff", "staff", "company"]),
                )
            )
            ids.append(company_id)
        if rng.random() < 0.06:
            Company.objects.filter(pk=company_id).update(
                next_action=rng.choice(NEXT_ACTIONS),
                next_action_due=timezone.localdate() + datetime.timedelta(days=rng.randint(-3, 28)),
            )
        if rng.random() < 0.03:
            day = timezone.localdate() + datetime.timedelta(days=rng.randint(1, 14))
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 13, 14]))))
            visits.append(
                Booking(
                    company_id=company_id,
                    adviser_id=adviser_id,
                    kind=rng.choice(["diagnostic", "review"]),
                    starts_at=starts,
                    minutes=rng.choice([90, 120]),
                    place="At the company's site",
                    created_by_id=adviser_id,
                )
            )
    Activity.objects.bulk_create(activities, batch_size=2000)
    Booking.objects.bulk_create(visits, batch_size=2000)
    last_contacts_refresh()


def _internships(rng: random.Random, today: datetime.date, companies: list[int]) -> None:
    interns = []
    for number, company_id in enumerate(companies):
        if rng.random() > 0.12:
            continue
        starts = today - datetime.timedelta(days=rng.randint(20, 420))
        ends = starts + datetime.timedelta(days=rng.choice([70, 84, 120]))
        outcome = "ongoing" if ends > today else rng.choice(["completed", "completed", "job_offer", "left_early"])
        interns.append(
            Internship(
                company_id=company_id,
                student=f"Student {number + 1}",
                hours=rng.choice([210, 300, 420]),
                hourly_rate=Decimal(rng.choice(["12.60", "13.00", "14.50"])),
                starts_on=starts,
                ends_on=None if outcome == "ongoing" else ends,
                outcome=outcome,
            )
        )
    Internship.objects.bulk_create(interns)


def _leadership_cohorts(rng: random.Random, today: datetime.date) -> None:
    """Per programme: a cohort that ended last year, one that ended recently and one under way."""
    places = []
    for programme in Programme.objects.order_by("pk"):
        companies = list(
            SupportEntry.objects.filter(company__programme=programme)
            .order_by("company_id")
            .values_list("company_id", flat=True)
            .distinct()
        )
        for name, started_days_ago, weeks in (("spring", 420, 16), ("autumn", 200, 16), ("winter", 30, 20)):
            starts = today - datetime.timedelta(days=started_days_ago)
            cohort = LeadershipCohort.objects.create(
                programme=programme,
                name=f"Digital leaders, {name} {starts.year}",
                provider=rng.choice(LEADERSHIP_PROVIDERS),
                starts_on=starts,
                ends_on=starts + datetime.timedelta(weeks=weeks),
                sessions=6,
                sessions_to_complete=5,
            )
            held = min(6, max(0, (today - starts).days // (weeks * 7 // 6)))
            for company_id in rng.sample(companies, min(len(companies), rng.randint(10, 16))):
                attended = max(0, held - rng.choice([0, 0, 0, 1, 1, 2, 3]))
                places.append(
                    CohortPlace(
                        cohort=cohort,
                        company_id=company_id,
                        participant_role=rng.choice(LEADER_ROLES),
                        sessions_attended=attended,
                    )
                )
    CohortPlace.objects.bulk_create(places)


def _rebook(payment: LedgerEntry, paid_at: datetime.datetime, rng: random.Random) -> None:
    """Move a demo grant into the past as if it had run then: decided, committed and paid in the financial year
    the payment falls in, from that year's budget, so the ledger books every entry to the year it happened."""
    application = payment.application
    year = financial_year_of(timezone.localdate(paid_at))
    decided_at = paid_at - datetime.timedelta(days=rng.randint(20, 60))
    if financial_year_of(timezone.localdate(decided_at)) != year:
        decided_at = timezone.make_aware(datetime.datetime(year, 4, 1, 10))
    fund_year = FundYear.objects.get(fund_id=application.scheme.fund_id, year=year)
    entries = LedgerEntry.objects.filter(application=application)
    entries.exclude(kind=LedgerEntry.Kind.PAYMENT).update(fund_year=fund_year, at=decided_at)
    entries.filter(kind=LedgerEntry.Kind.PAYMENT).update(fund_year=fund_year, at=paid_at)
    GrantApplication.objects.filter(pk=application.pk).update(financial_year=year, decided_at=decided_at)
    application.claims.update(invoice_date=timezone.localdate(decided_at), paid_at=paid_at)
    # The paperwork moves with it: offered on the decision, confirmed and accepted a few days later.
    accepted_at = decided_at + datetime.timedelta(days=rng.randint(2, 9))
    deadline = add_months(timezone.localdate(decided_at), application.scheme.claim_months)
    application.offers.update(issued_at=decided_at, accepted_at=accepted_at, claim_deadline=deadline)
    application.subsidy_notices.update(issued_at=decided_at, confirmed_at=accepted_at, given_at=accepted_at)


def _recount_fund_years() -> None:
    """Each fund year's committed and paid as its ledger says, after the demo moved grants into the past."""
    for fund_year in FundYear.objects.all():
        sums = dict(fund_year.entries.values_list("kind").annotate(total=Sum("amount")))
        kind = LedgerEntry.Kind
        fund_year.committed = (sums.get(kind.COMMITMENT) or 0) - (sums.get(kind.RELEASE) or 0)
        fund_year.paid = sums.get(kind.PAYMENT) or 0
        fund_year.budget = max(fund_year.budget, fund_year.committed)
        fund_year.save(update_fields=["committed", "paid", "budget"])


def _follow_ups(rng: random.Random, today: datetime.date) -> None:
    payments = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT).select_related(
        "application__company", "application__scheme__fund"
    )
    reports = []
    for payment in payments:
        # Paid 200 to 800 days ago, but never before the fund's first budget year opened.
        first_year = min(payment.application.scheme.fund.years.values_list("year", flat=True))
        opened = (today - financial_year_starts(first_year)).days
        paid_at = timezone.now() - datetime.timedelta(days=rng.randint(min(200, opened), min(800, opened)))
        _rebook(payment, paid_at, rng)
        application = payment.application
        staff = application.company.staff_headcount or 10
        for months in FOLLOW_UP_MONTHS:
            due = add_months(paid_at.date(), months)
            if due > today or rng.random() < 0.15:  # some are overdue, not yet reported
                continue
            reports.append(
                FollowUpReport(
                    application=application,
                    months=months,
                    reported_on=min(due + datetime.timedelta(days=rng.randint(0, 20)), today),
                    jobs_created=Decimal(rng.choice([0, 0.5, 1, 2, 3, 4])) * (months // 6),
                    jobs_safeguarded=Decimal(rng.choice([0, 1, 2])),
                    roles_upskilled=min(rng.randint(1, 8), staff),
                    new_sales=Decimal(rng.randint(0, 400) * 1000),
                    cost_savings=Decimal(rng.randint(5, 120) * 1000),
                    investment_plant=Decimal(rng.randint(5, 80) * 1000),
                    investment_it=Decimal(rng.randint(2, 40) * 1000),
                    investment_training=Decimal(rng.randint(1, 10) * 1000),
                    electricity_saved_kwh=rng.randint(2000, 40000),
                    gas_saved_kwh=rng.randint(0, 20000) if rng.random() < 0.5 else None,
                    productivity_pct=Decimal(rng.randint(2, 15)),
                    satisfaction=rng.randint(7, 10),
                    likely_to_recommend=rng.randint(6, 10),
                    without_support=rng.choice(["not_at_all", "later", "later", "smaller", "anyway"]),
                )
            )
    FollowUpReport.objects.bulk_create(reports)
    _recount_fund_years()
