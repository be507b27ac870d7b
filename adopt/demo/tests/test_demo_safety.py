"""What the demo refuses to do outside a local machine with DEBUG on."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_code_is_never_given_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo_code", stdout=StringIO())


def test_demo_refuses_to_load_published_passwords_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()
