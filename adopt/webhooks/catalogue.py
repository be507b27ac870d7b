"""The events a webhook can be told of, by the public names integrations use."""

from dataclasses import dataclass
from typing import Any

from adopt.assessments.events import AssessmentSubmitted
from adopt.companies.events import AdviserAssigned, CompanyMoved
from adopt.core.events import Event
from adopt.funding.events import ApplicationMoved, GrantPaid
from adopt.funding.models import GrantApplication
from adopt.onboarding.events import CompanyJoined, EnquiryReceived, MembershipDecided, MembershipRequested
from adopt.onboarding.models import Enquiry
from adopt.roadmaps.events import RoadmapAgreed
from adopt.support.events import SupportRecorded

APPLICATION_STEPS = [status for status in GrantApplication.Status.values if status != GrantApplication.Status.DRAFT]

EVENT_NAMES: dict[str, str] = {
    **{
        f"application.{status}": f"An application moved to “{label}”"
        for status, label in GrantApplication.Status.choices
        if status in APPLICATION_STEPS
    },
    "grant.paid": "A payment reached a company",
    "assessment.submitted": "A readiness assessment was submitted",
    "roadmap.agreed": "A roadmap version was agreed",
    "support.recorded": "Support was recorded for a company",
    "company.adviser_assigned": "A company was given an adviser",
    "company.moved": "A company moved to another programme",
    "enquiry.received": "An enquiry arrived",
    "membership.requested": "Someone asked to act for a company",
    "membership.decided": "A request to act for a company was decided",
    "company.joined": "Someone joined a company (by code, invitation or registering it)",
    "ping": "A test delivery sent from Adopt's page",
}


@dataclass(frozen=True)
class Told:
    name: str  # the public event name, e.g. "application.approved"
    data: dict[str, Any]  # ids and facts of the event, JSON-ready
    company_id: int | None  # for endpoints limited to one programme
    programme_id: int | None = None  # when the event names no company (an enquiry)


def told_of(event: Event) -> Told | None:
    """The event as integrations see it, or None when no webhook is told of it."""
    # Free text (a reviewer's reasons) stays in Adopt: a receiver reads it through the API with its own rights.
    data = {key: value for key, value in event.payload().items() if key not in {"at", "comment"}}
    company_id = getattr(event, "company_id", None)
    match event:
        case ApplicationMoved():
            name = f"application.{event.to_status}"
        case GrantPaid():
            name = "grant.paid"
        case AssessmentSubmitted():
            name = "assessment.submitted"
        case RoadmapAgreed():
            name = "roadmap.agreed"
        case SupportRecorded():
            name = "support.recorded"
        case AdviserAssigned():
            name = "company.adviser_assigned"
        case CompanyMoved():
            name = "company.moved"
        case EnquiryReceived():
            name = "enquiry.received"
        case MembershipRequested():
            name = "membership.requested"
        case MembershipDecided():
            name = "membership.decided"
        case CompanyJoined():
            name = "company.joined"
        case _:
            return None
    programme_id = None
    if isinstance(event, EnquiryReceived):
        programme_id = Enquiry.objects.filter(pk=event.enquiry_id).values_list("programme_id", flat=True).first()
    return Told(name, data, company_id, programme_id) if name in EVENT_NAMES else None


HEARD_EVENTS: tuple[type[Event], ...] = (
    ApplicationMoved,
    GrantPaid,
    AssessmentSubmitted,
    RoadmapAgreed,
    SupportRecorded,
    AdviserAssigned,
    CompanyMoved,
    EnquiryReceived,
    MembershipRequested,
    MembershipDecided,
    CompanyJoined,
)
