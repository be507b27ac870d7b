from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.assessments.frameworks import framework_for, latest_frameworks
from adopt.assessments.policies import can_start
from adopt.assessments.selectors import company_assessments
from adopt.companies.models import Company


def company_assessments_panel(request: HttpRequest, company: Company) -> str:
    """The company page's assessments: past results, drafts to continue, and the frameworks one may start."""
    startable = [f for f in latest_frameworks() if can_start(request.user, company, f)]
    rows = [(assessment, framework_for(assessment).title) for assessment in company_assessments(company)]
    context = {"company": company, "rows": rows, "startable": startable}
    return render_to_string("assessments/_company_panel.html", context, request=request)
