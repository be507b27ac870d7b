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
