"""Every route the project serves, with every method, for every role: the answer must be the one the access
policy promises, written here beside each route.

Each route is requested as each of the eight roles, against their own and another's objects where it takes one:
with GET (and again as an htmx partial) compared with the exact status expected, with POST (empty, or with the
case's `data`) compared with the outcome expected (served, refused, sent to sign in, or method not allowed), and
with PUT, PATCH and DELETE, which no route accepts (a rule's `others` says what answers instead where it is not
"method not allowed", such as the API's root). A URL pattern without a rule fails
`test_every_url_pattern_has_an_access_rule`; a view or a method that forgets its policy check serves a role the
rule says it refuses, and fails that role's walk.
"""

import functools
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from adopt.accounts.tests.factories import TEST_PASSWORD
from adopt.funding.services import review_add
from adopt.jobs.models import Job
from adopt.support.tests.factories import support_given
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


# What a POST (or another writing method) gets, whatever the exact status: the view ran past its access check
# (a page, a form's errors, a redirect onwards), refused (403 or 404), sent the visitor to sign in (or 401), or
# answered that the route does not take the method.
SERVED, REFUSED, SIGN_IN, NO_METHOD = "served", "refused", "sent to sign in", "method not allowed"
# Methods no route accepts: pages are read with GET and changed with POST, and the API only reads.
UNACCEPTED_METHODS = ("put", "patch", "delete")


def writes(default: str, anonymous: str = SIGN_IN, **overrides: str) -> dict[str, str]:
    return {"anonymous": anonymous} | dict.fromkeys(SIGNED_IN, default) | overrides


READ_ONLY = writes(NO_METHOD, anonymous=NO_METHOD)


def no_kwargs(world: World) -> dict[str, object]:
    return {}


@dataclass(frozen=True)
class Case:
    label: str
    kwargs: Callable[[World], dict[str, object]]
    expected: dict[str, int]
    post: dict[str, str]
    query: str = ""
    data: Callable[[World], dict[str, object] | str] = no_kwargs  # text: a JSON body
    others: dict[str, str] | None = None  # PUT, PATCH and DELETE; none: no role may use them


def post_case(client: Client, url: str, data: Any, **headers: str) -> Any:
    """A case's POST: a form, or a JSON body (given as text) for the API's writes."""
    if isinstance(data, str):
        return client.post(url, data, content_type="application/json", headers=headers)
    return client.post(url, data, headers=headers)


def outcome(response: Any) -> str:
    status = response.status_code
    if status == NOT_ALLOWED:
        return NO_METHOD
    if status in (FORBIDDEN, NOT_FOUND):
        return REFUSED
    to_sign_in = status == REDIRECT and response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    if status == UNAUTHORISED or to_sign_in:
        return SIGN_IN
    return SERVED


PROGRAMME_STAFF_VIEW = {"adviser": OK, "manager": OK, "programme_evaluator": OK, "evaluator": OK, "national_admin": OK}
COMPANY_STAFF_VIEW = {"adviser": OK, "manager": OK, "national_admin": OK}
COMPANY_STAFF_WRITE = {"adviser": SERVED, "manager": SERVED, "national_admin": SERVED}


def a_job(world: World) -> Job:
    """The manager's finished import into their programme, with its rejects file."""
    job = Job.objects.filter(started_by=world.manager).first()
    if job is None:
        job = Job(
            kind=Job.Kind.COMPANIES_IMPORT,
            title="Import of BasicCompanyData.csv",
            status=Job.Status.DONE,
            started_by=world.manager,
            programme=world.programme,
            summary={"lines": ["imported: 1, updated: 0, unchanged: 0, rejected: 1"]},
            result_name="rejected-rows.csv",
            result_type="text/csv",
        )
        job.result_file.save("rejects.csv", ContentFile(b"line,company_number,company_name,reason\n"), save=False)
        job.save()
    return job


def an_offer(world: World, *, accepted: bool = False) -> dict[str, object]:
    """An approved grant of the world's company with its offer and subsidy notice; accepted when asked."""
    from decimal import Decimal

    from django.utils import timezone

    from adopt.funding.models import GrantApplication
    from adopt.funding.offers import issue_offer
    from adopt.funding.tests.factories import accept_offer

    title = "Accepted offer" if accepted else "Approved offer"
    application = GrantApplication.objects.filter(company=world.company, title=title).first()
    if application is None:
        application = GrantApplication.objects.create(
            company=world.company,
            scheme=world.application.scheme,
            title=title,
            financial_year=world.application.financial_year,
            status=GrantApplication.Status.APPROVED,
            grant_requested=Decimal("5000"),
            award=Decimal("5000"),
            decided_at=timezone.now(),
            created_by=world.sme_member,
        )
        issue_offer(application, actor=world.manager, amount=application.award)
        if accepted:
            accept_offer(application.pk, actor=world.sme_member)
    return {"pk": application.pk}


def a_paid_grant(world: World) -> dict[str, object]:
    """An accepted offer paid in full, for the recovery page."""
    from decimal import Decimal

    from adopt.funding.models import GrantApplication

    found = an_offer(world, accepted=True)
    paid = GrantApplication.objects.filter(pk=int(str(found["pk"])))
    paid.update(status=GrantApplication.Status.PAID, paid=Decimal("5000"))
    return found


def a_payment_run(world: World) -> dict[str, object]:
    from django.utils import timezone

    from adopt.funding.models import PaymentRun

    run = PaymentRun.objects.filter(fund=world.fund).first() or PaymentRun.objects.create(
        fund=world.fund, created_by=world.manager, created_at=timezone.now()
    )
    return {"pk": run.pk}


def a_staff_invitation(world: World) -> dict[str, object]:
    """A waiting invitation to the world's programme, sent by its manager."""
    from adopt.onboarding.staffing import staff_invite

    invitation = staff_invite(
        programme=world.programme, email="new.adviser@example.com", role="adviser", actor=world.manager
    )
    return {"slug": world.programme.slug, "pk": invitation.pk}


def a_visit(world: World) -> dict[str, object]:
    """A diagnostic visit booked with the world's company, a week ahead."""
    import datetime

    from django.utils import timezone

    from adopt.support.bookings import booking_create

    booking = booking_create(
        company=world.company,
        adviser=world.adviser,
        kind="diagnostic",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        minutes=90,
        place="Unit 4, Mill Lane",
        actor=world.adviser,
    )
    return {"pk": booking.pk}


def a_throwaway_cost(world: World) -> dict[str, object]:
    cost = world.application.costs.create(description="Spare part", cost_type="equipment", amount=100)
    return {"pk": world.application.pk, "cost_pk": cost.pk}


def a_message(world: World) -> Any:
    from adopt.notifications.services import message_queue

    return (
        message_queue(
            "company_assigned",
            to=world.adviser,
            happening="walker",
            company=world.company,
            context={},
        )
        or world.company.messages.get()
    )


def a_delivery(world: World) -> Any:
    from adopt.webhooks.models import Delivery, Endpoint

    # A private address: the guard refuses it before any connection, so a replay here never leaves the machine.
    endpoint = Endpoint.objects.create(name="CRM", url="https://10.255.255.1/hook", secret="s", events=["grant.paid"])
    return Delivery.objects.create(endpoint=endpoint, event_name="grant.paid", happening="walker", body="{}")


def an_enquiry_of_the_programme(world: World) -> dict[str, object]:
    from adopt.onboarding.models import Enquiry

    enquiry = Enquiry.objects.create(
        programme=world.programme, name="Walker", email="walker@example.test", company_name="Walker Ltd"
    )
    return {"pk": enquiry.pk}


def an_unsubscribe_link(world: World) -> dict[str, object]:
    from adopt.notifications.catalogue import Topic
    from adopt.notifications.services import unsubscribe_token

    return {"token": unsubscribe_token(world.adviser, Topic.CASEWORK)}


JOB_STAFF_VIEW = {"adviser": OK, "manager": OK, "programme_evaluator": OK, "evaluator": OK, "national_admin": OK}

# The API's lists answer every signed-in caller with what they may see (an empty list for some); its writes
# answer only programme staff. Each write is walked with a real body, so the policy, not validation, decides.
COMPANIES_API = [
    Case(
        "list, and add one",
        no_kwargs,
        signed_in_only(OK, anonymous=UNAUTHORISED),
        post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        data=lambda w: json.dumps({"programme": w.programme.slug, "name": "Walker Castings Ltd"}),
    )
]
SUPPORT_API = [
    Case(
        "list, and record",
        no_kwargs,
        signed_in_only(OK, anonymous=UNAUTHORISED),
        post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        data=lambda w: json.dumps(
            {"company_id": w.company.pk, "kind": "diagnostic", "delivered_on": "2026-11-20", "hours": "1"}
        ),
    )
]


def a_token_of_the_manager(world: World) -> dict[str, object]:
    from adopt.accounts.api_tokens import api_token_create

    made = api_token_create(user=world.manager, name="walker", scopes=["companies:read"], actor=world.manager)
    return {"pk": made.token.pk}


RULES: dict[str, list[Case]] = {
    "onboarding:api-tokens": [Case("own", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "onboarding:api-token-revoke": [
        Case(
            "the manager's",
            a_token_of_the_manager,
            everyone(NOT_ALLOWED),
            post=writes(REFUSED, manager=SERVED),
        )
    ],
    "evaluation:index": [
        Case(
            "list",
            no_kwargs,
            roles(FORBIDDEN, manager=REDIRECT, programme_evaluator=REDIRECT, evaluator=OK, national_admin=OK),
            post=READ_ONLY,
        )
    ],
    **{
        name: [
            Case(
                "own programme",
                lambda w: {"slug": w.programme.slug},
                roles(NOT_FOUND, manager=OK, programme_evaluator=OK, evaluator=OK, national_admin=OK),
                post=READ_ONLY,
            ),
            Case(
                "another programme",
                lambda w: {"slug": w.other_programme.slug},
                roles(NOT_FOUND, evaluator=OK, national_admin=OK),
                post=READ_ONLY,
            ),
        ]
        for name in ("evaluation:programme", "evaluation:indicators-csv")
    },
    "evaluation:ons-matching-csv": [
        Case(
            "own programme",
            lambda w: {"slug": w.programme.slug},
            roles(NOT_FOUND, manager=OK, programme_evaluator=FORBIDDEN, evaluator=FORBIDDEN, national_admin=OK),
            post=READ_ONLY,
        ),
        Case(
            "another programme",
            lambda w: {"slug": w.other_programme.slug},
            roles(NOT_FOUND, evaluator=FORBIDDEN, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    **{
        name: [
            Case(
                "own programme",
                lambda w: {"slug": w.programme.slug},
                everyone(NOT_ALLOWED),
                post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
            ),
            Case(
                "another programme",
                lambda w: {"slug": w.other_programme.slug},
                everyone(NOT_ALLOWED),
                post=writes(REFUSED, national_admin=SERVED),
            ),
        ]
        for name in ("evaluation:outcomes-upload", "evaluation:draw-create")
    },
    "webhooks:endpoint-list": [
        Case("list", no_kwargs, roles(FORBIDDEN, national_admin=OK), post=writes(REFUSED, national_admin=SERVED))
    ],
    "webhooks:endpoint-detail": [
        Case(
            "one",
            lambda w: {"pk": a_delivery(w).endpoint_id},
            roles(NOT_FOUND, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        )
    ],
    "webhooks:delivery-detail": [
        Case(
            "one",
            lambda w: {"pk": (d := a_delivery(w)).endpoint_id, "delivery_pk": d.pk},
            roles(NOT_FOUND, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        )
    ],
    "notifications:preferences": [Case("own", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "notifications:unsubscribe": [
        Case("bad link", lambda w: {"token": "nonsense"}, everyone(NOT_FOUND), post=writes(REFUSED, anonymous=REFUSED)),
        Case("the adviser's", an_unsubscribe_link, everyone(OK), post=writes(SERVED, anonymous=SERVED)),
    ],
    "notifications:company-messages": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=FORBIDDEN, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=FORBIDDEN, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "notifications:message-detail": [
        Case(
            "about the company",
            lambda w: {"company_pk": w.company.pk, "pk": a_message(w).pk},
            roles(NOT_FOUND, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
    ],
    "notifications:notify-receipt": [
        Case("no token", no_kwargs, everyone(NOT_ALLOWED), post=writes(SIGN_IN, anonymous=SIGN_IN)),
    ],
    "jobs:job-list": [Case("list", no_kwargs, roles(FORBIDDEN, **JOB_STAFF_VIEW), post=READ_ONLY)],
    "jobs:job-detail": [
        Case(
            "the manager's",
            lambda w: {"pk": a_job(w).pk},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        )
    ],
    "jobs:job-result": [
        Case(
            "the manager's",
            lambda w: {"pk": a_job(w).pk},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        )
    ],
    "dashboards:home": [Case("home", no_kwargs, everyone(OK), post=READ_ONLY)],
    "accounts:login": [
        Case("login", no_kwargs, signed_in_only(REDIRECT, anonymous=OK), post=writes(SERVED, anonymous=SERVED))
    ],
    "accounts:logout": [Case("logout by GET", no_kwargs, everyone(NOT_ALLOWED), post=writes(SERVED, anonymous=SERVED))],
    "accounts:two-factor": [
        Case("code", no_kwargs, roles(OK, sme_member=REDIRECT, sme_outsider=REDIRECT), post=writes(SERVED)),
    ],
    "accounts:two-factor-setup": [Case("set up", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "accounts:password-change": [Case("change", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "accounts:password-change-done": [Case("changed", no_kwargs, signed_in_only(OK), post=writes(NO_METHOD))],
    "accounts:password-reset": [Case("reset", no_kwargs, everyone(OK), post=writes(SERVED, anonymous=SERVED))],
    "accounts:password-reset-done": [Case("reset sent", no_kwargs, everyone(OK), post=READ_ONLY)],
    "accounts:password-reset-confirm": [
        Case(
            "bad link",
            lambda w: {"uidb64": "MQ", "token": "not-a-token"},
            everyone(OK),
            post=writes(SERVED, anonymous=SERVED),
        ),
    ],
    "accounts:password-reset-complete": [Case("reset done", no_kwargs, everyone(OK), post=READ_ONLY)],
    "programmes:programme-new": [
        Case(
            "form",
            no_kwargs,
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        )
    ],
    "programmes:programme-edit": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "programmes:programme-areas": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "programmes:programme-targets": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "onboarding:programme-staff": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "onboarding:staff-change": [
        Case(
            "by GET",
            lambda w: {"slug": w.programme.slug},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, manager=REFUSED, national_admin=REFUSED),
        ),
    ],
    "onboarding:staff-invitation-revoke": [
        Case(
            "by GET",
            a_staff_invitation,
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
    ],
    "onboarding:staff-invitation": [
        Case("bad link", lambda w: {"token": "nonsense"}, everyone(BAD_REQUEST), post=writes(SERVED, anonymous=SERVED))
    ],
    "funding:fund-new": [
        Case(
            "own programme",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other programme",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "funding:fund-edit": [
        Case(
            "fund",
            lambda w: {"pk": w.fund.pk},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:fund-budgets": [
        Case(
            "fund",
            lambda w: {"pk": w.fund.pk},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:scheme-new": [
        Case(
            "fund",
            lambda w: {"pk": w.fund.pk},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:scheme-edit": [
        Case(
            "scheme",
            lambda w: {"pk": w.fund.schemes.get().pk},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "support:timeline": [
        Case(
            "own company",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other company",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "support:booking-new": [
        Case(
            "own company",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=FORBIDDEN, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "support:booking": [
        Case(
            "own company's",
            a_visit,
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "support:booking-calendar": [
        Case("own company's", a_visit, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW), post=READ_ONLY),
    ],
    "companies:ask-for-adviser": [
        Case(
            "own company",
            lambda w: {"pk": w.company.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED),
        ),
    ],
    "companies:unassigned": [
        Case(
            "own programme",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, adviser=OK, manager=OK, national_admin=OK),
            post=writes(REFUSED, adviser=REFUSED, manager=REFUSED, national_admin=REFUSED),
        ),
        Case(
            "other programme",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=REFUSED),
        ),
    ],
    "companies:assignment-rule": [
        Case(
            "own programme",
            lambda w: {"slug": w.programme.slug},
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
        Case(
            "other programme",
            lambda w: {"slug": w.other_programme.slug},
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "roadmaps:catalogue-versions": [
        Case(
            "versions",
            no_kwargs,
            roles(FORBIDDEN, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        )
    ],
    "programmes:programme-list": [Case("list", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW), post=READ_ONLY)],
    "programmes:programme-detail": [
        Case("own", lambda w: {"slug": w.programme.slug}, roles(NOT_FOUND, **PROGRAMME_STAFF_VIEW), post=READ_ONLY),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(NOT_FOUND, evaluator=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "companies:company-list": [
        Case("list", no_kwargs, roles(FORBIDDEN, sme_member=OK, sme_outsider=OK, **COMPANY_STAFF_VIEW), post=READ_ONLY),
    ],
    "companies:company-detail": [
        Case(
            "own", lambda w: {"pk": w.company.pk}, roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW), post=READ_ONLY
        ),
        Case(
            "other",
            lambda w: {"pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "companies:company-create": [
        Case("new", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW), post=writes(REFUSED, **COMPANY_STAFF_WRITE)),
    ],
    "companies:company-subsidies": [
        Case(
            "own",
            lambda w: {"pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other",
            lambda w: {"pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, sme_outsider=SERVED, national_admin=SERVED),
        ),
    ],
    "companies:company-places-and-people": [
        Case(
            "own",
            lambda w: {"pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other",
            lambda w: {"pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, sme_outsider=SERVED, national_admin=SERVED),
        ),
    ],
    "companies:company-import": [
        Case(
            "upload",
            no_kwargs,
            roles(FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        ),
    ],
    "companies:company-confirm-facts": [
        Case(
            "by GET",
            lambda w: {"pk": w.company.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "companies:company-edit": [
        Case(
            "own",
            lambda w: {"pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other",
            lambda w: {"pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, sme_outsider=SERVED, national_admin=SERVED),
        ),
    ],
    "support:log": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, national_admin=SERVED),
        ),
    ],
    "support:cohorts": [
        Case(
            "list",
            no_kwargs,
            roles(FORBIDDEN, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
            data=lambda w: {"programme": w.programme.pk},
        )
    ],
    "support:cohort": [
        Case(
            "own programme's",
            lambda w: {"pk": w.cohort.pk},
            roles(NOT_FOUND, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "impact:follow-ups": [Case("list", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW), post=READ_ONLY)],
    "impact:follow-up": [
        Case(
            "not paid",
            lambda w: {"application_pk": w.application.pk, "months": 6},
            roles(FORBIDDEN, adviser=NOT_FOUND, manager=NOT_FOUND, national_admin=NOT_FOUND),
            post=writes(REFUSED),
        )
    ],
    "impact:kpis": [Case("programme", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW), post=READ_ONLY)],
    "impact:funder-report": [
        Case(
            fmt,
            lambda w, fmt=fmt: {"fmt": fmt},  # type: ignore[misc]  # binds each case's format
            roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW),
            post=writes(REFUSED, **dict.fromkeys(PROGRAMME_STAFF_VIEW, SERVED)),
        )
        for fmt in ("pdf", "xlsx", "csv")
    ],
    "impact:simulator": [
        Case(
            "simulator",
            no_kwargs,
            roles(FORBIDDEN, manager=OK, programme_evaluator=OK, evaluator=OK, national_admin=OK),
            post=READ_ONLY,
        )
    ],
    "roadmaps:catalogue": [Case("catalogue", no_kwargs, everyone(OK), post=READ_ONLY)],
    "roadmaps:roadmap": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "roadmaps:versions": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "roadmaps:pdf": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case("other, none planned", lambda w: {"company_pk": w.other_company.pk}, roles(NOT_FOUND), post=READ_ONLY),
    ],
    "roadmaps:plan": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        )
    ],
    "roadmaps:item": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk, "key": "crm"},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        )
    ],
    "roadmaps:progress": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk, "key": "crm"},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "roadmaps:agree": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk, "number": 1},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "roadmaps:propose": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk, "number": 1},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        )
    ],
    "assessments:start": [
        Case(
            "by GET",
            lambda w: {"company_pk": w.company.pk, "framework_key": "eu-dma"},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "assessments:detail": [
        Case(
            "submitted",
            lambda w: {"pk": w.assessment.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
    ],
    "assessments:section": [
        Case(
            "draft",
            lambda w: {"pk": w.draft.pk, "number": 1},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "submitted",
            lambda w: {"pk": w.assessment.pk, "number": 1},
            roles(NOT_FOUND, sme_member=REDIRECT, adviser=REDIRECT, manager=REDIRECT, national_admin=REDIRECT),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "assessments:review": [
        Case(
            "draft",
            lambda w: {"pk": w.draft.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "funding:application-new": [
        Case(
            "own",
            lambda w: {"company_pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
        Case(
            "other",
            lambda w: {"company_pk": w.other_company.pk},
            roles(NOT_FOUND, sme_outsider=OK, national_admin=OK),
            post=writes(REFUSED, sme_outsider=SERVED, national_admin=SERVED),
        ),
    ],
    "funding:application-detail": [
        Case(
            "own",
            lambda w: {"pk": w.application.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
    ],
    "funding:application-edit": [
        Case(
            "own draft",
            lambda w: {"pk": w.application.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-check": [
        Case(
            "own draft",
            lambda w: {"pk": w.application.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-submitted": [
        Case(
            "own",
            lambda w: {"pk": w.application.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        )
    ],
    "funding:cost-edit": [
        Case(
            "own draft",
            lambda w: {"pk": w.application.pk, "cost_pk": w.application.costs.first().pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:cost-remove": [
        Case(
            "by GET",
            a_throwaway_cost,
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:subsidy-confirmation": [
        Case(
            "approved",
            an_offer,
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:offer-accept": [
        Case(
            "approved",
            an_offer,
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:offer-vary": [
        Case(
            "approved",
            an_offer,
            roles(NOT_FOUND, sme_member=FORBIDDEN, adviser=FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:offer-letter": [
        Case(
            "approved",
            lambda w: {**an_offer(w), "number": 1},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        )
    ],
    "funding:mfa-confirmation": [
        Case(
            "accepted",
            lambda w: an_offer(w, accepted=True),
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        )
    ],
    "funding:application-move": [
        Case(
            "by GET",
            lambda w: {"pk": w.application.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-cost": [
        Case(
            "by GET",
            lambda w: {"pk": w.application.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-document": [
        Case(
            "by GET",
            lambda w: {"pk": w.application.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-review": [
        Case(
            "by GET",
            lambda w: {"pk": w.application.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:application-claim": [
        Case(
            "by GET",
            lambda w: {"pk": w.application.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        )
    ],
    "funding:document-download": [
        Case(
            "match funding letter",
            lambda w: {"pk": w.application.pk, "document_pk": w.application.documents.get().pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
    ],
    "funding:review-queue": [Case("queue", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW), post=READ_ONLY)],
    "funding:approval-board": [
        Case("board", no_kwargs, roles(FORBIDDEN, manager=OK, national_admin=OK), post=READ_ONLY)
    ],
    "funding:fund-list": [Case("funds", no_kwargs, roles(FORBIDDEN, **PROGRAMME_STAFF_VIEW), post=READ_ONLY)],
    "funding:fund-detail": [
        Case("fund", lambda w: {"pk": w.fund.pk}, roles(NOT_FOUND, **PROGRAMME_STAFF_VIEW), post=READ_ONLY)
    ],
    "funding:fund-export-excel": [
        Case(
            "ledger",
            lambda w: {"pk": w.fund.pk, "what": "ledger"},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        ),
        Case(
            "awards",
            lambda w: {"pk": w.fund.pk, "what": "awards"},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "funding:application-recovery": [
        Case(
            "paid",
            a_paid_grant,
            roles(NOT_FOUND, sme_member=FORBIDDEN, adviser=FORBIDDEN, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:payment-run-new": [
        Case(
            "by GET",
            lambda w: {"pk": w.fund.pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:payment-run": [
        Case(
            "empty run",
            a_payment_run,
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:payment-run-remove": [
        Case(
            "by GET",
            lambda w: {**a_payment_run(w), "claim_pk": 1},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
        )
    ],
    "funding:payment-run-export": [
        Case("empty run", a_payment_run, roles(NOT_FOUND, manager=OK, national_admin=OK), post=READ_ONLY)
    ],
    "funding:fund-export-transparency": [
        Case(
            "awards",
            lambda w: {"pk": w.fund.pk, "what": "awards"},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        ),
        Case(
            "schemes",
            lambda w: {"pk": w.fund.pk, "what": "schemes"},
            roles(NOT_FOUND, manager=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    "funding:fund-export-360giving": [
        Case("awards", lambda w: {"pk": w.fund.pk}, roles(NOT_FOUND, manager=OK, national_admin=OK), post=READ_ONLY),
    ],
    "dashboards:caseload": [
        Case(
            "board",
            no_kwargs,
            roles(FORBIDDEN, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, manager=SERVED, national_admin=SERVED),
            data=lambda w: {"company": w.company.pk, "adviser": w.adviser.pk},
        )
    ],
    "onboarding:signup": [
        Case("form", no_kwargs, signed_in_only(REDIRECT, anonymous=OK), post=writes(SERVED, anonymous=SERVED))
    ],
    "onboarding:confirm": [
        Case(
            "bad link",
            lambda w: {"token": "nonsense"},
            everyone(BAD_REQUEST),
            post=writes(SERVED, anonymous=SERVED),
        )
    ],
    "onboarding:find-company": [Case("search", no_kwargs, signed_in_only(OK), post=READ_ONLY)],
    "onboarding:new-company": [Case("form", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "onboarding:claim-company": [
        Case(
            "claim",
            lambda w: {"pk": w.company.pk},
            roles(OK, programme_evaluator=NOT_FOUND, evaluator=NOT_FOUND),
            post=writes(SERVED, programme_evaluator=REFUSED, evaluator=REFUSED),
        )
    ],
    "onboarding:claim-code": [
        Case(
            "code",
            lambda w: {"pk": w.company.pk},
            roles(OK, programme_evaluator=NOT_FOUND, evaluator=NOT_FOUND),
            post=writes(SERVED, programme_evaluator=REFUSED, evaluator=REFUSED),
        )
    ],
    "onboarding:invitation": [
        Case("bad link", lambda w: {"token": "nonsense"}, everyone(BAD_REQUEST), post=writes(SERVED, anonymous=SERVED))
    ],
    "onboarding:company-invite": [
        Case(
            "own",
            lambda w: {"pk": w.company.pk},
            roles(NOT_FOUND, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "onboarding:invitation-revoke": [
        Case(
            "by GET",
            lambda w: {"pk": w.company.pk, "invitation_pk": w.company.invitations.get().pk},
            signed_in_only(NOT_ALLOWED),
            post=writes(REFUSED, sme_member=SERVED, **COMPANY_STAFF_WRITE),
        ),
    ],
    "onboarding:enquiry": [Case("form", no_kwargs, everyone(OK), post=writes(SERVED, anonymous=SERVED))],
    "onboarding:enquiry-detail": [
        Case(
            "the programme's",
            an_enquiry_of_the_programme,
            roles(NOT_FOUND, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
        )
    ],
    "onboarding:enquiry-list": [Case("leads", no_kwargs, roles(FORBIDDEN, **COMPANY_STAFF_VIEW), post=READ_ONLY)],
    "onboarding:membership-requests": [
        Case(
            "queue",
            no_kwargs,
            roles(FORBIDDEN, **COMPANY_STAFF_VIEW),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
            data=lambda w: {"request": w.company.membership_requests.get().pk, "approve": "no"},
        )
    ],
    "onboarding:account": [Case("account", no_kwargs, signed_in_only(OK), post=writes(SERVED))],
    "onboarding:account-data": [Case("download", no_kwargs, signed_in_only(OK), post=READ_ONLY)],
    "onboarding:email-confirm": [
        Case("bad link", lambda w: {"token": "nonsense"}, signed_in_only(BAD_REQUEST), post=READ_ONLY)
    ],
    "onboarding:privacy": [Case("notice", no_kwargs, everyone(OK), post=READ_ONLY)],
    "onboarding:help": [Case("help", no_kwargs, everyone(OK), post=READ_ONLY)],
    "onboarding:accessibility": [Case("statement", no_kwargs, everyone(OK), post=READ_ONLY)],
    "api:api-root": [
        Case(
            "root",
            no_kwargs,
            everyone(NOT_FOUND),
            post=writes(REFUSED, anonymous=REFUSED),
            others=writes(REFUSED, anonymous=REFUSED),  # nothing lives at the root, whatever the method
        )
    ],
    "api:openapi-json": [Case("schema", no_kwargs, signed_in_only(OK), post=READ_ONLY)],
    "api:openapi-view": [Case("docs", no_kwargs, signed_in_only(OK), post=READ_ONLY)],
    "api:get_kpis": [
        Case("programme", no_kwargs, roles(FORBIDDEN, anonymous=UNAUTHORISED, **PROGRAMME_STAFF_VIEW), post=READ_ONLY)
    ],
    **{
        name: [
            Case(
                "own programme",
                lambda w: {"slug": w.programme.slug},
                roles(
                    NOT_FOUND,
                    anonymous=UNAUTHORISED,
                    manager=OK,
                    programme_evaluator=OK,
                    evaluator=OK,
                    national_admin=OK,
                ),
                post=READ_ONLY,
            ),
            Case(
                "another programme",
                lambda w: {"slug": w.other_programme.slug},
                roles(NOT_FOUND, anonymous=UNAUTHORISED, evaluator=OK, national_admin=OK),
                post=READ_ONLY,
            ),
        ]
        for name in ("api:get_evaluation", "api:get_indicators")
    },
    "api:list_technologies": [Case("catalogue", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:get_roadmap": [
        Case(
            "own",
            lambda w: {"company_id": w.company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other, none planned",
            lambda w: {"company_id": w.other_company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED),
            post=READ_ONLY,
        ),
    ],
    "api:list_companies": COMPANIES_API,
    "api:create_company": COMPANIES_API,
    "api:get_company": [
        Case(
            "own",
            lambda w: {"company_id": w.company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, sme_member=OK, **COMPANY_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other",
            lambda w: {"company_id": w.other_company.pk},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, sme_outsider=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
    **{
        f"api:{name}": [Case("csv", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)]
        for name in (
            "export_companies",
            "export_assessments",
            "export_applications",
            "export_claims",
            "export_support",
            "export_follow_ups",
        )
    },
    "api:list_assessments": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:list_applications": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:list_claims": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:list_follow_ups": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:list_support": SUPPORT_API,
    "api:create_support": SUPPORT_API,
    "api:create_enquiry": [
        Case(
            "push",
            no_kwargs,
            everyone(NOT_ALLOWED),
            post=writes(REFUSED, **COMPANY_STAFF_WRITE),
            data=lambda w: json.dumps(
                {"programme": w.programme.slug, "name": "Jo", "email": "jo@walker.example", "company_name": "Walk"}
            ),
        )
    ],
    "api:list_programmes": [Case("list", no_kwargs, signed_in_only(OK, anonymous=UNAUTHORISED), post=READ_ONLY)],
    "api:get_programme": [
        Case(
            "own",
            lambda w: {"slug": w.programme.slug},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, **PROGRAMME_STAFF_VIEW),
            post=READ_ONLY,
        ),
        Case(
            "other",
            lambda w: {"slug": w.other_programme.slug},
            roles(NOT_FOUND, anonymous=UNAUTHORISED, evaluator=OK, national_admin=OK),
            post=READ_ONLY,
        ),
    ],
}

# The back office: national administrators only. A visitor is sent to sign in; anyone signed in without the
# right is refused at once (sending them to sign in would send them straight back, round and round).
ADMIN_ONLY = roles(FORBIDDEN, national_admin=OK)
# An empty POST to an admin page changes nothing (a form with errors, a deletion still to confirm).
ADMIN_WRITES = writes(REFUSED, national_admin=SERVED)
ADMIN_SPECIAL: dict[str, list[Case]] = {
    "admin:login": [
        Case(
            "login",
            no_kwargs,
            roles(FORBIDDEN, national_admin=REDIRECT),
            post=writes(REFUSED, national_admin=SIGN_IN),  # the back office signs in on the service's page
        )
    ],
    "admin:logout": [
        Case(
            "logout by GET",
            no_kwargs,
            roles(FORBIDDEN, national_admin=NOT_ALLOWED),
            post=writes(REFUSED, anonymous=SERVED, national_admin=SERVED),  # a visitor is told they are signed out
        )
    ],
    "admin:password_change": [Case("password", no_kwargs, ADMIN_ONLY, post=ADMIN_WRITES)],
    # Nobody adds a second factor for someone else: each person sets up their own app.
    "admin:otp_totp_totpdevice_add": [Case("add", no_kwargs, roles(FORBIDDEN), post=writes(REFUSED))],
    "admin:otp_static_staticdevice_add": [Case("add", no_kwargs, roles(FORBIDDEN), post=writes(REFUSED))],
    "admin:password_change_done": [
        Case("password done", no_kwargs, ADMIN_ONLY, post=writes(REFUSED, national_admin=NO_METHOD))
    ],
    "admin:jsi18n": [Case("i18n", no_kwargs, ADMIN_ONLY, post=writes(REFUSED, national_admin=NO_METHOD))],
    "admin:autocomplete": [
        Case(
            "adviser look-up",
            no_kwargs,
            ADMIN_ONLY,
            query="?app_label=companies&model_name=company&field_name=adviser&term=a",
            post=writes(REFUSED, national_admin=NO_METHOD),
        )
    ],
    "admin:view_on_site": [
        Case(
            "shortcut",
            lambda w: {"content_type_id": 0, "object_id": "0"},
            roles(FORBIDDEN, national_admin=NOT_FOUND),
            post=writes(REFUSED),
        )
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
        return [Case("index", no_kwargs, ADMIN_ONLY, post=ADMIN_WRITES)]
    if name.startswith("admin:app_list"):
        return [
            Case(label, functools.partial(app_label_kwargs, label), ADMIN_ONLY, post=ADMIN_WRITES)
            for label in admin_app_labels()
        ]
    if name == "admin:auth_user_password_change":  # Django's UserAdmin names this URL after contrib.auth
        model, action = apps.get_model("accounts", "user"), "password_change"
    else:
        model, action = admin_model_and_action(name.removeprefix("admin:"))
    if action in {"changelist", "add"}:
        return [Case(action, no_kwargs, ADMIN_ONLY, post=ADMIN_WRITES)]

    def first_row(world: World) -> dict[str, object]:
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"the walker's world has no {model.__name__} to open in the admin"
        return {next(iter(pattern.pattern.converters)): str(row.pk)}

    return [Case(action, first_row, ADMIN_ONLY, post=ADMIN_WRITES)]


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
def test_every_route_and_method_answers_each_role_as_the_policy_says(world: World, role: str) -> None:
    client = Client()
    person = world.persona(role)

    def sign_in_again() -> None:  # a POST may have signed the person out, or changed their session
        if person is not None:
            client.force_login(person)

    sign_in_again()
    mismatches = []
    checked = 0
    for name, pattern in url_pattern_names():
        if name.startswith("admin:") and pattern.name is None:
            continue  # the admin's unnamed redirects and catch-all lead back to the named pages walked here
        for case in rules_for(name, pattern):
            url = reverse(name, kwargs=case.kwargs(world)) + case.query
            where = f"{name} ({case.label}) {url}"
            for partial in (False, True):
                status = client.get(url, headers={"HX-Request": "true"} if partial else {}).status_code
                if status != case.expected[role]:
                    kind = "htmx GET" if partial else "GET"
                    mismatches.append(f"{kind} {where}: expected {case.expected[role]}, got {status}")
            posted = outcome(post_case(client, url, case.data(world)))
            sign_in_again()
            if posted != case.post[role]:
                mismatches.append(f"POST {where}: expected {case.post[role]}, got {posted}")
            for method in UNACCEPTED_METHODS:
                got = outcome(getattr(client, method)(url))
                wanted = case.others[role] if case.others else NO_METHOD
                if got != wanted:
                    mismatches.append(f"{method.upper()} {where}: expected {wanted}, got {got}")
            checked += 1
    assert checked > 100
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


def page_text(response: Any) -> str:
    """What a person reads in a response: the page or JSON, or every cell of a workbook."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    return content.decode("utf-8", errors="replace")


def service_cases(world: World) -> Iterator[tuple[str, Case, str]]:
    """Every case of every route of the service itself (not Django's back office), with its URL."""
    for name, pattern in url_pattern_names():
        if not name.startswith("admin:"):
            for case in rules_for(name, pattern):
                yield name, case, reverse(name, kwargs=case.kwargs(world)) + case.query


def walk_text(client: Client, world: World) -> Iterator[tuple[str, str]]:
    for _, _, url in service_cases(world):
        response = client.get(url)
        if response.status_code == OK:
            yield url, page_text(response)


@pytest.mark.parametrize("role", ["sme_member", "sme_outsider"])
def test_no_page_shows_a_company_what_staff_keep_to_themselves(world: World, role: str) -> None:
    support_given(
        company=world.company, kind="diagnostic", delivered_on="2026-09-01", hours=2, notes="STAFF-ONLY-NOTE-4417"
    )
    application = world.application
    application.status = "in_review"
    application.save()
    review_add(application, reviewer=world.adviser, scores={"fit": 1, "value": 1}, comment="STAFF-ONLY-REVIEW-4417")
    client = Client()
    client.force_login(world.persona(role))
    leaks = [url for url, text in walk_text(client, world) if "STAFF-ONLY" in text]
    assert not leaks, f"{role} reads staff-only work at {leaks}"


@pytest.mark.parametrize("role", ["programme_evaluator", "evaluator"])
def test_no_page_or_file_shows_an_evaluator_a_company(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.persona(role))
    named = {world.company.name, world.other_company.name, world.company.companies_house_number}
    named.add(world.other_company.companies_house_number)
    leaks = [url for url, text in walk_text(client, world) if any(n and n in text for n in named)]
    assert not leaks, f"{role} sees a company at {leaks}"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]", re.IGNORECASE)


@pytest.mark.parametrize("role", ["anonymous", "sme_member", "manager", "national_admin"])
def test_every_page_carries_the_security_headers_and_no_inline_code(world: World, role: str) -> None:
    client = Client()
    person = world.persona(role)
    if person is not None:
        client.force_login(person)
    problems, pages = [], 0
    # Django's own back office keeps its inline scripts; it is for national administrators only.
    for _, _, url in service_cases(world):
        response = client.get(url)
        policy = response.get("Content-Security-Policy", "")
        if "default-src 'self'" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
            problems.append(f"{url}: Content-Security-Policy is {policy!r}")
        if "camera=()" not in response.get("Permissions-Policy", ""):
            problems.append(f"{url}: no Permissions-Policy")
        if response.status_code == OK and response.get("Content-Type", "").startswith("text/html"):
            pages += 1
            html = response.content.decode()
            for pattern_, what in ((INLINE_SCRIPT, "inline script"), (STYLE_ATTRIBUTE, "style attribute")):
                if pattern_.search(html) or (what == "style attribute" and INLINE_STYLE.search(html)):
                    problems.append(f"{url}: {what}")
    assert pages > 5
    assert not problems, "\n".join(problems)


API_DOCUMENTS = {"api:api-root", "api:openapi-json", "api:openapi-view"}


def api_cases() -> Iterator[tuple[str, Case]]:
    for name, _ in url_pattern_names():
        if name.startswith("api:") and name not in API_DOCUMENTS:
            for case in RULES[name]:
                yield name, case


@pytest.mark.parametrize("role", SIGNED_IN)
def test_a_token_reaches_through_the_api_exactly_what_its_owner_reaches_signed_in(world: World, role: str) -> None:
    """The same rules as the sessions above, walked with a bearer token of every scope and no session."""
    from adopt.accounts.api_tokens import ALL_SCOPES, api_token_create

    person = world.persona(role)
    key = api_token_create(user=person, name="walker", scopes=ALL_SCOPES, actor=person).key
    client = Client()
    bearer = {"Authorization": f"Bearer {key}"}
    mismatches = []
    for name, case in api_cases():
        url = reverse(name, kwargs=case.kwargs(world)) + case.query
        status = client.get(url, headers=bearer).status_code
        if status != case.expected[role]:
            mismatches.append(f"GET {name} ({case.label}): expected {case.expected[role]}, got {status}")
        posted = outcome(post_case(client, url, case.data(world), **bearer))
        if posted != case.post[role]:
            mismatches.append(f"POST {name} ({case.label}): expected {case.post[role]}, got {posted}")
    assert not mismatches, f"{role} with a token:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("role", ["sme_member", "manager", "national_admin"])
def test_a_token_without_an_area_s_scope_is_refused_on_every_route_of_it(world: World, role: str) -> None:
    from adopt.accounts.api_tokens import api_token_create

    person = world.persona(role)
    client = Client()
    refused = []
    for name, case in api_cases():
        url = reverse(name, kwargs=case.kwargs(world)) + case.query
        area = url.removeprefix("/api/").split("/")[0]
        others = ["programmes:read"] if area != "programmes" else ["companies:read"]
        key = api_token_create(user=person, name="narrow", scopes=others, actor=person).key
        status = client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code
        if status not in {FORBIDDEN, NOT_ALLOWED}:
            refused.append(f"GET {name} ({case.label}) with no {area} scope: got {status}")
    assert not refused, "\n".join(refused)


def _keys_of(value: Any) -> Iterator[str]:
    """Every identifier-like key in a catalogue, planning or framework file: words joined by _ or versioned with @."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            if key != "tool_kinds":  # kinds of product in words, such as sub-meters
                yield from _keys_of(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys_of(inner)
    elif isinstance(value, str):
        yield value


def reference_keys() -> set[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "adopt"
    files = [
        *root.glob("roadmaps/data/**/*.json"),
        *root.glob("assessments/data/**/*.json"),
    ]
    found: set[str] = {path.stem for path in files}  # technologies@1, planning@1...
    for path in files:
        for key in _keys_of(json.loads(path.read_text(encoding="utf-8"))):
            # Joined words (machine_vision, eu-dma) and versions (technologies@1): never English a reader meets.
            if re.fullmatch(r"[a-z]+([_-][a-z0-9]+)+|[a-z][a-z0-9_-]*@\d+", key):
                found.add(key)
    return found


VISIBLE_TEXT = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def test_no_page_shows_the_business_a_catalogue_or_framework_key(world: World) -> None:
    keys = reference_keys()
    assert {"cyber_essentials", "technologies@1", "eu-dma"} <= keys
    client = Client()
    client.force_login(world.sme_member)
    shown = []
    for url, text in walk_text(client, world):
        if not text.lstrip().startswith("<"):
            continue  # files and JSON are for machines
        read_aloud = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', text))
        words = set(re.findall(r"[a-z0-9_@-]+", VISIBLE_TEXT.sub(" ", text) + " " + read_aloud))
        shown += [f"{url}: {key}" for key in sorted(keys & words)]
    assert not shown, "keys on the business's pages:\n" + "\n".join(shown)
