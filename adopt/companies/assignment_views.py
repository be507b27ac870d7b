"""A programme's unassigned queue (give each waiting company an adviser, or apply the rule to them all) and the
page where its managers choose the rule."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from adopt.accounts.requests import person_of
from adopt.companies import assignment
from adopt.companies.models import AdviserPatch, AssignmentRule, Company
from adopt.companies.policies import can_ask_for_adviser, can_see_queue, can_set_assignment_rule, may_assign_to
from adopt.companies.services import company_save
from adopt.core.paging import RememberedCountPaginator
from adopt.core.params import id_from
from adopt.programmes.models import Programme

WAITING_PER_PAGE = 50


@login_required
def unassigned_queue(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not can_see_queue(request.user, programme):
        raise PermissionDenied
    advisers = assignment.programme_advisers(programme.pk)
    if request.method == "POST":
        return _queue_post(request, programme, advisers)
    waiting = assignment.unassigned_companies(programme).select_related("local_authority")
    page = RememberedCountPaginator(waiting, WAITING_PER_PAGE).get_page(request.GET.get("page"))
    person = person_of(request)
    context = {
        "programme": programme,
        "page": page,
        "companies": page.object_list,
        "advisers": [adviser for adviser in advisers if may_assign_to(request.user, programme, adviser)],
        "rule": assignment.rule_of(programme),
        "can_set_rule": can_set_assignment_rule(request.user, programme),
        "me": person,
    }
    return render(request, "companies/unassigned_queue.html", context)


def _queue_post(request: HttpRequest, programme: Programme, advisers: list) -> HttpResponse:  # type: ignore[type-arg]
    if request.POST.get("action") == "route":
        if not can_set_assignment_rule(request.user, programme):
            raise PermissionDenied
        assigned, waiting = assignment.queue_route(programme, actor=person_of(request))
        messages.success(request, f"{assigned:,} given an adviser by the rule; {waiting:,} still waiting.")
        return redirect("companies:unassigned", slug=programme.slug)
    # Locked, and looked for again once locked: of two people taking the same company, the second finds it gone.
    open_cases = assignment.unassigned_companies(programme).select_for_update(of=("self",))
    company = get_object_or_404(open_cases, pk=id_from(request.POST.get("company")))
    adviser = next((a for a in advisers if a.pk == id_from(request.POST.get("adviser"))), None)
    if adviser is None or not may_assign_to(request.user, programme, adviser):
        messages.error(request, "Choose one of the programme's advisers.")
    else:
        company_save(company, changes={"adviser": adviser}, actor=person_of(request))
        messages.success(request, f"{company.name} is now on {adviser.full_name}'s caseload.")
    return redirect("companies:unassigned", slug=programme.slug)


class RuleForm(forms.Form):
    method = forms.ChoiceField(
        label="How new companies get an adviser", choices=AssignmentRule.Method.choices, widget=forms.RadioSelect
    )


@login_required
def assignment_rule(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    if not can_set_assignment_rule(request.user, programme):
        raise PermissionDenied
    rule = assignment.rule_of(programme)
    advisers = assignment.programme_advisers(programme.pk)
    authorities = assignment.programme_local_authorities(programme)
    current = dict(AdviserPatch.objects.filter(programme=programme).values_list("local_authority_id", "adviser_id"))
    form = RuleForm(request.POST or None, initial={"method": rule.method})
    if request.method == "POST" and form.is_valid():
        by_pk = {adviser.pk: adviser for adviser in advisers}
        patches = {
            authority.pk: by_pk.get(id_from(request.POST.get(f"patch-{authority.pk}", ""))) for authority in authorities
        }
        assignment.rule_set(programme, method=form.cleaned_data["method"], patches=patches, actor=person_of(request))
        messages.success(request, "The assignment rule is saved. It applies to companies from now on.")
        return redirect("companies:unassigned", slug=programme.slug)
    rows = [(authority, current.get(authority.pk)) for authority in authorities]
    context = {"programme": programme, "form": form, "rows": rows, "advisers": advisers}
    return render(request, "companies/assignment_rule.html", context)


@login_required
@require_POST
def ask_for_adviser(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company.objects.select_related("programme", "adviser"), pk=pk)
    if not can_ask_for_adviser(request.user, company):
        raise PermissionDenied
    adviser = assignment.company_route(company, how="asked for one by the business", actor=person_of(request))
    if adviser is not None:
        messages.success(request, f"{adviser.full_name} is {company.name}'s adviser and will be in touch.")
    else:
        messages.success(request, f"{company.programme.name}'s team is told: they will give {company.name} an adviser.")
    return redirect("companies:company-detail", pk=company.pk)
