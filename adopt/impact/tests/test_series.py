import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.impact.charts import progress_chart
from adopt.impact.series import (
    Quarter,
    latest_report_series,
    quarter_of,
    quarters_between,
    running_series,
    suppressed_series,
)
from adopt.impact.tests.factories import paid_and_followed_up
from adopt.programmes.tests.factories import ProgrammeFactory
from adopt.support.models import SupportEntry

D = datetime.date


def test_quarters_are_named_by_the_financial_year():
    assert quarter_of(D(2026, 5, 17)) == Quarter(D(2026, 4, 1))
    assert Quarter(D(2026, 4, 1)).label == "Q1 2026-27"
    assert Quarter(D(2027, 1, 1)).label == "Q4 2026-27"
    assert Quarter(D(2026, 10, 1)).ends_on == D(2026, 12, 31)


def test_a_financial_year_has_four_quarters():
    quarters = quarters_between(D(2026, 4, 1), D(2027, 3, 31))
    assert [q.label for q in quarters] == ["Q1 2026-27", "Q2 2026-27", "Q3 2026-27", "Q4 2026-27"]


def test_totals_to_date_include_what_came_before_the_first_quarter_shown():
    quarters = quarters_between(D(2026, 4, 1), D(2026, 12, 31))
    by_quarter = {D(2025, 7, 1): Decimal(10), D(2026, 4, 1): Decimal(3), D(2026, 10, 1): Decimal(4)}
    series = running_series("supported", "Companies supported", "companies", quarters, by_quarter, Decimal(30))
    assert series.to_date == (Decimal(13), Decimal(13), Decimal(17))
    assert series.added == (Decimal(13), Decimal(0), Decimal(4))


def test_jobs_over_time_take_each_grants_latest_report_not_the_sum_of_reports():
    quarters = quarters_between(D(2026, 4, 1), D(2026, 12, 31))
    reports = [(1, D(2026, 5, 1), Decimal(3)), (1, D(2026, 11, 1), Decimal(5)), (2, D(2026, 8, 1), Decimal(2))]
    series = latest_report_series("jobs", "New jobs", "FTE", quarters, reports)
    assert series.to_date == (Decimal(3), Decimal(5), Decimal(7))
    assert series.added == (Decimal(3), Decimal(2), Decimal(2))


def test_small_counts_of_companies_are_hidden_for_evaluators_but_money_is_not():
    quarters = quarters_between(D(2026, 4, 1), D(2026, 9, 30))
    companies = running_series("s", "Supported", "companies", quarters, {D(2026, 4, 1): Decimal(3)})
    money = running_series("p", "Paid", "£", quarters, {D(2026, 4, 1): Decimal(3)})
    hidden = suppressed_series([companies, money], companies=20, minimum=5)
    assert hidden[0].added == (None, Decimal(0))
    assert hidden[0].to_date == (None, None)
    assert hidden[1].to_date == (Decimal(3), Decimal(3))
    assert suppressed_series([companies, money], companies=4, minimum=5) == []


def test_the_chart_scales_to_the_target_when_it_is_above_the_figures():
    quarters = quarters_between(D(2026, 4, 1), D(2027, 3, 31))
    by_quarter = {D(2026, 4, 1): Decimal(20), D(2026, 7, 1): Decimal(30)}
    chart = progress_chart(running_series("s", "Supported", "companies", quarters, by_quarter, Decimal(180)))
    assert chart.top == Decimal(200)
    assert len(chart.bars) == 4
    assert chart.target_y is not None
    assert chart.target_y < chart.bars[1].y


@pytest.mark.django_db
def test_the_dashboard_charts_quarters_of_the_chosen_year(client, world):
    SupportEntry.objects.create(
        company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=Decimal(12)
    )
    client.force_login(world.manager)
    response = client.get(reverse("impact:kpis"), {"period": "2026-27"})
    supported = next(chart for chart in response.context["charts"] if chart.series.key == "supported")
    assert [q.label for q in supported.series.quarters][:3] == ["Q1 2026-27", "Q2 2026-27", "Q3 2026-27"]
    assert supported.series.to_date[-1] == 1
    assert "Companies supported as a table" in response.content.decode()


@pytest.mark.django_db
def test_a_national_administrator_narrows_the_dashboard_to_a_region(client, world):
    elsewhere = ProgrammeFactory(name="Wales Digital Adoption", slug="wales")
    for company_id in (world.company.pk, CompanyFactory(programme=elsewhere).pk):
        SupportEntry.objects.create(company_id=company_id, kind="event", delivered_on=timezone.localdate(), hours=1)
    client.force_login(world.national_admin)
    everywhere = client.get(reverse("impact:kpis"))
    region = client.get(reverse("impact:kpis"), {"region": elsewhere.region.code})
    engaged = {kpi.key: kpi.figure.value for kpi in region.context["kpis"]}["engaged"]
    assert engaged == 1
    assert {kpi.key: kpi.figure.value for kpi in everywhere.context["kpis"]}["engaged"] == 2
    assert region.context["choice"].heading == elsewhere.region.name


@pytest.mark.django_db
def test_an_unknown_region_is_not_found(client, world):
    client.force_login(world.national_admin)
    assert client.get(reverse("impact:kpis"), {"region": "XX9"}).status_code == 404


@pytest.mark.django_db
def test_an_evaluator_sees_no_charts_of_a_small_programme(client, world):
    SupportEntry.objects.create(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=13)
    client.force_login(world.programme_evaluator)
    assert client.get(reverse("impact:kpis")).context["charts"] == []


@pytest.mark.django_db
def test_net_gva_and_carbon_over_time_end_at_the_kpi_figures(client, world):
    paid_and_followed_up(world, jobs_created=Decimal("3"), electricity_saved_kwh=10_000)
    client.force_login(world.manager)
    response = client.get(reverse("impact:kpis"))
    kpis = {kpi.key: kpi.figure.value for kpi in response.context["kpis"]}
    series = {chart.series.key: chart.series for chart in response.context["charts"]}
    assert abs(series["gva_net"].to_date[-1] - kpis["gva_net"]) <= 1
    assert series["co2e"].to_date[-1].quantize(Decimal("0.01")) == kpis["co2e"]


def test_the_axis_top_is_short_enough_to_read():
    quarters = quarters_between(D(2026, 4, 1), D(2026, 6, 30))
    gva = running_series("g", "GVA", "£", quarters, {D(2026, 4, 1): Decimal(150_000_000)})
    paid = running_series("p", "Paid", "£", quarters, {D(2026, 4, 1): Decimal(90_000)})
    firms = running_series("s", "Supported", "companies", quarters, {D(2026, 4, 1): Decimal(2_100)})
    assert progress_chart(gva).top_label == "£200m"
    assert progress_chart(paid).top_label == "£100k"
    assert progress_chart(firms).top_label == "2,500"
