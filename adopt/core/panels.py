"""Panels that later apps add to an earlier app's page, so dependencies keep pointing one way.

The companies app shows `company_page_panels` on a company's page; an app above it (assessments,
roadmaps, funding...) registers a function in its AppConfig.ready() that renders its panel for a request
and a company, or returns "" when the user may not see it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

PanelRenderer = Callable[[HttpRequest, Any], str]


@dataclass
class PanelRegistry:
    _panels: list[tuple[int, str, PanelRenderer]] = field(default_factory=list)

    def register(self, name: str, order: int, render: PanelRenderer) -> None:
        self._panels = [panel for panel in self._panels if panel[1] != name]
        self._panels.append((order, name, render))
        self._panels.sort(key=lambda panel: panel[0])

    def render_all(self, request: HttpRequest, subject: Any) -> list[SafeString]:
        # Each renderer returns HTML from its own template, escaped there.
        return [mark_safe(html) for _, _, render in self._panels if (html := render(request, subject))]  # noqa: S308


company_page_panels = PanelRegistry()
programme_page_panels = PanelRegistry()
