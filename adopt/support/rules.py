"""Whether a company counts as supported, by its programme's rule. Pure."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SupportedRuleFacts:
    minimum_hours: Decimal = Decimal("12")
    roadmap_counts: bool = True


@dataclass(frozen=True)
class SupportedVerdict:
    supported: bool
    reason: str


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")


def supported_verdict(hours: Decimal, roadmap_agreed: bool, rule: SupportedRuleFacts) -> SupportedVerdict:
    if hours >= rule.minimum_hours:
        return SupportedVerdict(
            True, f"{_n(hours)} hours of support, at least the {_n(rule.minimum_hours)} the programme asks."
        )
    if rule.roadmap_counts and roadmap_agreed:
        return SupportedVerdict(True, f"An agreed roadmap (and {_n(hours)} hours of support).")
    needs = f"{_n(rule.minimum_hours - hours)} more hours of support"
    if rule.roadmap_counts:
        needs += " or an agreed roadmap"
    return SupportedVerdict(False, f"{_n(hours)} hours so far: needs {needs}.")
