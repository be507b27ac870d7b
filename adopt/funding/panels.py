from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.funding.models import Scheme
from adopt.funding.policies import can_apply_for, visible_applications


def company_grants_panel(request: HttpRequest, company: Company) -> str:
    """The company page's grant applications, and a way to apply where the programme has an open scheme."""
    applications = visible_applications(request.user).filter(company=company).select_related("scheme")
    can_apply = (
        can_apply_for(request.user, company.pk, company.programme_id)
        and Scheme.objects.filter(fund__programme_id=company.programme_id, is_open=True).exists()
    )
    if not applications.exists() and not can_apply:
        return ""
    context = {"company": company, "applications": applications, "can_apply": can_apply}
    return render_to_string("funding/_company_panel.html", context, request=request)
