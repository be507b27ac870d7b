"""The readable difference between two stored roadmap versions. Pure: two versions' JSON in, sentences out."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Difference:
    kind: str  # added, removed, moved, cost, total, input
    text: str


def _money(value: str | Decimal) -> str:
    return f"£{Decimal(value):,.0f}"


def _phase_titles(plan: dict[str, Any]) -> dict[int, str]:
    return {phase["index"]: phase["title"] for phase in plan.get("phases", [])}


def plan_differences(
    before_inputs: dict[str, Any], before: dict[str, Any], after_inputs: dict[str, Any], after: dict[str, Any]
) -> list[Difference]:
    """What changed from `before` to `after`: inputs first, then items added, removed and moved, then totals."""
    differences = _input_differences(before_inputs, after_inputs)
    titles = _phase_titles(after) or _phase_titles(before)
    old = {item["key"]: item for item in before.get("items", [])}
    new = {item["key"]: item for item in after.get("items", [])}
    for key, item in new.items():
        if key not in old:
            differences.append(
                Difference(
                    "added", f"Added {item['name']} in {titles[item['phase']]} ({_money(item['costs']['net'])} net)."
                )
            )
    for key, item in old.items():
        if key not in new:
            differences.append(Difference("removed", f"Removed {item['name']} (was in {titles[item['phase']]})."))
    for key, item in new.items():
        if key in old and old[key]["phase"] != item["phase"]:
            differences.append(
                Difference(
                    "moved",
                    f"Moved {item['name']} from {titles[old[key]['phase']]} to {titles[item['phase']]}.",
                )
            )
        elif key in old and old[key]["costs"]["net"] != item["costs"]["net"]:
            differences.append(
                Difference(
                    "cost",
                    f"{item['name']} now costs {_money(item['costs']['net'])} net, "
                    f"was {_money(old[key]['costs']['net'])}.",
                )
            )
    for label, field in (("Investment", "gross"), ("Grant", "grant"), ("Net to the company", "net")):
        was = sum((Decimal(p[field]) for p in before.get("phases", [])), Decimal(0))
        now = sum((Decimal(p[field]) for p in after.get("phases", [])), Decimal(0))
        if was != now:
            differences.append(Difference("total", f"{label}: {_money(was)} → {_money(now)}."))
    return differences


INPUT_LABELS = {
    "budgets": "Budgets per phase",
    "objectives": "Objectives",
    "pins": "Pinned items",
    "exclusions": "Excluded items",
    "done": "Items done",
    "under_way": "Items under way",
    "levels_source": "Planned from",
    "catalogue": "Catalogue",
    "capacity": "Projects per phase",
    "funding": "Funding",
}


def _input_differences(before: dict[str, Any], after: dict[str, Any]) -> list[Difference]:
    differences = []
    for key, label in INPUT_LABELS.items():
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        if key == "budgets":
            was = [_money(v) for v in was or []]
            now = [_money(v) for v in now or []]
        differences.append(Difference("input", f"{label}: {_show(was)} → {_show(now)}."))
    return differences


def _show(value: Any) -> str:
    if value in (None, [], {}, ""):
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} ({'any phase' if v is None else v})" for k, v in value.items())
    return str(value)
