"""Sections other apps add to the funder report's PDF (the evaluation adds its estimates). An app above impact
registers its section at start-up, as apps register page panels, so the report never imports it."""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

from adopt.impact.periods import Period
from adopt.programmes.models import Programme

SectionRenderer = Callable[[list[Programme], Period], str]  # HTML from a template, or "" for nothing to add

_sections: dict[str, tuple[int, SectionRenderer]] = {}


def report_section_register(name: str, order: int, render: SectionRenderer) -> None:
    _sections[name] = (order, render)


def report_sections(programmes: list[Programme], period: Period) -> list[SafeString]:
    ordered = sorted(_sections.values(), key=lambda section: section[0])
    return [mark_safe(html) for _, render in ordered if (html := render(programmes, period))]  # noqa: S308
