"""Minimal Financial Assistance as the law sets it: the limit on a given day, the window it counts and what must be
published and kept. Read from `data/minimal_financial_assistance@1.json`; pure."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from adopt.core.financial_years import financial_year_of, financial_year_starts
from adopt.core.reference_data import ReferenceDataError

RULES_FILE = Path(__file__).parent / "data" / "minimal_financial_assistance@1.json"


@dataclass(frozen=True)
class MfaLimit:
    applies_from: datetime.date
    limit: Decimal
    citation: str


@dataclass(frozen=True)
class MfaRules:
    limits: tuple[MfaLimit, ...]  # oldest first
    window_years: int
    publish_above: Decimal
    keep_records_years: int
    source: str

    def limit_on(self, day: datetime.date) -> MfaLimit:
        """The limit in force on `day`: the latest entry that applies from that day or before."""
        applying = [limit for limit in self.limits if limit.applies_from <= day]
        if not applying:
            raise ReferenceDataError(f"No Minimal Financial Assistance limit applies on {day:%d %B %Y}.")
        return applying[-1]

    def window_start(self, day: datetime.date) -> datetime.date:
        """1 April of the earliest financial year counted on `day`: the current one so far and those before it."""
        return financial_year_starts(financial_year_of(day) - (self.window_years - 1))


@cache
def mfa_rules() -> MfaRules:
    try:
        raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))
        limits = tuple(
            sorted(
                (
                    MfaLimit(datetime.date.fromisoformat(entry["from"]), Decimal(entry["limit_gbp"]), entry["citation"])
                    for entry in raw["limits"]
                ),
                key=lambda limit: limit.applies_from,
            )
        )
        return MfaRules(
            limits=limits,
            window_years=int(raw["window_financial_years"]),
            publish_above=Decimal(raw["publish_above_gbp"]),
            keep_records_years=int(raw["keep_records_years"]),
            source=raw["source"],
        )
    except (OSError, KeyError, ValueError, ArithmeticError) as error:
        raise ReferenceDataError(f"{RULES_FILE.name} cannot be read: {error}") from error
