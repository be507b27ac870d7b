import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from adopt.companies.tests.factories import CompanyFactory
from adopt.impact.arithmetic import Fact, figures_of
from adopt.impact.charts import progress_chart
from adopt.impact.measures import MEASURES
from adopt.impact.periods import financial_year, spans_of
from adopt.impact.series import series_of
from adopt.impact.tests.factories import paid_and_followed_up
from adopt.programmes.tests.factories import ProgrammeFactory
from adopt.support.tests.factories import support_given

D = datetime.date


def series(key, amounts_by_day, target=None, period=None):
    period = period or financial_year("2026-27")
    spans = spans_of(period, period.starts_on, period.ends_on)
    facts = [Fact(day, Decimal(amount), None) for day, amount in amounts_by_day.items()]
    return series_of(figures_of(MEASURES[key], facts, period, spans), target)


def test_the_chart_scales_to_the_target_when_it_is_above_the_figures():
    chart = progress_chart(series("supported", {D(2026, 4, 1): 20, D(2026, 7, 1): 30}, Decimal(180)))
    assert chart.top == Decimal(200)
    assert len(chart.bars) == 4
    assert chart.target_y is not None
    assert chart.target_y < chart.bars[1].y


@pytest.mark.django_db
def test_the_dashboard_charts_quarters_of_the_chosen_year(client, world):
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=Decimal(12))
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
        support_given(company_id=company_id, kind="event", delivered_on=timezone.localdate(), hours=1)
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
    support_given(company=world.company, kind="workshop", delivered_on=timezone.localdate(), hours=13)
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
    gva = series("gva_net", {D(2026, 4, 1): 150_000_000})
    paid = series("paid", {D(2026, 4, 1): 90_000})
    firms = series("supported", {D(2026, 4, 1): 2_100})
    assert progress_chart(gva).top_label == "£200m"
    assert progress_chart(paid).top_label == "£100k"
    assert progress_chart(firms).top_label == "2,500"
