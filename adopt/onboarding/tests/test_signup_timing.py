"""Sign-up answers in the same time whether or not the address is registered, so timing reveals no account."""

import statistics
import time

import pytest
from django.core import signing
from django.core.cache import caches
from django.urls import reverse

from adopt.accounts.tests.factories import UserFactory
from adopt.onboarding.abuse import SALT

pytestmark = pytest.mark.django_db


def test_sign_up_takes_as_long_for_a_registered_address_as_for_a_new_one(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the real cost of hashing
    UserFactory(email="known@example.test")

    def sign_up(email: str) -> float:
        caches["default"].clear()
        data = {
            "full_name": "Sam Person",
            "email": email,
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            "started": signing.dumps(time.time() - 10, salt=SALT),
            "website": "",
        }
        began = time.perf_counter()
        assert "Check your email" in client.post(reverse("onboarding:signup"), data).content.decode()
        return time.perf_counter() - began

    # Taken in turns, so whatever else the machine is doing weighs on both alike.
    registered, new = [], []
    for n in range(20):
        registered.append(sign_up("known@example.test"))
        new.append(sign_up(f"new{n}@example.test"))
    slower, faster = sorted([statistics.median(registered), statistics.median(new)], reverse=True)
    # Skipping the password hash for one kind would make it several times faster; noise is a small share.
    assert slower - faster < max(0.050, 0.25 * faster), (
        f"registered {statistics.median(registered):.3f} s, new {statistics.median(new):.3f} s"
    )
