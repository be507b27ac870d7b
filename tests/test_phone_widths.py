"""Every page of the access walker's list, as each role meets it, in a real browser on a 375 px phone and a 1280 px
desktop: no sideways scrolling at either width, and no serious or critical axe-core violation on the phone.

Files (PDFs, spreadsheets, CSV, calendars) and the JSON API are left out: they are not pages."""

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser, sync_playwright

from conftest import CHROMIUM, World
from tests.test_access_walker import OK, service_cases
from tests.test_browser import CHROMIUM_FLAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WALKED_ROLES = ["sme_member", "adviser", "manager", "programme_evaluator", "national_admin"]
FILES = (".pdf", ".csv", ".xlsx", ".json", ".ics")
WIDTHS = (375, 1280)


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
def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe_on_the_phone(
    browser: Browser, live_server, world: World, role: str
) -> None:
    client = Client()
    client.force_login(world.persona(role))
    urls = pages_of(world, role)
    assert len(urls) > 10
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    for url in urls:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(live_server.url + url)
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 1:
                problems.append(f"{url} at {width} px scrolls sideways by {overflow} px")
            if width == WIDTHS[0]:
                grave = [
                    f"{v['id']} at {[n['target'] for n in v['nodes']][:3]}"
                    for v in Axe().run(page).response["violations"]
                    if v["impact"] in {"serious", "critical"}
                ]
                if grave:
                    problems.append(f"{url} at {width} px: {'; '.join(grave)}")
    context.close()
    assert not problems, f"{role}, {len(urls)} pages:\n" + "\n".join(problems)
