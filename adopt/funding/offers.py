"""The paperwork of an award: the offer, from a versioned letter template, and the Minimal Financial Assistance
notice that section 37 of the Subsidy Control Act 2022 asks for before it. Called inside the workflow's
transactions; the transitions themselves stay in `services.py`."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.subsidy_control import mfa_rules
from adopt.core.audit import Action, audit_record
from adopt.core.financial_years import add_months
from adopt.funding.models import GrantApplication, Offer, SubsidyNotice

OFFER_TEMPLATE = "offer@1"
STANDARD_CONDITIONS = (
    "The grant pays for the costs in the application only, bought after the date of this offer.",
    "Claim by the deadline with the invoices and proof of payment; the grant is paid against what was spent.",
    "Tell the programme at once of any change to the project, its costs or the business.",
    "Report the project's outcomes (jobs, roles upskilled, productivity, energy) 6, 12 and 24 months after payment.",
    "Keep the records of the project and this grant for at least three years from the date it is given.",
    "The programme may recover the grant if a condition is broken, the information given was false, "
    "or the business stops trading.",
)


@dataclass(frozen=True)
class Signature:
    """A simple electronic signature: who typed their name, in what position, and from where."""

    name: str
    position: str
    address: str | None


def current_offer(application: GrantApplication) -> Offer | None:
    return application.offers.filter(superseded=False).order_by("-number").first()


def current_notice(application: GrantApplication) -> SubsidyNotice | None:
    return application.subsidy_notices.filter(superseded=False).order_by("-issued_at", "-pk").first()


def offer_conditions(offer: Offer) -> list[str]:
    """The conditions as the offer was issued with them: stored whole, so a later change of wording leaves it."""
    return [line.strip() for line in offer.conditions.splitlines() if line.strip()]


def conditions_for(scheme_conditions: str) -> str:
    return "\n".join([*STANDARD_CONDITIONS, *(line.strip() for line in scheme_conditions.splitlines() if line.strip())])


def issue_offer(
    application: GrantApplication,
    *,
    actor: User,
    amount: Decimal,
    claim_deadline: datetime.date | None = None,
    reason: str = "",
) -> Offer:
    """A new offer for the amount, replacing any earlier one, with a fresh subsidy notice when the amount moves."""
    now = timezone.now()
    earlier = current_offer(application)
    if earlier is not None:
        earlier.superseded = True
        earlier.save(update_fields=["superseded"])
    offer = Offer.objects.create(
        application=application,
        number=(earlier.number + 1) if earlier else 1,
        template=OFFER_TEMPLATE,
        amount=amount,
        claim_deadline=claim_deadline or add_months(timezone.localdate(now), application.scheme.claim_months),
        conditions=conditions_for(application.scheme.offer_conditions),
        reason=reason,
        issued_by=actor,
        issued_at=now,
    )
    audit_record(
        application,
        action=Action.OFFER_VARIED if earlier else Action.OFFER_ISSUED,
        actor=actor,
        comment=f"Offer {offer.reference}: £{amount:,.2f}, claim by {offer.claim_deadline:%d %B %Y}. {reason}".strip(),
    )
    notice = current_notice(application)
    if notice is None or notice.gross_value != amount:
        notice = _give_notice(application, actor=actor, amount=amount, replacing=notice)
    offer.notice = notice
    offer.save(update_fields=["notice"])
    return offer


def _give_notice(
    application: GrantApplication, *, actor: User, amount: Decimal, replacing: SubsidyNotice | None
) -> SubsidyNotice:
    if replacing is not None:
        replacing.superseded = True
        replacing.save(update_fields=["superseded"])
    today = timezone.localdate()
    rules = mfa_rules()
    notice = SubsidyNotice.objects.create(
        application=application,
        gross_value=amount,
        limit=rules.limit_on(today).limit,
        window_starts=rules.window_start(today),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    audit_record(
        application,
        action=Action.SUBSIDY_NOTICE_GIVEN,
        actor=actor,
        comment=f"Minimal Financial Assistance of £{amount:,.2f} proposed; written confirmation of headroom asked for.",
    )
    return notice
