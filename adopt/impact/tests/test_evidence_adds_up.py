"""Every output of the KPIs (page, PDF, workbook, CSV, API) shows the same figure for each measure, and its
quarters add up to it, for all time, a financial year and any dates, over generated programmes."""

import csv
import datetime
import io
import random
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from adopt.companies.tests.factories import CompanyFactory
from adopt.core.financial_years import financial_year_of
from adopt.funding.models import FundYear, GrantApplication, LedgerEntry
from adopt.impact.measures import REGISTER
from adopt.impact.models import FollowUpReport
from adopt.impact.periods import ALL_TIME, parse_period
from adopt.impact.reports import funder_html, funder_report
from adopt.impact.selectors import kpi_report, programme_history
from adopt.impact.tests.factories import funder_report_file
from adopt.support.models import SupportEntry, UpskilledRole

PERIODS = ["all", "2026-27", "2025-05-15..2026-09-10"]
SHOWN = [measure.key for measure in REGISTER if measure.shown]
TODAY = timezone.localdate()


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))


def some_day(rng: random.Random):
    return datetime.date(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, (TODAY - datetime.date(2024, 6, 1)).days))


def generate_programme(world, seed):
    """Companies with support, roles, grants committed, paid and followed up on dates across three years."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    budget_years = {}
    for budget_year in (2024, 2025, 2026):
        budget_years[budget_year], _ = FundYear.objects.get_or_create(
            fund=world.fund, year=budget_year, defaults={"budget": Decimal("500000")}
        )
    for number in range(rng.randint(12, 30)):
        company = CompanyFactory(programme=world.programme, adviser=world.adviser)
        for _ in range(rng.randint(0, 4)):
            SupportEntry.objects.create(
                company_id=company.pk,
                kind="diagnostic",
                delivered_on=some_day(rng),
                hours=Decimal(rng.choice([2, 6, 12])),
            )
        for _ in range(rng.randint(0, 2)):
            UpskilledRole.objects.create(
                company_id=company.pk,
                role="Operator",
                training="PLC basics",
                provider="College",
                completed_on=some_day(rng),
            )
        if rng.random() < 0.5:
            continue
        committed_on = some_day(rng)
        year = budget_years[financial_year_of(committed_on)]
        award = Decimal(rng.randrange(2000, 20000, 250))
        application = GrantApplication.objects.create(
            company_id=company.pk,
            scheme=world.application.scheme,
            title=f"Project {number}",
            financial_year=year.year,
            status="paid",
            award=award,
            grant_requested=award,
            decided_at=moment(committed_on),
            expected_jobs=Decimal(rng.choice(["0", "1", "2.5"])),
            created_by=world.manager,
        )
        entry = LedgerEntry.objects.create(
            fund_year=year, application=application, kind="commitment", amount=award, actor=world.manager
        )
        LedgerEntry.objects.filter(pk=entry.pk).update(at=moment(committed_on))
        paid_on = committed_on + datetime.timedelta(days=rng.randint(0, 200))
        if paid_on > TODAY or financial_year_of(paid_on) != year.year:
            continue
        paid = (award * Decimal("0.8")).quantize(Decimal("0.01"))
        payment = LedgerEntry.objects.create(
            fund_year=year, application=application, kind="payment", amount=paid, actor=world.manager
        )
        LedgerEntry.objects.filter(pk=payment.pk).update(at=moment(paid_on))
        release = LedgerEntry.objects.create(
            fund_year=year, application=application, kind="release", amount=award - paid, actor=world.manager
        )
        LedgerEntry.objects.filter(pk=release.pk).update(at=moment(paid_on))
        FundYear.objects.filter(pk=year.pk).update(committed=year.committed + paid, paid=year.paid + paid)
        year.refresh_from_db()
        for months, jobs in ((6, rng.choice([0, 1, 2])), (12, rng.choice([1, 2, 4]))):
            reported_on = paid_on + datetime.timedelta(days=months * 30)
            if reported_on <= TODAY:
                FollowUpReport.objects.create(
                    application=application,
                    months=months,
                    reported_on=reported_on,
                    jobs_created=Decimal(jobs),
                    investment_it=Decimal(rng.randrange(1000, 30000, 1000)),
                    electricity_saved_kwh=rng.randint(1000, 30000),
                )
    call_command("refresh_milestones", stdout=io.StringIO(), stderr=io.StringIO())


def number(text):
    if text.strip() in ("not shown", "missing", ""):
        return None
    return Decimal(re.sub(r"[£,\s]", "", text))


def from_api(client, period):
    body = client.get("/api/impact/kpis", {"programme": "north-west", "period": period}).json()
    figures: dict = {}
    for kpi in body["kpis"]:
        figures[kpi["key"]] = {"value": None if kpi["value"] is None else Decimal(kpi["value"])}
    for one in body["series"]:
        figures[one["key"]]["quarters"] = [None if q["added"] is None else Decimal(q["added"]) for q in one["quarters"]]
    return figures


def from_page(client, period):
    text = f"{period}" if ".." not in period else None
    params = {"period": text} if text else dict(zip(("from", "to"), period.split(".."), strict=True))
    report = client.get(reverse("impact:kpis"), {"programme": "north-west", **params}).context["report"]
    return {one.key: {"value": report.kpi(one.key).figure.value, "quarters": list(one.added)} for one in report.series}


def from_workbook(client, period):
    response = funder_report_file(client, "xlsx", {"programme": "north-west", "period": period})
    book = load_workbook(io.BytesIO(response.content))
    titles = {kpi.title: kpi.key for kpi in REGISTER}
    figures: dict = {}
    for title, value, *_ in book["KPIs"].iter_rows(min_row=2, values_only=True):
        if title in titles:
            figures[titles[title]] = {"value": None if isinstance(value, str) else Decimal(str(value)), "quarters": []}
    over_time = book["Over time"].iter_rows(min_row=2, values_only=True) if "Over time" in book.sheetnames else []
    for title, _, _, _, _, added, *_ in over_time:
        figures[titles[title]]["quarters"].append(None if isinstance(added, str) else Decimal(str(added)))
    return figures


def from_csv(client, period):
    response = client.get(
        reverse("impact:funder-report", kwargs={"fmt": "csv"}), {"programme": "north-west", "period": period}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    figures: dict = {}
    for row in rows:
        entry = figures.setdefault(row["Key"], {"quarters": []})
        if row["Quarter"].startswith("Whole period"):
            entry["value"] = number(row["Added"])
        else:
            entry["quarters"].append(number(row["Added"]))
    return figures


def from_pdf_html(world, period, suppress_small=False):
    html = funder_html(funder_report([world.programme], parse_period(period), suppress_small=suppress_small))
    figures: dict = {}
    for key, cells in re.findall(r'<tr data-measure="(\w+)">(.*?)</tr>', html, re.S):
        values = [number(cell) for cell in re.findall(r'<td class="num">(.*?)</td>', cells)]
        figures.setdefault(key, {"quarters": []})["quarters"].extend(values)
    titles = {measure.title: measure.key for measure in REGISTER}
    for title, value in re.findall(r'<td>([^<]+)</td>\s*<td class="num">([^<]*)</td>', html):
        if title in titles:  # the KPI table comes first; the quarter tables repeat the titles
            figures.setdefault(titles[title], {}).setdefault("value", number(value))
    return figures


def assert_adds_up(figures, where):
    for key in SHOWN:
        value, quarters = figures[key]["value"], figures[key]["quarters"]
        if value is None:  # missing until a follow-up reports it
            assert all(q in (None, 0) for q in quarters), (where, key)
            continue
        total = sum((q for q in quarters if q is not None), Decimal(0))
        assert total == value, (where, key, total, value)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_every_output_shows_the_same_figures_and_their_quarters_add_up(client, world, seed):
    generate_programme(world, seed)
    client.force_login(world.manager)
    for period in PERIODS:
        outputs = {
            "api": from_api(client, period),
            "page": from_page(client, period),
            "workbook": from_workbook(client, period),
            "csv": from_csv(client, period),
            "pdf": from_pdf_html(world, period),
        }
        for where, figures in outputs.items():
            assert_adds_up(figures, f"{where} {period}")
        for key in SHOWN:
            values = {where: figures[key]["value"] for where, figures in outputs.items()}
            assert len(set(values.values())) == 1, (period, key, values)


@pytest.mark.django_db
def test_the_stages_nest_and_the_money_stays_inside_the_budget(client, world):
    generate_programme(world, 3)
    client.force_login(world.manager)
    for period in PERIODS:
        body = client.get("/api/impact/kpis", {"programme": "north-west", "period": period}).json()
        to_date = {one["key"]: Decimal(one["quarters"][-1]["to_date"]) for one in body["series"]}
        assert to_date["engaged"] >= to_date["supported"] >= to_date["investing"]
        assert to_date["paid"] <= to_date["committed"]
    budget = sum(year.budget for year in FundYear.objects.filter(fund=world.fund))
    committed = sum(year.committed for year in FundYear.objects.filter(fund=world.fund))
    assert committed <= budget


@pytest.mark.django_db
def test_an_evaluator_sees_no_figure_behind_fewer_than_five_companies_in_any_output(client, world):
    generate_programme(world, 4)
    client.force_login(world.manager)
    full = {period: client.get(reverse("impact:kpis"), {"period": period}).context["report"] for period in PERIODS[:2]}
    client.force_login(world.programme_evaluator)
    for period, report in full.items():
        outputs = {
            "api": from_api(client, period),
            "workbook": from_workbook(client, period),
            "csv": from_csv(client, period),
            "pdf": from_pdf_html(world, period, suppress_small=True),
        }
        for key in SHOWN:
            figures = report.figures[key]
            small = [0 < row.added.companies < 5 for row in figures.rows]
            for where, shown in outputs.items():
                if 0 < figures.period.companies < 5:
                    assert shown[key]["value"] is None, (where, period, key)
                quarters = shown[key].get("quarters", [])  # none at all when too few companies to show any
                for index, hidden in enumerate(small):
                    if hidden and quarters:
                        assert quarters[index] is None, (where, period, key, index)


@pytest.mark.django_db
def test_the_simulators_calibration_reads_the_same_measures_as_the_kpis(world):
    generate_programme(world, 5)
    report = kpi_report([world.programme], ALL_TIME, timezone.localdate(), hide_small_groups=False)
    history = programme_history(world.programme, timezone.localdate(), maturity_months=12)
    assert history.investing_to_date == report.kpi("investing").figure.value
    assert history.supported_to_date == report.kpi("supported").figure.value
    assert sum(history.grant_per_investing) == pytest.approx(float(report.kpi("paid").figure.value))
    assert sum(history.jobs_per_investing) == pytest.approx(float(report.kpi("jobs").figure.value or 0))
