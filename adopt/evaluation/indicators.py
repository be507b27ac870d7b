"""Funder indicator sets: versioned data (`data/indicator_sets@N.json`) naming each indicator, its unit, the Adopt
rule that counts it with the rule's settings, and the evidence that rule needs. The rules themselves are queries in
`selectors.indicator_value`; this module reads and checks the definitions."""

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

INDICATOR_FILE = Path(__file__).resolve().parent / "data" / "indicator_sets@1.json"

Rule = Literal[
    "companies_reached",
    "companies_with_hours",
    "new_enterprises",
    "private_match_on_grants",
    "employment_increase",
    "technology_adopters",
    "jobs_reported",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    code: str
    name: str
    unit: str
    rule: Rule
    params: dict[str, int | str] = Field(default_factory=dict)
    evidence: str


class IndicatorSet(_Strict):
    key: str
    name: str
    source: str
    indicators: tuple[Indicator, ...]


class IndicatorFile(_Strict):
    version: int
    about: str
    sets: tuple[IndicatorSet, ...]


@cache
def indicator_file(path: Path = INDICATOR_FILE) -> IndicatorFile:
    return IndicatorFile.model_validate_json(path.read_text(encoding="utf-8"))


def indicator_sets() -> tuple[IndicatorSet, ...]:
    return indicator_file().sets


def indicator_set(key: str) -> IndicatorSet:
    for one in indicator_sets():
        if one.key == key:
            return one
    names = ", ".join(one.key for one in indicator_sets())
    raise LookupError(f"There is no indicator set {key!r}; the sets are {names}.")
