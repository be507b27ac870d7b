import json
import re
import time

from django.core import mail, signing
from django.urls import reverse

from adopt.companies.models import CompanyMembership
from adopt.onboarding.abuse import SALT
from adopt.onboarding.models import DeletionRequest, Enquiry, Invitation


def test_an_invited_colleague_signs_up_and_joins_the_company(client, sme_user, world):
    client.force_login(sme_user)
    client.post(
        reverse("onboarding:company-invite", kwargs={"pk": world.company.pk}), {"email": "colleague@example.test"}
    )
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(link).content.decode()
    assert "Create an account with colleague@example.test" in page
    client.post(
        reverse("onboarding:signup"),
        {
            "full_name": "Sam Colleague",
            "email": "colleague@example.test",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            "started": signing.dumps(time.time() - 10, salt=SALT),
            "website": "",
        },
    )
    confirm = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[1].body).group(1)
    response = client.post(confirm, {"password": "a-long-passphrase-9"})
    assert response.url == reverse("companies:company-detail", kwargs={"pk": world.company.pk})
    assert CompanyMembership.objects.filter(company=world.company, user__email="colleague@example.test").exists()


def test_a_revoked_invitation_cannot_be_used(client, sme_user, world):
    client.force_login(sme_user)
    client.post(
        reverse("onboarding:company-invite", kwargs={"pk": world.company.pk}), {"email": "colleague@example.test"}
    )
    invitation = Invitation.objects.get(email="colleague@example.test")
    client.post(
        reverse("onboarding:invitation-revoke", kwargs={"pk": world.company.pk, "invitation_pk": invitation.pk})
    )
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()


def test_an_enquiry_is_linked_to_earlier_ones_and_to_a_known_company(client, world):
    data = {
        "name": "Jo Bloggs",
        "email": "jo@example.test",
        "company_name": world.company.name,
        "started": signing.dumps(time.time() - 10, salt=SALT),
        "website": "",
    }
    client.post(reverse("onboarding:enquiry"), data)
    again = {"started": signing.dumps(time.time() - 9, salt=SALT), "email": "other@example.test"}
    client.post(reverse("onboarding:enquiry"), data | again)
    first, second = Enquiry.objects.filter(company_name=world.company.name).order_by("created_at")
    assert second.duplicate_of == first
    assert first.matched_company == world.company
    client.force_login(world.national_admin)
    assert "Repeat of an enquiry" in client.get(reverse("onboarding:enquiry-list")).content.decode()


def test_an_enquiry_no_programme_covers_goes_to_national_administrators_only(client, world):
    Enquiry.objects.create(name="Orphan Lead", email="orphan@example.test", company_name="Nowhere Ltd")
    client.force_login(world.adviser)
    assert "Orphan Lead" not in client.get(reverse("onboarding:enquiry-list")).content.decode()
    client.force_login(world.manager)
    assert "Orphan Lead" not in client.get(reverse("onboarding:enquiry-list")).content.decode()
    client.force_login(world.national_admin)
    assert "Orphan Lead" in client.get(reverse("onboarding:enquiry-list")).content.decode()


def test_an_enquiry_posted_too_fast_is_shown_again_with_a_note_and_kept_when_sent_again(client, db, monkeypatch):
    data = {
        "name": "Quick Fingers",
        "email": "quick@example.test",
        "company_name": "Autofill Ltd",
        "started": signing.dumps(time.time(), salt=SALT),
        "website": "",
    }
    page = client.post(reverse("onboarding:enquiry"), data).content.decode()
    assert "check your details and send the form again" in page
    assert 'value="Autofill Ltd"' in page  # what was typed is kept
    assert not Enquiry.objects.filter(email="quick@example.test").exists()
    fresh = re.search(r'name="started" value="([^"]+)"', page).group(1)
    monkeypatch.setattr("adopt.onboarding.abuse.time.time", lambda: time.time_ns() / 1e9 + 10)
    thanks = client.post(reverse("onboarding:enquiry"), data | {"started": fresh}).content.decode()
    assert "Thank you for your enquiry" in thanks
    assert Enquiry.objects.filter(email="quick@example.test").count() == 1


def test_a_form_token_works_once(client, db):
    data = {
        "name": "Replay Bot",
        "email": "replay@example.test",
        "company_name": "Replay Ltd",
        "started": signing.dumps(time.time() - 10, salt=SALT),
        "website": "",
    }
    for _ in range(5):
        client.post(reverse("onboarding:enquiry"), data)
    assert Enquiry.objects.filter(email="replay@example.test").count() == 1


def test_a_person_downloads_their_data_and_asks_for_deletion(client, sme_user, world):
    client.force_login(sme_user)
    data = json.loads(client.get(reverse("onboarding:account-data")).content)
    assert data["account"]["email"] == sme_user.email
    assert data["companies"][0]["company"] == world.company.name
    client.post(reverse("onboarding:account"), {"action": "delete", "reason": "Leaving the business"})
    assert DeletionRequest.objects.get(user=sme_user).email_at_request == sme_user.email


def test_changing_email_takes_effect_only_when_the_new_address_confirms(client, sme_user):
    client.force_login(sme_user)
    client.post(reverse("onboarding:account"), {"action": "email", "email": "new.address@example.test"})
    sme_user.refresh_from_db()
    assert sme_user.email != "new.address@example.test"
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    client.get(link)
    sme_user.refresh_from_db()
    assert sme_user.email == "new.address@example.test"


def test_processing_a_deletion_request_anonymises_the_person_but_keeps_the_records(client, sme_user, world):
    from adopt.onboarding.services import deletion_process

    client.force_login(sme_user)
    client.post(reverse("onboarding:account"), {"action": "delete", "reason": ""})
    deletion_process(DeletionRequest.objects.get(user=sme_user))
    sme_user.refresh_from_db()
    assert sme_user.full_name == "Deleted user"
    assert not sme_user.is_active
    assert not sme_user.has_usable_password()
    assert not CompanyMembership.objects.filter(user=sme_user).exists()
    assert world.application.created_by_id == sme_user.pk  # the grant record keeps its (now anonymous) author


def test_an_invitation_link_works_for_as_long_as_the_invitation(client, sme_user, world, monkeypatch):
    client.force_login(sme_user)
    client.post(
        reverse("onboarding:company-invite", kwargs={"pk": world.company.pk}), {"email": "colleague@example.test"}
    )
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    ten_days_on = time.time() + 10 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: ten_days_on)
    page = client.get(link)
    assert page.status_code == 200
    assert "Create an account with colleague@example.test" in page.content.decode()
