"""Every kind of message Adopt sends: what it is about, and whether the person can turn it off. Pure.

Messages about a person's account and about money (grant decisions, offers, claims, payments) are essential:
they are sent whatever the person chose. The rest belong to a topic the person can mute.
"""

from dataclasses import dataclass
from enum import StrEnum


class Topic(StrEnum):
    ACCOUNT = "account"
    MONEY = "money"
    PROGRESS = "progress"
    REMINDERS = "reminders"
    CASEWORK = "casework"
    VISITS = "visits"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_LABELS = {
    Topic.ACCOUNT: "Your account and the companies you act for",
    Topic.MONEY: "Grant decisions, offers, claims and payments",
    Topic.PROGRESS: "Progress of your company's assessment, roadmap and support",
    Topic.REMINDERS: "Reminders of follow-ups that are due",
    Topic.CASEWORK: "Casework for programme staff: enquiries, requests, submissions",
    Topic.VISITS: "Visits booked with you, with calendar invitations",
}
# A calendar invitation folded into a digest would never reach the calendar: visits are sent as they happen.
ESSENTIAL_TOPICS = frozenset({Topic.ACCOUNT, Topic.MONEY, Topic.VISITS})
MUTABLE_TOPICS = tuple(topic for topic in Topic if topic not in ESSENTIAL_TOPICS)


@dataclass(frozen=True)
class Kind:
    key: str  # also the template's name: notifications/messages/<key>.txt
    topic: Topic
    label: str

    @property
    def essential(self) -> bool:
        return self.topic in ESSENTIAL_TOPICS


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("enquiry_acknowledged", Topic.ACCOUNT, "Enquiry received (to the enquirer)"),
        Kind("enquiry_received", Topic.CASEWORK, "New enquiry (to the programme)"),
        Kind("account_confirmed", Topic.ACCOUNT, "Account confirmed"),
        Kind("invitation", Topic.ACCOUNT, "Invitation to act for a company"),
        Kind("staff_invitation", Topic.ACCOUNT, "Invitation to work in a programme"),
        Kind("staff_joined", Topic.CASEWORK, "Someone joined the programme's staff (to its managers)"),
        Kind("visit_booked", Topic.VISITS, "Visit booked, changed or cancelled, with a calendar invitation"),
        Kind("membership_requested", Topic.CASEWORK, "Request to act for a company (to staff)"),
        Kind("company_joined", Topic.CASEWORK, "Someone joined a company (to staff)"),
        Kind("membership_approved", Topic.ACCOUNT, "Request to act for a company approved"),
        Kind("membership_refused", Topic.ACCOUNT, "Request to act for a company refused"),
        Kind("adviser_assigned", Topic.PROGRESS, "Adviser assigned (to the company)"),
        Kind("company_assigned", Topic.CASEWORK, "Company assigned (to the adviser)"),
        Kind("company_waiting", Topic.CASEWORK, "Company waiting for an adviser (to the programme's managers)"),
        Kind("assessment_submitted", Topic.CASEWORK, "Self-assessment submitted (to the adviser)"),
        Kind("roadmap_agreed", Topic.PROGRESS, "Roadmap agreed"),
        Kind("application_submitted", Topic.MONEY, "Application submitted (to the company)"),
        Kind("application_to_review", Topic.CASEWORK, "Application to review (to the adviser)"),
        Kind("application_returned", Topic.MONEY, "Application returned for changes"),
        Kind("application_approved", Topic.MONEY, "Grant offered"),
        Kind("application_rejected", Topic.MONEY, "Application not approved"),
        Kind("offer_accepted", Topic.CASEWORK, "Offer accepted (to the adviser)"),
        Kind("claim_received", Topic.MONEY, "Claim received (to the company)"),
        Kind("claim_to_check", Topic.CASEWORK, "Claim to check (to the adviser)"),
        Kind("claim_approved", Topic.MONEY, "Claim approved"),
        Kind("claim_rejected", Topic.MONEY, "Claim not approved"),
        Kind("grant_paid", Topic.MONEY, "Grant paid"),
        Kind("follow_up_due", Topic.REMINDERS, "Follow-up due (to the company)"),
        Kind("follow_ups_due", Topic.REMINDERS, "Follow-ups due (to the adviser)"),
        Kind("digest", Topic.CASEWORK, "Daily digest (to staff)"),
    )
}


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"No message kind {key!r}; the kinds are in adopt/notifications/catalogue.py.") from None
