from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from adopt.impact.forms import SimulatorForm
from adopt.impact.policies import can_use_simulator
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
