"""What "treated" means, and which comparison group each company falls in. Pure.

A company is treated from the day it first reached a stage (`impact.milestones`), so the same records answer
"did engagement help?" and "did a paid grant help?". Every company Adopt knows of falls in exactly one group, the
furthest it went, so the groups add up to the programme's companies.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum


class Definition(StrEnum):
    ENGAGED = "engaged"
    ASSESSED = "assessed"
    SUPPORTED = "supported"
    ROADMAP = "roadmap"
    GRANT_PAID = "grant_paid"

    @property
    def label(self) -> str:
        return DEFINITION_LABELS[self]

    @property
    def milestone(self) -> str:
        return "investing_on" if self is Definition.GRANT_PAID else f"{self.value}_on"


DEFINITION_LABELS = {
    Definition.ENGAGED: "Any contact with the programme",
    Definition.ASSESSED: "A digital readiness assessment submitted",
    Definition.SUPPORTED: "Supported under the programme's rule (hours of support, or a roadmap agreed)",
    Definition.ROADMAP: "A roadmap agreed",
    Definition.GRANT_PAID: "A grant paid",
}


class Group(StrEnum):
    GRANT_PAID = "grant_paid"
    SUPPORTED = "supported"
    REFUSED = "refused"
    WITHDREW = "withdrew"
    DIAGNOSTIC_ONLY = "diagnostic_only"
    ENGAGED_ONLY = "engaged_only"
    ENQUIRED_ONLY = "enquired_only"
    NOT_ELIGIBLE = "not_eligible"
    KNOWN_ONLY = "known_only"

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    Group.GRANT_PAID: "Grant paid",
    Group.SUPPORTED: "Supported, no grant paid",
    Group.REFUSED: "Applied and refused",
    Group.WITHDREW: "Applied and withdrew",
    Group.DIAGNOSTIC_ONLY: "Diagnostic only",
    Group.ENGAGED_ONLY: "Some contact, not supported",
    Group.ENQUIRED_ONLY: "Enquired only",
    Group.NOT_ELIGIBLE: "Not eligible",
    Group.KNOWN_ONLY: "Known only (no contact)",
}


@dataclass(frozen=True)
class CompanyFacts:
    supported_on: datetime.date | None
    investing_on: datetime.date | None
    assessed_on: datetime.date | None
    engaged_on: datetime.date | None
    refused: bool
    withdrew: bool
    enquired: bool
    not_eligible: bool


def group_of(facts: CompanyFacts) -> Group:
    """The furthest a company went; the order is that of the list of groups."""
    if facts.investing_on:
        return Group.GRANT_PAID
    if facts.supported_on:
        return Group.SUPPORTED
    if facts.refused:
        return Group.REFUSED
    if facts.withdrew:
        return Group.WITHDREW
    if facts.assessed_on:
        return Group.DIAGNOSTIC_ONLY
    if facts.engaged_on:
        return Group.ENGAGED_ONLY
    if facts.enquired:
        return Group.ENQUIRED_ONLY
    if facts.not_eligible:
        return Group.NOT_ELIGIBLE
    return Group.KNOWN_ONLY
