from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.policies import visible_companies
from adopt.support import selectors, services
from adopt.support.forms import InternshipForm, SupportEntryForm, UpskilledRoleForm
from adopt.support.policies import can_record_support


def _context(company: Company, request: HttpRequest, **forms: object) -> dict[str, object]:
    return {
        "company": company,
        "entries": selectors.support_entries(company),
        "roles": selectors.upskilled_roles(company),
        "internships": selectors.internships(company),
        "hours": selectors.support_hours(company),
        "verdict": selectors.company_supported(company),
        "can_record": can_record_support(request.user, company),
        "entry_form": forms.get("entry_form") or SupportEntryForm(),
        "role_form": forms.get("role_form") or UpskilledRoleForm(),
        "internship_form": forms.get("internship_form") or InternshipForm(prefix="internship"),
    }


@login_required
def support_log(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if request.method != "POST":
        return render(request, "support/support_log.html", _context(company, request))
    if not can_record_support(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    if request.POST.get("record") == "internship":
        internship_form = InternshipForm(request.POST, prefix="internship")
        if internship_form.is_valid():
            try:
                services.internship_record(company, **internship_form.cleaned_data)
            except services.SupportError as error:
                internship_form.add_error(None, str(error))
            else:
                messages.success(request, "The internship is recorded.")
                return redirect("support:log", company_pk=company.pk)
        context = _context(company, request, internship_form=internship_form)
        return render(request, "support/support_log.html", context, status=400)
    if request.POST.get("record") == "role":
        role_form = UpskilledRoleForm(request.POST)
        if role_form.is_valid():
            try:
                services.upskilled_role_record(company, **role_form.cleaned_data)
            except services.SupportError as error:
                role_form.add_error(None, str(error))
            else:
                messages.success(request, "The upskilled role is recorded.")
                return redirect("support:log", company_pk=company.pk)
        return render(request, "support/support_log.html", _context(company, request, role_form=role_form), status=400)
    entry_form = SupportEntryForm(request.POST)
    if entry_form.is_valid():
        try:
            services.support_record(company, adviser=request.user, **entry_form.cleaned_data)
        except services.SupportError as error:
            entry_form.add_error("delivered_on", str(error))
        else:
            messages.success(request, "The support is recorded.")
            return redirect("support:log", company_pk=company.pk)
    return render(request, "support/support_log.html", _context(company, request, entry_form=entry_form), status=400)
