"""The core pages in a real browser (Debian's Chromium through Playwright), each checked with axe-core.

No serious or critical accessibility violation is allowed on any page these tests visit.
"""

import os
from base64 import b32decode
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, sync_playwright

from adopt.accounts.models import User
from adopt.accounts.policies import needs_second_factor
from adopt.accounts.tests.factories import TEST_PASSWORD
from adopt.companies.models import Contact
from adopt.companies.tests.factories import CompanyFactory
from conftest import CHROMIUM, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in the test's thread while the tests also use the ORM;
    # the variable is set only while this module's browser is open.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page: Page, name: str) -> None:
    """Screenshot the page and fail on any serious or critical axe-core violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    grave = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    details = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in grave]
    assert not grave, f"{name}: " + "; ".join(details)


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    user = User.objects.get(email=email)
    app = app_of(user) if needs_second_factor(user) else None
    page.get_by_role("button", name="Sign in").click()
    if app is not None:
        page.get_by_label("Code", exact=True).fill(current_code(app))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base_url}/")


def app_of(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_a_member_of_staff_sets_up_two_step_sign_in_at_their_first_sign_in(
    page: Page, live_server, world: World
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(world.manager.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Set up two-step sign-in").is_visible()
    assert_accessible(page, "two-factor-setup")
    key = page.locator(".adopt-totp-key").inner_text().replace(" ", "")
    device = TOTPDevice(key=b32decode(key + "=" * (-len(key) % 8)).hex())
    page.get_by_label("Code from the new app").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    assert page.get_by_role("heading", name="Save your recovery codes").is_visible()
    assert_accessible(page, "recovery-codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url(f"{live_server.url}/")


def test_landing_and_sign_in_pages_are_accessible(page: Page, live_server, db) -> None:
    page.goto(live_server.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Digital technology adoption for SME manufacturers"
    assert_accessible(page, "landing")
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page, "sign-in")
    page.get_by_role("contentinfo").get_by_role("link", name="Help and contact").click()
    assert_accessible(page, "help")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement for Adopt"
    assert_accessible(page, "accessibility-statement")


def test_skip_link_moves_focus_to_the_main_content(page: Page, live_server, db) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")


def test_wrong_password_shows_an_error_summary_that_links_to_the_field(page: Page, live_server, world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(world.adviser.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    assert "Enter a correct email address and password." in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page, "sign-in-error")


def test_adviser_signs_in_and_walks_their_programme_and_caseload(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.adviser.email)
    assert page.get_by_role("heading", name="Your caseload").is_visible()
    assert_accessible(page, "adviser-home")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Programmes").click()
    assert_accessible(page, "programme-list")
    page.get_by_role("link", name="North West Digital Adoption Programme").click()
    assert page.get_by_role("heading", level=1).inner_text() == "North West Digital Adoption Programme"
    assert_accessible(page, "programme-detail")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Companies").click()
    page.get_by_role("link", name="Ribble Plastics Ltd").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ribble Plastics Ltd"
    assert_accessible(page, "company-detail")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Caseload").click()
    assert page.get_by_role("link", name="Ribble Plastics Ltd").is_visible()
    assert_accessible(page, "caseload")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account").click()
    assert_accessible(page, "account")
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page, "password-change")


def test_company_member_sees_their_company_and_cannot_open_another(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.sme_member.email)
    assert page.get_by_role("rowheader").get_by_role("link", name="Ribble Plastics Ltd").is_visible()
    assert_accessible(page, "sme-home")
    response = page.goto(f"{live_server.url}/companies/{world.other_company.pk}/")
    assert response is not None
    assert response.status == 404
    assert_accessible(page, "not-found")


def test_national_admin_reaches_the_back_office(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.national_admin.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Back office").click()
    assert "Programme administration" in page.content()


def test_company_search_updates_results_as_the_adviser_types(page: Page, live_server, world: World) -> None:
    CompanyFactory(programme=world.programme, name="Calder Foods Ltd", adviser=world.adviser)
    sign_in(page, live_server.url, world.adviser.email)
    page.goto(f"{live_server.url}/companies/")
    page.get_by_label("Search by name or Companies House number").fill("calder")
    page.get_by_role("link", name="Ribble Plastics Ltd").wait_for(state="detached")
    assert page.get_by_role("link", name="Calder Foods Ltd").is_visible()
    assert "q=calder" in page.url
    assert_accessible(page, "company-search")


def test_adding_a_company_with_mistakes_shows_an_accessible_error_summary(
    page: Page, live_server, world: World
) -> None:
    sign_in(page, live_server.url, world.adviser.email)
    page.goto(f"{live_server.url}/companies/")
    page.get_by_role("link", name="Add a company").click()
    assert_accessible(page, "company-form")
    page.get_by_label("Companies House number").fill("XX1")
    page.get_by_label("Postcode").fill("BB1")
    page.get_by_role("button", name="Save and check eligibility").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert "BB1 is a postcode district" in summary.inner_text()
    summary.get_by_role("link", name="BB1 is a postcode district: enter the full postcode, like BB1 1AA.").click()
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    assert_accessible(page, "company-form-errors")


def test_self_assessment_pages_and_results_are_accessible(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.sme_member.email)
    page.goto(f"{live_server.url}/assessments/{world.draft.pk}/section/1/")
    assert_accessible(page, "assessment-section")
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{live_server.url}/assessments/{world.draft.pk}/section/6/")
    page.get_by_label("Usually").check()
    page.get_by_role("button", name="Save and review").click()
    assert page.get_by_role("heading", name="Check your answers before submitting").is_visible()
    page.get_by_role("button", name="Submit the assessment").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "assessment-incomplete")
    page.goto(f"{live_server.url}/assessments/{world.assessment.pk}/")
    assert page.get_by_role("img", name="Scores by dimension").is_visible()
    assert_accessible(page, "assessment-results")


def test_grant_application_and_fund_dashboard_are_accessible(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.manager.email)
    page.goto(f"{live_server.url}/grants/applications/{world.application.pk}/")
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert_accessible(page, "grant-application")
    page.goto(f"{live_server.url}/grants/funds/{world.fund.pk}/")
    assert page.get_by_role("table").first.is_visible()
    assert_accessible(page, "fund-dashboard")
    page.goto(f"{live_server.url}/grants/approvals/")
    assert_accessible(page, "approval-board")


def test_a_new_owner_signs_up_joins_their_company_and_starts_the_self_assessment(
    page: Page, live_server, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    import time

    from django.core import mail, signing

    from adopt.onboarding.abuse import SALT

    # People take a few seconds to fill in a form and faster posts are treated as automated: each form says it
    # was shown ten seconds ago, as in the sign-up tests, rather than the test waiting.
    monkeypatch.setattr("adopt.onboarding.forms.form_started_token", lambda: signing.dumps(time.time() - 10, salt=SALT))
    world.company.memberships.all().delete()
    Contact.objects.create(company=world.company, name="Priya Shah", email="priya.shah@ribble.example")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Create an account").click()
    assert_accessible(page, "signup")
    page.get_by_label("Your full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya@example.test")
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-9")
    page.get_by_label("Password again").fill("a-long-passphrase-9")
    page.get_by_role("button", name="Create the account").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page, "confirm-signup")
    page.get_by_label("Your password").fill("a-long-passphrase-9")
    page.get_by_role("button", name="Confirm and continue").click()
    assert_accessible(page, "find-company")
    page.get_by_label("Companies House number or company name").fill(world.company.companies_house_number)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=world.company.name).click()
    page.get_by_role("button", name="Send the code").click()
    assert_accessible(page, "claim-code")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("The 6-digit code").fill(code)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Eligibility").is_visible()
    assert_accessible(page, "new-owner-company")
    page.get_by_role("button", name="Start a digital maturity self-assessment").click()
    assert page.get_by_role("heading", name="Digital business strategy").is_visible()


def test_adviser_replans_a_roadmap_in_place_and_the_owner_sees_it(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.adviser.email)
    page.goto(f"{live_server.url}/roadmaps/companies/{world.company.pk}/")
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert_accessible(page, "roadmap")
    page.get_by_text("Objectives, costs and budgets").click()
    page.get_by_label("Budget, 0 to 6 months (£)").fill("45000")
    page.get_by_role("button", name="Save and plan").click()
    page.get_by_text("Planned: version 2").wait_for()
    assert page.url.endswith(f"/roadmaps/companies/{world.company.pk}/")  # re-planned in place, no reload
    assert_accessible(page, "roadmap-replanned")
    page.goto(f"{live_server.url}/roadmaps/companies/{world.company.pk}/versions/")
    assert page.get_by_role("heading", name="From version 1 to version 2").is_visible()
    assert_accessible(page, "roadmap-versions")
    page.goto(f"{live_server.url}/roadmaps/technologies/")
    assert_accessible(page, "technology-catalogue")


def test_support_follow_ups_kpis_and_simulator_pages_are_accessible(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.manager.email)
    page.goto(f"{live_server.url}/support/companies/{world.company.pk}/")
    assert page.get_by_role("heading", name="Support and skills").is_visible()
    assert_accessible(page, "support-log")
    page.goto(f"{live_server.url}/impact/follow-ups/")
    assert_accessible(page, "follow-ups")
    page.goto(f"{live_server.url}/impact/kpis/")
    assert page.get_by_role("table").first.is_visible()
    assert_accessible(page, "kpis")
    page.goto(f"{live_server.url}/impact/simulator/")
    assert page.get_by_text("£6,100,000 is likely to deliver").is_visible()
    assert_accessible(page, "simulator")


def test_a_manager_records_attendance_on_a_leadership_cohort(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.manager.email)
    page.goto(f"{live_server.url}/support/cohorts/")
    assert_accessible(page, "cohorts")
    page.get_by_role("link", name="Digital leaders, spring").click()
    assert page.get_by_text("1 of 1 leaders").is_visible()
    page.get_by_label(f"Sessions attended by {world.company.name}'s Managing director").fill("3")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Did not complete").is_visible()
    assert_accessible(page, "cohort")
    page.goto(f"{live_server.url}/impact/kpis/?programme={world.programme.slug}&period=2026-27")
    assert page.get_by_role("heading", name="Over time").is_visible()
    page.get_by_text("Companies supported as a table").click()
    assert page.get_by_role("rowheader", name="Q1 2026-27").first.is_visible()


def test_message_pages_tokens_and_webhooks_are_accessible(page: Page, live_server, world: World) -> None:
    from adopt.notifications.services import message_queue

    message = message_queue("company_assigned", to=world.adviser, happening="b", company=world.company, context={})
    assert message is not None
    sign_in(page, live_server.url, world.manager.email)
    page.goto(f"{live_server.url}/messages/companies/{world.company.pk}/")
    assert page.get_by_role("link", name="Ribble Plastics Ltd is now on your caseload").is_visible()
    assert_accessible(page, "company-messages")
    page.goto(f"{live_server.url}/messages/companies/{world.company.pk}/{message.pk}/")
    assert_accessible(page, "message")
    page.goto(f"{live_server.url}/messages/settings/")
    assert_accessible(page, "email-settings")
    page.goto(f"{live_server.url}/account/tokens/")
    page.get_by_label("What the token is for").first.fill("Power BI")
    page.get_by_label("Read: Companies and their eligibility (companies:read)").first.check()
    page.get_by_role("button", name="Make the token").click()
    assert page.get_by_role("heading", name="Copy the token now").is_visible()
    assert_accessible(page, "api-tokens")
    page.context.clear_cookies()
    sign_in(page, live_server.url, world.national_admin.email)
    page.goto(f"{live_server.url}/webhooks/")
    assert_accessible(page, "webhooks")


def test_the_new_pages_do_not_scroll_sideways_on_a_phone(page: Page, live_server, world: World) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, world.national_admin.email)
    for path in ("/messages/settings/", "/account/tokens/", "/webhooks/", f"/messages/companies/{world.company.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path


def test_a_change_made_in_place_that_is_refused_says_why_where_it_was_made(
    page: Page, live_server, world: World
) -> None:
    sign_in(page, live_server.url, world.adviser.email)
    page.goto(f"{live_server.url}/roadmaps/companies/{world.company.pk}/")
    form = page.locator("form.adopt-inline-form").first
    # A value the page never offers, as a stale or tampered page might send: the server refuses it with a reason.
    form.evaluate("f => { const o = f.querySelector('select option'); o.value = 'bogus'; o.selected = true; }")
    form.evaluate("f => htmx.trigger(f, 'submit')")
    page.get_by_text("Choose planned, in progress or done.").wait_for()
    assert page.url.endswith(f"/roadmaps/companies/{world.company.pk}/")


def test_a_change_the_server_cannot_make_is_named_rather_than_lost(page: Page, live_server, world: World) -> None:
    sign_in(page, live_server.url, world.adviser.email)
    page.goto(f"{live_server.url}/roadmaps/companies/{world.company.pk}/")
    page.route("**/progress/", lambda route: route.fulfill(status=500, body="boom"))
    form = page.locator("form.adopt-inline-form").first
    form.evaluate("f => htmx.trigger(f, 'submit')")
    problem = page.locator("#htmx-problem")
    problem.wait_for(state="visible")
    assert "the change may not have been made" in problem.inner_text()


def test_the_evaluation_page_is_accessible_on_a_desktop_and_a_phone(page: Page, live_server, world: World) -> None:
    from adopt.evaluation.simulation import Simulation
    from adopt.evaluation.tests.factories import companies_with_outcomes

    companies_with_outcomes(world.programme, Simulation(firms=150, seed=4))
    world.programme.companies.update(eligibility="eligible")
    sign_in(page, live_server.url, world.manager.email)
    page.goto(f"{live_server.url}/evaluation/{world.programme.slug}/")
    assert page.get_by_role("rowheader", name="Difference-in-differences (two-way fixed effects)").is_visible()
    assert page.get_by_role("heading", name="Year by year, before and after support").is_visible()
    assert_accessible(page, "evaluation")
    page.get_by_label("Wave").fill("Wave 1")
    page.get_by_label("Places").fill("20")
    page.get_by_role("button", name="Make the draw").click()
    assert page.get_by_text("Wave 1: 20 of").first.is_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/evaluation/{world.programme.slug}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "evaluation-phone")


def test_a_grant_goes_from_an_edited_draft_to_a_payment_run_in_the_browser(
    browser: Browser, live_server, world: World
) -> None:
    """Draft edited twice, declarations, review, approval with the section 37 notice and its confirmation, offer
    letter, typed acceptance, claim, payment run and finance file."""
    import csv
    import io

    from django.utils import timezone
    from pypdf import PdfWriter

    from adopt.funding.declarations import current_declarations
    from adopt.funding.models import GrantApplication
    from adopt.funding.tests.factories import make_eligible

    make_eligible(world.company, world.programme)
    application = world.application
    base = live_server.url

    def person(email: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        signed_in = context.new_page()
        signed_in.set_default_timeout(10_000)
        sign_in(signed_in, base, email)
        signed_in.goto(f"{base}/grants/applications/{application.pk}/")
        return signed_in

    owner = person(world.sme_member.email)
    owner.get_by_role("link", name="Change the answers").click()
    owner.get_by_label("Project title").fill("Machine monitoring, phase 1")
    owner.get_by_role("button", name="Save the changes").click()
    owner.get_by_role("link", name="Check your answers and submit").click()
    assert owner.get_by_text("Machine monitoring, phase 1").first.is_visible()
    owner.get_by_role("link", name="Change what the project does and why").click()
    owner.get_by_label("What the project does and why").fill("Sensors on the CNC cell feed a live OEE board.")
    owner.get_by_role("button", name="Save the changes").click()
    assert owner.get_by_role("heading", name="Check your answers before submitting").is_visible()
    assert owner.get_by_text("Sensors on the CNC cell feed a live OEE board.").is_visible()
    assert_accessible(owner, "grant-check-your-answers")
    for item in current_declarations().items:
        owner.get_by_label(item.text).check()
    owner.get_by_role("button", name="Accept and submit the application").click()
    assert owner.get_by_role("heading", name="Application submitted").is_visible()
    assert_accessible(owner, "grant-submitted")

    adviser = person(world.adviser.email)
    adviser.get_by_role("button", name="Start the review").click()
    for select in adviser.locator("select[name^=score_]").all():
        select.select_option("4")
    adviser.get_by_role("button", name="Save the review").click()
    adviser.get_by_role("button", name="Recommend for approval").click()

    manager = person(world.manager.email)
    manager.get_by_role("button", name="Approve and commit the grant").click()
    assert manager.get_by_text("Waiting for the business's written confirmation.").is_visible()

    owner.goto(f"{base}/grants/applications/{application.pk}/")
    owner.get_by_role("link", name="Confirm the subsidy headroom").click()
    assert owner.get_by_role("heading", name="Minimal Financial Assistance notice").is_visible()
    assert_accessible(owner, "grant-subsidy-notice")
    owner.get_by_label("Other minimal or SPEI financial assistance").fill("0")
    owner.get_by_label("Your full name").fill("Sam Owner")
    owner.get_by_label("I confirm that receiving this assistance").check()
    owner.get_by_role("button", name="Confirm").click()
    assert owner.get_by_role("heading", name="Your grant offer").is_visible()
    letter = owner.request.get(f"{base}/grants/applications/{application.pk}/offers/1.pdf")
    assert letter.headers["content-type"] == "application/pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "offer-letter.pdf").write_bytes(letter.body())
    owner.get_by_label("Your full name").fill("Sam Owner")
    owner.get_by_label("Your position in the business").fill("Managing director")
    owner.get_by_label("I accept the offer and its conditions").check()
    assert_accessible(owner, "grant-offer")
    owner.get_by_role("button", name="Accept the offer").click()
    assert owner.get_by_role("link", name="confirmation letter (PDF)").is_visible()
    confirmation = owner.request.get(f"{base}/grants/applications/{application.pk}/subsidy/confirmation.pdf")
    (SCREENSHOTS / "mfa-confirmation.pdf").write_bytes(confirmation.body())

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    owner.get_by_label("Amount claimed (£)").fill("7500")
    owner.get_by_label("Invoice date").fill(f"{timezone.localdate():%Y-%m-%d}")
    for field in ("Invoice (PDF, JPEG or PNG)", "Proof of payment (PDF, JPEG or PNG)"):
        owner.get_by_label(field).set_input_files(
            {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}
        )
    owner.get_by_role("button", name="Submit the claim").click()

    adviser.goto(f"{base}/grants/applications/{application.pk}/")
    adviser.get_by_role("button", name="Approve the claim").click()

    manager.goto(f"{base}/grants/funds/{world.fund.pk}/")
    manager.get_by_role("button", name="Make a payment run of them").click()
    assert manager.get_by_text("1 claim, £7,500.00").is_visible()
    assert_accessible(manager, "payment-run")
    finance_link = manager.get_by_role("link", name="Finance file").get_attribute("href")
    finance = manager.request.get(f"{base}{finance_link}")
    rows = list(csv.DictReader(io.StringIO(finance.text().lstrip("\ufeff"))))
    assert [(row["*ContactName"], row["*UnitAmount"]) for row in rows] == [(world.company.name, "7500.00")]
    manager.get_by_role("button", name="Record the run as paid").click()
    assert manager.get_by_text("Recorded as paid on").is_visible()
    assert GrantApplication.objects.get(pk=application.pk).status == GrantApplication.Status.PAID


def _set_up_second_step(page: Page) -> None:
    key = page.locator(".adopt-totp-key").inner_text().replace(" ", "")
    device = TOTPDevice(key=b32decode(key + "=" * (-len(key) % 8)).hex())
    page.get_by_label("Code from the new app").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.get_by_role("link", name="I have saved them: continue").click()


def _accept_staff_invitation(browser: Browser, base_url: str, email: str, name: str) -> Page:
    import re

    from django.core import mail

    letter = next(m for m in reversed(mail.outbox) if m.to == [email] and "invites you to work" in m.subject)
    path = re.search(r"https?://[^/\s]+(/\S+)", letter.body).group(1)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base_url}{path}")
    assert_accessible(page, "staff-invitation")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Choose a password").fill("a-long-passphrase-9")
    page.get_by_label("Password again").fill("a-long-passphrase-9")
    page.get_by_role("button", name="Make my account and join").click()
    _set_up_second_step(page)
    page.wait_for_url(f"{base_url}/")
    return page


def test_a_programme_is_set_up_from_an_empty_database_and_its_adviser_books_a_visit_from_an_enquiry(
    browser: Browser, live_server, transactional_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from django.core import signing
    from django.core.management import call_command

    from adopt.accounts.tests.factories import UserFactory
    from adopt.onboarding.abuse import SALT
    from adopt.programmes.models import Programme
    from adopt.support.models import Booking

    monkeypatch.setattr("adopt.onboarding.forms.form_started_token", lambda: signing.dumps(time.time() - 10, salt=SALT))
    call_command("load_reference_data", verbosity=0)
    UserFactory(email="admin@adopt.test", full_name="Nadia Admin", global_role=User.GlobalRole.NATIONAL_ADMIN)
    base = live_server.url
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    admin.set_default_timeout(10_000)
    sign_in(admin, base, "admin@adopt.test")

    admin.goto(f"{base}/programmes/")
    admin.get_by_role("link", name="Set up a programme").click()
    assert_accessible(admin, "setup-programme")
    admin.get_by_label("Programme name").fill("Pennine Digital Manufacturing")
    admin.get_by_label("Region it reports under").select_option(label="North West")
    admin.get_by_label("Starts on").fill("2026-04-01")
    admin.get_by_label("Ends on").fill("2029-03-31")
    admin.get_by_label("Contact email for businesses").fill("hello@pennine.example")
    admin.get_by_role("button", name="Set up the programme").click()
    assert_accessible(admin, "setup-areas")
    admin.get_by_label("North West").uncheck()
    admin.get_by_label("Burnley").check()
    admin.get_by_label("Pendle").check()
    admin.get_by_role("button", name="Save the areas").click()
    admin.get_by_role("link", name="Set the targets").click()
    assert_accessible(admin, "setup-targets")
    admin.get_by_role("group", name="Companies supported").get_by_label("Whole period").fill("300")
    admin.get_by_role("group", name="Jobs created").get_by_label("Whole period").fill("120")
    admin.get_by_role("group", name="Jobs created").get_by_label("2026/27").fill("30")
    admin.get_by_role("button", name="Save the targets").click()
    assert_accessible(admin, "setup-programme-page")
    assert admin.get_by_text("Burnley, Pendle").is_visible()
    admin.get_by_role("link", name="Manage the programme's staff").click()
    admin.get_by_label("Their email address").fill("mo.manager@pennine.example")
    admin.get_by_label("Role").select_option(label="Programme manager")
    admin.get_by_role("button", name="Send the invitation").click()
    admin.get_by_label("Their email address").fill("ada.adviser@pennine.example")
    admin.get_by_label("Role").select_option(label="Technology adviser")
    admin.get_by_role("button", name="Send the invitation").click()
    assert_accessible(admin, "setup-staff")

    manager = _accept_staff_invitation(browser, base, "mo.manager@pennine.example", "Mo Manager")
    programme = Programme.objects.get(name="Pennine Digital Manufacturing")
    manager.goto(f"{base}/programmes/{programme.slug}/")
    manager.get_by_role("link", name="Set up a fund").click()
    assert_accessible(manager, "setup-fund")
    manager.get_by_label("Fund name").fill("Pennine Digital Adoption Fund")
    manager.get_by_label("Who provides the money").fill("Lancashire Combined County Authority")
    manager.get_by_role("button", name="Set up the fund").click()
    assert_accessible(manager, "setup-budgets")
    manager.get_by_label("Budget for 2026/27 (£)").fill("1500000")
    manager.get_by_label("Budget for 2027/28 (£)").fill("2000000")
    manager.get_by_role("button", name="Save the budgets").click()
    manager.get_by_role("link", name="Add a scheme").click()
    manager.get_by_label("Scheme name").fill("Digital technology grant")
    manager.get_by_label("Type of scheme").select_option(label="Match-funded technology grant")
    manager.get_by_label("Equipment and hardware").check()
    manager.get_by_label("Software and licences").check()
    manager.get_by_label("What reviewers score, one a line").fill("Fit with the roadmap | 2\nValue for money | 1")
    assert_accessible(manager, "setup-scheme")
    manager.get_by_role("button", name="Add the scheme").click()
    assert manager.get_by_text("Digital technology grant").first.is_visible()

    adviser = _accept_staff_invitation(browser, base, "ada.adviser@pennine.example", "Ada Adviser")
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{base}/enquiry/")
    visitor.get_by_label("Your name").fill("Priya Shah")
    visitor.get_by_label("Email address").fill("priya@burnley-castings.example")
    visitor.get_by_label("Company name").fill("Burnley Castings Ltd")
    visitor.get_by_label("Postcode").fill("BB11 2AB")
    visitor.get_by_label("How can we help?").fill("We want to track our furnaces' energy use.")
    visitor.get_by_role("button", name="Send the enquiry").click()

    adviser.goto(f"{base}/enquiries/")
    adviser.get_by_role("link", name="Burnley Castings Ltd").first.click()
    assert adviser.get_by_text("track our furnaces").is_visible()
    adviser.get_by_role("button", name="Take it on").click()
    adviser.get_by_role("button", name="Convert to a company").click()
    adviser.get_by_role("link", name="Book a visit").click()
    assert_accessible(adviser, "book-a-visit")
    adviser.get_by_label("Date").fill("2027-01-14")
    adviser.get_by_label("Start time").fill("09:30")
    adviser.get_by_label("Where").fill("Unit 4, Mill Lane, Burnley BB11 2AB")
    adviser.get_by_role("button", name="Book the visit").click()
    assert adviser.get_by_role("heading", name="Diagnostic visit").is_visible()
    assert_accessible(adviser, "visit")
    adviser.goto(f"{base}/")
    assert adviser.get_by_text("diagnostic visit with Burnley Castings Ltd").is_visible()
    booking = Booking.objects.get(company__name="Burnley Castings Ltd")
    assert booking.adviser.email == "ada.adviser@pennine.example"
    assert booking.company.programme == programme
