import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from adopt.accounts.models import User
from adopt.accounts.policies import can_use_admin
from adopt.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_email_is_stored_lowercase_and_unique_whatever_its_case():
    User.objects.create_user("Owner@Example.test", "a-long-passphrase", full_name="Sam Owner")
    assert User.objects.get().email == "owner@example.test"
    with pytest.raises(ValidationError):
        User.objects.create_user("OWNER@example.test", "a-long-passphrase", full_name="Sam Again")


@pytest.mark.django_db
def test_createsuperuser_makes_a_national_administrator():
    user = User.objects.create_superuser("root@example.test", "a-long-passphrase", full_name="Root")
    assert user.is_national_admin
    assert can_use_admin(user)


@pytest.mark.django_db
def test_staff_flag_alone_does_not_open_the_back_office():
    assert not can_use_admin(UserFactory(is_staff=True))


@pytest.mark.django_db
def test_an_inactive_national_administrator_has_no_admin_rights():
    assert not can_use_admin(UserFactory(global_role=User.GlobalRole.NATIONAL_ADMIN, is_active=False))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_email_in_two_cases_create_one_user():
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(email: str) -> None:
        barrier.wait()
        try:
            User(email=email, full_name="Racer").save()
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(email,)) for email in ("race@example.test", "RACE@example.test")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert User.objects.filter(email__iexact="race@example.test").count() == 1
