"""Limits on password resets and sign-ins hold per client address and per account."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.urls import reverse

from adopt.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_rate_limits_count_in_the_database_shared_by_every_process():
    assert isinstance(caches["default"], DatabaseCache)


def test_password_resets_are_limited_per_address(client):
    UserFactory(email="owner@example.test")
    answers = [
        client.post(reverse("accounts:password-reset"), {"email": "owner@example.test"}).status_code for _ in range(30)
    ]
    assert answers.count(429) == 25
    assert len(mail.outbox) <= 3


def test_password_resets_for_one_account_are_limited_from_any_address(client):
    UserFactory(email="owner@example.test")
    for n in range(10):
        response = client.post(
            reverse("accounts:password-reset"), {"email": "owner@example.test"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 302  # the page looks the same whether or not an email was sent
    assert len(mail.outbox) == 3


def test_one_password_tried_on_many_accounts_from_one_address_is_stopped(client):
    people = [UserFactory(email=f"person{n}@example.test") for n in range(25)]
    answers = [
        client.post(reverse("accounts:login"), {"username": p.email, "password": "Summer2026!"}).status_code
        for p in people
    ]
    assert answers[:20] == [200] * 20
    assert set(answers[20:]) == {429}
    right = client.post(reverse("accounts:login"), {"username": people[0].email, "password": TEST_PASSWORD})
    assert right.status_code == 429  # from this address, for the rest of the hour
