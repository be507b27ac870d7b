"""Checks on a follow-up report before it is stored. Pure: the reported values and the facts they must fit."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

NEVER_NEGATIVE = (
    "jobs_created",
    "jobs_safeguarded",
    "new_sales",
    "retained_sales",
    "cost_savings",
    "investment_plant",
    "investment_it",
    "investment_training",
)


@dataclass(frozen=True)
class ReportFacts:
    paid_on: datetime.date
    today: datetime.date
    staff: int | None
    electricity_kwh: int | None  # the company's yearly use, where known
    gas_kwh: int | None


def report_problems(values: Mapping[str, Any], facts: ReportFacts) -> dict[str, str]:
    """Field → what is wrong with it; empty when the report can be stored."""
    problems: dict[str, str] = {}
    for field in NEVER_NEGATIVE:
        value = values.get(field)
        if value is not None and value < 0:
            problems[field] = "Cannot be negative."
    reported_on = values.get("reported_on")
    if reported_on is not None:
        if reported_on > facts.today:
            problems["reported_on"] = "Cannot be in the future."
        elif reported_on < facts.paid_on:
            problems["reported_on"] = f"Cannot be before the grant was paid ({facts.paid_on:%d %B %Y})."
    roles = values.get("roles_upskilled")
    if roles is not None and facts.staff is not None and roles > facts.staff:
        problems["roles_upskilled"] = f"More roles than the company's {facts.staff} staff."
    for field, use in (("electricity_saved_kwh", facts.electricity_kwh), ("gas_saved_kwh", facts.gas_kwh)):
        saved = values.get(field)
        if saved is not None and use is not None and saved > use:
            problems[field] = f"More than the company uses in a year ({use:,} kWh)."
    productivity = values.get("productivity_pct")
    if productivity is not None and not Decimal(-100) < productivity <= Decimal(500):
        problems["productivity_pct"] = "Enter a change in productivity between −100% and 500%."
    return problems
