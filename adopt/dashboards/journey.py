"""A company's journey through the programme, derived from facts, never typed by hand. Pure."""

import datetime
from dataclasses import dataclass

STAGES = ("Enquiry", "Eligible", "Assessed", "Roadmap agreed", "Applied", "Funded", "Implemented", "Followed up")


@dataclass(frozen=True)
class JourneyFacts:
    first_contact: datetime.datetime | None  # an enquiry, or the company's record being created
    eligibility: str
    eligibility_checked: datetime.datetime | None
    eligibility_missing: tuple[str, ...]
    first_assessment: datetime.datetime | None
    roadmap_agreed: datetime.datetime | None
    first_application: datetime.datetime | None  # first submitted; a draft is not yet an application
    application_waiting_for_review: bool
    first_award: datetime.datetime | None
    first_payment: datetime.datetime | None
    followed_up: datetime.datetime | None
    application_to_finish: bool = False  # a draft, or one returned for changes
    offer_to_accept: bool = False  # a grant approved and not yet accepted
    claim_to_make: bool = False  # an offer accepted, nothing claimed yet


@dataclass(frozen=True)
class Stage:
    name: str
    reached: datetime.datetime | None
    note: str = ""


@dataclass(frozen=True)
class Journey:
    stages: tuple[Stage, ...]
    current: str
    next_action: str

    @property
    def current_since(self) -> datetime.datetime | None:
        """When the company reached the stage it is at."""
        return next((stage.reached for stage in self.stages if stage.name == self.current), None)


def journey_of(facts: JourneyFacts) -> Journey:
    eligible_note = {"not_eligible": "Not eligible", "needs_information": "Needs information"}.get(
        facts.eligibility, ""
    )
    reached = [
        Stage("Enquiry", facts.first_contact),
        Stage("Eligible", facts.eligibility_checked if facts.eligibility == "eligible" else None, eligible_note),
        Stage("Assessed", facts.first_assessment),
        Stage("Roadmap agreed", facts.roadmap_agreed),
        Stage("Applied", facts.first_application),
        Stage("Funded", facts.first_award),
        Stage("Implemented", facts.first_payment),
        Stage("Followed up", facts.followed_up),
    ]
    current = next((stage.name for stage in reversed(reached) if stage.reached), "Enquiry")
    return Journey(tuple(reached), current, next_action(facts))


def next_action(facts: JourneyFacts) -> str:
    if facts.eligibility == "not_eligible":
        return "None: not eligible"
    if facts.eligibility == "needs_information":
        missing = ", ".join(facts.eligibility_missing) if facts.eligibility_missing else "eligibility details"
        return f"Eligibility information missing: {missing}"
    if facts.first_assessment is None:
        return "Book a diagnostic"
    if facts.application_waiting_for_review:
        return "Review the grant application"
    if facts.application_to_finish:
        return "Finish and submit the grant application"
    if facts.first_application is None:
        return "Agree a roadmap and an application"
    if facts.first_payment is not None and facts.followed_up is None:
        return "Follow up the outcomes"
    return "Keep in touch"


def owner_next_step(facts: JourneyFacts) -> str:
    """The next step in the words of the business that acts for the company, not of its adviser."""
    if facts.eligibility == "not_eligible":
        return "The programme cannot fund this company; its page says why."
    if facts.eligibility == "needs_information":
        missing = ", ".join(facts.eligibility_missing) if facts.eligibility_missing else "a few details"
        return f"Tell the programme {missing}, so it can check the company is eligible."
    if facts.offer_to_accept:
        return "Read your grant offer and accept it to start the project."
    if facts.claim_to_make:
        return "Buy and install, then claim the grant with the invoice and proof of payment."
    if facts.application_to_finish:
        return "Finish and submit your grant application."
    if facts.application_waiting_for_review:
        return "Your grant application is with the programme: you will hear by email when it is decided."
    if facts.first_assessment is None:
        return "Take the digital readiness self-assessment: about 20 minutes."
    if facts.roadmap_agreed is None and facts.first_application is None:
        return "Your adviser plans your digital roadmap from the assessment; you agree it together."
    if facts.first_application is None:
        return "Apply for a grant for the first item on your roadmap."
    if facts.first_payment is not None and facts.followed_up is None:
        return "Tell the programme what the project changed when it asks, at 6, 12 and 24 months."
    return "Your adviser keeps in touch; your company's page shows where everything stands."
