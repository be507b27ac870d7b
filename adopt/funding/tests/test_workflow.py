import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from adopt.core.audit import Action, audit_trail
from adopt.core.models import AuditEvent
from adopt.core.testing import tiny_pdf
from adopt.funding.models import FundYear, GrantApplication, LedgerEntry
from adopt.funding.services import FundingError, application_transition, claim_submit, review_add
from adopt.funding.tests.factories import accept_offer, ready_application, submit_application

S = GrantApplication.Status


def pdf(name="invoice.pdf"):
    return SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf")


def walk_to_recommended(application, adviser):
    submit_application(application.pk, actor=adviser)
    application_transition(application.pk, S.IN_REVIEW, actor=adviser)
    review_add(
        GrantApplication.objects.get(pk=application.pk),
        reviewer=adviser,
        scores={"fit": 4, "value": 3},
        comment="Good fit.",
    )
    return application_transition(application.pk, S.RECOMMENDED, actor=adviser)


def walk_to_claim_approved(application, world, amount="6000"):
    """Recommended by the adviser, approved by the manager, accepted and claimed by the owner, claim approved."""
    walk_to_recommended(application, world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    accept_offer(application.pk, actor=world.sme_member)
    claim_submit(
        GrantApplication.objects.get(pk=application.pk),
        actor=world.sme_member,
        amount=Decimal(amount),
        invoice_date=timezone.localdate(),
        invoice=pdf(),
        proof=pdf("proof.pdf"),
    )
    application_transition(application.pk, S.CLAIM_APPROVED, actor=world.adviser)


def test_an_application_goes_from_draft_to_closed_and_the_ledger_balances(world, funding):
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)
    walk_to_recommended(application, world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    year = FundYear.objects.get(pk=funding["year"].pk)
    assert year.committed == Decimal("7500.00")
    accept_offer(application.pk, actor=world.sme_member)
    approved = GrantApplication.objects.get(pk=application.pk)
    claim_submit(
        approved,
        actor=world.sme_member,
        amount=Decimal("6000"),
        invoice_date=timezone.localdate(),
        invoice=pdf(),
        proof=pdf("proof.pdf"),
    )
    application_transition(application.pk, S.CLAIM_APPROVED, actor=world.adviser)
    application_transition(application.pk, S.PAID, actor=world.manager)
    application_transition(application.pk, S.CLOSED, actor=world.manager)
    year.refresh_from_db()
    final = GrantApplication.objects.get(pk=application.pk)
    assert (year.committed, year.paid) == (Decimal("6000.00"), Decimal("6000.00"))
    assert (final.award, final.paid) == (Decimal("6000.00"), Decimal("6000.00"))
    kinds = list(LedgerEntry.objects.filter(application=application).values_list("kind", "amount"))
    assert kinds == [
        ("commitment", Decimal("7500.00")),
        ("payment", Decimal("6000.00")),
        ("release", Decimal("1500.00")),
    ]
    steps = list(
        AuditEvent.objects.filter(object_id=application.pk, content_type__model="grantapplication").values_list(
            "to_state", flat=True
        )
    )
    assert steps[-1] == "closed"
    assert "approved" in steps


def test_the_person_who_recommended_cannot_also_approve(world, funding):
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.manager)
    with pytest.raises(FundingError, match="Someone other than the person who recommended"):
        application_transition(application.pk, S.APPROVED, actor=world.manager)


def test_a_manager_cannot_approve_for_a_company_on_their_own_caseload(world, funding):
    world.company.adviser = funding["second_manager"]
    world.company.save()
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.adviser)
    with pytest.raises(FundingError, match="on your caseload"):
        application_transition(application.pk, S.APPROVED, actor=funding["second_manager"])


@pytest.mark.parametrize("role", ["adviser", "sme_member", "sme_outsider"])
def test_only_a_programme_manager_approves(world, funding, role):
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.adviser)
    with pytest.raises(FundingError, match="You cannot"):
        application_transition(application.pk, S.APPROVED, actor=getattr(world, role))
    assert GrantApplication.objects.get(pk=application.pk).status == S.RECOMMENDED


def test_a_move_out_of_order_is_refused(world, funding):
    application = ready_application(world.company, funding["scheme"])
    with pytest.raises(FundingError, match="cannot be moved to approved"):
        application_transition(application.pk, S.APPROVED, actor=world.manager)


def test_a_fund_is_never_over_committed(world, funding):
    FundYear.objects.filter(pk=funding["year"].pk).update(budget=Decimal("10000"))
    first = ready_application(world.company, funding["scheme"], project_key="a")
    second = ready_application(world.company, funding["scheme"], project_key="b")
    for application in (first, second):
        walk_to_recommended(application, world.adviser)
    application_transition(first.pk, S.APPROVED, actor=world.manager)
    with pytest.raises(FundingError, match=r"£2,500.00 left in 2026/27, less than the £7,500.00"):
        application_transition(second.pk, S.APPROVED, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).committed == Decimal("7500.00")


def test_withdrawing_after_approval_releases_the_commitment(world, funding):
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    with pytest.raises(FundingError, match="Give a reason"):
        application_transition(application.pk, S.WITHDRAWN, actor=world.sme_member)
    application_transition(application.pk, S.WITHDRAWN, actor=world.sme_member, comment="Project postponed")
    assert FundYear.objects.get(pk=funding["year"].pk).committed == 0


def test_an_application_failing_its_checks_cannot_be_submitted(world, funding):
    application = ready_application(world.company, funding["scheme"])
    application.documents.all().delete()
    with pytest.raises(FundingError, match="evidence that the company can pay its share"):
        submit_application(application.pk, actor=world.sme_member)


def test_a_claim_beyond_the_award_or_before_the_offer_is_refused(world, funding):
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    accept_offer(application.pk, actor=world.sme_member)
    approved = GrantApplication.objects.get(pk=application.pk)
    with pytest.raises(FundingError, match="more than the £7,500.00 left to claim"):
        claim_submit(
            approved,
            actor=world.sme_member,
            amount=Decimal("7500.01"),
            invoice_date=timezone.localdate(),
            invoice=pdf(),
            proof=pdf(),
        )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(FundingError, match="dated before the offer"):
        claim_submit(
            approved, actor=world.sme_member, amount=Decimal("100"), invoice_date=yesterday, invoice=pdf(), proof=pdf()
        )
    assert not approved.claims.exists()


def test_no_approval_commits_money_into_a_closed_financial_year(world, funding, monkeypatch):
    application = ready_application(world.company, funding["scheme"])
    walk_to_recommended(application, world.adviser)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2027, 6, 1))
    with pytest.raises(FundingError, match=r"2026/27 closed on 31 March 2027"):
        application_transition(application.pk, S.APPROVED, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).committed == 0
    assert GrantApplication.objects.get(pk=application.pk).status == S.RECOMMENDED


def test_no_payment_is_made_from_a_financial_year_that_has_not_opened(world, funding, monkeypatch):
    """A grant awarded from next year's budget is paid once that year opens, so the ledger books each payment
    to the year it falls in."""
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)
    walk_to_claim_approved(application, world)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 3, 31))
    with pytest.raises(FundingError, match=r"opens on 1 April 2026: it cannot be paid in 2025/26"):
        application_transition(application.pk, S.PAID, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).paid == 0
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 4, 1))
    application_transition(application.pk, S.PAID, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).paid == Decimal("6000")


def test_every_step_of_a_grant_is_in_its_audit_trail_with_who_made_it(world, funding):
    application = ready_application(world.company, funding["scheme"], created_by=world.sme_member)
    walk_to_claim_approved(application, world)
    application_transition(application.pk, S.PAID, actor=world.manager)
    trail = [(event.action, event.actor) for event in audit_trail(GrantApplication, application.pk)]
    assert trail == [
        (Action.DECLARED, world.adviser),
        (Action.SUBMITTED, world.adviser),
        (Action.REVIEW_STARTED, world.adviser),
        (Action.REVIEWED, world.adviser),
        (Action.RECOMMENDED, world.adviser),
        (Action.APPROVED, world.manager),
        (Action.OFFER_ISSUED, world.manager),
        (Action.SUBSIDY_NOTICE_GIVEN, world.manager),
        (Action.SUBSIDY_HEADROOM_CONFIRMED, world.sme_member),
        (Action.OFFER_ACCEPTED, world.sme_member),
        (Action.DOCUMENT_UPLOADED, world.sme_member),
        (Action.DOCUMENT_UPLOADED, world.sme_member),
        (Action.CLAIM_SUBMITTED, world.sme_member),
        (Action.CLAIM_PAYMENT_APPROVED, world.adviser),
        (Action.PAID, world.manager),
    ]
