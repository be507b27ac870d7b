"""The JSON API: one NinjaAPI, each app contributing a router; OpenAPI schema at /api/openapi.json."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.security import django_auth

from adopt.assessments.api import router as assessments_router
from adopt.companies.api import router as companies_router
from adopt.evaluation.api import router as evaluation_router
from adopt.funding.api import router as funding_router
from adopt.impact.api import router as impact_router
from adopt.onboarding.api import router as onboarding_router
from adopt.programmes.api import router as programmes_router
from adopt.roadmaps.api import router as roadmaps_router
from adopt.support.api import router as support_router


def read_by_the_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs page: for signed-in people, and read with GET only."""
    return require_safe(login_required(view))


api = NinjaAPI(
    title="Adopt API",
    version="1",
    description=(
        "Programme data for integrations. Every endpoint answers only with what the caller may see. Call it with "
        "a token (`Authorization: Bearer adopt_...`, made on your account's API tokens page, scoped per area and "
        "optionally to one programme) or from a signed-in session. Lists come in pages, oldest change first: pass "
        "`updated_since` for an incremental sync and follow `next_cursor` until it is null."
    ),
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=read_by_the_signed_in,
)
api.add_router("/programmes", programmes_router)
api.add_router("/roadmaps", roadmaps_router)
api.add_router("/impact", impact_router)
api.add_router("/companies", companies_router)
api.add_router("/assessments", assessments_router)
api.add_router("/funding", funding_router)
api.add_router("/support", support_router)
api.add_router("/onboarding", onboarding_router)
api.add_router("/evaluation", evaluation_router)
