import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from adopt.evaluation.models import AllocationDraw, OutcomeObservation
from adopt.evaluation.services import drawn
from adopt.evaluation.simulation import Simulation
from adopt.evaluation.tests.factories import companies_with_outcomes
from adopt.impact.periods import parse_period
from adopt.impact.reports import funder_html, funder_report
from adopt.jobs.models import Job
from conftest import World

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(world: World, user: object, query: str = "") -> str:
    response = _client(user).get(reverse("evaluation:programme", kwargs={"slug": world.programme.slug}) + query)
    assert response.status_code == 200
    return response.content.decode()


def _numbers(row_html: str) -> list[int]:
    return [int(text.replace(",", "")) for text in re.findall(r"numeric\">(?:<strong>)?([\d,]+)<", row_html)]


def test_the_page_shows_each_method_with_its_level_effect_and_interval(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=300, seed=5))
    html = _page(world, world.manager)
    did = re.search(r'data-method="did">(.*?)</tr>', html, re.S).group(1)
    assert "Difference-in-differences" in did
    assert re.search(r">3<", did)  # Maryland level
    assert re.search(r"[+−]\d+\.\d% to [+−]\d+\.\d%", did)
    assert 'data-method="psm"' in html
    assert "Year by year, before and after support" in html


def test_the_comparison_groups_add_up_to_the_total_on_the_page(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=120, seed=6))
    html = _page(world, world.manager)
    rows = re.findall(r'data-group="(\w+)">(.*?)</tr>', html, re.S)
    groups = [_numbers(cells) for name, cells in rows if name != "total"]
    total = next(_numbers(cells) for name, cells in rows if name == "total")
    assert [sum(column) for column in zip(*groups, strict=True)] == total


def test_an_evaluator_sees_no_grant_one_by_one_and_no_figure_behind_fewer_than_5_companies(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=60, seed=6))
    world.application.ledger.create(fund_year=world.fund.years.get(), kind="payment", amount=5000, actor=world.manager)
    html = _page(world, world.evaluator, "?indicator_set=erdf-2014-2020&period=all")
    assert not re.search(r'data-grant="\d+"', html)
    assert 'data-grant="total"' not in html  # one paid grant: its total would be its own figures
    assert "Fewer than 5 companies stand behind these figures" in html
    assert "not shown (fewer than 5 companies)" in html  # C2: one company paid
    assert "not shown</td>" in html  # a group of fewer than 5 companies
    assert "ons-matching.csv" not in html


def test_an_evaluator_chooses_whole_financial_years_not_dates(world: World) -> None:
    url = reverse("evaluation:indicators-csv", kwargs={"slug": world.programme.slug})
    response = _client(world.evaluator).get(
        url, {"indicator_set": "erdf-2014-2020", "period": "2026-05-01..2026-05-02"}
    )
    assert response.status_code == 400
    assert "dates are for programme staff" in response.content.decode()


def test_a_manager_imports_outcomes_through_a_job_with_a_summary_of_what_was_rejected(world: World) -> None:
    upload = SimpleUploadedFile(
        "outcomes.csv",
        f"company_number,year,employees\n{world.company.companies_house_number},2025,14\n99999999,2025,3\n".encode(),
        content_type="text/csv",
    )
    response = _client(world.manager).post(
        reverse("evaluation:outcomes-upload", kwargs={"slug": world.programme.slug}),
        {"file": upload, "source": "ONS BSD 2026"},
    )
    job = Job.objects.get(kind=Job.Kind.OUTCOMES_IMPORT)
    assert response["Location"] == reverse("jobs:job-detail", kwargs={"pk": job.pk})
    assert job.status == Job.Status.DONE
    assert job.summary["counts"] == {"rows": 2, "saved": 1, "companies": 1, "rejected": 1}
    assert job.result_name == "rejected-rows.csv"
    assert OutcomeObservation.objects.get(company=world.company, year=2025).source == "ONS BSD 2026"


def test_an_import_without_a_source_is_refused_with_the_reason(world: World) -> None:
    upload = SimpleUploadedFile("outcomes.csv", b"company_number,year,employees\n", content_type="text/csv")
    response = _client(world.manager).post(
        reverse("evaluation:outcomes-upload", kwargs={"slug": world.programme.slug}), {"file": upload}, follow=True
    )
    assert "Say where the figures come from" in response.content.decode()
    assert not Job.objects.filter(kind=Job.Kind.OUTCOMES_IMPORT).exists()


def test_a_draw_is_logged_with_its_seed_and_can_be_rerun_by_anyone(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=40, seed=8))
    world.programme.companies.update(eligibility="eligible")
    url = reverse("evaluation:draw-create", kwargs={"slug": world.programme.slug})
    _client(world.manager).post(url, {"wave": "Wave 1", "places": "5"})
    draw = AllocationDraw.objects.get(programme=world.programme, wave="Wave 1")
    assert len(draw.selected) == 5
    assert set(draw.selected) <= set(draw.candidates)
    assert drawn(draw.candidates, draw.places, draw.seed) == draw.selected
    assert "logged random draw" in _page(world, world.manager)


def test_a_wave_is_drawn_once(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=40, seed=8))
    world.programme.companies.update(eligibility="eligible")
    url = reverse("evaluation:draw-create", kwargs={"slug": world.programme.slug})
    client = _client(world.manager)
    client.post(url, {"wave": "Wave 1", "places": "5"})
    response = client.post(url, {"wave": "Wave 1", "places": "6"}, follow=True)
    assert "has been drawn already" in response.content.decode()
    assert AllocationDraw.objects.get(wave="Wave 1").places == 5


def test_the_ons_matching_file_lists_every_company_with_its_references(world: World) -> None:
    world.company.vat_number = "980780684"
    world.company.save()
    response = _client(world.manager).get(reverse("evaluation:ons-matching-csv", kwargs={"slug": world.programme.slug}))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == world.programme.companies.count()
    mine = next(row for row in rows if row["reference"] == str(world.company.pk))
    assert mine["vat_number"] == "980780684"
    assert mine["company_number"] == world.company.companies_house_number


def test_the_indicator_file_has_a_row_per_indicator_and_refuses_a_bad_period(world: World) -> None:
    url = reverse("evaluation:indicators-csv", kwargs={"slug": world.programme.slug})
    client = _client(world.manager)
    response = client.get(url, {"indicator_set": "erdf-2014-2020", "period": "2026-27"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["code"] for row in rows] == ["C1", "C2", "C4", "C5", "C6", "C8"]
    assert {row["period"] for row in rows} == {"2026/27"}
    assert client.get(url, {"indicator_set": "erdf-2014-2020", "period": "soon"}).status_code == 400


def test_the_funder_report_carries_the_evaluation(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=200, seed=9))
    html = funder_html(funder_report([world.programme], parse_period("all")))
    assert "Evaluation: what support did, against a comparison group" in html
    assert "Difference-in-differences" in html


def test_the_api_gives_the_evaluation_the_page_shows(world: World) -> None:
    companies_with_outcomes(world.programme, Simulation(firms=200, seed=12))
    client = _client(world.programme_evaluator)
    data = client.get(f"/api/evaluation/{world.programme.slug}?treated=supported").json()
    did = next(estimate for estimate in data["estimates"] if estimate["method"] == "did")
    assert did["maryland_level"] == 3
    assert did["effect"]["low"] < did["effect"]["estimate"] < did["effect"]["high"]
    shown = [group["companies"] for group in data["groups"] if group["companies"] is not None]
    assert sum(shown) <= data["companies"]
    indicators = client.get(f"/api/evaluation/{world.programme.slug}/indicators?period=2026-27").json()
    assert [row["code"] for row in indicators["indicators"]] == ["C1", "C2", "C4", "C5", "C6", "C8"]
    assert (
        client.get(f"/api/evaluation/{world.programme.slug}/indicators?period=2026-05-01..2026-05-02").status_code
        == 400
    )
    assert client.get(f"/api/evaluation/{world.programme.slug}?outcome=profit").status_code == 400


def test_a_company_given_a_place_is_never_a_candidate_again(world: World) -> None:
    from adopt.evaluation.services import DrawRefused, allocation_draw

    companies_with_outcomes(world.programme, Simulation(firms=30, seed=8))
    ids = list(world.programme.companies.values_list("pk", flat=True))
    first = allocation_draw(world.programme, wave="Wave 1", places=5, candidates=ids, drawn_by=world.manager)
    with pytest.raises(DrawRefused, match="given a place by an earlier draw"):
        allocation_draw(world.programme, wave="Wave 2", places=5, candidates=ids, drawn_by=world.manager)
    rest = [pk for pk in ids if pk not in first.selected]
    second = allocation_draw(world.programme, wave="Wave 2", places=5, candidates=rest, drawn_by=world.manager)
    assert not set(first.selected) & set(second.selected)
