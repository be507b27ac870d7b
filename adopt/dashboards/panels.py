from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.companies.policies import editable_companies
from adopt.dashboards.caseload import company_journey


def company_journey_panel(request: HttpRequest, company: Company) -> str:
    context = {
        "journey": company_journey(company),
        "company": company,
        "can_invite": editable_companies(request.user).filter(pk=company.pk).exists(),
    }
    return render_to_string("dashboards/_journey_panel.html", context, request=request)
