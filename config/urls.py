from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("adopt.dashboards.urls")),
    path("accounts/", include("adopt.accounts.urls")),
    path("programmes/", include("adopt.programmes.urls")),
    path("companies/", include("adopt.companies.urls")),
    path("assessments/", include("adopt.assessments.urls")),
    path("grants/", include("adopt.funding.urls")),
    path("roadmaps/", include("adopt.roadmaps.urls")),
    path("impact/", include("adopt.impact.urls")),
    path("support/", include("adopt.support.urls")),
    path("jobs/", include("adopt.jobs.urls")),
    path("messages/", include("adopt.notifications.urls")),
    path("webhooks/", include("adopt.webhooks.urls")),
    path("evaluation/", include("adopt.evaluation.urls")),
    path("", include("adopt.onboarding.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
