import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from adopt.assessments.frameworks import all_frameworks
from adopt.assessments.tests.factories import AssessmentFactory
from adopt.companies.tests.factories import CompanyFactory
from adopt.core.models import AuditEvent
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.services import roadmap_replan

pytestmark = pytest.mark.django_db

SETTINGS = {
    "objectives": ["cut_waste", "improve_quality"],
    "cost_labour": "30",
    "cost_materials": "50",
    "cost_energy": "10",
    "cost_overheads": "10",
    "budget_now": "25000",
    "budget_next": "50000",
    "budget_later": "75000",
    "projects_at_once": "",
    "electricity_kwh": "200000",
    "gas_kwh": "",
}


def page_url(world):
    return page(world)


def page(world):
    return reverse("roadmaps:roadmap", kwargs={"company_pk": world.company.pk})


def post_plan(client, world, **changes):
    return client.post(
        reverse("roadmaps:plan", kwargs={"company_pk": world.company.pk}), {**SETTINGS, **changes}, follow=True
    )


def test_the_adviser_saves_settings_and_gets_a_new_version_with_reasons(client, world):
    client.force_login(world.adviser)
    response = post_plan(client, world)
    assert response.status_code == 200
    roadmap = Roadmap.objects.get(company=world.company)
    latest = roadmap.versions.first()
    assert latest.number == 2
    assert latest.items > 0
    assert latest.inputs["objectives"] == ["cut_waste", "improve_quality"]
    assert "Gaps it closes" in response.text
    assert "Why not" in response.text or latest.plan["left_out"] == []


def test_replanning_with_htmx_returns_only_the_plan(client, world):
    client.force_login(world.adviser)
    response = client.post(
        reverse("roadmaps:plan", kwargs={"company_pk": world.company.pk}), SETTINGS, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Planned: version 2" in response.text


def test_cost_shares_that_do_not_add_up_are_refused(client, world):
    client.force_login(world.adviser)
    response = post_plan(client, world, cost_energy="40")
    assert response.status_code == 422
    assert "The cost shares add up to 130%" in response.text
    assert Roadmap.objects.get(company=world.company).versions.count() == 1


def test_a_negative_budget_is_refused(client, world):
    client.force_login(world.adviser)
    response = post_plan(client, world, budget_now="-5")
    assert response.status_code == 422
    assert Roadmap.objects.get(company=world.company).versions.count() == 1


def test_a_zero_budget_in_every_phase_is_refused_and_no_empty_version_is_stored(client, world):
    client.force_login(world.adviser)
    response = post_plan(client, world, budget_now="0", budget_next="0", budget_later="0")
    assert response.status_code == 422
    assert "Give at least one phase a budget" in response.text
    assert Roadmap.objects.get(company=world.company).versions.count() == 1


def test_a_company_member_sees_the_roadmap_but_cannot_plan_it(client, world):
    client.force_login(world.sme_member)
    response = client.get(page(world))
    assert response.status_code == 200
    assert "Save and plan" not in response.text
    assert post_plan(client, world).status_code == 403


def test_an_adviser_of_another_programme_cannot_reach_the_roadmap(client, world):
    client.force_login(world.sme_outsider)
    assert post_plan(client, world).status_code == 404


def test_dropping_an_item_replans_without_it_and_says_why(client, world):
    client.force_login(world.adviser)
    first = world.roadmap.versions.first().plan["items"][0]
    url = reverse("roadmaps:item", kwargs={"company_pk": world.company.pk, "key": first["key"]})
    client.post(url, {"action": "exclude"})
    latest = Roadmap.objects.get(pk=world.roadmap.pk).versions.first()
    assert first["key"] not in {item["key"] for item in latest.plan["items"]}
    reasons = {item["key"]: item["explanation"] for item in latest.plan["left_out"]}
    assert reasons[first["key"]] == "Excluded by the adviser."
    assert latest.reason == f"Dropped: {first['name']}"


def test_a_pin_beyond_the_budget_is_explained_and_no_version_is_stored(client, world):
    client.force_login(world.adviser)
    url = reverse("roadmaps:item", kwargs={"company_pk": world.company.pk, "key": "industrial_robots"})
    response = client.post(url, {"action": "pin", "phase": "2"}, follow=True)
    assert "more than its budget of £60,000" in response.text
    assert world.roadmap.versions.count() == 1


def test_the_company_moves_an_item_along_and_it_is_audited(client, world):
    client.force_login(world.sme_member)
    key = world.roadmap.versions.first().plan["items"][0]["key"]
    client.post(reverse("roadmaps:progress", kwargs={"company_pk": world.company.pk, "key": key}), {"status": "done"})
    world.roadmap.refresh_from_db()
    assert world.roadmap.item_status[key] == "done"
    assert AuditEvent.objects.filter(object_id=world.roadmap.pk, action="progress", to_state="done").exists()


def test_an_item_done_is_not_planned_again(client, world):
    client.force_login(world.adviser)
    key = world.roadmap.versions.first().plan["items"][0]["key"]
    client.post(reverse("roadmaps:progress", kwargs={"company_pk": world.company.pk, "key": key}), {"status": "done"})
    post_plan(client, world)
    latest = world.roadmap.versions.first()
    assert key not in {item["key"] for item in latest.plan["items"]}
    assert key in latest.inputs["done"]


def test_the_versions_page_shows_what_changed(client, world):
    client.force_login(world.adviser)
    post_plan(client, world, budget_now="60000")
    response = client.get(reverse("roadmaps:versions", kwargs={"company_pk": world.company.pk}))
    assert "From version 1 to version 2" in response.text
    assert "Budgets per phase: £20,000, £40,000, £60,000 → £60,000, £50,000, £75,000." in response.text


def test_comparing_a_version_that_does_not_exist_is_a_clear_error(client, world):
    client.force_login(world.adviser)
    post_plan(client, world)
    response = client.get(reverse("roadmaps:versions", kwargs={"company_pk": world.company.pk}) + "?from=9&to=1")
    assert response.status_code == 422
    assert "Choose two versions" in response.text


def test_the_adviser_proposes_a_version_and_the_company_agrees_it(client, world):
    client.force_login(world.sme_member)
    agree = reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1})
    page = client.post(agree, follow=True).content.decode()
    assert "Your adviser has not proposed this version yet" in page
    world.roadmap.refresh_from_db()
    assert world.roadmap.agreed_version is None
    client.force_login(world.adviser)
    client.post(reverse("roadmaps:propose", kwargs={"company_pk": world.company.pk, "number": 1}))
    client.force_login(world.sme_member)
    assert "Agree this version" in client.get(page_url(world)).content.decode()
    client.post(agree)
    world.roadmap.refresh_from_db()
    assert world.roadmap.agreed_version.number == 1
    assert world.roadmap.agreed_by == world.sme_member
    assert world.roadmap.agreed_for_company_by == ""


def test_the_adviser_cannot_agree_for_the_company_without_naming_who_agreed_and_when(client, world):
    client.force_login(world.adviser)
    agree = reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1})
    page = client.post(agree, follow=True).content.decode()
    assert "Record who at the company agreed, and on what date" in page
    world.roadmap.refresh_from_db()
    assert world.roadmap.agreed_version is None
    today = timezone.localdate()
    client.post(agree, {"person": "Pat Director", "agreed_on": today.isoformat()})
    world.roadmap.refresh_from_db()
    assert world.roadmap.agreed_version.number == 1
    assert world.roadmap.agreed_for_company_by == "Pat Director"
    assert timezone.localdate(world.roadmap.agreed_at) == today


def test_an_agreement_dated_before_the_version_was_planned_is_refused(client, world):
    client.force_login(world.adviser)
    agree = reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1})
    before = timezone.localdate(world.roadmap.versions.get(number=1).created_at) - datetime.timedelta(days=1)
    page = client.post(agree, {"person": "Pat", "agreed_on": before.isoformat()}, follow=True).content.decode()
    assert "it cannot be agreed earlier" in page


def test_a_proposal_replaced_by_a_new_plan_cannot_be_agreed(client, world):
    client.force_login(world.adviser)
    client.post(reverse("roadmaps:propose", kwargs={"company_pk": world.company.pk, "number": 1}))
    post_plan(client, world, budget_now="30000")
    client.force_login(world.sme_member)
    client.post(reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1}))
    world.roadmap.refresh_from_db()
    assert world.roadmap.agreed_version is None


def test_an_agreement_dated_in_the_future_is_refused(client, world):
    client.force_login(world.adviser)
    agree = reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(agree, {"person": "Pat", "agreed_on": tomorrow.isoformat()}, follow=True).content.decode()
    assert "cannot be in the future" in page


def test_the_pdf_is_a_pdf_with_the_company_and_its_plan(client, world):
    client.force_login(world.sme_member)
    response = client.get(reverse("roadmaps:pdf", kwargs={"company_pk": world.company.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 10_000


def test_the_pdf_is_tagged_for_screen_readers_in_british_english_with_every_radar_label_whole(client, world):
    client.force_login(world.sme_member)
    response = client.get(reverse("roadmaps:pdf", kwargs={"company_pk": world.company.pk}))
    reader = PdfReader(io.BytesIO(response.content))
    catalog: Any = reader.root_object
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert "pdfuaid:part" in catalog["/Metadata"].get_object().get_data().decode()
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    # The radar's labels, one after another: any label cut short would break the run.
    titles = [dimension.title for dimension in all_frameworks()["manufacturing-diagnostic@1"].dimensions]
    assert "Workforce learning and development" in titles
    assert " ".join(titles) in text


def test_a_company_with_no_assessment_is_told_to_complete_one_first(client, world):
    company = CompanyFactory(programme=world.programme, adviser=world.adviser)
    client.force_login(world.adviser)
    response = client.post(reverse("roadmaps:plan", kwargs={"company_pk": company.pk}), SETTINGS, follow=True)
    assert "no submitted diagnostic or self-assessment" in response.text
    assert not Roadmap.objects.get(company_id=company.pk).versions.exists()


def test_a_diagnostic_is_preferred_to_the_self_assessment(client, world):
    AssessmentFactory(company=world.company, framework_key="manufacturing-diagnostic", level=0.2)
    client.force_login(world.adviser)
    post_plan(client, world)
    latest = world.roadmap.versions.first()
    assert latest.inputs["levels_source"].startswith("Manufacturing digital diagnostic")
    assert latest.inputs["funding"]["match_rate"] == str(Decimal("0.500"))


def test_the_catalogue_page_lists_every_technology_with_its_sources(client, db):
    response = client.get(reverse("roadmaps:catalogue"))
    assert response.status_code == 200
    assert "Cyber Essentials baseline" in response.text
    assert "Sources of the benefit ranges" in response.text


def test_an_item_with_a_grant_links_to_an_application_for_that_item(client, world):
    client.force_login(world.sme_member)
    item = next(i for i in world.roadmap.versions.first().plan["items"] if Decimal(i["costs"]["grant"]) > 0)
    response = client.get(page(world))
    assert f"project_key={item['key']}" in response.text
    form = client.get(
        reverse("funding:application-new", kwargs={"company_pk": world.company.pk}),
        {"project_key": item["key"], "title": item["name"]},
    )
    assert f'value="{item["key"]}"' in form.text


def test_an_application_for_an_item_shows_its_status_on_the_roadmap(client, world):
    item = world.roadmap.versions.first().plan["items"][0]
    world.application.project_key = item["key"]
    world.application.save()
    client.force_login(world.adviser)
    response = client.get(page(world))
    assert world.application.title in response.text


def test_the_api_gives_the_latest_roadmap_with_reasons_to_those_who_may_see_it(client, world):
    client.force_login(world.sme_member)
    data = client.get(f"/api/roadmaps/companies/{world.company.pk}").json()
    assert data["version"] == 1
    assert data["items"][0]["why_phase"]
    assert {o["key"] for o in data["outcomes"]} >= {"productivity", "gva", "jobs", "co2e"}
    client.force_login(world.sme_outsider)
    assert client.get(f"/api/roadmaps/companies/{world.company.pk}").status_code == 404


def test_the_programme_page_hides_roadmap_figures_below_five_companies(client, world):
    client.force_login(world.manager)
    response = client.get(reverse("programmes:programme-detail", kwargs={"slug": world.programme.slug}))
    assert "Fewer than 5 companies have a roadmap" in response.text


def test_the_programme_page_sums_the_latest_plans_of_five_or_more_companies(client, world):
    for _ in range(4):
        company = CompanyFactory(programme=world.programme)
        AssessmentFactory(company=company)
        roadmap = Roadmap.objects.create(company_id=company.pk, budget_now=20000, budget_next=40000, budget_later=60000)
        roadmap_replan(roadmap, actor=None, reason="test")
    client.force_login(world.manager)
    response = client.get(reverse("programmes:programme-detail", kwargs={"slug": world.programme.slug}))
    assert "5 companies have a roadmap" in response.text
