import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.evaluation.forecasts import forecast_table
from adopt.evaluation.indicators import indicator_set, indicator_sets
from adopt.evaluation.models import OutcomeObservation
from adopt.evaluation.selectors import indicator_value
from adopt.funding.models import FundYear, LedgerEntry
from adopt.impact.models import CompanyMilestones, FollowUpReport
from adopt.impact.periods import parse_period
from adopt.impact.selectors import assumptions_for
from adopt.support.tests.factories import support_given

pytestmark = pytest.mark.django_db


def _paid(world, days_ago):
    entry = LedgerEntry.objects.create(
        fund_year=FundYear.objects.filter(fund=world.fund).get(),
        application=world.application,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=Decimal("5000"),
        actor=world.manager,
    )
    LedgerEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - datetime.timedelta(days=days_ago))


def test_forecast_actual_and_net_come_from_approval_the_latest_follow_up_and_additionality(world):
    world.application.expected_jobs = Decimal("4.0")
    world.application.save()
    _paid(world, days_ago=400)
    today = timezone.localdate()
    FollowUpReport.objects.create(application=world.application, months=6, reported_on=today, jobs_created=2)
    FollowUpReport.objects.create(application=world.application, months=12, reported_on=today, jobs_created=3)
    table = forecast_table(world.programme, today)
    [row] = table.rows
    factor = assumptions_for([world.programme]).additionality.factor
    assert (row.forecast_jobs, row.actual_jobs) == (Decimal("4.0"), Decimal(3))
    assert row.reported == {6: Decimal(2), 12: Decimal(3)}
    assert row.net_jobs == (3 * factor).quantize(Decimal("0.1"))
    assert (row.due, row.received, table.response_rate) == (2, 2, Decimal("100.0"))


def test_a_follow_up_due_and_missing_counts_against_the_response_rate(world):
    _paid(world, days_ago=400)
    table = forecast_table(world.programme, timezone.localdate())
    assert (table.due, table.received, table.dropped_out) == (2, 0, 1)
    assert table.rows[0].reported == {6: None, 12: None}
    assert table.actual_total == table.net_total == 0


def test_the_totals_are_the_sums_of_the_rows(world):
    _paid(world, days_ago=800)
    FollowUpReport.objects.create(
        application=world.application, months=24, reported_on=timezone.localdate(), jobs_created=Decimal("2.5")
    )
    table = forecast_table(world.programme, timezone.localdate())
    assert table.net_total == sum(row.net_jobs for row in table.rows if row.net_jobs is not None)
    assert table.actual_total == sum(row.actual_jobs for row in table.rows if row.actual_jobs is not None)


def test_every_indicator_names_a_rule_with_the_settings_it_needs(world):
    for one in indicator_sets():
        for indicator in one.indicators:
            figure = indicator_value(indicator, world.programme, parse_period("all"))
            assert figure.value >= 0
            assert figure.companies >= 0


def _indicator(code):
    return next(i for i in indicator_set("erdf-2014-2020").indicators if i.code == code)


def test_c4_counts_an_enterprise_once_in_the_period_its_support_reached_12_hours(world):
    company = CompanyFactory(programme=world.programme)
    support_given(company_id=company.pk, delivered_on="2026-03-20", hours="8")
    support_given(company_id=company.pk, delivered_on="2026-04-10", hours="5")
    support_given(company_id=company.pk, delivered_on="2026-05-10", hours="5")
    c4 = _indicator("C4")
    assert indicator_value(c4, world.programme, parse_period("2025-26")).value == 0
    assert indicator_value(c4, world.programme, parse_period("2026-27")).value == 1
    assert indicator_value(c4, world.programme, parse_period("all")).companies == 1


def test_c4_agrees_with_each_company_s_running_total_of_hours_in_every_year(world):
    import random

    from adopt.impact.milestones import hours_reached_on
    from adopt.support.models import SupportEntry

    rng = random.Random(4)  # noqa: S311  # reproducible made-up support
    for _ in range(12):
        company = CompanyFactory(programme=world.programme)
        for _ in range(rng.randint(0, 6)):
            day = datetime.date(2024, 4, 1) + datetime.timedelta(days=rng.randint(0, 900))
            support_given(company_id=company.pk, delivered_on=day.isoformat(), hours=str(rng.choice([1, 2, 3, 4, 6])))
    histories: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for company_id, day, hours in SupportEntry.objects.filter(company__programme=world.programme).values_list(
        "company_id", "delivered_on", "hours"
    ):
        histories.setdefault(company_id, []).append((day, hours))
    c4 = _indicator("C4")
    for label in ("2024-25", "2025-26", "2026-27", "all"):
        period = parse_period(label)
        expected = sum(
            1
            for history in histories.values()
            if (reached := hours_reached_on(history, Decimal(12))) is not None
            and (period.starts_on is None or reached >= period.starts_on)
            and (period.ends_on is None or reached <= period.ends_on)
        )
        assert indicator_value(c4, world.programme, period).value == expected, label


def test_c4_counts_hours_that_add_up_to_exactly_12_in_awkward_fractions(world):
    company = CompanyFactory(programme=world.programme)
    for day, hours in enumerate(["0.35", "6.05", "2.30", "2.60", "0.70"], start=1):
        support_given(company_id=company.pk, delivered_on=f"2025-05-{day:02d}", hours=hours)
    assert indicator_value(_indicator("C4"), world.programme, parse_period("all")).companies == 1


def test_c8_counts_employment_only_above_the_last_figure_before_support(world):
    grew, shrank = CompanyFactory(programme=world.programme), CompanyFactory(programme=world.programme)
    for company, later in ((grew, 15), (shrank, 6)):
        CompanyMilestones.objects.update_or_create(
            company_id=company.pk, defaults={"supported_on": datetime.date(2024, 5, 1)}
        )
        OutcomeObservation.objects.create(company_id=company.pk, year=2022, employees=30, source="t")
        OutcomeObservation.objects.create(company_id=company.pk, year=2023, employees=10, source="t")  # last before
        OutcomeObservation.objects.create(company_id=company.pk, year=2025, employees=later, source="t")
    figure = indicator_value(_indicator("C8"), world.programme, parse_period("all"))
    assert (figure.value, figure.companies) == (Decimal(5), 1)  # only the company that grew stands behind it
