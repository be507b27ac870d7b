from django.urls import reverse


def test_visitor_sees_the_landing_page_with_a_sign_in_link(client, db):
    body = client.get(reverse("dashboards:home")).content.decode()
    assert "Digital technology adoption for SME manufacturers" in body
    assert reverse("accounts:login") in body


def test_adviser_home_shows_their_caseload(client, adviser):
    client.force_login(adviser)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert "Your caseload" in body
    assert "Ribble Plastics Ltd" in body
    assert "Tyne Textiles Ltd" not in body


def test_company_member_home_shows_their_company_and_no_staff_sections(client, sme_user):
    client.force_login(sme_user)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert "Your companies" in body
    assert "Ribble Plastics Ltd" in body
    assert "Your caseload" not in body
    assert "Programmes you manage" not in body


def test_manager_home_lists_the_programmes_they_manage(client, manager):
    client.force_login(manager)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert "Programmes you manage" in body
    assert "North West Digital Adoption Programme" in body
    assert "North East Digital Adoption Programme" not in body


def test_navigation_offers_only_what_the_role_may_open(client, sme_user, admin):
    client.force_login(sme_user)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert 'href="/companies/"' in body
    assert 'href="/programmes/"' not in body
    assert 'href="/admin/"' not in body
    client.force_login(admin)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert 'href="/admin/"' in body


def test_a_user_with_no_role_is_told_plainly_why_their_home_is_empty(client, db):
    from adopt.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    body = client.get(reverse("dashboards:home")).content.decode()
    assert "not yet linked to a company or a programme" in body


def test_a_manager_s_home_counts_the_work_waiting_and_flags_overdue_enquiries(client, world):
    import datetime

    from django.utils import timezone

    from adopt.companies.models import Company
    from adopt.onboarding.models import Enquiry

    late = Enquiry.objects.create(programme=world.programme, name="A", email="a@x.example", company_name="A Ltd")
    Enquiry.objects.filter(pk=late.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    Enquiry.objects.create(programme=world.programme, name="B", email="b@x.example", company_name="B Ltd")
    Enquiry.objects.create(programme=world.other_programme, name="C", email="c@x.example", company_name="C Ltd")
    client.force_login(world.manager)
    page = client.get("/").text
    assert "Waiting for you" in page
    waiting = page.split("Waiting for you")[1]
    assert '>Enquiries to work</a></dt>\n    <dd class="govuk-summary-list__value">2 <strong' in waiting
    assert "1 overdue" in waiting
    unassigned = Company.objects.filter(programme=world.programme, adviser__isnull=True).count()
    assert f'>Companies with no adviser</a></dt>\n    <dd class="govuk-summary-list__value">{unassigned}<' in waiting
    listed = client.get("/companies/?adviser=none").text
    assert world.company.name not in listed  # it has an adviser


def test_a_company_member_sees_no_staff_work(client, world):
    client.force_login(world.sme_member)
    assert "Waiting for you" not in client.get("/").text


def test_an_owner_s_home_says_what_to_do_next_in_their_words(client, world):
    client.force_login(world.sme_member)
    page = client.get("/").text
    assert "What to do next" in page
    assert "will appear here" not in page
    assert "Book a diagnostic" not in page  # the adviser's words, not the owner's
