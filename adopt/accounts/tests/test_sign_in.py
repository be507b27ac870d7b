import pytest
from django.core import mail
from django.urls import reverse

from adopt.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_user_signs_in_with_email_in_any_case(client):
    UserFactory(email="owner@example.test")
    response = sign_in(client, "Owner@Example.TEST", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboards:home")


def test_wrong_password_shows_error_summary_without_revealing_the_account(client):
    UserFactory(email="owner@example.test")
    known = sign_in(client, "owner@example.test", "wrong-password")
    unknown = sign_in(client, "nobody@example.test", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert "Enter a correct email address and password." in known.content.decode()
    assert "There is a problem" in known.content.decode()
    assert known.content.decode().count("govuk-error-summary") == unknown.content.decode().count("govuk-error-summary")


def test_repeated_wrong_passwords_lock_the_account_from_that_address(client):
    UserFactory(email="owner@example.test")
    for _ in range(5):
        sign_in(client, "owner@example.test", "wrong-password")
    locked = sign_in(client, "owner@example.test", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()


def test_sign_out_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    signed_out = client.post(reverse("accounts:logout"))
    assert "You have signed out" in signed_out.content.decode()
    assert client.get(reverse("accounts:password-change")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="owner@example.test")
    response = client.post(reverse("accounts:password-reset"), {"email": "owner@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_password_change_rejects_a_weak_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This password is too short" in body
    assert 'href="#id_new_password2"' in body or 'href="#id_new_password1"' in body
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_back_office_refuses_a_signed_in_person_without_rights_once_instead_of_looping(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 1


def test_the_back_office_sends_a_visitor_to_the_one_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
