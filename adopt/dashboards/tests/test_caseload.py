from django.urls import reverse

from adopt.assessments.tests.factories import AssessmentFactory
from adopt.companies.tests.factories import CompanyFactory
from adopt.core.testing import assert_queries_do_not_grow
from adopt.dashboards.caseload import company_journey
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.tests.factories import ProgrammeStaffFactory


def test_the_adviser_sees_their_companies_with_stage_and_next_action(client, adviser, world):
    client.force_login(adviser)
    body = client.get(reverse("dashboards:caseload")).content.decode()
    assert "Ribble Plastics Ltd" in body
    assert "Assessed" in body or "Applied" in body


def test_a_company_without_an_assessment_needs_a_diagnostic(client, adviser, world):
    CompanyFactory(programme=world.programme, adviser=adviser, name="Calder Foods Ltd", eligibility="eligible")
    client.force_login(adviser)
    body = client.get(reverse("dashboards:caseload"), {"q": "Calder"}).content.decode()
    assert "Book a diagnostic" in body


def test_filtering_by_stage_keeps_only_that_stage(client, adviser, world):
    from django.utils import timezone

    type(world.application).objects.filter(pk=world.application.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    CompanyFactory(programme=world.programme, adviser=adviser, name="Calder Foods Ltd")
    client.force_login(adviser)
    body = client.get(reverse("dashboards:caseload"), {"stage": "Applied"}).content.decode()
    assert "Ribble Plastics Ltd" in body
    assert "Calder Foods Ltd" not in body


def test_a_manager_reassigns_a_company_to_another_adviser(client, manager, world):
    other = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.ADVISER).user
    client.force_login(manager)
    client.post(reverse("dashboards:caseload"), {"company": world.company.pk, "adviser": other.pk})
    world.company.refresh_from_db()
    assert world.company.adviser == other


def test_an_adviser_cannot_reassign(client, adviser, world):
    other = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.ADVISER).user
    client.force_login(adviser)
    client.post(reverse("dashboards:caseload"), {"company": world.company.pk, "adviser": other.pk})
    world.company.refresh_from_db()
    assert world.company.adviser == adviser


def test_the_caseload_board_queries_do_not_grow_with_companies(client, manager, world):
    client.force_login(manager)

    def add(count):
        for company in CompanyFactory.create_batch(count, programme=world.programme, adviser=world.adviser):
            AssessmentFactory(company=company)

    assert_queries_do_not_grow(client, reverse("dashboards:caseload"), add)


def test_agreeing_a_roadmap_moves_the_company_journey_on(client, world):
    before = {stage.name: stage.reached for stage in company_journey(world.company).stages}
    assert before["Roadmap agreed"] is None
    client.force_login(world.adviser)
    client.post(reverse("roadmaps:propose", kwargs={"company_pk": world.company.pk, "number": 1}))
    client.force_login(world.sme_member)
    client.post(reverse("roadmaps:agree", kwargs={"company_pk": world.company.pk, "number": 1}))
    after = {stage.name: stage.reached for stage in company_journey(world.company).stages}
    assert after["Roadmap agreed"] is not None


def test_a_reassignment_with_a_huge_posted_query_saves_and_returns_to_the_board(client, manager, world):
    other = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.ADVISER).user
    client.force_login(manager)
    querystring = "stage=assessed&sort=name&q=" + "y" * 500 + "&junk=" + "x" * 50_000
    response = client.post(
        reverse("dashboards:caseload"), {"company": world.company.pk, "adviser": other.pk, "querystring": querystring}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboards:caseload") + "?q=" + "y" * 100 + "&stage=assessed&sort=name"
    world.company.refresh_from_db()
    assert world.company.adviser == other


def test_a_draft_application_is_not_yet_applied(client, adviser, world):
    client.force_login(adviser)
    applied = client.get(reverse("dashboards:caseload"), {"stage": "Applied"}).content.decode()
    assert "Ribble Plastics Ltd" not in applied


def test_an_assessed_eligible_company_with_a_draft_is_told_to_finish_it():
    import datetime

    from adopt.dashboards.journey import JourneyFacts, journey_of

    day = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    facts = JourneyFacts(
        first_contact=day,
        eligibility="eligible",
        eligibility_checked=day,
        eligibility_missing=(),
        first_assessment=day,
        roadmap_agreed=day,
        first_application=None,
        application_waiting_for_review=False,
        first_award=None,
        first_payment=None,
        followed_up=None,
        application_to_finish=True,
    )
    journey = journey_of(facts)
    assert (journey.current, journey.next_action) == ("Roadmap agreed", "Finish and submit the grant application")


def test_the_stage_and_next_action_worked_out_in_sql_agree_with_each_company_s_journey(world):
    import random

    from django.utils import timezone

    from adopt.dashboards.caseload import with_stage
    from adopt.dashboards.journey import STAGES
    from adopt.funding.models import FundYear, GrantApplication, LedgerEntry
    from adopt.funding.tests.factories import ready_application
    from adopt.roadmaps.models import Roadmap

    rng = random.Random(7)  # noqa: S311  # reproducible made-up companies
    scheme = world.application.scheme
    fund_year = FundYear.objects.filter(fund=world.fund).get()
    now = timezone.now()
    statuses = ["draft", "submitted", "in_review", "returned", "approved", "rejected", "offer_accepted", "paid"]
    for number in range(80):
        eligibility = rng.choice(["eligible", "eligible", "not_eligible", "needs_information"])
        company = CompanyFactory(
            programme=world.programme,
            name=f"Case {number} Ltd",
            eligibility=eligibility,
            eligibility_checked_at=now if rng.random() < 0.8 else None,
        )
        if rng.random() < 0.6:
            AssessmentFactory(company=company)
        if rng.random() < 0.3:
            Roadmap.objects.create(company_id=company.pk, objectives=[], agreed_at=now)
        for _ in range(rng.choice([0, 0, 1, 2])):
            status = rng.choice(statuses)
            application = ready_application(
                company,
                scheme,
                status=status,
                submitted_at=None if status == "draft" else now,
                decided_at=now if status in {"approved", "rejected", "offer_accepted", "paid"} else None,
            )
            if status == "paid":
                LedgerEntry.objects.create(
                    fund_year=fund_year,
                    application=application,
                    kind=LedgerEntry.Kind.PAYMENT,
                    amount=100,
                    actor=world.manager,
                )
    companies = with_stage(type(world.company).objects.filter(programme=world.programme))
    assert GrantApplication.objects.filter(status="paid").exists()
    for annotated in companies:
        journey = company_journey(annotated)
        assert (STAGES[annotated.stage_index], annotated.needs_next) == (journey.current, journey.next_action)


def test_the_board_pages_in_the_database_in_the_order_asked(client, manager, world):
    for number in range(60):
        CompanyFactory(
            programme=world.programme, adviser=world.adviser, name=f"{'Bb' if number % 2 else 'aa'} {number:02d} Ltd"
        )
    client.force_login(manager)
    first = client.get(reverse("dashboards:caseload"), {"sort": "name"}).content.decode()
    second = client.get(reverse("dashboards:caseload"), {"sort": "name", "page": "2"}).content.decode()
    assert "aa 00 Ltd" in first
    assert "Bb 59 Ltd" not in first  # lower and upper case sort together, so this one is last
    assert "Bb 59 Ltd" in second
    assert "61 companies" in first or "62 companies" in first


def test_each_reassign_menu_selects_its_own_company_s_adviser_and_escapes_names(client, manager, world):
    other = ProgrammeStaffFactory(programme=world.programme, role=ProgrammeStaff.Role.ADVISER).user
    other.full_name = "<b>Sam</b> & Co"
    other.save()
    mine = CompanyFactory(programme=world.programme, adviser=other, name="Aardvark Tooling Ltd")
    client.force_login(manager)
    page = client.get(reverse("dashboards:caseload")).content.decode()
    menu = page.split(f'id="reassign-{mine.pk}"', 1)[1].split("</select>", 1)[0]
    assert f'<option selected value="{other.pk}">&lt;b&gt;Sam&lt;/b&gt; &amp; Co</option>' in menu
    assert menu.count(" selected ") == 1
    assert "<b>Sam</b>" not in page
