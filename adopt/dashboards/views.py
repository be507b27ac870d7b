from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from adopt.dashboards.selectors import dashboard_for


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page for visitors; each signed-in user's own dashboard."""
    if not request.user.is_authenticated:
        return render(request, "dashboards/landing.html")
    return render(request, "dashboards/home.html", {"dashboard": dashboard_for(request.user)})
