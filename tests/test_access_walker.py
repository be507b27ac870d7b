"""Every URL the project serves, for every role: the answer must be the one the access policy promises.

A new URL pattern without a rule here fails `test_every_url_pattern_has_an_access_rule`; a view that
forgets its policy check answers 200 where 403 or 404 is expected and fails the role's walk.
"""

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from adopt.accounts.tests.factories import TEST_PASSWORD
from conftest import World

ROLES = [
    "anonymous",
    "sme_member",
    "sme_outsider",
    "adviser",
    "manager",
    "programme_evaluator",
    "evaluator",
    "national_admin",
]
SIGNED_IN = ROLES[1:]

OK, REDIRECT, BAD_REQUEST, UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 400, 401, 403, 404, 405


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in_only(status: int, anonymous: int = REDIRECT) -> dict[str, int]:
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN, status)


def roles(default: int, anonymous: int = REDIRECT, **overrides: int) -> dict[str, int]:
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN, default) | overrides


@dataclass(frozen=True)
class Case:
    label: str
    kwargs: Callable[[World], dict[str, object]]
    expected: dict[str, int]
    query: str = ""


def no_kwargs(world: World) -> dict[str, object]:
    return {}


PROGRAMME_STAFF_VIEW = {"adviser": OK, "manager": OK, "programme_evaluator": OK, "evaluator": OK, "national_admin": OK}
COMPANY_STAFF_VIEW = {"adviser": OK, "manager": OK, "national_admin": OK}

RULES: dict[str, list[Case]] = {
    "dashboards:home": [Case("home", no_kwargs, everyone(OK))],
    "accounts:login": [Case("login", no_kwargs, signed_in_only(REDIRECT, anonymous=OK))],
    "accounts:logout": [Case("logout by GET", no_kwargs, everyone(NOT_ALLOWED))],
    "accounts:two-factor": [
        Case("code", no_kwargs, roles(OK, sme_member=REDIRECT, sme_outsider=REDIRECT)),
    ],
    "accounts:two-factor-setup": [Case("set up", no_kwargs, signed_in_only(OK))],
    "accounts:password-change": [Case("change", no_kwargs, signed_in_only(OK))],
    "accounts:password-change-done": [Case("changed", no_kwargs, signed_in_only(OK))],
    "accounts:password-reset": [Case("reset", no_kwargs, everyone(OK))],
    "accounts:password-reset-done": [Case("reset sent", no_kwargs, everyone(OK))],
    "accounts:password-reset-confirm": [
        Case("bad link", lambda w: {"uidb64": "MQ", "token": "not-a-token"}, everyone(OK)),
    ],
    "accounts:password-reset-complete": [Case("reset done", no_kwargs, everyone(OK))],
    "programmes:programme-list": [Case("list", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW))],
    "programmes:programme-detail": [
        Case("own", lambda w: {"slug": w.programme.slug}, roles(NOT_FOUND, **PROGRAMME_STAFF_VIEW)),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(NOT_FOUND, evaluator=OK, national_admin=OK),
        ),
    ],
    "companies:company-list": [
        Case("list", no_kwargs, roles(FORBIDDEN, sme_member=OK, sme_outsider=OK, **COMPANY_STAFF_VIEW)),
    ],
    "companies:company-detail": [
        Case("own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case("other", lambda w: {"pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)),
    ],
    "companies:company-create": [
        Case("new", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW)),
    ],
    "companies:company-subsidies": [
        Case("own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case("other", lambda w: {"pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)),
    ],
    "companies:company-places-and-people": [
        Case("own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case("other", lambda w: {"pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)),
    ],
    "companies:company-import": [
        Case("upload", no_kwargs, roles(FORBIDDEN, manager=OK, national_admin=OK)),
    ],
    "companies:company-confirm-facts": [
        Case("by GET", lambda w: {"pk": w.company.pk}, signed_in_only(NOT_ALLOWED)),
    ],
    "companies:company-edit": [
        Case("own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case("other", lambda w: {"pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)),
    ],
    "support:log": [
        Case("own", lambda w: {"company_pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case(
            "other", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)
        ),
    ],
    "support:cohorts": [Case("list", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "support:cohort": [
        Case("own programme's", lambda w: {"pk": w.cohort.pk}, roles(NOT_FOUND, **COMPANY_STAFF_VIEW)),
    ],
    "impact:follow-ups": [Case("list", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "impact:follow-up": [
        Case(
            "not paid",
            lambda w: {"application_pk": w.application.pk, "months": 6},
            roles(FORBIDDEN, adviser=NOT_FOUND, manager=NOT_FOUND, national_admin=NOT_FOUND),
        )
    ],
    "impact:kpis": [Case("programme", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW))],
    "impact:funder-report": [
        Case("pdf", lambda w: {"fmt": "pdf"}, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW)),
        Case("xlsx", lambda w: {"fmt": "xlsx"}, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW)),
    ],
    "impact:simulator": [
        Case(
            "simulator",
            no_kwargs,
            roles(FORBIDDEN, manager=OK, programme_evaluator=OK, evaluator=OK, national_admin=OK),
        )
    ],
    "roadmaps:catalogue": [Case("catalogue", no_kwargs, everyone(OK))],
    "roadmaps:roadmap": [
        Case("own", lambda w: {"company_pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case(
            "other", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)
        ),
    ],
    "roadmaps:versions": [
        Case("own", lambda w: {"company_pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case(
            "other", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)
        ),
    ],
    "roadmaps:pdf": [
        Case("own", lambda w: {"company_pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case("other, none planned", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND)),
    ],
    "roadmaps:plan": [Case("by GET", lambda w: {"company_pk": w.company.pk}, signed_in_only(NOT_ALLOWED))],
    "roadmaps:item": [
        Case("by GET", lambda w: {"company_pk": w.company.pk, "key": "crm"}, signed_in_only(NOT_ALLOWED))
    ],
    "roadmaps:progress": [
        Case("by GET", lambda w: {"company_pk": w.company.pk, "key": "crm"}, signed_in_only(NOT_ALLOWED))
    ],
    "roadmaps:agree": [
        Case("by GET", lambda w: {"company_pk": w.company.pk, "number": 1}, signed_in_only(NOT_ALLOWED))
    ],
    "assessments:start": [
        Case("by GET", lambda w: {"company_pk": w.company.pk, "framework_key": "eu-dma"}, signed_in_only(NOT_ALLOWED)),
    ],
    "assessments:detail": [
        Case("submitted", lambda w: {"pk": w.assessment.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
    ],
    "assessments:section": [
        Case("draft", lambda w: {"pk": w.draft.pk, "number": 1}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case(
            "submitted",
            lambda w: {"pk": w.assessment.pk, "number": 1},
            roles(NOT_FOUND, sme_member=REDIRECT, adviser=REDIRECT, manager=REDIRECT, national_admin=REDIRECT),
        ),
    ],
    "assessments:review": [
        Case("draft", lambda w: {"pk": w.draft.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
    ],
    "funding:application-new": [
        Case("own", lambda w: {"company_pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
        Case(
            "other", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND, sme_outsider=OK, national_admin=OK)
        ),
    ],
    "funding:application-detail": [
        Case("own", lambda w: {"pk": w.application.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
    ],
    "funding:application-move": [Case("by GET", lambda w: {"pk": w.application.pk}, signed_in_only(NOT_ALLOWED))],
    "funding:application-cost": [Case("by GET", lambda w: {"pk": w.application.pk}, signed_in_only(NOT_ALLOWED))],
    "funding:application-document": [Case("by GET", lambda w: {"pk": w.application.pk}, signed_in_only(NOT_ALLOWED))],
    "funding:application-review": [Case("by GET", lambda w: {"pk": w.application.pk}, signed_in_only(NOT_ALLOWED))],
    "funding:application-claim": [Case("by GET", lambda w: {"pk": w.application.pk}, signed_in_only(NOT_ALLOWED))],
    "funding:document-download": [
        Case(
            "match funding letter",
            lambda w: {"pk": w.application.pk, "document_pk": w.application.documents.get().pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
        ),
    ],
    "funding:review-queue": [Case("queue", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "funding:approval-board": [Case("board", no_kwargs, roles(FORBIDDEN, manager=OK, national_admin=OK))],
    "funding:fund-list": [Case("funds", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW))],
    "funding:fund-detail": [Case("fund", lambda w: {"pk": w.fund.pk}, roles(NOT_FOUND, **PROGRAMME_STAFF_VIEW))],
    "funding:fund-export-excel": [
        Case("ledger", lambda w: {"pk": w.fund.pk, "what": "ledger"}, roles(NOT_FOUND, manager=OK, national_admin=OK)),
        Case("awards", lambda w: {"pk": w.fund.pk, "what": "awards"}, roles(NOT_FOUND, manager=OK, national_admin=OK)),
    ],
    "funding:fund-export-360giving": [
        Case("awards", lambda w: {"pk": w.fund.pk}, roles(NOT_FOUND, manager=OK, national_admin=OK)),
    ],
    "dashboards:caseload": [Case("board", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "onboarding:signup": [Case("form", no_kwargs, signed_in_only(REDIRECT, anonymous=OK))],
    "onboarding:confirm": [Case("bad link", lambda w: {"token": "nonsense"}, everyone(BAD_REQUEST))],
    "onboarding:find-company": [Case("search", no_kwargs, signed_in_only(OK))],
    "onboarding:new-company": [Case("form", no_kwargs, signed_in_only(OK))],
    "onboarding:claim-company": [Case("claim", lambda w: {"pk": w.company.pk}, signed_in_only(OK))],
    "onboarding:claim-code": [Case("code", lambda w: {"pk": w.company.pk}, signed_in_only(OK))],
    "onboarding:invitation": [Case("bad link", lambda w: {"token": "nonsense"}, everyone(BAD_REQUEST))],
    "onboarding:company-invite": [
        Case("own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW)),
    ],
    "onboarding:invitation-revoke": [
        Case("by GET", lambda w: {"pk": w.company.pk, "invitation_pk": 1}, signed_in_only(NOT_ALLOWED)),
    ],
    "onboarding:enquiry": [Case("form", no_kwargs, everyone(OK))],
    "onboarding:enquiry-list": [Case("leads", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "onboarding:membership-requests": [Case("queue", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW))],
    "onboarding:account": [Case("account", no_kwargs, signed_in_only(OK))],
    "onboarding:account-data": [Case("download", no_kwargs, signed_in_only(OK))],
    "onboarding:email-confirm": [Case("bad link", lambda w: {"token": "nonsense"}, signed_in_only(BAD_REQUEST))],
    "onboarding:privacy": [Case("notice", no_kwargs, everyone(OK))],
    "api:api-root": [Case("root", no_kwargs, everyone(NOT_FOUND))],
    "api:openapi-json": [Case("schema", no_kwargs, signed_in_only(OK))],
    "api:openapi-view": [Case("docs", no_kwargs, signed_in_only(OK))],
    "api:get_kpis": [Case("programme", no_kwargs, roles(FORBIDDEN, anonymous=UNAUTHORISED, **PROGRAMME_STAFF_VIEW))],
    "api:list_technologies": [Case("catalogue", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED))],
    "api:get_roadmap": [
        Case(
            "own",
            lambda w: {"company_id": w.company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, sme_member=OK, **COMPANY_STAFF_VIEW),
        ),
        Case(
            "other, none planned",
            lambda w: {"company_id": w.other_company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED),
        ),
    ],
    "api:list_programmes": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED))],
    "api:get_programme": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, **PROGRAMME_STAFF_VIEW),
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, evaluator=OK, national_admin=OK),
        ),
    ],
}

# The back office: national administrators only. A visitor is sent to sign in; anyone signed in without the
# right is refused at once (sending them to sign in would send them straight back, round and round).
ADMIN_ONLY = roles(FORBIDDEN, national_admin=OK)
ADMIN_SPECIAL: dict[str, list[Case]] = {
    "admin:login": [Case("login", no_kwargs, roles(FORBIDDEN, national_admin=REDIRECT))],
    "admin:logout": [Case("logout by GET", no_kwargs, roles(FORBIDDEN, national_admin=NOT_ALLOWED))],
    "admin:password_change": [Case("password", no_kwargs, ADMIN_ONLY)],
    # Nobody adds a second factor for someone else: each person sets up their own app.
    "admin:otp_totp_totpdevice_add": [Case("add", no_kwargs, roles(FORBIDDEN))],
    "admin:otp_static_staticdevice_add": [Case("add", no_kwargs, roles(FORBIDDEN))],
    "admin:password_change_done": [Case("password done", no_kwargs, ADMIN_ONLY)],
    "admin:jsi18n": [Case("i18n", no_kwargs, ADMIN_ONLY)],
    "admin:autocomplete": [
        Case(
            "adviser look-up",
            no_kwargs,
            ADMIN_ONLY,
            query="?app_label=companies&model_name=company&field_name=adviser&term=a",
        )
    ],
    "admin:view_on_site": [
        Case("shortcut", lambda w: {"content_type_id": 0, "object_id": "0"}, roles(FORBIDDEN, national_admin=NOT_FOUND))
    ],
}


def url_pattern_names() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner or namespace)
            else:
                yield (f"{namespace}:{pattern.name}" if namespace else str(pattern.name)), pattern

    yield from walk(get_resolver().url_patterns, "")


def admin_cases(name: str, pattern: URLPattern) -> list[Case]:
    """Rules for the admin's generated model pages, using a real row for change, delete and history."""
    if name in ADMIN_SPECIAL:
        return ADMIN_SPECIAL[name]
    if name == "admin:index":
        return [Case("index", no_kwargs, ADMIN_ONLY)]
    if name.startswith("admin:app_list"):
        return [Case(label, functools.partial(app_label_kwargs, label), ADMIN_ONLY) for label in admin_app_labels()]
    if name == "admin:auth_user_password_change":  # Django's UserAdmin names this URL after contrib.auth
        model, action = apps.get_model("accounts", "user"), "password_change"
    else:
        model, action = admin_model_and_action(name.removeprefix("admin:"))
    if action in {"changelist", "add"}:
        return [Case(action, no_kwargs, ADMIN_ONLY)]

    def first_row(world: World) -> dict[str, object]:
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"the walker's world has no {model.__name__} to open in the admin"
        return {next(iter(pattern.pattern.converters)): str(row.pk)}

    return [Case(action, first_row, ADMIN_ONLY)]


def admin_model_and_action(url_name: str) -> tuple[Any, str]:
    """`otp_totp_totpdevice_change` → (TOTPDevice, "change"): app labels may hold underscores themselves."""
    from django.contrib import admin

    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if url_name.startswith(prefix):
            return model, url_name.removeprefix(prefix)
    raise AssertionError(f"no admin model for the URL {url_name}")


def app_label_kwargs(app_label: str, world: World) -> dict[str, object]:
    return {"app_label": app_label}


def admin_app_labels() -> list[str]:
    from django.contrib import admin

    return sorted({model._meta.app_label for model in admin.site._registry})


def rules_for(name: str, pattern: URLPattern) -> list[Case]:
    if name.startswith("admin:"):
        return admin_cases(name, pattern)
    return RULES[name]


def test_every_url_pattern_has_an_access_rule() -> None:
    missing = [name for name, _ in url_pattern_names() if not name.startswith("admin:") and name not in RULES]
    assert not missing, f"URL patterns without an access rule in the walker: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_policy_says(world: World, role: str) -> None:
    client = Client()
    person = world.persona(role)
    if person is not None:
        client.force_login(person)
    mismatches = []
    checked = 0
    for name, pattern in url_pattern_names():
        if name.startswith("admin:") and pattern.name is None:
            continue  # the admin's unnamed redirects and catch-all lead back to the named pages walked here
        for case in rules_for(name, pattern):
            url = reverse(name, kwargs=case.kwargs(world)) + case.query
            status = client.get(url).status_code
            checked += 1
            if status != case.expected[role]:
                mismatches.append(f"{name} ({case.label}) {url}: expected {case.expected[role]}, got {status}")
    assert checked > 40
    assert not mismatches, f"{role}:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("role", ["adviser", "manager", "programme_evaluator", "evaluator", "national_admin"])
def test_staff_with_a_password_alone_reach_no_page_a_visitor_cannot(world: World, role: str) -> None:
    """Every route a visitor may not open sends a staff session without its second factor to give it."""
    client = Client()
    person = world.persona(role)
    assert person is not None
    client.post(reverse("accounts:login"), {"username": person.email, "password": TEST_PASSWORD})
    open_to_the_unverified = {"accounts:two-factor", "accounts:two-factor-setup", "accounts:logout"}
    leaks, checked = [], 0
    for name, pattern in url_pattern_names():
        if name in open_to_the_unverified or (name.startswith("admin:") and pattern.name is None):
            continue
        for case in rules_for(name, pattern):
            if case.expected["anonymous"] == OK:
                continue  # public pages
            url = reverse(name, kwargs=case.kwargs(world)) + case.query
            response = client.get(url)
            checked += 1
            if url.startswith("/api/"):
                held = response.status_code == FORBIDDEN and "second factor" in response.json()["detail"]
            else:
                held = response.status_code == REDIRECT and response["Location"].startswith("/accounts/two-factor/")
            if not held:
                leaks.append(f"{name} {url}: {response.status_code}")
    assert checked > 100
    assert not leaks, f"{role} with a password alone:\n" + "\n".join(leaks)
