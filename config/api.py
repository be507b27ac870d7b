"""The JSON API: one NinjaAPI, each app contributing a router; OpenAPI schema at /api/openapi.json."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from adopt.impact.api import router as impact_router
from adopt.programmes.api import router as programmes_router
from adopt.roadmaps.api import router as roadmaps_router

api = NinjaAPI(
    title="Adopt API",
    version="1",
    description="Programme data for integrations. Every endpoint answers only with what the caller may see.",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/programmes", programmes_router)
api.add_router("/roadmaps", roadmaps_router)
api.add_router("/impact", impact_router)
