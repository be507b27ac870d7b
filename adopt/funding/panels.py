from django.http import HttpRequest

from adopt.companies.models import Company


def company_grants_panel(request: HttpRequest, company: Company) -> str:
    return ""
