from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.programmes.models import Programme
from adopt.programmes.policies import can_view_programme_aggregates
from adopt.roadmaps.policies import can_plan_roadmap, can_view_roadmap
from adopt.roadmaps.selectors import latest_version, programme_roadmaps_summary, roadmap_for


def company_roadmap_panel(request: HttpRequest, company: Company) -> str:
    """The company page's roadmap summary: the latest version's totals, or an invitation to plan one."""
    if not can_view_roadmap(request.user, company):
        return ""
    roadmap = roadmap_for(company)
    version = latest_version(roadmap) if roadmap else None
    context = {
        "company": company,
        "roadmap": roadmap,
        "version": version,
        "can_plan": can_plan_roadmap(request.user, company),
    }
    return render_to_string("roadmaps/_company_panel.html", context, request=request)


def programme_roadmaps_panel(request: HttpRequest, programme: Programme) -> str:
    """Roadmaps across the programme: how many, agreed, planned investment and the technologies most planned."""
    if not can_view_programme_aggregates(request.user, programme):
        return ""
    context = {"summary": programme_roadmaps_summary(programme.pk)}
    return render_to_string("roadmaps/_programme_panel.html", context, request=request)
