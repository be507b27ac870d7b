"""Every write to funding: applications, costs, documents, reviews, the workflow and the ledger.

Money moves only here. A commitment locks the fund's year row (`select_for_update`) before it reads what
is left, so concurrent approvals queue; the database's check constraints refuse anything that slips by.
"""

import datetime
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company, CompanyMembership
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.core.financial_years import financial_year_label, financial_year_of
from adopt.core.money import to_pence
from adopt.core.uploads import UploadRefused, identify_upload, stored_name
from adopt.core.visibility import Visibility
from adopt.funding.declarations import current_declarations
from adopt.funding.events import ApplicationMoved, GrantPaid
from adopt.funding.models import (
    Claim,
    CostItem,
    Declaration,
    Document,
    Fund,
    FundYear,
    GrantApplication,
    LedgerEntry,
    PaymentRun,
    Recovery,
    Review,
    Scheme,
)
from adopt.funding.offers import Signature, current_notice, current_offer, issue_offer
from adopt.funding.policies import can_act_as, can_review, can_sign_for
from adopt.funding.rules import Outcome
from adopt.funding.selectors import adopt_awards, checks_for, grant_calculation
from adopt.funding.workflow import COSTS_EDITABLE, NEEDS_REASON, TAKES_REVIEWS, VARIABLE, Actor, move_for

Status = GrantApplication.Status
CLAIMS_WAITING = [Claim.Status.SUBMITTED, Claim.Status.APPROVED]


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
    _check_cost_type(application, cost_type)
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


@transaction.atomic
def application_update(application: GrantApplication, *, actor: User, **fields: Any) -> GrantApplication:
    """Change a draft's answers; the audit trail names each field that changed."""
    application = GrantApplication.objects.select_for_update().select_related("scheme").get(pk=application.pk)
    if application.status not in COSTS_EDITABLE:
        raise FundingError("The application can only change while it is a draft or returned for changes.")
    unknown = set(fields) - set(GrantApplication.ANSWERS)
    if unknown:
        raise FundingError(f"{', '.join(sorted(unknown))} cannot be changed on an application.")
    changed = [name for name, value in fields.items() if getattr(application, name) != value]
    if not changed:
        return application
    for name in changed:
        setattr(application, name, fields[name])
    application.full_clean()
    application.save()
    labels = ", ".join(name.replace("_", " ") for name in changed)
    audit_record(application, action=Action.CHANGED, actor=actor, comment=f"Changed: {labels}.")
    _refresh_request(application)
    return application


def _editable_cost(application: GrantApplication, cost_id: int) -> CostItem:
    if application.status not in COSTS_EDITABLE:
        raise FundingError("Costs can only change while the application is a draft or returned for changes.")
    cost = CostItem.objects.select_for_update().filter(application=application, pk=cost_id).first()
    if cost is None:
        raise FundingError("That cost is not on this application.")
    return cost


def _check_cost_type(application: GrantApplication, cost_type: str) -> None:
    if cost_type not in application.scheme.eligible_cost_types and cost_type != "other":
        raise FundingError(f"{cost_type} is not a cost type of this scheme.")


@transaction.atomic
def cost_update(
    application: GrantApplication,
    cost_id: int,
    *,
    actor: User,
    description: str,
    cost_type: str,
    supplier: str,
    amount: Decimal,
) -> CostItem:
    cost = _editable_cost(application, cost_id)
    _check_cost_type(application, cost_type)
    before = f"{cost.description}: £{cost.amount:,.2f}"
    cost.description, cost.cost_type, cost.supplier, cost.amount = description, cost_type, supplier, to_pence(amount)
    cost.full_clean()
    cost.save()
    audit_record(
        application, action=Action.COST_CHANGED, actor=actor, comment=f"{before} → {description}: £{cost.amount:,.2f}"
    )
    _refresh_request(application)
    return cost


@transaction.atomic
def cost_remove(application: GrantApplication, cost_id: int, *, actor: User) -> None:
    cost = _editable_cost(application, cost_id)
    audit_record(
        application, action=Action.COST_REMOVED, actor=actor, comment=f"{cost.description}: £{cost.amount:,.2f}"
    )
    cost.delete()
    _refresh_request(application)


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


def application_transition(
    application_id: int,
    to: str,
    *,
    actor: User,
    comment: str = "",
    declared: Collection[str] = (),
    signature: Signature | None = None,
) -> GrantApplication:
    """Move an application one step, if the move exists and the actor may make it; money and paperwork move with it.

    Submitting takes the keys of the declarations the applicant made; accepting an offer takes their signature."""
    try:
        with transaction.atomic():
            application = _locked_application(application_id)
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
            if to == Status.SUBMITTED:
                _record_declarations(application, actor, declared)
            if frm == Status.APPROVED and to == Status.OFFER_ACCEPTED:
                _record_acceptance(application, actor, signature)
                comment = comment or _signed(
                    application, actor, f"{signature.name}, {signature.position}" if signature else ""
                )
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
            if to == Status.APPROVED:
                issue_offer(application, actor=actor, amount=application.award)
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


def _locked_application(application_id: int) -> GrantApplication:
    """The application, locked for the rest of the transaction, with what its rules read."""
    return (
        GrantApplication.objects.select_for_update()
        .select_related("scheme", "company__programme")
        .get(pk=application_id)
    )


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
    if to == Status.WITHDRAWN:
        run = PaymentRun.objects.filter(claims__application=application, paid_at__isnull=True).first()
        if run is not None:
            raise FundingError(
                f"A claim of this grant is in payment run {run.reference}: take it out of the run before withdrawing."
            )
    if to == Status.RECOMMENDED and not application.reviews.exists():
        raise FundingError("Record a review against the scheme's criteria before recommending.")
    if to == Status.PAID:
        notice = current_notice(application)
        # A grant accepted before notices were kept in Adopt has none; every later one has one to confirm.
        if notice is not None and notice.confirmed_at is None:
            raise FundingError(
                "The company has not confirmed its subsidy headroom in writing: the grant cannot be paid until it has "
                "(Subsidy Control Act 2022, section 37(3))."
            )


def _record_declarations(application: GrantApplication, actor: User, declared: Collection[str]) -> None:
    declarations = current_declarations()
    missing = [item.title for item in declarations.items if item.key not in declared]
    if missing:
        raise FundingError("Make every declaration before submitting: " + ", ".join(missing) + ".")
    now = timezone.now()
    Declaration.objects.bulk_create(
        Declaration(
            application=application,
            key=item.key,
            version=declarations.version,
            text=item.text,
            made_by=actor,
            made_at=now,
        )
        for item in declarations.items
    )
    audit_record(
        application,
        action=Action.DECLARED,
        actor=actor,
        comment=f"{len(declarations.items)} declarations, version {declarations.version}.",
    )


def _signed(application: GrantApplication, actor: User, who: str) -> str:
    """Who signed, and whether staff recorded it from the business's written word."""
    member = CompanyMembership.objects.filter(user=actor, company_id=application.company_id).exists()
    return f"Signed by {who}" + ("" if member else f", recorded by {actor} from the business's written word") + "."


def _record_acceptance(application: GrantApplication, actor: User, signature: Signature | None) -> None:
    if not can_sign_for(actor, application):
        raise FundingError("Only an owner or director of the business can accept the offer.")
    if signature is None or not signature.name.strip() or not signature.position.strip():
        raise FundingError("Type your full name and your position in the business to accept the offer.")
    offer = current_offer(application)
    if offer is None or offer.accepted_at is not None:
        raise FundingError("There is no offer waiting to be accepted.")
    notice = current_notice(application)
    if notice is None or notice.confirmed_at is None:
        raise FundingError("Confirm the business's subsidy headroom before accepting the offer.")
    now = timezone.now()
    offer.accepted_by = actor
    offer.accepted_name = signature.name.strip()[:150]
    offer.accepted_position = signature.position.strip()[:150]
    offer.accepted_at = now
    offer.accepted_from = signature.address
    offer.save()
    if notice.given_at is None:  # a re-acceptance after a change of dates gives nothing new
        notice.given_at = now
        notice.save(update_fields=["given_at"])


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
    if to == Status.WITHDRAWN:
        application.claims.filter(status__in=CLAIMS_WAITING).update(status=Claim.Status.REJECTED)
    if to in {Status.WITHDRAWN, Status.CLOSED} and application.award > application.paid:
        release = application.award - application.paid
        year = _locked_year(application)
        year.committed -= release
        year.save(update_fields=["committed"])
        LedgerEntry.objects.create(
            fund_year=year, application=application, kind=LedgerEntry.Kind.RELEASE, amount=release, actor=actor
        )
        application.award = application.paid
    elif to == Status.PAID:
        claim = (
            application.claims.filter(status=Claim.Status.APPROVED)
            .select_related("payment_run")
            .order_by("created_at")
            .first()
        )
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
                actor_id=actor.pk,
                company_id=application.company_id,
                application_id=application.pk,
                amount=claim.amount,
                reference=claim.payment_run.reference if claim.payment_run else f"APP-{application.pk:06d}",
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
    offer = current_offer(application)
    if offer is not None and timezone.localdate() > offer.claim_deadline:
        raise FundingError(
            f"The offer's claim deadline was {offer.claim_deadline:%d %B %Y}: ask the programme to vary the offer."
        )
    if application.decided_at and invoice_date < application.decided_at.date():
        raise FundingError("The invoice is dated before the offer: costs incurred before approval cannot be claimed.")
    claim = Claim.objects.create(application=application, amount=amount, invoice_date=invoice_date, submitted_by=actor)
    document_add(application, actor=actor, kind=Document.Kind.INVOICE, upload=invoice)
    document_add(application, actor=actor, kind=Document.Kind.PROOF_OF_PAYMENT, upload=proof)
    application_transition(application.pk, Status.CLAIMED, actor=actor, comment=f"Claim of £{amount:,.2f}")
    return claim


@transaction.atomic
def subsidy_confirm(
    application_id: int, *, actor: User, name: str, other_assistance: Decimal, today: datetime.date | None = None
) -> None:
    """The company's written confirmation, asked for by the notice, that this award keeps it within the limit.

    Refused, with the figures, when what it states plus what Adopt has awarded it plus this award is over."""
    application = GrantApplication.objects.select_for_update().select_related("company").get(pk=application_id)
    if not can_sign_for(actor, application):
        raise FundingError("Only an owner or director of the business can confirm its subsidy headroom.")
    notice = current_notice(application)
    if notice is None or application.status != Status.APPROVED:
        raise FundingError("There is no Minimal Financial Assistance notice waiting for confirmation.")
    if notice.confirmed_at is not None:
        raise FundingError("The business has already confirmed its headroom for this notice.")
    if not name.strip():
        raise FundingError("Type your full name to confirm.")
    other_assistance = to_pence(other_assistance)
    if other_assistance < 0:
        raise FundingError("Enter the other assistance received as an amount of zero or more.")
    awards = adopt_awards([application.company_id], notice.window_starts).get(application.company_id, [])
    in_adopt = sum((a.award for a in awards if a.application_id != application.pk), Decimal("0"))
    total = other_assistance + in_adopt + notice.gross_value
    if total > notice.limit:
        raise FundingError(
            f"£{other_assistance:,.2f} from other bodies plus £{in_adopt:,.2f} awarded through Adopt since "
            f"{notice.window_starts:%d %B %Y}, plus this £{notice.gross_value:,.2f}, is £{total:,.2f}: over the "
            f"£{notice.limit:,.2f} limit by £{total - notice.limit:,.2f}. The award cannot be given as Minimal "
            "Financial Assistance; speak to the programme."
        )
    notice.confirmed_by = actor
    notice.confirmed_name = name.strip()[:150]
    notice.confirmed_other_mfa = other_assistance
    notice.confirmed_at = timezone.now()
    notice.save()
    audit_record(
        application,
        action=Action.SUBSIDY_HEADROOM_CONFIRMED,
        actor=actor,
        comment=f"{_signed(application, actor, notice.confirmed_name)} £{other_assistance:,.2f} from other bodies in "
        f"the window; £{notice.limit - total:,.2f} left after this award.",
    )


def offer_vary(
    application_id: int, *, actor: User, amount: Decimal, claim_deadline: datetime.date, reason: str
) -> GrantApplication:
    """A new offer with a changed amount or claim deadline; the commitment follows the amount, and the company
    accepts again (and confirms its headroom again when the amount moved)."""
    try:
        with transaction.atomic():
            application = _locked_application(application_id)
            if not can_act_as(actor, application, Actor.APPROVER):
                raise FundingError("Only the programme's managers vary an offer.")
            if application.status not in VARIABLE:
                raise FundingError("An offer is varied before it is accepted, once accepted, or between claims.")
            if not reason.strip():
                raise FundingError("Give the reason for the variation: it is recorded and shown to the company.")
            if application.company.adviser_id == actor.pk:
                raise FundingError("This company is on your caseload: another manager must vary the offer.")
            amount = to_pence(amount)
            justified = grant_calculation(application)
            if amount > justified.grant:
                raise FundingError(
                    f"The costs on the application justify a grant of £{justified.grant:,.2f} at most "
                    f"({justified.working})."
                )
            if amount < application.scheme.minimum_grant and amount != application.paid:
                raise FundingError(f"The scheme's minimum grant is £{application.scheme.minimum_grant:,.2f}.")
            if amount <= 0:
                raise FundingError("Enter an amount above zero; to end the grant, withdraw it.")
            if amount < application.paid:
                raise FundingError(f"The amount cannot be less than the £{application.paid:,.2f} already paid.")
            offer = current_offer(application)
            if offer is not None and offer.amount == amount and offer.claim_deadline == claim_deadline:
                raise FundingError("The variation changes neither the amount nor the claim deadline.")
            if claim_deadline <= timezone.localdate():
                raise FundingError("The claim deadline must be after today.")
            _recommit(application, amount, actor)
            frm = application.status
            application.status = Status.APPROVED
            application.save()
            issue_offer(application, actor=actor, amount=amount, claim_deadline=claim_deadline, reason=reason.strip())
            if frm != Status.APPROVED:
                publish(
                    ApplicationMoved(
                        actor_id=actor.pk,
                        company_id=application.company_id,
                        application_id=application.pk,
                        from_status=frm,
                        to_status=Status.APPROVED,
                        comment=reason,
                    )
                )
            return application
    except IntegrityError as error:
        raise FundingError(
            "The variation would take the fund's year over its budget or below what it has paid."
        ) from error


def _recommit(application: GrantApplication, amount: Decimal, actor: User) -> None:
    change = amount - application.award
    if change == 0:
        return
    current = financial_year_of(timezone.localdate())
    if change > 0 and application.financial_year < current:
        raise FundingError(
            f"{financial_year_label(application.financial_year)} has closed: the grant, paid from that year's budget, "
            "cannot be increased. Reduce it, or make a new application for the extra."
        )
    year = _locked_year(application)
    if change > 0 and year.remaining < change:
        raise FundingError(
            f"The fund has £{year.remaining:,.2f} left in {financial_year_label(year.year)}, less than the "
            f"£{change:,.2f} the variation adds."
        )
    year.committed += change
    year.save(update_fields=["committed"])
    kind = LedgerEntry.Kind.COMMITMENT if change > 0 else LedgerEntry.Kind.RELEASE
    LedgerEntry.objects.create(fund_year=year, application=application, kind=kind, amount=abs(change), actor=actor)
    application.award = amount


def payment_run_create(fund: Fund, *, actor: User) -> PaymentRun:
    """A run of every approved claim of the fund not yet in a run; refused when there is none."""
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update()
            .filter(
                application__scheme__fund=fund,
                application__status=Status.CLAIM_APPROVED,
                status=Claim.Status.APPROVED,
                payment_run__isnull=True,
                # A grant is paid from its own year's budget, in that year: others wait, listed on the fund page.
                application__financial_year=financial_year_of(timezone.localdate()),
            )
            .order_by("pk")
        )
        if not claims:
            raise FundingError("No approved claim of this fund can be paid from this year's budget.")
        run = PaymentRun.objects.create(fund=fund, created_by=actor, created_at=timezone.now())
        Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(payment_run=run)
        return run


def payment_run_pay(run_id: int, *, actor: User) -> PaymentRun:
    """Record the run as paid: each claim is paid through the ledger, all or none; each company gets a remittance."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.paid_at is not None:
            raise FundingError(f"{run.reference} was recorded as paid on {timezone.localdate(run.paid_at):%d %B %Y}.")
        claims = list(run.claims.select_related("application").order_by("pk"))
        if not claims:
            raise FundingError(f"{run.reference} holds no claim: there is nothing to pay.")
        for claim in claims:
            try:
                application_transition(claim.application_id, Status.PAID, actor=actor, comment=run.reference)
            except FundingError as error:
                raise FundingError(f"APP-{claim.application_id:06d} cannot be paid: {error}") from None
        run.paid_by = actor
        run.paid_at = timezone.now()
        run.save(update_fields=["paid_by", "paid_at"])
        return run


def payment_recover(application_id: int, *, actor: User, amount: Decimal, reason: str, note: str) -> Recovery:
    """Claw back money paid: the award, the amount paid and the fund year's figures all fall by it."""
    with transaction.atomic():
        application = (
            GrantApplication.objects.select_for_update().select_related("company__programme").get(pk=application_id)
        )
        if not can_act_as(actor, application, Actor.APPROVER):
            raise FundingError("Only the programme's managers record a recovery.")
        if reason not in Recovery.Reason.values:
            raise FundingError("Choose the reason for the recovery.")
        if not note.strip():
            raise FundingError("Say what happened: the note is kept with the recovery.")
        amount = to_pence(amount)
        if amount <= 0:
            raise FundingError("Enter an amount above zero.")
        if amount > application.paid:
            raise FundingError(f"Only £{application.paid:,.2f} has been paid on this grant: recover that or less.")
        year = _locked_year(application)
        year.paid -= amount
        year.committed -= amount
        year.save(update_fields=["paid", "committed"])
        entry = LedgerEntry.objects.create(
            fund_year=year, application=application, kind=LedgerEntry.Kind.RECOVERY, amount=amount, actor=actor
        )
        application.paid -= amount
        application.award -= amount
        application.save(update_fields=["paid", "award", "updated_at"])
        recovery = Recovery.objects.create(
            application=application,
            ledger_entry=entry,
            amount=amount,
            reason=reason,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        label = Recovery.Reason(reason).label
        audit_record(
            application, action=Action.RECOVERED, actor=actor, comment=f"£{amount:,.2f} recovered: {label}. {note}"
        )
        return recovery


def payment_run_remove(run_id: int, claim_id: int, *, actor: User) -> Claim:
    """Take a claim out of a run not yet paid: it waits for the next run, or its grant can be withdrawn."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.paid_at is not None:
            raise FundingError(f"{run.reference} has been paid: nothing can be taken out of it.")
        claim = run.claims.select_related("application").filter(pk=claim_id).first()
        if claim is None:
            raise FundingError("That claim is not in this run.")
        claim.payment_run = None
        claim.save(update_fields=["payment_run", "updated_at"])
        audit_record(
            claim.application,
            action=Action.CHANGED,
            actor=actor,
            comment=f"Claim of £{claim.amount:,.2f} taken out of payment run {run.reference}.",
        )
        return claim
