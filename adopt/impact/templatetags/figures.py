"""A figure as a reader sees it: to the places its measure keeps (pence, tenths of a job), never re-rounded,
so the quarters printed add up to the total printed."""

from decimal import Decimal

from django import template

register = template.Library()

MONEY = ("£", "£ per job", "£ per £1")


@register.filter
def figure(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return "not shown"
    text = f"{value:,}"
    if unit in MONEY:
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    if unit == "%":
        return f"{text}%"
    return text
