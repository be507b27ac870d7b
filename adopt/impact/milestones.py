"""When a company first reached each stage the funder counts: engaged, assessed, supported, roadmap, investing. Pure.

Engaged: the first contact of any kind (support, an assessment, a roadmap agreed, a grant paid). Supported: the
programme's rule met (hours of support, or a roadmap agreed where the rule counts it), or a grant paid.
Investing: a grant paid. So the stages nest, and a company's dates never run backwards: engaged ≤ supported ≤
investing.

A dashboard counts each company once, in the period it first reached a stage, so the figures of successive
periods add up to the programme's total. The dates are kept per company (`CompanyMilestones`) and refreshed
whenever their facts change, so a national dashboard counts rows rather than a million support entries.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from adopt.support.rules import SupportedRuleFacts

STAGES = ("engaged", "assessed", "supported", "roadmap", "investing")


@dataclass(frozen=True)
class MilestoneFacts:
    support: tuple[tuple[datetime.date, Decimal], ...]  # each support entry's date and hours, any order
    rule: SupportedRuleFacts
    first_assessed: datetime.date | None
    roadmap_agreed: datetime.date | None
    first_paid: datetime.date | None


@dataclass(frozen=True)
class Milestones:
    support_hours: Decimal
    engaged_on: datetime.date | None
    assessed_on: datetime.date | None
    supported_on: datetime.date | None
    roadmap_on: datetime.date | None
    investing_on: datetime.date | None


def _earliest(dates: Iterable[datetime.date | None]) -> datetime.date | None:
    known = [day for day in dates if day is not None]
    return min(known) if known else None


def hours_reached_on(support: Iterable[tuple[datetime.date, Decimal]], minimum: Decimal) -> datetime.date | None:
    """The day the running total of support hours first reached the minimum; None if it never has."""
    total = Decimal(0)
    for day, hours in sorted(support):
        total += hours
        if total >= minimum:
            return day
    return None


def milestones_of(facts: MilestoneFacts) -> Milestones:
    first_support = min((day for day, _ in facts.support), default=None)
    by_hours = hours_reached_on(facts.support, facts.rule.minimum_hours)
    by_roadmap = facts.roadmap_agreed if facts.rule.roadmap_counts else None
    # A grant payment is support (as the funders' "enterprises receiving support" counts grants), so
    # investing ⊆ supported ⊆ engaged holds for every company on every day.
    return Milestones(
        support_hours=sum((hours for _, hours in facts.support), Decimal(0)),
        engaged_on=_earliest([first_support, facts.first_assessed, facts.roadmap_agreed, facts.first_paid]),
        assessed_on=facts.first_assessed,
        supported_on=_earliest([by_hours, by_roadmap, facts.first_paid]),
        roadmap_on=facts.roadmap_agreed,
        investing_on=facts.first_paid,
    )
