from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from adopt.accounts.models import User
from adopt.impact.forms import FollowUpForm, SimulatorForm
from adopt.impact.models import FollowUpReport
from adopt.impact.policies import can_see_follow_ups, can_use_simulator, follow_up_applications
from adopt.impact.selectors import FOLLOW_UP_MONTHS, follow_ups_due, report_facts
from adopt.impact.services import ReportRefused, follow_up_record
from adopt.impact.simulator import AssumptionError, Interval, Projection, default_assumptions, simulate

LABELS = [
    ("supported", "Companies supported", ""),
    ("investing", "Companies investing", ""),
    ("grants", "Grants paid", "£"),
    ("private_investment", "Private investment", "£"),
    ("jobs", "New jobs (FTE)", ""),
    ("upskilled", "Roles upskilled", ""),
    ("gva", "Additional GVA", "£"),
]


def _rows(projection: Projection) -> list[tuple[str, str, Interval]]:
    return [(label, unit, projection.outcomes[key]) for key, label, unit in LABELS]


@login_required
def simulator(request: HttpRequest) -> HttpResponse:
    if not can_use_simulator(request.user):
        raise PermissionDenied
    assumptions = default_assumptions()
    form = SimulatorForm(request.GET or None, assumptions=assumptions)
    projection = None
    error = ""
    if form.is_bound and form.is_valid():
        try:
            projection = simulate(float(form.cleaned_data["budget"]), form.chosen())
        except AssumptionError as problem:
            error = str(problem)
    elif not form.is_bound:
        projection = simulate(6_100_000, assumptions)
    status = 400 if form.is_bound and (form.errors or error) else 200
    context = {"form": form, "projection": projection, "rows": _rows(projection) if projection else [], "error": error}
    return render(request, "impact/simulator.html", context, status=status)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    if not can_see_follow_ups(request.user):
        raise PermissionDenied
    due = follow_ups_due(follow_up_applications(request.user), timezone.localdate())
    mine = request.GET.get("mine") == "1"
    if mine:
        due = [item for item in due if item.application.company.adviser_id == request.user.pk]
    context = {"due": due, "overdue": sum(item.overdue for item in due), "mine": mine}
    return render(request, "impact/follow_ups.html", context)


@login_required
def follow_up_report(request: HttpRequest, application_pk: int, months: int) -> HttpResponse:
    if not can_see_follow_ups(request.user) or not isinstance(request.user, User):
        raise PermissionDenied
    application = get_object_or_404(follow_up_applications(request.user).select_related("company"), pk=application_pk)
    if months not in FOLLOW_UP_MONTHS:
        raise Http404("Follow-ups are at 6, 12 and 24 months.")
    facts = report_facts(application, timezone.localdate())
    if facts is None:
        raise Http404("The grant has not been paid, so no follow-up is due.")
    existing = FollowUpReport.objects.filter(application=application, months=months).first()
    form = FollowUpForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            follow_up_record(application, months, facts, actor=request.user, values=values)
        except ReportRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field, problem)
        else:
            messages.success(request, f"The {months}-month follow-up of {application.company.name} is recorded.")
            return redirect("impact:follow-ups")
    context = {"form": form, "application": application, "months": months, "facts": facts}
    return render(request, "impact/follow_up_form.html", context, status=400 if form.errors else 200)
