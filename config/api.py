"""The JSON API: one NinjaAPI, each app contributing a router; OpenAPI schema at /api/openapi.json."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.security import django_auth

from adopt.impact.api import router as impact_router
from adopt.programmes.api import router as programmes_router
from adopt.roadmaps.api import router as roadmaps_router


def read_by_the_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs page: for signed-in people, and read with GET only."""
    return require_safe(login_required(view))


api = NinjaAPI(
    title="Adopt API",
    version="1",
    description="Programme data for integrations. Every endpoint answers only with what the caller may see.",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=read_by_the_signed_in,
)
api.add_router("/programmes", programmes_router)
api.add_router("/roadmaps", roadmaps_router)
api.add_router("/impact", impact_router)
