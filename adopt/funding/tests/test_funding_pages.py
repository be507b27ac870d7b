import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from adopt.companies.models import Company
from adopt.core.testing import tiny_pdf
from adopt.funding.declarations import current_declarations
from adopt.funding.exports import company_identifier
from adopt.funding.models import FundYear, GrantApplication
from adopt.funding.services import application_transition, review_add
from adopt.funding.tests.factories import ready_application, submit_application

S = GrantApplication.Status


def test_a_member_applies_adds_costs_and_evidence_and_submits(client, sme_user, world, funding):
    client.force_login(sme_user)
    response = client.post(
        reverse("funding:application-new", kwargs={"company_pk": world.company.pk}),
        {
            "scheme": funding["scheme"].pk,
            "title": "Cobot for packing",
            "financial_year": "2026",
            "hours": "0",
            "places": "0",
            "expected_jobs": "1.5",
            "expected_roles_upskilled": "4",
            "expected_productivity_pct": "12",
            "expected_energy_kwh": "0",
        },
    )
    application = GrantApplication.objects.get(title="Cobot for packing")
    assert response.url == reverse("funding:application-detail", kwargs={"pk": application.pk})
    detail = reverse("funding:application-cost", kwargs={"pk": application.pk})
    client.post(
        detail,
        {
            "description": "Collaborative robot arm",
            "cost_type": "equipment",
            "supplier": "Robots Ltd",
            "amount": "24000.00",
        },
    )
    client.post(detail, {"description": "Staff time", "cost_type": "other", "amount": "3000"})
    upload = reverse("funding:application-document", kwargs={"pk": application.pk})
    client.post(upload, {"kind": "match_funding", "file": SimpleUploadedFile("letter.pdf", tiny_pdf())})
    application.refresh_from_db()
    assert application.grant_requested == Decimal("12000.00")
    page = client.get(reverse("funding:application-detail", kwargs={"pk": application.pk})).content.decode()
    assert "50% of £24,000.00 eligible cost = £12,000.00" in page
    assert "Check your answers and submit" in page
    check = reverse("funding:application-check", kwargs={"pk": application.pk})
    answers = client.get(check).content.decode()
    assert "Cobot for packing" in answers
    assert "Collaborative robot arm" in answers
    assert "Internship hours" not in answers  # a technology grant asks only its own questions
    response = client.post(check, dict.fromkeys(current_declarations().keys, "on"))
    assert response.url == reverse("funding:application-submitted", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    made = application.declarations.all()
    assert {d.key for d in made} == current_declarations().keys
    assert all(d.made_by == sme_user and d.version == current_declarations().version for d in made)


def test_a_negative_or_non_numeric_cost_is_refused_and_nothing_saved(client, sme_user, world, funding):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(sme_user)
    url = reverse("funding:application-cost", kwargs={"pk": application.pk})
    for amount, message in (("-5", "Enter an amount above zero"), ("lots", "Enter the amount as a number")):
        response = client.post(url, {"description": "x", "cost_type": "equipment", "amount": amount}, follow=True)
        assert message in response.content.decode()
    assert application.costs.count() == 1


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(client, sme_user, world, funding):
    application = ready_application(world.company, funding["scheme"])
    client.force_login(sme_user)
    url = reverse("funding:application-document", kwargs={"pk": application.pk})
    response = client.post(
        url, {"kind": "quote", "file": SimpleUploadedFile("quote.pdf", b"MZ\x90\x00 not a pdf")}, follow=True
    )
    assert "Upload a PDF, JPEG or PNG file" in response.content.decode()
    assert application.documents.count() == 1


def test_a_wrong_role_move_is_explained_on_the_page(client, sme_user, world, funding):
    application = ready_application(world.company, funding["scheme"], status="recommended")
    client.force_login(sme_user)
    response = client.post(
        reverse("funding:application-move", kwargs={"pk": application.pk}), {"to": "approved"}, follow=True
    )
    assert "You cannot “approve and commit the grant”" in response.content.decode()


def test_the_approval_board_shows_the_recommendation_summary(client, world, funding):
    application = ready_application(world.company, funding["scheme"])
    submit_application(application.pk, actor=world.adviser)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    review_add(
        GrantApplication.objects.get(pk=application.pk),
        reviewer=world.adviser,
        scores={"fit": 5, "value": 4},
        comment="",
    )
    application_transition(application.pk, S.RECOMMENDED, actor=world.adviser)
    client.force_login(world.manager)
    body = client.get(reverse("funding:approval-board")).content.decode()
    assert "£7,500.00 from Technology grant" in body
    assert "after 1 review" in body


def approved(world, funding, amount="15000.00", key="x"):
    application = ready_application(
        world.company,
        funding["scheme"],
        amount=amount,
        status="recommended",
        project_key=key,
        recommended_by=world.adviser,
    )
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    return application


def test_the_fund_dashboard_shows_budget_committed_and_left_by_year(client, world, funding):
    approved(world, funding)
    ready_application(world.company, funding["scheme"], amount="4000", status="submitted", project_key="y")
    client.force_login(world.manager)
    body = client.get(reverse("funding:fund-detail", kwargs={"pk": funding["year"].fund.pk})).content.decode()
    assert "£100,000" in body
    assert "£7,500" in body
    assert "£92,500" in body
    assert "Pipeline: £2,000" in body
    assert "Match funding the companies committed on awarded projects" in body
    assert "£7,500" in body


def test_the_awards_export_has_real_dates_and_money(client, world, funding):
    approved(world, funding)
    client.force_login(world.manager)
    response = client.get(
        reverse("funding:fund-export-excel", kwargs={"pk": funding["year"].fund.pk, "what": "awards"})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = {header[i]: cell for i, cell in enumerate(sheet[2])}
    assert row["Award"].value == 7500
    assert row["Award"].number_format == '"£"#,##0.00'
    assert row["Decided"].is_date


def test_the_360giving_export_lists_awards_with_recipient_and_funder(client, world, funding):
    approved(world, funding)
    client.force_login(world.manager)
    data = json.loads(
        client.get(reverse("funding:fund-export-360giving", kwargs={"pk": funding["year"].fund.pk})).content
    )
    grant = data["grants"][0]
    assert grant["amountAwarded"] == 7500.0
    assert grant["currency"] == "GBP"
    assert grant["recipientOrganization"][0]["id"] == f"GB-COH-{world.company.companies_house_number}"
    assert grant["fundingOrganization"][0]["name"] == "Example Combined Authority"


RULES_360 = Path(__file__).resolve().parents[1] / "data" / "360giving-rules@1.json"


def test_the_360giving_file_meets_the_standards_rules_with_registered_identifiers(client, world, funding):
    fund = funding["year"].fund
    fund.identifier_prefix, fund.funder_identifier = "360G-northwestdigital", "GB-GOR-PB188"
    fund.save()
    Company.objects.filter(pk=world.company.pk).update(companies_house_number="00445790")
    approved(world, funding)
    client.force_login(world.manager)
    data = client.get(reverse("funding:fund-export-360giving", kwargs={"pk": fund.pk})).json()
    validator = jsonschema_rs.validator_for(json.loads(RULES_360.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)) == []
    grant = data["grants"][0]
    assert grant["id"].startswith("360G-northwestdigital-APP-")
    assert grant["recipientOrganization"][0]["id"] == "GB-COH-00445790"  # the leading zeros kept
    assert grant["recipientOrganization"][0]["companyNumber"] == "00445790"
    assert grant["fundingOrganization"][0]["id"] == "GB-GOR-PB188"


def test_the_rules_refuse_a_placeholder_or_a_number_without_its_leading_zeros():
    validator = jsonschema_rs.validator_for(json.loads(RULES_360.read_text(encoding="utf-8")))
    grant = {
        "id": "360G-x-1",
        "title": "t",
        "description": "d",
        "currency": "GBP",
        "amountAwarded": 10,
        "awardDate": "2026-05-01",
        "recipientOrganization": [{"id": "GB-COH-445790", "name": "A Ltd"}],
        "fundingOrganization": [{"id": "GB-GOR-PB188", "name": "Funder"}],
    }
    assert not validator.is_valid({"grants": [grant]})
    assert not validator.is_valid({"grants": [{**grant, "id": "adopt-1"}]})
    assert validator.is_valid(
        {"grants": [{**grant, "recipientOrganization": [{"id": "GB-COH-00445790", "name": "A"}]}]}
    )


def test_a_fund_refuses_a_360giving_prefix_that_was_not_registered_in_its_form(funding):
    fund = funding["year"].fund
    fund.identifier_prefix = "adopt"
    with pytest.raises(ValidationError, match="starts with 360G-"):
        fund.full_clean()


def test_documents_are_served_only_to_those_who_may_see_the_application(client, world, funding):
    application = ready_application(world.company, funding["scheme"])
    document = application.documents.get()
    url = reverse("funding:document-download", kwargs={"pk": application.pk, "document_pk": document.pk})
    client.force_login(world.sme_outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.sme_member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert FundYear.objects.exists()


def test_a_company_number_keeps_or_regains_its_leading_zeros_in_its_identifier():
    assert company_identifier("01234567") == "GB-COH-01234567"
    assert company_identifier("1234567") == "GB-COH-01234567"
    assert company_identifier("sc1234") == "GB-COH-SC001234"
    assert company_identifier("") is None


def test_the_application_form_asks_only_what_the_schemes_on_offer_need(client, world, funding):
    client.force_login(world.sme_member)
    page = client.get(reverse("funding:application-new", kwargs={"company_pk": world.company.pk})).text
    assert "Internship hours" not in page
    assert "Leadership places" not in page
    assert "---------" not in page
    assert "(optional) (optional)" not in page
    assert "Choose a scheme" in page
