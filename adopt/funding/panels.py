from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.funding.models import Scheme
from adopt.funding.policies import can_apply_for, can_set_up_funds, visible_applications, visible_funds
from adopt.programmes.models import Programme


def company_grants_panel(request: HttpRequest, company: Company) -> str:
    """The company page's grant applications, and a way to apply where the programme has an open scheme."""
    applications = list(visible_applications(request.user).filter(company=company).select_related("scheme"))
    can_apply = (
        can_apply_for(request.user, company.pk, company.programme_id)
        and Scheme.objects.filter(fund__programme_id=company.programme_id, is_open=True).exists()
    )
    if not applications and not can_apply:
        return ""
    context = {"company": company, "applications": applications, "can_apply": can_apply}
    return render_to_string("funding/_company_panel.html", context, request=request)


def programme_funds_panel(request: HttpRequest, programme: Programme) -> str:
    """The programme page's funds, with their budgets, and where its managers set a fund up."""
    funds = visible_funds(request.user).filter(programme=programme).prefetch_related("years", "schemes")
    can_set_up = can_set_up_funds(request.user, programme.pk)
    if not funds.exists() and not can_set_up:
        return ""
    context = {"programme": programme, "funds": funds, "can_set_up": can_set_up}
    return render_to_string("funding/_programme_panel.html", context, request=request)
