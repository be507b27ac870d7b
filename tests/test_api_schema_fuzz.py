"""The API against its own OpenAPI schema, as every role with a token of every scope (and with none): schemathesis
generates requests from the schema and checks each answer (no server error, status and body as documented)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from schemathesis.specs.openapi.checks import positive_data_acceptance

from adopt.accounts.api_tokens import ALL_SCOPES, api_token_create
from conftest import World
from tests.test_access_walker import ROLES

EXAMPLES_PER_OPERATION = 15


@contextmanager
def connection_kept_between_requests() -> Iterator[None]:
    """As Django's test client does: the WSGI handler would otherwise close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_answers_as_its_schema_says(world: World, role: str, settings) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    person = world.persona(role)
    reader = Client()
    reader.force_login(world.national_admin)
    document = reader.get("/api/openapi.json").json()
    headers = {}
    if person is not None:
        key = api_token_create(user=person, name="fuzz", scopes=ALL_SCOPES, actor=person).key
        headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    operations = [result.ok() for result in schema.get_all_operations()]
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @examples(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            nonlocal calls
            calls += 1
            # A valid request may still be refused: the caller may not see that programme or company.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        with connection_kept_between_requests():
            check()
    print(f"\nschemathesis as {role}: {len(operations)} operations, {calls} requests")
    assert len(operations) >= 5
