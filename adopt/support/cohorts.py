"""Leadership cohorts: checks on a cohort and its places, attendance and completion. Pure."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CohortFacts:
    starts_on: datetime.date
    ends_on: datetime.date
    sessions: int
    sessions_to_complete: int


def cohort_problems(facts: CohortFacts) -> dict[str, str]:
    problems = {}
    if facts.ends_on < facts.starts_on:
        problems["ends_on"] = "A cohort cannot end before it starts."
    if facts.sessions < 1:
        problems["sessions"] = "A cohort has at least one session."
    if facts.sessions_to_complete > facts.sessions:
        problems["sessions_to_complete"] = (
            f"Completing cannot take more sessions than the course has ({facts.sessions})."
        )
    return problems


def attendance_problem(cohort: CohortFacts, attended: int, today: datetime.date) -> str | None:
    """Why this many sessions attended cannot be recorded yet, or None."""
    if attended < 0:
        return "Sessions attended cannot be negative."
    if attended > cohort.sessions:
        return f"The cohort has {cohort.sessions} sessions, so no one can have attended {attended}."
    if attended > 0 and today < cohort.starts_on:
        return f"The cohort starts on {cohort.starts_on:%d %B %Y}: no sessions have been held yet."
    return None


def has_completed(cohort: CohortFacts, attended: int, today: datetime.date) -> bool:
    """A leader completes once the cohort has ended and they attended the sessions it asks."""
    return today >= cohort.ends_on and attended >= cohort.sessions_to_complete


def attendance_rate(attended: int, places: int, sessions: int) -> Decimal | None:
    """Share of the sessions held that the places attended, as a percentage; None with no places."""
    if places == 0 or sessions == 0:
        return None
    return (Decimal(attended) / Decimal(places * sessions) * 100).quantize(Decimal("0.1"))
