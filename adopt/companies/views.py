from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.models import User
from adopt.accounts.requests import person_of
from adopt.companies import selectors, services
from adopt.companies.forms import (
    CompanyFilterForm,
    CompanyForm,
    CompanyImportForm,
    ContactForm,
    SiteForm,
    SubsidyDeclarationForm,
)
from adopt.companies.models import Company, FactSource
from adopt.companies.policies import (
    can_ask_for_adviser,
    can_change_company,
    can_confirm_facts,
    can_create_company,
    can_import_companies,
    can_list_companies,
    editable_companies,
    importable_programmes,
    is_staff_for,
    visible_companies,
)
from adopt.companies.services import (
    company_save,
    contact_add,
    contact_remove,
    site_add,
    site_remove,
    subsidy_declare,
)
from adopt.companies.subsidy_control import mfa_rules
from adopt.core.htmx import HtmxHttpRequest
from adopt.core.paging import RememberedCountPaginator
from adopt.core.panels import company_page_panels
from adopt.core.params import id_from
from adopt.jobs.models import Job
from adopt.jobs.services import job_start

COMPANIES_PER_PAGE = 50


@require_safe
@login_required
def company_list(request: HtmxHttpRequest) -> HttpResponse:
    if not can_list_companies(request.user):
        raise PermissionDenied
    form = CompanyFilterForm(request.GET, user=request.user)
    filters = form.cleaned_filters()
    visible = visible_companies(request.user)
    companies = selectors.search_companies(selectors.filter_companies(visible, filters), filters.get("q", ""))
    page = RememberedCountPaginator(selectors.companies_for_list(companies), COMPANIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = "companies/_company_results.html" if request.htmx else "companies/company_list.html"
    context = {
        "form": form,
        "companies": page.object_list,
        "page": page,
        "querystring": form.querystring(),
        "caption": "Companies you can see",
        "can_create": can_create_company(request.user),
        "can_import": can_import_companies(request.user),
    }
    return render(request, template, context)


@require_safe
@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Sites fetched with the company serve both its verdict and the list of its sites.
    company = get_object_or_404(
        selectors.companies_for_list(visible_companies(request.user))
        .select_related("local_authority")
        .prefetch_related("sites"),
        pk=pk,
    )
    verdict = selectors.company_verdict(company)
    context = {
        "company": company,
        "verdict": verdict,
        "verdict_label": Company.Eligibility(verdict.overall.value).label,
        "members": selectors.company_members(company),
        "contacts": selectors.company_contacts(company),
        "sites": company.sites.all(),
        "can_edit": can_change_company(request.user, company),
        "can_ask_for_adviser": can_ask_for_adviser(request.user, company),
        "can_confirm_facts": can_confirm_facts(request.user, company),
        "panels": company_page_panels.render_all(request, company),
    }
    return render(request, "companies/company_detail.html", context)


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    if not can_create_company(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CompanyForm(data, instance=Company(), user=request.user, staff=True)
    if request.method == "POST" and form.is_valid():
        company = company_save(Company(), changes=form.changes(), source=FactSource.ADVISER, actor=person_of(request))
        messages.success(request, f"{company.name} has been added. Its eligibility is shown below.")
        return redirect("companies:company-detail", pk=company.pk)
    return render(request, "companies/company_form.html", {"form": form, "company": None})


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(editable_companies(request.user).select_related("programme"), pk=pk)
    staff = is_staff_for(request.user, company)
    data = request.POST if request.method == "POST" else None
    form = CompanyForm(data, instance=company, user=request.user, staff=staff)
    if request.method == "POST" and form.is_valid():
        company_save(
            company,
            changes=form.changes(),
            source=FactSource.ADVISER if staff else FactSource.BUSINESS,
            actor=person_of(request),
        )
        messages.success(request, "The changes have been saved and eligibility checked again.")
        return redirect("companies:company-detail", pk=company.pk)
    return render(request, "companies/company_form.html", {"form": form, "company": company})


@login_required
@require_POST
def company_confirm_facts(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user), pk=pk)
    if not can_confirm_facts(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    try:
        services.company_confirm_facts(
            company, actor=request.user, seen_declared_at=request.POST.get("declared_at", "")[:64]
        )
    except services.FactsChanged:
        messages.error(request, "The business changed its facts while you were looking: check them again below.")
    else:
        messages.success(request, "The facts the business declared are confirmed, and eligibility checked again.")
    return redirect("companies:company-detail", pk=company.pk)


@login_required
def company_import(request: HttpRequest) -> HttpResponse:
    if not can_import_companies(request.user):
        raise PermissionDenied
    programmes = importable_programmes(request.user)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CompanyImportForm(data, files, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        programme = form.cleaned_data["programme"]
        job = job_start(
            Job.Kind.COMPANIES_IMPORT,
            title=f"Import of {upload.name} into {programme.name}",
            started_by=person_of(request),
            programme=programme,
            params={
                "programme_id": programme.pk,
                "manufacturing_only": form.cleaned_data["manufacturing_only"],
                "encoding": form.cleaned_data["encoding"],
            },
            upload=upload,
        )
        return redirect("jobs:job-detail", pk=job.pk)
    return render(request, "companies/company_import.html", {"form": form})


@login_required
def company_subsidies(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(editable_companies(request.user).select_related("programme"), pk=pk)
    form = SubsidyDeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        subsidy_declare(company, receipts=form.receipts(), declared_on=timezone.localdate())
        messages.success(request, "Thank you: the subsidies are recorded and eligibility checked again.")
        return redirect("companies:company-subsidies", pk=company.pk)
    context = {
        "company": company,
        "form": form,
        "receipts": selectors.company_subsidies(company),
        "mfa_limit": mfa_rules().limit_on(timezone.localdate()).limit,
    }
    return render(request, "companies/company_subsidies.html", context)


@login_required
def company_places_and_people(request: HttpRequest, pk: int) -> HttpResponse:
    """Sites and contacts: each form on the page posts an `action` saying what it changes."""
    company = get_object_or_404(editable_companies(request.user).select_related("programme"), pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    site_form = SiteForm(request.POST if action == "add-site" else None, prefix="site")
    contact_form = ContactForm(request.POST if action == "add-contact" else None, prefix="contact")
    done = ""
    if action == "add-site" and site_form.is_valid():
        site_add(company, site_form.save(commit=False))
        done = "The site has been added and eligibility checked again."
    elif action == "add-contact" and contact_form.is_valid():
        contact_add(company, contact_form.save(commit=False))
        done = "The contact has been added."
    elif action == "remove-site" and id_from(request.POST.get("id")):
        site_remove(company, id_from(request.POST.get("id")))
        done = "The site has been removed and eligibility checked again."
    elif action == "remove-contact" and id_from(request.POST.get("id")):
        contact_remove(company, id_from(request.POST.get("id")))
        done = "The contact has been removed."
    if done:
        messages.success(request, done)
        return redirect("companies:company-places-and-people", pk=company.pk)
    context = {
        "company": company,
        "sites": company.sites.order_by("name"),
        "contacts": selectors.company_contacts(company),
        "site_form": site_form,
        "contact_form": contact_form,
    }
    return render(request, "companies/company_places_and_people.html", context)
