import datetime
import random
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from adopt.companies.models import Company
from adopt.companies.tests.factories import CompanyFactory
from adopt.dashboards.figures import MEASURES, adviser_week, manager_figures, programmes_side_by_side
from adopt.dashboards.selectors import work_waiting
from adopt.funding.models import FundYear
from adopt.funding.selectors import fund_summaries
from adopt.funding.tests.factories import FundYearFactory
from adopt.programmes.models import Programme
from adopt.programmes.tests.factories import ProgrammeFactory
from adopt.support.bookings import booking_create


def test_the_programmes_side_by_side_total_is_the_sum_of_their_rows_and_each_row_counts_its_own(world):
    rng = random.Random(11)  # noqa: S311  # reproducible made-up programmes
    programmes = [world.programme, world.other_programme, *(ProgrammeFactory() for _ in range(3))]
    for programme in programmes:
        for _ in range(rng.randint(0, 12)):
            CompanyFactory(programme=programme, adviser=world.adviser if rng.random() < 0.5 else None)
        for year in (2026, 2027):
            FundYearFactory(fund__programme=programme, year=year, budget=Decimal(rng.randint(0, 10**6)))
    rows, total = programmes_side_by_side(programmes, datetime.date(2026, 12, 1))
    for measure in MEASURES:
        assert getattr(total, measure) == sum(getattr(row, measure) for row in rows), measure
    for row in rows:
        assert row.companies == Company.objects.filter(programme=row.programme).count()
        assert row.waiting_for_adviser == Company.objects.filter(programme=row.programme, adviser=None).count()
        this_year = FundYear.objects.filter(fund__programme=row.programme, year=2026)
        assert row.left_this_year == sum((y.budget - y.committed for y in this_year), Decimal(0))


def test_a_manager_s_pipeline_is_the_fund_page_s_pipeline(world):
    figures = manager_figures(world.programme, timezone.now(), 48)
    funds = list(world.programme.funds.all())
    assert figures.pipeline_requested == sum((s.pipeline for s in fund_summaries(funds)), Decimal(0))
    assert figures.years
    assert sum(y.left for y in figures.years) == sum(s.total_remaining for s in fund_summaries(funds))


def test_the_adviser_s_week_puts_today_s_visit_and_overdue_work_first(world):
    now = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    booking_create(
        company=world.company,
        adviser=world.adviser,
        kind="diagnostic",
        starts_at=now + datetime.timedelta(hours=2),
        minutes=60,
        place="On site",
        actor=world.adviser,
        now=now,
    )
    Company.objects.filter(pk=world.company.pk).update(
        next_action="Call back", next_action_due=now.date() - datetime.timedelta(days=2)
    )
    week = adviser_week(world.adviser, now)
    assert [visit.company for visit in week.visits_today] == [world.company]
    assert [company.pk for company in week.actions_overdue] == [world.company.pk]


def test_the_national_administrator_s_home_shows_every_programme_side_by_side(client, world, admin):
    client.force_login(admin)
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "Programmes side by side" in page
    for programme in Programme.objects.all():
        assert programme.name in page
    assert "figures will appear" not in page


def test_a_manager_s_home_shows_the_budget_left_by_year(client, world, manager):
    client.force_login(manager)
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "Budget by financial year" in page
    assert "2026/27" in page


def test_a_national_overview_of_many_companies_remembers_their_counts_for_a_minute(world, monkeypatch):
    monkeypatch.setattr("adopt.core.paging.REMEMBER_FROM", 1)
    programmes = list(Programme.objects.all())
    before, _ = programmes_side_by_side(programmes, timezone.localdate())
    CompanyFactory(programme=world.programme, adviser=None)
    again, total = programmes_side_by_side(programmes, timezone.localdate())
    assert [(row.companies, row.waiting_for_adviser) for row in again] == [
        (row.companies, row.waiting_for_adviser) for row in before
    ]
    assert total.companies == sum(row.companies for row in again)


def test_a_small_national_overview_counts_its_companies_exactly(world):
    programmes = list(Programme.objects.all())
    before, _ = programmes_side_by_side(programmes, timezone.localdate())
    CompanyFactory(programme=world.programme, adviser=None)
    again, _ = programmes_side_by_side(programmes, timezone.localdate())
    mine = next(i for i, row in enumerate(again) if row.programme == world.programme)
    assert again[mine].companies == before[mine].companies + 1
    assert again[mine].waiting_for_adviser == before[mine].waiting_for_adviser + 1


def _no_adviser(user) -> int:
    return next(item.count for item in work_waiting(user) if item.label == "Companies with no adviser")


def test_the_count_of_many_companies_with_no_adviser_is_remembered_for_a_minute(world, monkeypatch):
    monkeypatch.setattr("adopt.core.paging.REMEMBER_FROM", 1)
    CompanyFactory(programme=world.programme, adviser=None)
    before = _no_adviser(world.manager)
    CompanyFactory(programme=world.programme, adviser=None)
    assert _no_adviser(world.manager) == before


def test_a_small_count_of_companies_with_no_adviser_is_exact(world):
    before = _no_adviser(world.manager)
    CompanyFactory(programme=world.programme, adviser=None)
    assert _no_adviser(world.manager) == before + 1
