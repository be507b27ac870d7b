"""An award as the Subsidy Control Act 2022 asks: the notice before it, the company's written confirmation of its
headroom before the grant is given or paid, the offer letter accepted by typed name and position, variations with a
new letter, and the confirmation letter once given."""

import datetime
import io
from decimal import Decimal
from typing import cast

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from adopt.companies.models import SubsidyReceipt
from adopt.funding.models import FundYear, GrantApplication, LedgerEntry, Scheme
from adopt.funding.offers import Signature, current_notice, current_offer
from adopt.funding.selectors import checks_for
from adopt.funding.services import FundingError, application_transition, offer_vary, subsidy_confirm
from adopt.funding.tests.factories import FundYearFactory, SchemeFactory, accept_offer, ready_application
from adopt.funding.tests.test_workflow import walk_to_recommended

S = GrantApplication.Status


@pytest.fixture
def approved(world, funding):
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)  # £7,500 grant
    walk_to_recommended(application, world.adviser)
    return application_transition(application.pk, S.APPROVED, actor=world.manager)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_approval_issues_the_offer_and_the_section_37_notice_with_the_gross_value(approved):
    offer = current_offer(approved)
    notice = current_notice(approved)
    assert (offer.number, offer.amount, offer.template) == (1, Decimal("7500.00"), "offer@1")
    assert offer.claim_deadline > timezone.localdate()
    assert (notice.gross_value, notice.limit) == (Decimal("7500.00"), Decimal("315000.00"))
    assert notice.confirmed_at is None


def test_the_offer_cannot_be_accepted_before_the_headroom_is_confirmed(world, approved):
    with pytest.raises(FundingError, match="Confirm the business's subsidy headroom"):
        application_transition(
            approved.pk, S.OFFER_ACCEPTED, actor=world.sme_member, signature=Signature("Sam", "Director", None)
        )


def test_accepting_records_the_typed_name_position_time_and_address_and_gives_the_assistance(client, world, approved):
    client.force_login(world.sme_member)
    notice_page = reverse("funding:subsidy-confirmation", kwargs={"pk": approved.pk})
    assert "gross value of <strong>£7,500.00</strong>" in client.get(notice_page).content.decode()
    client.post(notice_page, {"other_assistance": "12000", "name": "Sam Owner", "confirm": "on"})
    accept = reverse("funding:offer-accept", kwargs={"pk": approved.pk})
    response = client.post(
        accept, {"name": "Sam Owner", "position": "Managing director", "accept": "on"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == S.OFFER_ACCEPTED
    offer = current_offer(approved)
    assert (offer.accepted_name, offer.accepted_position, offer.accepted_from) == (
        "Sam Owner",
        "Managing director",
        "203.0.113.9",
    )
    notice = current_notice(approved)
    assert notice.confirmed_other_mfa == Decimal("12000.00")
    assert notice.given_at == offer.accepted_at


def test_acceptance_without_a_name_or_position_is_refused_on_the_page(client, world, approved):
    accept_offer_page = reverse("funding:offer-accept", kwargs={"pk": approved.pk})
    subsidy_confirm(approved.pk, actor=world.sme_member, name="Sam Owner", other_assistance=Decimal(0))
    client.force_login(world.sme_member)
    page = client.post(accept_offer_page, {"name": "", "position": "", "accept": "on"}).content.decode()
    assert "Type your full name to accept the offer." in page
    assert "Enter your position in the business" in page
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_a_confirmation_that_would_go_over_the_limit_across_programmes_is_refused_with_the_figures(
    world, funding, approved
):
    earlier_scheme = cast(Scheme, SchemeFactory(fund=FundYearFactory(fund__programme=world.other_programme).fund))
    GrantApplication.objects.create(
        company=world.company,
        scheme=earlier_scheme,
        title="Earlier grant",
        financial_year=2025,
        status=S.PAID,
        award=Decimal("200000"),
        paid=Decimal("200000"),
        decided_at=timezone.now() - datetime.timedelta(days=30),
        created_by=world.manager,
    )
    window = current_notice(approved).window_starts
    with pytest.raises(FundingError) as refused:
        subsidy_confirm(approved.pk, actor=world.sme_member, name="Sam Owner", other_assistance=Decimal("110000"))
    assert str(refused.value) == (
        f"£110,000.00 from other bodies plus £200,000.00 awarded through Adopt since {window:%d %B %Y}, plus this "
        "£7,500.00, is £317,500.00: over the £315,000.00 limit by £2,500.00. The award cannot be given as Minimal "
        "Financial Assistance; speak to the programme."
    )
    assert current_notice(approved).confirmed_at is None


def test_a_grant_is_never_paid_before_the_company_confirmed_its_headroom(world, approved):
    GrantApplication.objects.filter(pk=approved.pk).update(status=S.CLAIM_APPROVED)
    with pytest.raises(FundingError, match="section 37"):
        application_transition(approved.pk, S.PAID, actor=world.manager)


def test_the_offer_letter_pdf_states_the_amount_deadline_conditions_and_mfa(client, world, approved):
    client.force_login(world.sme_member)
    response = client.get(reverse("funding:offer-letter", kwargs={"pk": approved.pk, "number": 1}))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    offer = current_offer(approved)
    assert "£7,500.00" in text
    assert f"{offer.claim_deadline:%-d %B %Y}" in text
    assert "Minimal Financial Assistance" in text
    assert "section 36 of the Subsidy Control Act 2022" in text
    assert "at 6, 12 and 24 months" in text


def test_the_mfa_confirmation_letter_exists_only_once_the_assistance_is_given(client, world, approved):
    client.force_login(world.sme_member)
    url = reverse("funding:mfa-confirmation", kwargs={"pk": approved.pk})
    assert client.get(url).status_code == 404
    accept_offer(approved.pk, actor=world.sme_member)
    text = pdf_text(client.get(url).content)
    assert "is given as Minimal Financial Assistance" in text
    assert "£7,500.00" in text
    assert f"{timezone.localdate():%-d %B %Y}" in text


def test_a_variation_moves_the_commitment_issues_a_new_letter_and_asks_for_acceptance_again(world, funding, approved):
    accept_offer(approved.pk, actor=world.sme_member)
    approved.costs.create(description="Second PLC", cost_type="equipment", amount=Decimal("3000"))
    deadline = timezone.localdate() + datetime.timedelta(days=400)
    offer_vary(approved.pk, actor=world.manager, amount=Decimal("9000"), claim_deadline=deadline, reason="Extra PLC")
    application = GrantApplication.objects.get(pk=approved.pk)
    assert (application.status, application.award) == (S.APPROVED, Decimal("9000.00"))
    offer = current_offer(application)
    assert (offer.number, offer.amount, offer.claim_deadline, offer.accepted_at) == (
        2,
        Decimal("9000.00"),
        deadline,
        None,
    )
    notice = current_notice(application)
    assert (notice.gross_value, notice.confirmed_at) == (Decimal("9000.00"), None)
    year = FundYear.objects.get(pk=funding["year"].pk)
    ledger = LedgerEntry.objects.filter(fund_year=year)
    committed = sum(e.amount for e in ledger if e.kind == "commitment") - sum(
        e.amount for e in ledger if e.kind == "release"
    )
    assert year.committed == committed == Decimal("9000.00")
    accept_offer(approved.pk, actor=world.sme_member)
    assert GrantApplication.objects.get(pk=approved.pk).status == S.OFFER_ACCEPTED


def test_a_variation_down_releases_the_difference_and_only_a_manager_may_vary(world, funding, approved):
    deadline = timezone.localdate() + datetime.timedelta(days=200)
    with pytest.raises(FundingError, match="Only the programme's managers"):
        offer_vary(approved.pk, actor=world.adviser, amount=Decimal("5000"), claim_deadline=deadline, reason="x")
    offer_vary(approved.pk, actor=world.manager, amount=Decimal("5000"), claim_deadline=deadline, reason="Smaller")
    year = FundYear.objects.get(pk=funding["year"].pk)
    assert year.committed == Decimal("5000.00")
    assert LedgerEntry.objects.filter(application=approved, kind="release").get().amount == Decimal("2500.00")


def test_a_variation_without_a_reason_or_change_is_refused(world, approved):
    offer = current_offer(approved)
    with pytest.raises(FundingError, match="Give the reason"):
        offer_vary(
            approved.pk, actor=world.manager, amount=Decimal("8000"), claim_deadline=offer.claim_deadline, reason=""
        )
    with pytest.raises(FundingError, match="changes neither"):
        offer_vary(
            approved.pk, actor=world.manager, amount=offer.amount, claim_deadline=offer.claim_deadline, reason="Same"
        )


def test_declared_receipts_are_counted_by_the_dated_limit_not_a_programme_setting(world, funding):
    SubsidyReceipt.objects.create(
        company=world.company, granted_on=timezone.localdate(), amount_gbp=Decimal("310000"), grantor="Council"
    )
    application = ready_application(world.company, funding["scheme"])
    check = next(c for c in checks_for(application) if c.key == "subsidy")
    assert "over the £315,000.00 allowance by £2,500.00" in check.reason


def test_a_colleague_who_is_not_an_owner_cannot_sign_for_the_business(world, approved):
    from adopt.companies.models import CompanyMembership
    from adopt.companies.tests.factories import CompanyMembershipFactory

    colleague = CompanyMembershipFactory(company=world.company, role=CompanyMembership.Role.MEMBER).user
    with pytest.raises(FundingError, match="Only an owner or director"):
        subsidy_confirm(approved.pk, actor=colleague, name="Col League", other_assistance=Decimal(0))
    subsidy_confirm(approved.pk, actor=world.sme_member, name="Sam Owner", other_assistance=Decimal(0))
    with pytest.raises(FundingError, match="Only an owner or director"):
        application_transition(
            approved.pk, S.OFFER_ACCEPTED, actor=colleague, signature=Signature("Col League", "Buyer", None)
        )


def test_staff_may_record_the_business_s_written_acceptance_and_the_trail_says_so(world, approved):
    from adopt.core.audit import Action, audit_trail

    accept_offer(approved.pk, actor=world.adviser)
    accepted = [e for e in audit_trail(GrantApplication, approved.pk) if e.action == Action.OFFER_ACCEPTED]
    assert accepted[0].comment == (
        f"Signed by Sam Owner, Managing director, recorded by {world.adviser} from the business's written word."
    )


def test_accepting_again_after_new_dates_keeps_the_date_the_assistance_was_given(world, approved):
    accept_offer(approved.pk, actor=world.sme_member)
    given = current_notice(approved).given_at
    later = timezone.localdate() + datetime.timedelta(days=500)
    offer_vary(approved.pk, actor=world.manager, amount=Decimal("7500"), claim_deadline=later, reason="Delivery late")
    application_transition(
        approved.pk, S.OFFER_ACCEPTED, actor=world.sme_member, signature=Signature("Sam Owner", "Director", None)
    )
    assert current_notice(approved).given_at == given
    assert current_offer(approved).number == 2


def test_a_variation_above_the_scheme_s_cap_or_by_the_company_s_own_adviser_is_refused(world, funding, approved):
    later = timezone.localdate() + datetime.timedelta(days=200)
    approved.costs.create(description="Whole line", cost_type="equipment", amount=Decimal("60000"))
    with pytest.raises(FundingError, match=r"£20,000.00 at most \(.*capped at £20,000.00\)"):
        offer_vary(approved.pk, actor=world.manager, amount=Decimal("20000.01"), claim_deadline=later, reason="More")
    world.company.adviser = world.manager
    world.company.save()
    with pytest.raises(FundingError, match="on your caseload"):
        offer_vary(approved.pk, actor=world.manager, amount=Decimal("8000"), claim_deadline=later, reason="More")


def test_a_claim_after_the_offer_s_deadline_is_refused(world, approved, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from adopt.funding.services import claim_submit

    accept_offer(approved.pk, actor=world.sme_member)
    deadline = current_offer(approved).claim_deadline
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: deadline + datetime.timedelta(days=1))
    pdf = SimpleUploadedFile("i.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(FundingError, match="claim deadline was"):
        claim_submit(
            GrantApplication.objects.get(pk=approved.pk),
            actor=world.sme_member,
            amount=Decimal("100"),
            invoice_date=deadline,
            invoice=pdf,
            proof=pdf,
        )


def test_the_bare_claim_button_is_refused(client, world, approved):
    accept_offer(approved.pk, actor=world.sme_member)
    client.force_login(world.sme_member)
    page = client.post(reverse("funding:application-move", kwargs={"pk": approved.pk}), {"to": "claimed"}, follow=True)
    assert "Submit a claim with its invoice and proof of payment" in page.content.decode()
    assert GrantApplication.objects.get(pk=approved.pk).status == S.OFFER_ACCEPTED


def test_grants_approved_before_offers_were_kept_get_one_to_accept_and_earlier_ones_are_paid_as_before(world, funding):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("adopt.funding.migrations.0006_offers_for_grants_approved_before")
    waiting = ready_application(world.company, funding["scheme"], title="Approved, not accepted")
    accepted = ready_application(world.company, funding["scheme"], title="Accepted long ago")
    GrantApplication.objects.filter(pk=waiting.pk).update(status=S.APPROVED, award=Decimal("7500"))
    GrantApplication.objects.filter(pk=accepted.pk).update(status=S.OFFER_ACCEPTED, award=Decimal("7500"))
    backfill.issue_missing_offers(apps, None)
    assert current_offer(waiting).amount == Decimal("7500.00")
    assert current_notice(waiting).confirmed_at is None
    assert current_offer(accepted) is None
    accept_offer(waiting.pk, actor=world.sme_member)
    assert GrantApplication.objects.get(pk=waiting.pk).status == S.OFFER_ACCEPTED


def test_a_variation_cannot_give_more_than_the_costs_justify(world, approved):
    later = timezone.localdate() + datetime.timedelta(days=200)
    with pytest.raises(FundingError, match="justify a grant of £7,500.00 at most"):
        offer_vary(approved.pk, actor=world.manager, amount=Decimal("7500.01"), claim_deadline=later, reason="More")


def test_a_paid_grant_s_deadline_can_be_moved_for_a_further_claim(world, approved):
    accept_offer(approved.pk, actor=world.sme_member)
    GrantApplication.objects.filter(pk=approved.pk).update(status=S.PAID)
    later = timezone.localdate() + datetime.timedelta(days=300)
    offer_vary(approved.pk, actor=world.manager, amount=Decimal("7500"), claim_deadline=later, reason="Late kit")
    assert current_offer(approved).claim_deadline == later


def test_a_colleague_is_told_who_signs_instead_of_being_offered_the_buttons(client, world, approved):
    from adopt.companies.models import CompanyMembership
    from adopt.companies.tests.factories import CompanyMembershipFactory

    colleague = CompanyMembershipFactory(company=world.company, role=CompanyMembership.Role.MEMBER).user
    client.force_login(colleague)
    page = client.get(reverse("funding:application-detail", kwargs={"pk": approved.pk})).content.decode()
    assert "An owner or director of Ribble Plastics Ltd confirms the subsidy headroom" in page
    assert "Confirm the subsidy headroom</a>" not in page
