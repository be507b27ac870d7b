from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.assessments.frameworks import framework_for, latest_frameworks
from adopt.assessments.policies import can_start
from adopt.assessments.selectors import company_assessments, programme_maturity
from adopt.companies.models import Company
from adopt.programmes.models import Programme
from adopt.programmes.policies import can_view_programme_aggregates


def company_assessments_panel(request: HttpRequest, company: Company) -> str:
    """The company page's assessments: past results, drafts to continue, and the frameworks one may start."""
    startable = [f for f in latest_frameworks() if can_start(request.user, company, f)]
    rows = [(assessment, framework_for(assessment).title) for assessment in company_assessments(company)]
    context = {"company": company, "rows": rows, "startable": startable}
    return render_to_string("assessments/_company_panel.html", context, request=request)


def programme_maturity_panel(request: HttpRequest, programme: Programme) -> str:
    """Digital maturity across the programme's companies, for those who may see its aggregates."""
    if not can_view_programme_aggregates(request.user, programme):
        return ""
    summaries = [programme_maturity(programme.pk, chosen) for chosen in latest_frameworks()]
    frameworks = [f.title for f in latest_frameworks()]
    context = {"summaries": list(zip(frameworks, summaries, strict=True)), "programme": programme}
    return render_to_string("assessments/_programme_panel.html", context, request=request)
