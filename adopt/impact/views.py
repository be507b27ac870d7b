from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from adopt.accounts.models import User
from adopt.accounts.requests import person_of
from adopt.impact.calibration import calibrate, calibration_rules
from adopt.impact.charts import progress_chart
from adopt.impact.forms import FollowUpForm, SimulatorForm
from adopt.impact.models import FollowUpReport
from adopt.impact.periods import ALL_TIME, parse_period
from adopt.impact.policies import (
    can_see_follow_ups,
    can_use_simulator,
    follow_up_applications,
    kpi_programmes,
    sees_company_rows,
    sees_small_groups,
)
from adopt.impact.reports import funder_csv, funder_report
from adopt.impact.scope import Choice, NoSuchScope, NothingToSee, choose_programmes
from adopt.impact.selectors import (
    FOLLOW_UP_MONTHS,
    follow_ups_due,
    kpi_report,
    programme_history,
    report_facts,
)
from adopt.impact.services import ReportRefused, follow_up_record
from adopt.impact.simulator import AssumptionError, Interval, Projection, default_assumptions, simulate
from adopt.jobs.models import Job
from adopt.jobs.services import job_start

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


@require_safe
@login_required
def simulator(request: HttpRequest) -> HttpResponse:
    if not can_use_simulator(request.user):
        raise PermissionDenied
    programmes = list(kpi_programmes(request.user).order_by("name"))
    assumptions = default_assumptions()
    calibration = None
    slug = request.GET.get("calibrate", "")
    if slug:
        programme = next((p for p in programmes if p.slug == slug), None)
        if programme is None:
            raise Http404("No such programme")
        rules = calibration_rules()
        history = programme_history(programme, timezone.localdate(), rules.maturity_months)
        calibration = calibrate(assumptions, history, rules)
        assumptions = calibration.assumptions
    data = request.GET.copy()
    data.pop("calibrate", None)
    form = SimulatorForm(data or None, assumptions=assumptions)
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
    context = {
        "form": form,
        "projection": projection,
        "rows": _rows(projection) if projection else [],
        "error": error,
        "programmes": programmes,
        "calibrate": slug,
        "calibration": calibration,
    }
    return render(request, "impact/simulator.html", context, status=status)


@require_safe
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


def _chosen_programmes(request: HttpRequest) -> Choice:
    try:
        return choose_programmes(request.user, request.GET.get("programme"), request.GET.get("region", ""))
    except NothingToSee:
        raise PermissionDenied from None
    except NoSuchScope as error:
        raise Http404(str(error)) from None


def _period_text(request: HttpRequest) -> str:
    """The period asked for: dates chosen on the form win over the year chosen from the list."""
    starts, ends = request.GET.get("from", ""), request.GET.get("to", "")
    if starts or ends:
        return f"{starts}..{ends}"
    return request.GET.get("period", "all")


REPORT_FORMATS = {"pdf": "PDF", "xlsx": "Excel workbook", "csv": "CSV"}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def funder_report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The figures alone come as CSV at once; the PDF and the workbook are made by a job the person starts here."""
    choice = _chosen_programmes(request)
    label = _period_text(request)
    try:
        period = parse_period(label)
    except ValueError as error:
        raise Http404(str(error)) from None
    if fmt not in REPORT_FORMATS:
        raise Http404("The report comes as a PDF, an Excel workbook or a CSV file.")
    name = f"adopt-report-{choice.programme_slug or choice.region_code or 'all'}-{label}"
    suppress_small = not sees_small_groups(request.user, choice.chosen)
    if fmt == "csv":
        report = funder_report(choice.chosen, period, suppress_small=suppress_small)
        response = HttpResponse(funder_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if request.method != "POST":
        context = {"choice": choice, "period": period, "format": REPORT_FORMATS[fmt]}
        return render(request, "impact/report_prepare.html", context)
    job = job_start(
        Job.Kind.FUNDER_REPORT,
        title=f"Funder report ({REPORT_FORMATS[fmt]}), {period.label}",
        started_by=person_of(request),
        programme=choice.chosen[0] if len(choice.chosen) == 1 else None,
        params={
            "programme_ids": [programme.pk for programme in choice.chosen],
            "period": label,
            "format": fmt,
            "name": name,
            "suppress_small": suppress_small,
            "company_rows": sees_company_rows(request.user, choice.chosen),
        },
    )
    return redirect("jobs:job-detail", pk=job.pk)


@require_safe
@login_required
def kpi_dashboard(request: HttpRequest) -> HttpResponse:
    choice = _chosen_programmes(request)
    label = _period_text(request)
    try:
        period = parse_period(label)
    except ValueError as error:
        period, problem = ALL_TIME, str(error)
    else:
        problem = ""
    hide = not sees_small_groups(request.user, choice.chosen)
    report = kpi_report(choice.chosen, period, timezone.localdate(), hide_small_groups=hide)
    years = [f"{year}-{str(year + 1)[-2:]}" for year in range(2023, timezone.localdate().year + 1)]
    context = {
        "choice": choice,
        "period": period,
        "period_label": label,
        "years": years,
        "report": report,
        "kpis": report.kpis,
        "charts": [progress_chart(one) for one in report.charted],
        "problem": problem,
    }
    return render(request, "impact/kpis.html", context, status=400 if problem else 200)
