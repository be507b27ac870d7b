from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.companies.policies import can_change_company
from adopt.dashboards.caseload import company_journey


def company_journey_panel(request: HttpRequest, company: Company) -> str:
    context = {
        "journey": company_journey(company),
        "company": company,
        "can_invite": can_change_company(request.user, company),
    }
    return render_to_string("dashboards/_journey_panel.html", context, request=request)
