"""The application workflow as data: which moves exist and who may make each. Pure."""

from enum import StrEnum
from typing import NamedTuple

from adopt.core.audit import Action
from adopt.funding.models import GrantApplication

Status = GrantApplication.Status


class Actor(StrEnum):
    APPLICANT = "applicant"  # a member of the company, or programme staff applying on its behalf
    REVIEWER = "reviewer"  # a technology adviser or manager of the programme
    APPROVER = "approver"  # a manager of the programme or a national administrator


class Move(NamedTuple):
    actor: Actor  # who may make it
    label: str  # the button
    action: Action  # what the audit trail records


TRANSITIONS: dict[tuple[str, str], Move] = {
    (Status.DRAFT, Status.SUBMITTED): Move(Actor.APPLICANT, "Submit the application", Action.SUBMITTED),
    (Status.RETURNED, Status.SUBMITTED): Move(Actor.APPLICANT, "Resubmit the application", Action.RESUBMITTED),
    (Status.SUBMITTED, Status.IN_REVIEW): Move(Actor.REVIEWER, "Start the review", Action.REVIEW_STARTED),
    (Status.IN_REVIEW, Status.RETURNED): Move(Actor.REVIEWER, "Return for changes", Action.RETURNED),
    (Status.IN_REVIEW, Status.RECOMMENDED): Move(Actor.REVIEWER, "Recommend for approval", Action.RECOMMENDED),
    (Status.RECOMMENDED, Status.APPROVED): Move(Actor.APPROVER, "Approve and commit the grant", Action.APPROVED),
    (Status.RECOMMENDED, Status.REJECTED): Move(Actor.APPROVER, "Reject", Action.REJECTED),
    (Status.IN_REVIEW, Status.REJECTED): Move(Actor.APPROVER, "Reject", Action.REJECTED),
    (Status.APPROVED, Status.OFFER_ACCEPTED): Move(Actor.APPLICANT, "Accept the offer", Action.OFFER_ACCEPTED),
    (Status.OFFER_ACCEPTED, Status.CLAIMED): Move(Actor.APPLICANT, "Submit a claim", Action.CLAIM_SUBMITTED),
    (Status.CLAIMED, Status.CLAIM_APPROVED): Move(Actor.REVIEWER, "Approve the claim", Action.CLAIM_PAYMENT_APPROVED),
    (Status.CLAIMED, Status.OFFER_ACCEPTED): Move(Actor.REVIEWER, "Reject the claim", Action.CLAIM_PAYMENT_REJECTED),
    (Status.CLAIM_APPROVED, Status.PAID): Move(Actor.APPROVER, "Record the payment", Action.PAID),
    (Status.PAID, Status.CLAIMED): Move(Actor.APPLICANT, "Submit a further claim", Action.CLAIM_SUBMITTED),
    (Status.PAID, Status.CLOSED): Move(Actor.APPROVER, "Close, releasing any underspend", Action.CLOSED),
}
WITHDRAWABLE = {
    Status.DRAFT,
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.RETURNED,
    Status.RECOMMENDED,
    Status.APPROVED,
    Status.OFFER_ACCEPTED,
    Status.CLAIMED,
    Status.CLAIM_APPROVED,
}
OPEN = WITHDRAWABLE | {Status.PAID}
# Decided in the applicant's favour: money committed, whatever has happened since.
AWARDED = frozenset(
    {Status.APPROVED, Status.OFFER_ACCEPTED, Status.CLAIMED, Status.CLAIM_APPROVED, Status.PAID, Status.CLOSED}
)
# Put to the programme and not yet decided.
PIPELINE = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.RECOMMENDED})
NEEDS_REASON = {Status.REJECTED, Status.RETURNED, Status.WITHDRAWN}
# What else each status allows, beyond its moves.
COSTS_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
CHECKS_SHOWN = frozenset({Status.DRAFT, Status.RETURNED, Status.RECOMMENDED})  # before submitting, and approving
TAKES_REVIEWS = frozenset({Status.IN_REVIEW})
# An offer's amount or dates may be varied: not while a claim is being decided.
VARIABLE = frozenset({Status.APPROVED, Status.OFFER_ACCEPTED, Status.PAID})
# Moves made on their own pages, never by a bare button: the applicant sees what they sign, a claim comes with its
# evidence, and payments go out in a payment run that finance is given. Each says where the move is made.
_CHECK = "Check your answers and make the declarations on the check-your-answers page to submit."
_CLAIM = "Submit a claim with its invoice and proof of payment, in the claim form on this page."
OWN_PAGE_MOVES: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): _CHECK,
    (Status.RETURNED, Status.SUBMITTED): _CHECK,
    (Status.APPROVED, Status.OFFER_ACCEPTED): "Read the offer and accept it by typing your name on the offer page.",
    (Status.OFFER_ACCEPTED, Status.CLAIMED): _CLAIM,
    (Status.PAID, Status.CLAIMED): _CLAIM,
    (Status.CLAIM_APPROVED, Status.PAID): "Claims are paid in a payment run, made from the fund's page.",
}
TAKES_CLAIMS = frozenset({Status.OFFER_ACCEPTED, Status.PAID})
CLAIM_OPEN = frozenset({Status.CLAIMED, Status.CLAIM_APPROVED})  # a claim is in and not yet paid
AWAITING_DECISION = Status.RECOMMENDED  # on the approval board, to approve or reject
AWAITING_PAYMENT = Status.CLAIM_APPROVED  # on the approval board, to pay
NEXT_STEPS: dict[str, str] = {
    Status.DRAFT: "Add the costs and evidence, check that every rule is met, then submit.",
    Status.RETURNED: "Make the changes the reviewer asked for, then resubmit.",
    Status.SUBMITTED: "A technology adviser will start the review.",
    Status.IN_REVIEW: "The adviser reviews the application against the scheme's criteria.",
    Status.RECOMMENDED: "A programme manager decides whether to approve the grant.",
    Status.APPROVED: "Read the offer letter, confirm the business's subsidy headroom, then accept the offer.",
    Status.OFFER_ACCEPTED: "Buy and install, then claim with the invoice and proof of payment.",
    Status.CLAIMED: "The programme checks the claim.",
    Status.CLAIM_APPROVED: "The programme pays the claim in the fund's next payment run.",
    Status.PAID: "Claim the rest of the award, or the programme closes the grant.",
    Status.CLOSED: "The grant is closed. Outcomes are followed up at 6, 12 and 24 months.",
    Status.REJECTED: "The application was not approved; the reason is in the timeline.",
    Status.WITHDRAWN: "The application was withdrawn.",
}


WITHDRAW = Move(Actor.APPLICANT, "Withdraw the application", Action.WITHDRAWN)


def allowed_moves(status: str) -> list[tuple[str, Move]]:
    """The moves out of this status, each with where it goes."""
    moves = [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == status]
    if status in WITHDRAWABLE:
        moves.append((Status.WITHDRAWN, WITHDRAW))
    return moves


def move_for(status: str, to: str) -> Move | None:
    if to == Status.WITHDRAWN and status in WITHDRAWABLE:
        return WITHDRAW
    return TRANSITIONS.get((status, to))
