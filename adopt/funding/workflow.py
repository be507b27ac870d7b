"""The application workflow as data: which moves exist and who may make each. Pure."""

from enum import StrEnum

from adopt.funding.models import GrantApplication

Status = GrantApplication.Status


class Actor(StrEnum):
    APPLICANT = "applicant"  # a member of the company, or programme staff applying on its behalf
    REVIEWER = "reviewer"  # a technology adviser or manager of the programme
    APPROVER = "approver"  # a manager of the programme or a national administrator


TRANSITIONS: dict[tuple[str, str], tuple[Actor, str]] = {
    (Status.DRAFT, Status.SUBMITTED): (Actor.APPLICANT, "Submit the application"),
    (Status.RETURNED, Status.SUBMITTED): (Actor.APPLICANT, "Resubmit the application"),
    (Status.SUBMITTED, Status.IN_REVIEW): (Actor.REVIEWER, "Start the review"),
    (Status.IN_REVIEW, Status.RETURNED): (Actor.REVIEWER, "Return for changes"),
    (Status.IN_REVIEW, Status.RECOMMENDED): (Actor.REVIEWER, "Recommend for approval"),
    (Status.RECOMMENDED, Status.APPROVED): (Actor.APPROVER, "Approve and commit the grant"),
    (Status.RECOMMENDED, Status.REJECTED): (Actor.APPROVER, "Reject"),
    (Status.IN_REVIEW, Status.REJECTED): (Actor.APPROVER, "Reject"),
    (Status.APPROVED, Status.OFFER_ACCEPTED): (Actor.APPLICANT, "Accept the offer"),
    (Status.OFFER_ACCEPTED, Status.CLAIMED): (Actor.APPLICANT, "Submit a claim"),
    (Status.CLAIMED, Status.CLAIM_APPROVED): (Actor.REVIEWER, "Approve the claim"),
    (Status.CLAIMED, Status.OFFER_ACCEPTED): (Actor.REVIEWER, "Reject the claim"),
    (Status.CLAIM_APPROVED, Status.PAID): (Actor.APPROVER, "Record the payment"),
    (Status.PAID, Status.CLAIMED): (Actor.APPLICANT, "Submit a further claim"),
    (Status.PAID, Status.CLOSED): (Actor.APPROVER, "Close, releasing any underspend"),
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


def allowed_moves(status: str) -> list[tuple[str, Actor, str]]:
    moves = [(to, actor, label) for (frm, to), (actor, label) in TRANSITIONS.items() if frm == status]
    if status in WITHDRAWABLE:
        moves.append((Status.WITHDRAWN, Actor.APPLICANT, "Withdraw the application"))
    return moves


def move_for(status: str, to: str) -> tuple[Actor, str] | None:
    if to == Status.WITHDRAWN and status in WITHDRAWABLE:
        return Actor.APPLICANT, "Withdraw the application"
    return TRANSITIONS.get((status, to))
