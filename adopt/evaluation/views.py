import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.requests import person_of
from adopt.core.spreadsheets import SafeCsvWriter
from adopt.evaluation import selectors
from adopt.evaluation.charts import event_chart
from adopt.evaluation.disclosure import small, suppressed
from adopt.evaluation.estimators import Balance, Estimate
from adopt.evaluation.forecasts import ForecastTable, forecast_table
from adopt.evaluation.forms import DrawForm, EvaluationChoiceForm, IndicatorChoiceForm, OutcomeImportForm
from adopt.evaluation.indicators import Indicator, IndicatorSet, indicator_set
from adopt.evaluation.policies import can_handle_company_files, can_see_evaluation, evaluation_programmes
from adopt.evaluation.report import cached_evaluation
from adopt.evaluation.services import DrawRefused, allocation_draw
from adopt.impact.measures import MINIMUM_SHOWN
from adopt.impact.periods import Period, parse_period
from adopt.impact.policies import sees_company_rows, sees_small_groups
from adopt.jobs.models import Job
from adopt.jobs.services import job_start
from adopt.programmes.models import Programme


@require_safe
@login_required
def evaluation_index(request: HttpRequest) -> HttpResponse:
    if not can_see_evaluation(request.user):
        raise PermissionDenied
    programmes = list(evaluation_programmes(request.user))
    if len(programmes) == 1:
        return redirect("evaluation:programme", slug=programmes[0].slug)
    return render(request, "evaluation/index.html", {"programmes": programmes})


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_object_or_404(evaluation_programmes(request.user), slug=slug)


def _indicators(request: HttpRequest, *, whole_periods_only: bool) -> tuple[IndicatorChoiceForm, IndicatorSet, Period]:
    """The set and period asked for. Someone who sees aggregates only (an evaluator) chooses financial years or all
    time: a period of a day or two could single out one company's payment."""
    form = IndicatorChoiceForm(request.GET if "indicator_set" in request.GET else None)
    chosen, period = indicator_set(form.fields["indicator_set"].initial), parse_period("all")
    if form.is_bound and form.is_valid():
        chosen = indicator_set(form.cleaned_data["indicator_set"])
        text = form.cleaned_data["period"].strip()
        try:
            if whole_periods_only and ".." in text:
                raise ValueError(selectors.WHOLE_PERIODS_ONLY)
            period = parse_period(text)
        except ValueError as error:
            form.add_error("period", str(error))
    return form, chosen, period


GroupRow = tuple[selectors.GroupCount, int | None, int | None]


def _group_rows(groups: list[selectors.GroupCount], hide_small: bool) -> tuple[list[GroupRow], bool]:
    """Each group with its counts as shown, and whether the totals may be shown beside them."""
    companies = [group.companies for group in groups]
    outcomes = [group.with_outcomes for group in groups]
    if not hide_small:
        return list(zip(groups, companies, outcomes, strict=True)), True
    (shown_companies, companies_total), (shown_outcomes, outcomes_total) = suppressed(companies), suppressed(outcomes)
    rows: list[GroupRow] = list(zip(groups, shown_companies, shown_outcomes, strict=True))
    return rows, companies_total and outcomes_total


def _totals_safe(forecasts: ForecastTable) -> bool:
    """The grants' totals for someone who sees aggregates only: only when at least 5 companies stand behind them,
    and behind the reported part (the actual and net) too."""
    reporting = forecasts.reporting_companies
    return forecasts.companies >= MINIMUM_SHOWN and (reporting == 0 or reporting >= MINIMUM_SHOWN)


def _indicator_shown(indicator: Indicator, programme: Programme, period: Period, hide_small: bool) -> Decimal | None:
    figure = selectors.indicator_shown(indicator, programme, period, hide_small=hide_small)
    return None if figure is None else figure.value


def _or_not_shown(value: Decimal | None) -> Decimal | str:
    return "not shown" if value is None else value


@require_safe
@login_required
def programme_evaluation_page(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    choice = EvaluationChoiceForm(request.GET if "outcome" in request.GET else None)
    outcome, definition = choice.chosen()
    today = timezone.localdate()
    evaluation = cached_evaluation(programme, outcome=outcome, definition=definition, today=today)
    did = next((estimate for estimate in evaluation.estimates if estimate.method == "did"), None)
    psm = next((estimate for estimate in evaluation.estimates if estimate.method == "psm"), None)
    hide_small = not sees_small_groups(request.user, [programme])
    forecasts = forecast_table(programme, today)
    group_rows, group_totals = _group_rows(evaluation.groups, hide_small)
    indicator_form, chosen_set, period = _indicators(request, whole_periods_only=hide_small)
    indicators = [
        (indicator, _indicator_shown(indicator, programme, period, hide_small)) for indicator in chosen_set.indicators
    ]
    handles_files = can_handle_company_files(request.user, programme)
    context = {
        "programme": programme,
        "evaluation": evaluation,
        "choice": choice,
        "chart": event_chart(did) if did else None,
        "did": did,
        "psm": psm,
        "balance_rows": _balance_rows(psm),
        "forecasts": forecasts,
        "grant_rows": sees_company_rows(request.user, [programme]),
        "group_rows": group_rows,
        "group_totals": group_totals,
        "forecast_totals": not hide_small or _totals_safe(forecasts),
        "late": None if hide_small and small(evaluation.baselines_taken_late) else evaluation.baselines_taken_late,
        "no_baseline": None
        if hide_small and small(evaluation.outcomes_without_baseline)
        else evaluation.outcomes_without_baseline,
        "unmatched": None if hide_small and psm and small(psm.unmatched) else (psm.unmatched if psm else 0),
        "hide_small": hide_small,
        "minimum_shown": MINIMUM_SHOWN,
        "indicator_form": indicator_form,
        "indicator_set": chosen_set,
        "period": period,
        "indicators": indicators,
        "handles_files": handles_files,
        "import_form": OutcomeImportForm() if handles_files else None,
        "draw_form": DrawForm() if handles_files else None,
        "candidates": selectors.draw_candidates(programme).count() if handles_files else None,
    }
    return render(request, "evaluation/programme.html", context)


def _balance_rows(estimate: Estimate | None) -> list[tuple[str, Balance]]:
    if estimate is None:
        return []
    labels = selectors.covariate_labels(row.covariate for row in estimate.balance)
    return [(labels[row.covariate], row) for row in estimate.balance]


def _csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _attachment(lines: Iterator[str], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def indicators_csv(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """The indicator set for the programme and period, a row per indicator, in the funder's own words."""
    programme = _programme(request, slug)
    hide_small = not sees_small_groups(request.user, [programme])
    form, chosen, period = _indicators(request, whole_periods_only=hide_small)
    if form.errors:
        return HttpResponse("; ".join(str(error) for errors in form.errors.values() for error in errors), status=400)
    rows = (
        (
            chosen.key,
            indicator.code,
            indicator.name,
            indicator.unit,
            programme.slug,
            period.label,
            _or_not_shown(_indicator_shown(indicator, programme, period, hide_small)),
            indicator.evidence,
        )
        for indicator in chosen.indicators
    )
    header = ("set", "code", "indicator", "unit", "programme", "period", "value", "evidence_rule")
    return _attachment(_csv_lines(header, rows), f"{programme.slug}-{chosen.key}-indicators.csv")


@require_safe
@login_required
def ons_matching_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    programme = _programme(request, slug)
    if not can_handle_company_files(request.user, programme):
        raise PermissionDenied
    rows = selectors.ons_matching_rows(programme)
    return _attachment(_csv_lines(selectors.ONS_MATCHING_COLUMNS, rows), f"{programme.slug}-ons-matching.csv")


@require_POST
@login_required
def outcomes_upload(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    if not can_handle_company_files(request.user, programme):
        raise PermissionDenied
    form = OutcomeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("evaluation:programme", slug=programme.slug)
    job = job_start(
        Job.Kind.OUTCOMES_IMPORT,
        title=f"Outcomes for {programme.name} from {form.cleaned_data['file'].name}",
        started_by=person_of(request),
        programme=programme,
        params={"programme_id": programme.pk, "source": form.cleaned_data["source"]},
        upload=form.cleaned_data["file"],
    )
    return redirect("jobs:job-detail", pk=job.pk)


@require_POST
@login_required
def draw_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    if not can_handle_company_files(request.user, programme):
        raise PermissionDenied
    form = DrawForm(request.POST)
    if form.is_valid():
        candidates = list(selectors.draw_candidates(programme).values_list("pk", flat=True))
        try:
            draw = allocation_draw(
                programme,
                wave=form.cleaned_data["wave"],
                places=form.cleaned_data["places"],
                candidates=candidates,
                drawn_by=person_of(request),
            )
        except DrawRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{draw.wave}: {draw.places} of {len(draw.candidates)} companies drawn, with seed {draw.seed}.",
            )
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("evaluation:programme", slug=programme.slug)
