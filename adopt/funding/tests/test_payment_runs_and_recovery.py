"""Approved claims are paid together in a payment run that finance is given as a file; the ledger reconciles with
every running total, loudly when it does not; money can be recovered, and the figures net it off."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from adopt.funding.exports import FINANCE_COLUMNS
from adopt.funding.models import Claim, FundYear, GrantApplication, LedgerEntry, Recovery
from adopt.funding.reconciliation import reconcile
from adopt.funding.services import FundingError, payment_recover, payment_run_create, payment_run_pay
from adopt.funding.tests.factories import ready_application
from adopt.funding.tests.test_workflow import walk_to_claim_approved

S = GrantApplication.Status


@pytest.fixture
def two_claims(world, funding):
    first = ready_application(world.company, funding["scheme"], created_by=world.sme_member, title="Sensors")
    walk_to_claim_approved(first, world, amount="6000")
    second = ready_application(
        world.company, funding["scheme"], created_by=world.sme_member, title="Vision", amount="8000.00"
    )
    walk_to_claim_approved(second, world, amount="4000")
    return first, second


def test_a_run_batches_every_approved_claim_and_paying_it_pays_each_through_the_ledger(world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    assert run.claims.count() == 2
    mail.outbox.clear()
    payment_run_pay(run.pk, actor=world.manager)
    year = FundYear.objects.get(pk=funding["year"].pk)
    assert year.paid == Decimal("10000.00")
    assert sum(e.amount for e in LedgerEntry.objects.filter(kind="payment")) == Decimal("10000.00")
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.PAID}
    assert {a.status for a in GrantApplication.objects.filter(pk__in=[a.pk for a in two_claims])} == {S.PAID}
    remittances = [m for m in mail.outbox if "paid to" in m.subject]
    assert remittances
    assert all(run.reference in m.body for m in remittances)


def test_a_claim_already_in_a_run_is_not_put_in_another_and_an_empty_run_is_refused(world, funding, two_claims):
    payment_run_create(funding["year"].fund, actor=world.manager)
    with pytest.raises(FundingError, match="No approved claim of this fund can be paid"):
        payment_run_create(funding["year"].fund, actor=world.manager)


def test_a_run_is_recorded_as_paid_once(world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    with pytest.raises(FundingError, match="was recorded as paid"):
        payment_run_pay(run.pk, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).paid == Decimal("10000.00")


def test_the_finance_file_has_one_bill_line_per_claim_and_its_total_is_the_run_s(client, world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    client.force_login(world.manager)
    response = client.get(reverse("funding:payment-run-export", kwargs={"pk": run.pk}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == FINANCE_COLUMNS
    assert sorted(row["*UnitAmount"] for row in rows) == ["4000.00", "6000.00"]
    assert sum(Decimal(row["*UnitAmount"]) for row in rows) == sum(c.amount for c in run.claims.all())
    assert {row["*TaxType"] for row in rows} == {"No VAT"}
    assert all(row["*InvoiceNumber"].startswith(run.reference) for row in rows)


def test_the_payment_run_page_totals_its_claims(client, world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    client.force_login(world.manager)
    page = client.get(reverse("funding:payment-run", kwargs={"pk": run.pk})).content.decode()
    assert "2 claims, £10,000.00" in page


def test_the_ledger_reconciles_and_a_difference_fails_the_check_loudly(world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    assert reconcile().balanced
    call_command("check_ledger", stdout=io.StringIO())
    FundYear.objects.filter(pk=funding["year"].pk).update(paid=Decimal("9999.99"))
    result = reconcile()
    assert [str(d) for d in result.differences] == [
        f"{funding['year'].fund.name} {funding['year']}: paid is £9,999.99 but the ledger gives £10,000.00 "
        "(a difference of £-0.01)"
    ]
    with pytest.raises(CommandError, match="does not reconcile: 1 differences"):
        call_command("check_ledger", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_recovery_reduces_paid_and_committed_and_the_ledger_still_reconciles(world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    first = two_claims[0]
    payment_recover(first.pk, actor=world.manager, amount=Decimal("2500"), reason="ceased_trading", note="Dissolved")
    first.refresh_from_db()
    year = FundYear.objects.get(pk=funding["year"].pk)
    assert (first.paid, first.award) == (Decimal("3500.00"), Decimal("5000.00"))
    assert year.paid == Decimal("7500.00")
    assert Recovery.objects.get().ledger_entry.kind == LedgerEntry.Kind.RECOVERY
    assert reconcile().balanced


def test_more_than_was_paid_cannot_be_recovered_and_only_a_manager_may(world, funding, two_claims):
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    first = two_claims[0]
    with pytest.raises(FundingError, match="Only £6,000.00 has been paid"):
        payment_recover(first.pk, actor=world.manager, amount=Decimal("6000.01"), reason="breach", note="x")
    with pytest.raises(FundingError, match="Only the programme's managers"):
        payment_recover(first.pk, actor=world.adviser, amount=Decimal("1"), reason="breach", note="x")
    assert not Recovery.objects.exists()


def test_a_grant_with_a_claim_in_an_unpaid_run_is_taken_out_before_it_is_withdrawn(world, funding, two_claims):
    from adopt.funding.services import application_transition, payment_run_remove

    run = payment_run_create(funding["year"].fund, actor=world.manager)
    first, _second = two_claims
    with pytest.raises(FundingError, match=f"in payment run {run.reference}: take it out"):
        application_transition(first.pk, S.WITHDRAWN, actor=world.sme_member, comment="Project cancelled")
    payment_run_remove(run.pk, first.claims.get().pk, actor=world.manager)
    application_transition(first.pk, S.WITHDRAWN, actor=world.sme_member, comment="Project cancelled")
    payment_run_pay(run.pk, actor=world.manager)
    assert FundYear.objects.get(pk=funding["year"].pk).paid == Decimal("4000.00")
    assert reconcile().balanced


def test_a_claim_cannot_be_taken_out_of_a_paid_run(world, funding, two_claims):
    from adopt.funding.services import payment_run_remove

    run = payment_run_create(funding["year"].fund, actor=world.manager)
    payment_run_pay(run.pk, actor=world.manager)
    with pytest.raises(FundingError, match="has been paid"):
        payment_run_remove(run.pk, two_claims[0].claims.get().pk, actor=world.manager)


def test_a_claim_is_not_paid_by_a_bare_button_outside_a_run(client, world, funding, two_claims):
    client.force_login(world.manager)
    first = two_claims[0]
    page = client.get(reverse("funding:application-detail", kwargs={"pk": first.pk})).content.decode()
    assert "Record the payment" not in page
    client.post(reverse("funding:application-move", kwargs={"pk": first.pk}), {"to": "paid"})
    assert GrantApplication.objects.get(pk=first.pk).status == S.CLAIM_APPROVED
    assert FundYear.objects.get(pk=funding["year"].pk).paid == Decimal("0")


def test_a_run_whose_claims_were_all_taken_out_cannot_be_recorded_as_paid(world, funding, two_claims):
    from adopt.funding.services import payment_run_remove

    run = payment_run_create(funding["year"].fund, actor=world.manager)
    for claim in run.claims.all():
        payment_run_remove(run.pk, claim.pk, actor=world.manager)
    with pytest.raises(FundingError, match="holds no claim"):
        payment_run_pay(run.pk, actor=world.manager)


def test_a_claim_from_another_year_s_budget_is_held_out_of_runs_and_listed(client, world, funding, two_claims):
    first, second = two_claims
    GrantApplication.objects.filter(pk=second.pk).update(financial_year=funding["year"].year - 1)
    run = payment_run_create(funding["year"].fund, actor=world.manager)
    assert [claim.application_id for claim in run.claims.all()] == [first.pk]
    client.force_login(world.manager)
    page = client.get(reverse("funding:fund-detail", kwargs={"pk": funding["year"].fund_id})).content.decode()
    assert f"APP-{second.pk:06d}" in page
    assert "1 approved claim cannot go in a run" in page


def test_withdrawing_a_grant_rejects_its_claims_still_waiting(world, funding, two_claims):
    from adopt.funding.services import application_transition

    first = two_claims[0]
    application_transition(first.pk, S.WITHDRAWN, actor=world.sme_member, comment="Cancelled")
    assert list(first.claims.values_list("status", flat=True)) == [Claim.Status.REJECTED]
