"""Help is in the same place on every page (WCAG 2.2, 3.2.6), with the accessibility statement beside it."""

from django.urls import reverse


def test_every_page_links_to_help_the_accessibility_statement_and_the_privacy_notice_in_its_footer(client, world):
    for person in (None, world.sme_member, world.adviser):
        if person is not None:
            client.force_login(person)
        page = client.get(reverse("onboarding:privacy")).content.decode()
        footer = page[page.index("<footer") :]
        for name in ("onboarding:help", "onboarding:accessibility", "onboarding:privacy"):
            assert f'href="{reverse(name)}"' in footer


def test_the_business_finds_its_adviser_on_the_help_page(client, world):
    client.force_login(world.sme_member)
    page = client.get(reverse("onboarding:help")).content.decode()
    assert world.adviser.email in page
    assert world.company.name in page


def test_the_accessibility_statement_says_its_compliance_status_and_how_to_complain(client, db):
    page = client.get(reverse("onboarding:accessibility")).content.decode()
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in page
    assert "Equality Advisory and Support Service" in page
