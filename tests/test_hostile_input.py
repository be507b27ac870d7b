"""Hostile values in every form and every query parameter: no server error, and a refused request writes nothing.

Each route a role may write to is fetched, its form's fields read from the page, and the form posted once per
hostile value with every field holding that value; each page is also requested with every query parameter the
project reads set to each value. The figures are printed for the record (`pytest -s tests/test_hostile_input.py`).
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import World
from tests.test_access_walker import SERVED, service_cases

HOSTILE_VALUES = {
    "huge text": "A" * 100_000,
    "control characters": "a\x00b\x01c\x1f\x7fd",
    "unicode": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ÅÆØ 漢字 \u202egnp.exe\u202c 🏭",
    "negative number": "-1",
    "huge number": "99999999999999999999",
    "exponent": "1e308",
    "not a number": "NaN",
    "long number": "1" * 400,
    "impossible date": "2026-02-30",
    "zero date": "0000-00-00",
    "formula": "=cmd|' /C calc'!A0",
    "html and script": '"><script>alert(1)</script>',
    "path traversal": "../../../../etc/passwd",
    "empty": "",
}
QUERY_PARAMETERS = [
    "q", "page", "adviser", "stage", "sort", "programme", "region", "period", "from", "to", "calibrate", "mine",
    "eligibility", "division", "size", "next", "email", "outcome", "treated", "indicator_set",
]  # fmt: skip
NEVER_POSTED = {"accounts:logout", "admin:logout"}
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"[^>]*>', re.IGNORECASE)
FILE_FIELD = re.compile(r'<input[^>]*type="file"[^>]*name="([^"]+)"|<input[^>]*name="([^"]+)"[^>]*type="file"')


def writer_of(post_rule: dict[str, str]) -> str | None:
    for role in ("national_admin", "sme_member", "sme_outsider", "manager", "adviser", "anonymous"):
        if post_rule.get(role) == SERVED:
            return role
    return None


def form_routes(world: World) -> Iterator[tuple[str, str, str]]:
    for name, case, url in service_cases(world):
        role = writer_of(case.post)
        if role is not None and name not in NEVER_POSTED:
            yield name, url.removesuffix(case.query), role


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def client_for(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    person = world.persona(role)
    if person is not None:
        client.force_login(person)
    return client


def hostile_post(fields: set[str], files: set[str], value: str) -> dict[str, Any]:
    data: dict[str, Any] = dict.fromkeys(fields - files - {"csrfmiddlewaretoken"}, value)
    for field in files:
        data[field] = SimpleUploadedFile("../../x.pdf", b"%PDF-1.4\n<script>x</script>" + value.encode()[:1000])
    return data


@pytest.mark.django_db
def test_no_form_answers_a_hostile_value_with_a_server_error_or_a_half_write(world: World) -> None:
    errors, requests, forms_covered = [], 0, 0
    for name, url, role in form_routes(world):
        client = client_for(world, role)
        page = client.get(url)
        html = page.content.decode(errors="replace") if page.status_code == 200 else ""
        fields = set(FIELD.findall(html))
        files = {a or b for a, b in FILE_FIELD.findall(html)}
        forms_covered += 1
        for label, value in HOSTILE_VALUES.items():
            before = row_counts()
            response = client.post(url, hostile_post(fields, files, value))
            requests += 1
            if response.status_code >= 500:
                errors.append(f"{name} as {role}, {label}: {response.status_code}")
                if row_counts() != before:
                    errors.append(f"{name} as {role}, {label}: wrote rows before failing")
            if person := world.persona(role):
                client.force_login(person)
    print(f"\nhostile forms: {forms_covered} forms, {requests} posts, {len(errors)} server errors or half-writes")
    assert forms_covered > 30
    assert not errors, "\n".join(errors)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "sme_member", "manager", "national_admin"])
def test_no_page_answers_a_hostile_query_parameter_with_a_server_error(world: World, role: str) -> None:
    client = client_for(world, role)
    errors, requests = [], 0
    for name, case, url in service_cases(world):
        if case.expected[role] == 200:
            url = url.removesuffix(case.query)
            for label, value in HOSTILE_VALUES.items():
                response = client.get(url, dict.fromkeys(QUERY_PARAMETERS, value[:5000]))
                requests += 1
                if response.status_code >= 500:
                    errors.append(f"{name} ({case.label}), {label}: {response.status_code}")
    print(f"\nhostile queries as {role}: {requests} requests, {len(errors)} server errors")
    assert not errors, "\n".join(errors)


@pytest.mark.django_db
def test_a_nul_character_anywhere_is_refused_before_it_reaches_the_database(world: World) -> None:
    client = client_for(world, "manager")
    assert client.get("/caseload/", {"q": "a\x00b"}).status_code == 400
    assert client.post("/enquiry/", {"name": "a\x00b"}).status_code == 400
    assert client.get("/api/programmes/", {"x": "\x00"}).json()["detail"].startswith("The request holds a NUL")
    stranger = Client(raise_request_exception=False)
    stranger.cookies["sessionid"] = "abc\x00def"
    assert stranger.get("/").status_code == 400
