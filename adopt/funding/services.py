"""Every write to funding: applications, costs, documents, reviews, the workflow and the ledger.

Money moves only here. A commitment locks the fund's year row (`select_for_update`) before it reads what
is left, so concurrent approvals queue; the database's check constraints refuse anything that slips by.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.core.money import to_pence
from adopt.core.uploads import UploadRefused, identify_upload, stored_name
from adopt.core.visibility import Visibility
from adopt.funding.events import ApplicationMoved, GrantPaid
from adopt.funding.models import Claim, CostItem, Document, FundYear, GrantApplication, LedgerEntry, Review, Scheme
from adopt.funding.policies import can_act_as, can_review
from adopt.funding.rules import Outcome
from adopt.funding.selectors import checks_for, grant_calculation
from adopt.funding.workflow import COSTS_EDITABLE, NEEDS_REASON, TAKES_REVIEWS, move_for

Status = GrantApplication.Status


class FundingError(DomainError):
    """An action refused by the rules; the message says why, for the page to show."""


@transaction.atomic
def application_create(
    *,
    company: Company,
    scheme: Scheme,
    actor: User,
    title: str,
    financial_year: int,
    description: str = "",
    project_key: str = "",
    hours: int = 0,
    places: int = 0,
    expected_jobs: Decimal = Decimal(0),
    expected_roles_upskilled: int = 0,
    expected_productivity_pct: Decimal = Decimal(0),
    expected_energy_kwh: int = 0,
) -> GrantApplication:
    """A draft application, in the company's name, for the scheme; costs and documents are added to it next."""
    application = GrantApplication(
        company=company,
        scheme=scheme,
        created_by=actor,
        title=title,
        financial_year=financial_year,
        description=description,
        project_key=project_key,
        hours=hours,
        places=places,
        expected_jobs=expected_jobs,
        expected_roles_upskilled=expected_roles_upskilled,
        expected_productivity_pct=expected_productivity_pct,
        expected_energy_kwh=expected_energy_kwh,
    )
    application.full_clean()
    application.save()
    audit_record(application, action=Action.CREATED, actor=actor, to_state=Status.DRAFT)
    return application


@transaction.atomic
def cost_add(
    application: GrantApplication, *, actor: User, description: str, cost_type: str, supplier: str, amount: Decimal
) -> CostItem:
    if application.status not in COSTS_EDITABLE:
        raise FundingError("Costs can only change while the application is a draft or returned for changes.")
    if cost_type not in application.scheme.eligible_cost_types and cost_type != "other":
        raise FundingError(f"{cost_type} is not a cost type of this scheme.")
    item = CostItem(
        application=application,
        description=description,
        cost_type=cost_type,
        supplier=supplier,
        amount=to_pence(amount),
    )
    item.full_clean()
    item.save()
    _refresh_request(application)
    return item


def _refresh_request(application: GrantApplication) -> None:
    application.grant_requested = grant_calculation(application).grant
    application.save(update_fields=["grant_requested", "updated_at"])


@transaction.atomic
def document_add(application: GrantApplication, *, actor: User, kind: str, upload: Any) -> Document:
    """Keep an uploaded file, identified by its content and stored under a generated name."""
    try:
        content_type = identify_upload(upload)
    except UploadRefused as refusal:
        raise FundingError(str(refusal)) from None
    original_name = str(upload.name or "")
    upload.name = stored_name(content_type)
    document = Document(
        application=application,
        kind=kind,
        file=upload,
        original_name=original_name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.save()
    audit_record(
        application,
        action=Action.DOCUMENT_UPLOADED,
        actor=actor,
        comment=f"{document.get_kind_display()}: {document.original_name}",
    )
    return document


@transaction.atomic
def review_add(
    application: GrantApplication,
    *,
    reviewer: User,
    scores: dict[str, int],
    comment: str,
    visibility: str = Visibility.STAFF,
) -> Review:
    if not can_review(reviewer, application):
        raise FundingError("Only the programme's advisers and managers review its applications.")
    if application.status not in TAKES_REVIEWS:
        raise FundingError("Reviews are recorded while the application is in review.")
    criteria = application.scheme.review_criteria
    if set(scores) != {c["key"] for c in criteria} or not all(0 <= v <= 5 for v in scores.values()):
        raise FundingError("Score every criterion from 0 to 5.")
    total_weight = sum(Decimal(str(c["weight"])) for c in criteria) or Decimal("1")
    weighted = sum(Decimal(str(c["weight"])) * scores[c["key"]] for c in criteria) / total_weight * 20
    review = Review.objects.create(
        application=application,
        reviewer=reviewer,
        scores=scores,
        weighted_score=to_pence(weighted),
        comment=comment,
        visibility=visibility,
    )
    audit_record(
        application, action=Action.REVIEWED, actor=reviewer, comment=f"Score {review.weighted_score}/100. {comment}"
    )
    return review


def application_transition(application_id: int, to: str, *, actor: User, comment: str = "") -> GrantApplication:
    """Move an application one step, if the move exists and the actor may make it; money moves with it."""
    try:
        with transaction.atomic():
            application = (
                GrantApplication.objects.select_for_update()
                .select_related("scheme", "company__programme")
                .get(pk=application_id)
            )
            move = move_for(application.status, to)
            if move is None:
                now_is = application.get_status_display().lower()
                raise FundingError(f"An application that is {now_is} cannot be moved to {Status(to).label.lower()}.")
            if not can_act_as(actor, application, move.actor):
                raise FundingError(f"You cannot “{move.label.lower()}” on this application.")
            if to in NEEDS_REASON and not comment.strip():
                raise FundingError("Give a reason: it is recorded and shown to the applicant.")
            _guard(application, to, actor)
            frm = application.status
            _move_money(application, frm, to, actor)
            application.status = to
            now = timezone.now()
            if to == Status.SUBMITTED:
                application.submitted_at = now
            if to == Status.RECOMMENDED:
                application.recommended_by = actor
            if to in {Status.APPROVED, Status.REJECTED}:
                application.decided_by = actor
                application.decided_at = now
            application.save()
            audit_record(application, action=move.action, actor=actor, from_state=frm, to_state=to, comment=comment)
            publish(
                ApplicationMoved(
                    actor_id=actor.pk,
                    company_id=application.company_id,
                    application_id=application.pk,
                    from_status=frm,
                    to_status=to,
                    comment=comment,
                )
            )
            return application
    except IntegrityError as error:
        # The database's constraints are the last line: report, never half-write.
        raise FundingError("The fund has no room left for this amount in that year.") from error


def _guard(application: GrantApplication, to: str, actor: User) -> None:
    if to == Status.SUBMITTED:
        failing = [c for c in checks_for(application) if c.outcome is Outcome.FAIL]
        if failing:
            raise FundingError("Before submitting: " + " ".join(c.reason for c in failing))
    if to == Status.APPROVED:
        if application.scheme.four_eyes and application.recommended_by_id == actor.pk:
            raise FundingError("Someone other than the person who recommended it must approve this application.")
        if application.company.adviser_id == actor.pk:
            raise FundingError("This company is on your caseload: another manager must approve the application.")
        failing = [c for c in checks_for(application) if c.outcome is Outcome.FAIL and c.key != "duplicate"]
        if failing:
            raise FundingError("Before approving: " + " ".join(c.reason for c in failing))
    if to == Status.RECOMMENDED and not application.reviews.exists():
        raise FundingError("Record a review against the scheme's criteria before recommending.")


def _locked_year(application: GrantApplication, *, adds_money: bool = False, pays: bool = False) -> FundYear:
    """The fund's year row, locked; money is never committed or paid into a year whose accounts have closed."""
    current = financial_year_of(timezone.localdate())
    if adds_money and application.financial_year < current:
        closed = financial_year_label(application.financial_year)
        raise FundingError(
            f"{closed} closed on 31 March {application.financial_year + 1}: nothing more can be committed or paid "
            f"in it. Move the application to {financial_year_label(current)} if the fund has budget there."
        )
    if pays and application.financial_year > current:
        # A payment is booked to the year it is made in, so a later year's budget cannot pay today.
        raise FundingError(
            f"The grant is paid from {financial_year_label(application.financial_year)}'s budget, which opens on "
            f"1 April {application.financial_year}: it cannot be paid in {financial_year_label(current)}."
        )
    year = (
        FundYear.objects.select_for_update()
        .filter(fund_id=application.scheme.fund_id, year=application.financial_year)
        .first()
    )
    if year is None:
        raise FundingError(
            f"The fund has no budget for {application.financial_year}/{str(application.financial_year + 1)[-2:]}."
        )
    return year


def _move_money(application: GrantApplication, frm: str, to: str, actor: User) -> None:
    if to == Status.APPROVED:
        amount = application.grant_requested
        if amount <= 0:
            raise FundingError("There is no grant to commit.")
        year = _locked_year(application, adds_money=True)
        if year.remaining < amount:
            raise FundingError(
                f"The fund has £{year.remaining:,.2f} left in {financial_year_label(year.year)}, "
                f"less than the £{amount:,.2f} this grant needs."
            )
        year.committed += amount
        year.save(update_fields=["committed"])
        LedgerEntry.objects.create(
            fund_year=year, application=application, kind=LedgerEntry.Kind.COMMITMENT, amount=amount, actor=actor
        )
        application.award = amount
    elif to in {Status.WITHDRAWN, Status.CLOSED} and application.award > application.paid:
        release = application.award - application.paid
        year = _locked_year(application)
        year.committed -= release
        year.save(update_fields=["committed"])
        LedgerEntry.objects.create(
            fund_year=year, application=application, kind=LedgerEntry.Kind.RELEASE, amount=release, actor=actor
        )
        application.award = application.paid
    elif to == Status.PAID:
        claim = application.claims.filter(status=Claim.Status.APPROVED).order_by("created_at").first()
        if claim is None:
            raise FundingError("There is no approved claim to pay.")
        if application.paid + claim.amount > application.award:
            raise FundingError("This payment would take the total paid over the award.")
        year = _locked_year(application, adds_money=True, pays=True)
        year.paid += claim.amount
        year.save(update_fields=["paid"])
        LedgerEntry.objects.create(
            fund_year=year, application=application, kind=LedgerEntry.Kind.PAYMENT, amount=claim.amount, actor=actor
        )
        application.paid += claim.amount
        publish(
            GrantPaid(
                actor_id=actor.pk, company_id=application.company_id, application_id=application.pk, amount=claim.amount
            )
        )
        claim.status = Claim.Status.PAID
        claim.paid_at = timezone.now()
        claim.save(update_fields=["status", "paid_at", "updated_at"])
    elif frm == Status.CLAIMED and to in {Status.CLAIM_APPROVED, Status.OFFER_ACCEPTED}:
        claim = application.claims.filter(status=Claim.Status.SUBMITTED).order_by("created_at").first()
        if claim is None:
            raise FundingError("There is no submitted claim to decide.")
        claim.status = Claim.Status.APPROVED if to == Status.CLAIM_APPROVED else Claim.Status.REJECTED
        claim.decided_by = actor
        claim.save(update_fields=["status", "decided_by", "updated_at"])


@transaction.atomic
def claim_submit(
    application: GrantApplication,
    *,
    actor: User,
    amount: Decimal,
    invoice_date: datetime.date,
    invoice: Any,
    proof: Any,
) -> Claim:
    """A claim with its invoice and proof of payment; moves the application to 'claim submitted'."""
    amount = to_pence(amount)
    if amount <= 0:
        raise FundingError("Enter a claim amount above zero.")
    outstanding = application.award - application.paid
    if amount > outstanding:
        raise FundingError(
            f"The claim of £{amount:,.2f} is more than the £{outstanding:,.2f} left to claim on the award."
        )
    if application.decided_at and invoice_date < application.decided_at.date():
        raise FundingError("The invoice is dated before the offer: costs incurred before approval cannot be claimed.")
    claim = Claim.objects.create(application=application, amount=amount, invoice_date=invoice_date, submitted_by=actor)
    document_add(application, actor=actor, kind=Document.Kind.INVOICE, upload=invoice)
    document_add(application, actor=actor, kind=Document.Kind.PROOF_OF_PAYMENT, upload=proof)
    application_transition(application.pk, Status.CLAIMED, actor=actor, comment=f"Claim of £{amount:,.2f}")
    return claim
