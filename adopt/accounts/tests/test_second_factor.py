"""Staff cannot reach a staff page with a password alone; anyone may turn on two-step sign-in."""

import datetime
import re

import pytest
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from adopt.accounts.second_factor import NEW_APP_KEY_SESSION
from adopt.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD})


def a_moment_passes(device: TOTPDevice) -> None:
    """Move the device's last failure two seconds into the past, as if the person waited before trying again."""
    TOTPDevice.objects.filter(pk=device.pk, throttling_failure_timestamp__isnull=False).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(seconds=2)
    )


def current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def new_app(client) -> TOTPDevice:
    """The app being set up in this client's session, as the person's phone would hold it."""
    return TOTPDevice(key=client.session[NEW_APP_KEY_SESSION])


def app_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@pytest.mark.parametrize("role", ["adviser", "manager", "programme_evaluator", "evaluator", "national_admin"])
def test_staff_with_a_password_alone_are_held_at_the_second_factor(client, world, role):
    person = getattr(world, role)
    sign_in_with_password(client, person)
    for url in [reverse("dashboards:home"), reverse("programmes:programme-list"), "/admin/", reverse("impact:kpis")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:two-factor")), url


def test_the_api_refuses_a_staff_session_without_the_second_factor(client, world):
    sign_in_with_password(client, world.manager)
    response = client.get("/api/programmes/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_a_staff_member_without_an_app_sets_one_up_and_gets_recovery_codes(client, world):
    sign_in_with_password(client, world.adviser)
    setup = client.get(reverse("accounts:two-factor"), follow=True)
    assert "Set up two-step sign-in" in setup.content.decode()
    assert "<svg" in setup.content.decode()
    device = new_app(client)
    wrong = client.post(
        reverse("accounts:two-factor-setup"), {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "That code is not right" in wrong.content.decode()
    done = client.post(reverse("accounts:two-factor-setup"), {"code": current_code(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=world.adviser).key == device.key
    assert client.get(reverse("dashboards:caseload")).status_code == 200


def test_the_app_s_code_lets_staff_through_and_a_wrong_one_does_not(client, world):
    device = app_for(world.manager)
    sign_in_with_password(client, world.manager)
    wrong = client.post(reverse("accounts:two-factor"), {"code": "12345x", "next": "/impact/kpis/"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("impact:kpis")).status_code == 302
    a_moment_passes(device)  # django-otp holds the next try back after a wrong code
    right = client.post(reverse("accounts:two-factor"), {"code": current_code(device), "next": "/impact/kpis/"})
    assert right.url == "/impact/kpis/"
    assert client.get(reverse("impact:kpis")).status_code == 200


def test_the_next_address_never_leaves_the_site(client, world):
    device = app_for(world.manager)
    sign_in_with_password(client, world.manager)
    response = client.post(
        reverse("accounts:two-factor"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_a_recovery_code_works_once(client, world):
    from adopt.accounts.second_factor import recovery_codes_renew

    app_for(world.national_admin)
    code = recovery_codes_renew(world.national_admin)[0]
    sign_in_with_password(client, world.national_admin)
    assert client.post(reverse("accounts:two-factor"), {"code": code, "next": "/admin/"}).url == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, world.national_admin)
    again = client.post(reverse("accounts:two-factor"), {"code": code, "next": "/admin/"})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_business_owner_signs_in_with_a_password_until_they_opt_in(client, world):
    sign_in_with_password(client, world.sme_member)
    assert client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk})).status_code == 200
    client.get(reverse("accounts:two-factor-setup"))
    device = new_app(client)
    client.post(reverse("accounts:two-factor-setup"), {"code": current_code(device)})
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, world.sme_member)
    held = client.get(reverse("companies:company-detail", kwargs={"pk": world.company.pk}))
    assert held.url.startswith(reverse("accounts:two-factor"))


def test_a_stolen_password_cannot_replace_the_app(client, world):
    app_for(world.manager)
    sign_in_with_password(client, world.manager)
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response.url.startswith(reverse("accounts:two-factor"))
    assert TOTPDevice.objects.filter(user=world.manager).count() == 1


def test_wrong_codes_in_a_row_hold_even_the_right_code_back(client, world):
    device = app_for(world.manager)
    sign_in_with_password(client, world.manager)
    for _ in range(3):
        client.post(reverse("accounts:two-factor"), {"code": "000000" if current_code(device) != "000000" else "1"})
    held = client.post(reverse("accounts:two-factor"), {"code": current_code(device), "next": "/impact/kpis/"})
    assert held.status_code == 200
    assert "Wait" in held.content.decode()
    assert client.get(reverse("impact:kpis")).status_code == 302


def test_each_session_sets_up_its_own_key_and_no_one_else_sees_it(client, world):
    sign_in_with_password(client, world.adviser)
    client.get(reverse("accounts:two-factor-setup"))
    attacker = Client()
    sign_in_with_password(attacker, world.adviser)  # someone holding the password alone
    attacker.get(reverse("accounts:two-factor-setup"))
    assert client.session[NEW_APP_KEY_SESSION] != attacker.session[NEW_APP_KEY_SESSION]
    assert not TOTPDevice.objects.filter(user=world.adviser).exists()  # nothing is stored until it is proven
    client.post(reverse("accounts:two-factor-setup"), {"code": current_code(new_app(client))})
    device = TOTPDevice.objects.get(user=world.adviser)
    assert device.key == client.session.get(NEW_APP_KEY_SESSION, device.key)
    assert device.key != attacker.session[NEW_APP_KEY_SESSION]


def test_moving_to_a_new_app_takes_a_code_from_the_current_one_and_tells_the_person(
    client, world, django_capture_on_commit_callbacks
):
    old = app_for(world.manager)
    client.force_login(world.manager)
    client.get(reverse("accounts:two-factor-setup"))
    refused = client.post(reverse("accounts:two-factor-setup"), {"code": current_code(new_app(client)), "current": ""})
    assert "Enter a code from your current app" in refused.content.decode()
    assert TOTPDevice.objects.get(user=world.manager).pk == old.pk
    a_moment_passes(old)  # django-otp holds the current app's next try back after the empty one
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            reverse("accounts:two-factor-setup"),
            {"code": current_code(new_app(client)), "current": current_code(old)},
        )
    assert "Save your recovery codes" in moved.content.decode()
    assert TOTPDevice.objects.get(user=world.manager).pk != old.pk
    assert mail.outbox[0].subject == "Two-step sign-in was moved to a new authenticator app"
