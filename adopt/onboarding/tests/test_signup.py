import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from adopt.accounts.models import User
from adopt.accounts.tests.factories import UserFactory
from adopt.onboarding.abuse import SALT
from adopt.onboarding.models import SignupRequest


@pytest.fixture(autouse=True)
def _humans_take_their_time(monkeypatch):
    """Forms are posted as if they were shown ten seconds ago."""
    from django.core import signing

    monkeypatch.setattr("adopt.onboarding.forms.form_started_token", lambda: signing.dumps(time.time() - 10, salt=SALT))


def started() -> str:
    from django.core import signing

    return signing.dumps(time.time() - 10, salt=SALT)


def signup(client, email="new.owner@example.test", **extra):
    data = {
        "full_name": "Priya Shah",
        "email": email,
        "password1": "a-long-passphrase-9",
        "password2": "a-long-passphrase-9",
        "started": started(),
        "website": "",
    }
    return client.post(reverse("onboarding:signup"), data | extra)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def confirm(client, link, password="a-long-passphrase-9"):
    return client.post(link, {"password": password})


def test_sign_up_confirm_and_find_a_company(client, world, db):
    response = signup(client)
    assert "Check your email" in response.content.decode()
    assert not User.objects.filter(email="new.owner@example.test").exists()
    page = client.get(link_in(mail.outbox[0]))
    assert "Finish signing up" in page.content.decode()
    assert not User.objects.filter(email="new.owner@example.test").exists()  # following the link makes nothing
    confirmed = confirm(client, link_in(mail.outbox[0]))
    assert confirmed.url == reverse("onboarding:find-company")
    found = client.get(reverse("onboarding:find-company"), {"q": world.company.companies_house_number}).content.decode()
    assert world.company.name in found


def test_a_reused_link_says_so_and_an_altered_one_is_refused(client, db):
    signup(client)
    link = link_in(mail.outbox[0])
    confirm(client, link)
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()
    assert client.get(link[:-4] + "abcd/").status_code == 400


def test_an_expired_link_is_refused(client, settings, db):
    signup(client)
    link = link_in(mail.outbox[0])
    settings.SIGNUP_LINK_DAYS = -1
    response = client.get(link)
    assert "expired" in response.content.decode()


def test_signing_up_with_a_registered_address_looks_the_same_and_creates_nothing(client, world, db):
    world.sme_member.last_login = world.sme_member.date_joined
    world.sme_member.save()
    before = User.objects.count()
    response = signup(client, email=world.sme_member.email.upper())
    assert "Check your email" in response.content.decode()
    assert User.objects.count() == before
    assert "already have an Adopt account" in mail.outbox[0].subject


@pytest.mark.parametrize(
    "made_by",
    ["an administrator, never signed in", "an invitation accepted, never signed in again", "a national admin"],
)
def test_signing_up_with_the_address_of_an_account_never_signed_in_changes_nothing(client, world, db, made_by):
    account = {
        "an administrator, never signed in": world.adviser,
        "an invitation accepted, never signed in again": world.sme_member,
        "a national admin": world.national_admin,
    }[made_by]
    assert account.last_login is None
    password_before, name_before = account.password, account.full_name
    response = signup(
        client, email=account.email, full_name="Mallory Attacker", password1="taken-over-9x", password2="taken-over-9x"
    )
    assert "Check your email" in response.content.decode()
    account.refresh_from_db()
    assert (account.password, account.full_name, account.is_active) == (password_before, name_before, True)
    assert not account.check_password("taken-over-9x")
    assert [m.subject for m in mail.outbox] == ["You already have an Adopt account"]
    assert "/signup/confirm/" not in mail.outbox[0].body


def test_a_repeated_sign_up_sets_the_password_of_the_link_that_is_followed(client, db):
    signup(client, password1="first-passphrase-1", password2="first-passphrase-1")
    signup(client, password1="second-passphrase-2", password2="second-passphrase-2")
    assert not User.objects.filter(email="new.owner@example.test").exists()
    confirm(client, link_in(mail.outbox[0]), "first-passphrase-1")
    user = User.objects.get(email="new.owner@example.test")
    assert user.check_password("first-passphrase-1")
    assert not user.check_password("second-passphrase-2")
    client.logout()
    assert client.get(link_in(mail.outbox[1])).status_code == 400
    user.refresh_from_db()
    assert user.check_password("first-passphrase-1")


def test_a_sign_up_link_followed_after_the_address_was_registered_another_way_changes_nothing(client, world, db):
    signup(client, email="late.comer@example.test")
    existing = UserFactory(email="late.comer@example.test", full_name="Already Here")
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 400
    existing.refresh_from_db()
    assert str(existing.full_name) == "Already Here"
    assert not existing.check_password("a-long-passphrase-9")


def test_a_filled_honeypot_gets_the_second_step_and_nothing_is_sent(client, db):
    response = signup(client, website="http://spam.example")
    assert "check your details and send the form again" in response.content.decode()
    assert not SignupRequest.objects.exists()
    assert mail.outbox == []


def test_sign_ups_are_limited_per_address_per_hour(client, db):
    for n in range(10):
        signup(client, email=f"person{n}@example.test")
    assert signup(client, email="one.more@example.test").status_code == 429


def test_a_weak_password_is_explained(client, db):
    response = signup(client, password1="password", password2="password")
    assert "This password is too common" in response.content.decode()


def test_a_stranger_who_signs_up_with_someone_s_address_never_gets_the_account(client, db):
    signup(client, email="victim@example.test", password1="strangers-pass-1", password2="strangers-pass-1")
    link = link_in(mail.outbox[0])
    victim = Client()
    assert victim.get(link).status_code == 200  # the owner of the mailbox (or a mail scanner) opens the link
    refused = confirm(victim, link, "anything-the-victim-types")
    assert refused.status_code == 400
    assert "not the password chosen" in refused.content.decode()
    assert not User.objects.filter(email="victim@example.test").exists()


def test_opening_the_link_alone_makes_no_account(client, db):
    signup(client)
    client.get(link_in(mail.outbox[0]))
    client.get(link_in(mail.outbox[0]))
    assert not User.objects.filter(email="new.owner@example.test").exists()
