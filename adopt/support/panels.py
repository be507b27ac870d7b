from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.support.policies import can_view_support
from adopt.support.selectors import company_supported, support_hours


def company_support_panel(request: HttpRequest, company: Company) -> str:
    if not can_view_support(request.user, company):
        return ""
    context = {"company": company, "hours": support_hours(company), "verdict": company_supported(company)}
    return render_to_string("support/_company_panel.html", context, request=request)
