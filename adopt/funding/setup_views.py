"""Set-up pages for a programme's money: funds, their yearly budgets and their schemes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from adopt.accounts.requests import person_of
from adopt.funding import setup
from adopt.funding.forms import BudgetsForm, FundForm, SchemeForm
from adopt.funding.models import Fund, Scheme
from adopt.funding.policies import can_set_up_funds
from adopt.programmes.models import Programme


def _fund_to_set_up(request: HttpRequest, pk: int) -> Fund:
    fund = get_object_or_404(Fund.objects.select_related("programme"), pk=pk)
    if not can_set_up_funds(request.user, fund.programme_id):
        raise PermissionDenied
    return fund


@login_required
def fund_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not can_set_up_funds(request.user, programme.pk):
        raise PermissionDenied
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fund = setup.fund_create(programme=programme, actor=person_of(request), **form.cleaned_data)
        messages.success(request, f"{fund.name} is set up. Give it a budget for each year.")
        return redirect("funding:fund-budgets", pk=fund.pk)
    return render(request, "funding/setup/fund_form.html", {"form": form, "programme": programme, "fund": None})


@login_required
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_to_set_up(request, pk)
    form = FundForm(request.POST or None, instance=Fund.objects.get(pk=fund.pk))
    if request.method == "POST" and form.is_valid():
        changed = setup.fund_update(fund, actor=person_of(request), **form.cleaned_data)
        messages.success(request, "The fund is saved." if changed else "Nothing needed changing.")
        return redirect("funding:fund-detail", pk=fund.pk)
    return render(request, "funding/setup/fund_form.html", {"form": form, "programme": fund.programme, "fund": fund})


@login_required
def fund_budgets(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_to_set_up(request, pk)
    years = {year.year: year for year in fund.years.all()}
    form = BudgetsForm(
        request.POST or None,
        years=setup.years_of(fund.programme),
        initial={f"budget_{year}": found.budget for year, found in years.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup.fund_budgets_set(fund, form.budgets(), actor=person_of(request))
        except setup.BudgetsRefused as refused:
            for year, problem in refused.problems.items():
                form.add_error(f"budget_{year}", problem)
        else:
            messages.success(request, "The budgets are saved.")
            return redirect("funding:fund-detail", pk=fund.pk)
    context = {"form": form, "fund": fund, "years": years}
    return render(request, "funding/setup/fund_budgets.html", context)


@login_required
def scheme_new(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_to_set_up(request, pk)
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = setup.scheme_create(fund=fund, actor=person_of(request), **form.scheme_values())
        except setup.FundSetupRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{scheme.name} is set up{' and open to applications' if scheme.is_open else ''}."
            )
            return redirect("funding:fund-detail", pk=fund.pk)
    return render(request, "funding/setup/scheme_form.html", {"form": form, "fund": fund, "scheme": None})


@login_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme.objects.select_related("fund__programme"), pk=pk)
    if not can_set_up_funds(request.user, scheme.fund.programme_id):
        raise PermissionDenied
    form = SchemeForm(request.POST or None, instance=Scheme.objects.get(pk=scheme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = setup.scheme_update(scheme, actor=person_of(request), **form.scheme_values())
        except setup.FundSetupRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The scheme is saved." if changed else "Nothing needed changing.")
            return redirect("funding:fund-detail", pk=scheme.fund_id)
    return render(request, "funding/setup/scheme_form.html", {"form": form, "fund": scheme.fund, "scheme": scheme})
