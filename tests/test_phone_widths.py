"""Every page of the access walker's list, as each role meets it, in a real browser on a 320 px and a 375 px phone and
a 1280 px desktop. At every width: no sideways scrolling, of the page or of a box inside it. At 375 and 1280 px: no
serious or critical axe-core violation, with WCAG 2.2's target size rule (2.5.8) turned on; and every control, once
focused, at least partly in view (2.4.11, focus not obscured). A business member's pages, as the browser renders
them, show no catalogue or framework key.

Files (PDFs, spreadsheets, CSV, calendars) and the JSON API are left out: they are not pages."""

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser, sync_playwright

from conftest import CHROMIUM, World
from tests.test_access_walker import OK, reference_keys, service_cases
from tests.test_browser import CHROMIUM_FLAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WALKED_ROLES = ["sme_member", "adviser", "manager", "programme_evaluator", "national_admin"]
FILES = (".pdf", ".csv", ".xlsx", ".json", ".ics")
NARROWEST = 320
WIDTHS = (NARROWEST, 375, 1280)
# The innermost elements reaching past the window's right edge: what makes the page scroll sideways.
WIDEST_JS = """(width) => {
  const past = el => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1;
  return [...document.querySelectorAll('main *')].filter(el => past(el) && ![...el.children].some(past))
    .slice(0, 3).map(el => el.outerHTML.slice(0, 160));
}"""
# Boxes that scroll sideways within the page (a table in a scrolling wrapper) fail reflow (1.4.10) as the page would.
INNER_SCROLL_JS = """() => [...document.querySelectorAll('body *')].filter(el => {
  const overflow = getComputedStyle(el).overflowX;
  return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1;
}).map(el => el.outerHTML.slice(0, 80))"""
# WCAG 2.2's rules are off in axe-core by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# Focuses each control that can take focus, as the browser does on Tab (scrolling it into view), and names those
# entirely covered by something else, such as a sticky header: corners and centre all land on another element.
FOCUS_OBSCURED_JS = """() => {
  const focusable = ':is(a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]):not([tabindex="-1"])';
  const hidden = [];
  for (const el of document.querySelectorAll(focusable)) {
    el.focus();
    if (document.activeElement !== el) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
    const seen = points.some(([fx, fy]) => {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const top = document.elementFromPoint(x, y);
      return top !== null && (el.contains(top) || top.contains(el) || (el.labels && [...el.labels].some(l => l.contains(top))));
    });
    if (!seen) hidden.push(el.outerHTML.slice(0, 80));
  }
  document.activeElement && document.activeElement.blur();
  return hidden;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def pages_of(world: World, role: str) -> list[str]:
    """The role's pages: every URL the walker expects it to be shown, that answers with HTML."""
    client = Client()
    client.force_login(world.persona(role))
    urls = []
    for name, case, url in service_cases(world):
        if name.startswith("api:") or url.split("?")[0].endswith(FILES) or case.expected[role] != OK:
            continue
        response = client.get(url)
        if response.status_code == OK and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return sorted(set(urls))


@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_fits_a_phone_and_a_desktop_with_targets_and_focus_in_view(
    browser: Browser, live_server, world: World, role: str
) -> None:
    client = Client()
    client.force_login(world.persona(role))
    urls = pages_of(world, role)
    assert len(urls) > 10
    context = browser.new_context(viewport={"width": WIDTHS[1], "height": 800})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    keys = reference_keys() if role == "sme_member" else set()
    problems = []
    for url in urls:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(live_server.url + url)
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 1:
                wide = page.evaluate(WIDEST_JS, width)
                problems.append(f"{url} at {width} px scrolls sideways by {overflow} px, for {wide}")
            inner = page.evaluate(INNER_SCROLL_JS)
            if inner:
                problems.append(f"{url} at {width} px scrolls sideways inside {inner[:3]}")
            if width == NARROWEST:
                continue  # the smallest phones: the layout is checked; axe and focus are checked at the other widths
            grave = [
                f"{v['id']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            if grave:
                problems.append(f"{url} at {width} px: {'; '.join(grave)}")
            if keys:
                shown = keys & set(re.findall(r"[a-z0-9_@-]+", page.evaluate("document.body.innerText")))
                if shown:
                    problems.append(f"{url} shows the business {sorted(shown)}")
            obscured = page.evaluate(FOCUS_OBSCURED_JS)
            if obscured:
                problems.append(f"{url} at {width} px hides focused {obscured[:3]}")
    context.close()
    assert not problems, f"{role}, {len(urls)} pages:\n" + "\n".join(problems)
