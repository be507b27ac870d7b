from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from adopt.companies import selectors
from adopt.companies.forms import CompanyFilterForm
from adopt.companies.policies import can_list_companies, visible_companies
from adopt.core.htmx import HtmxHttpRequest

COMPANIES_PER_PAGE = 50


@login_required
def company_list(request: HtmxHttpRequest) -> HttpResponse:
    if not can_list_companies(request.user):
        raise PermissionDenied
    form = CompanyFilterForm(request.GET, user=request.user)
    filters = form.cleaned_filters()
    visible = visible_companies(request.user)
    companies = selectors.search_companies(selectors.filter_companies(visible, filters), filters.get("q", ""))
    page = Paginator(selectors.companies_for_list(companies), COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    template = "companies/_company_results.html" if request.htmx else "companies/company_list.html"
    context = {
        "form": form,
        "companies": page.object_list,
        "page": page,
        "querystring": form.querystring(),
        "caption": "Companies you can see",
    }
    return render(request, template, context)


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(selectors.companies_for_list(visible_companies(request.user)), pk=pk)
    context = {
        "company": company,
        "members": selectors.company_members(company),
        "contacts": selectors.company_contacts(company),
        "sites": company.sites.all(),
        "verdict": selectors.company_verdict(company),
    }
    return render(request, "companies/company_detail.html", context)
