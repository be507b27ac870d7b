"""The evaluation as JSON, for an evaluator's own tools: the same figures as the page and `adopt evaluate --json`,
and the funder indicators. Aggregates only, with the same suppression as the page for those who see aggregates."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, token_programme_id
from adopt.core.api_errors import documented
from adopt.evaluation import selectors
from adopt.evaluation.disclosure import small, suppressed
from adopt.evaluation.indicators import indicator_set
from adopt.evaluation.policies import evaluation_programmes
from adopt.evaluation.report import cached_evaluation, evaluation_json
from adopt.evaluation.treatment import Definition
from adopt.impact.periods import parse_period
from adopt.impact.policies import sees_small_groups
from adopt.programmes.models import Programme

router = Router(tags=["evaluation"], auth=api_auth("evaluation"))


class IntervalOut(Schema):
    estimate: float  # the effect as a share: 0.05 is 5% more
    low: float
    high: float
    standard_error: float  # of the coefficient, in log points


class EventYearOut(Schema):
    relative_year: int
    effect: IntervalOut | None
    firms: int | None  # null where fewer than 5 and the caller sees aggregates only


class BalanceOut(Schema):
    covariate: str
    treated_mean: float
    comparison_mean_before: float
    comparison_mean_after: float | None
    difference_before: float
    difference_after: float | None


class EstimateOut(Schema):
    method: str
    title: str | None = None
    outcome: str | None = None
    effect: IntervalOut | None = None
    maryland_level: int | None = None
    treated: int | None = None
    comparison: int | None = None
    observations: int | None = None
    biases: list[str] = []
    event_study: list[EventYearOut] = []
    pre_trend_p: float | None = None
    balance: list[BalanceOut] = []
    unmatched: int | None = 0  # null where fewer than 5 and the caller sees aggregates only
    notes: list[str] = []
    refused: str = ""  # why there is no estimate, when there is none


class GroupOut(Schema):
    group: str
    label: str
    companies: int | None  # null where fewer than 5 and the caller sees aggregates only
    with_outcomes: int | None


class DrawOut(Schema):
    wave: str
    places: int
    candidates: int
    seed: str


class TreatedOut(Schema):
    key: str
    label: str


class EvaluationOut(Schema):
    programme: str
    outcome: str
    treated_means: TreatedOut
    made_on: datetime.date
    design: str
    groups: list[GroupOut]
    companies: int | None  # the groups' total; null where it would give a hidden group away
    baselines_taken_after_first_contact: int | None
    companies_with_outcomes_but_no_baseline: int | None
    estimates: list[EstimateOut]
    random_draws: list[DrawOut]


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    value: Decimal | None  # null where fewer than 5 companies stand behind it and the caller sees aggregates only
    companies: int | None
    evidence: str


class IndicatorReportOut(Schema):
    programme: str
    indicator_set: str
    name: str
    source: str
    period: str
    indicators: list[IndicatorOut]


def _programme(request: HttpRequest, slug: str) -> Programme:
    programme = evaluation_programmes(request.user).filter(slug=slug).first()
    limited_to = token_programme_id(request)
    if programme is None or (limited_to is not None and programme.pk != limited_to):
        raise HttpError(404, f"There is no programme {slug!r} whose evaluation you may see.")
    return programme


@router.get("/{slug}", response=documented(EvaluationOut))
def get_evaluation(
    request: HttpRequest, slug: str, outcome: str = "employees", treated: str = Definition.SUPPORTED.value
) -> dict[str, Any]:
    """What support did to an outcome of the programme's companies against a comparison group: each method's
    effect with its 95% interval, Maryland Scientific Methods Scale level, sample sizes, diagnostics (event study,
    balance table) and what could bias it; the comparison groups, which add up to `companies`; and any random
    draws. Outcome: employees, turnover or gva. Treated: engaged, assessed, supported, roadmap or grant_paid."""
    programme = _programme(request, slug)
    if outcome not in selectors.OUTCOMES:
        raise HttpError(400, f"outcome must be one of {', '.join(selectors.OUTCOMES)}.")
    try:
        definition = Definition(treated)
    except ValueError:
        raise HttpError(400, f"treated must be one of {', '.join(d.value for d in Definition)}.") from None
    evaluation = cached_evaluation(programme, outcome=outcome, definition=definition, today=timezone.localdate())
    data = evaluation_json(evaluation)
    if not sees_small_groups(request.user, [programme]):
        for field in ("companies", "with_outcomes"):
            hidden, total_shown = suppressed([group[field] for group in data["groups"]])
            for group, value in zip(data["groups"], hidden, strict=True):
                group[field] = value
            if field == "companies" and not total_shown:
                data["companies"] = None
        for field in ("baselines_taken_after_first_contact", "companies_with_outcomes_but_no_baseline"):
            data[field] = None if small(data[field]) else data[field]
        for estimate in data["estimates"]:
            if small(estimate.get("unmatched") or 0):
                estimate["unmatched"] = None
            for year in estimate.get("event_study", []):
                year["firms"] = None if small(year["firms"]) else year["firms"]
    return data


@router.get("/{slug}/indicators", response=documented(IndicatorReportOut))
def get_indicators(
    request: HttpRequest, slug: str, indicator_set_key: str = "erdf-2014-2020", period: str = "all"
) -> dict[str, Any]:
    """A funder indicator set for the programme and a period ('all', a financial year like 2026-27, or, for
    programme staff, dates like 2026-04-01..2026-09-30), each indicator with its evidence rule."""
    programme = _programme(request, slug)
    hide_small = not sees_small_groups(request.user, [programme])
    try:
        chosen = indicator_set(indicator_set_key)
    except LookupError as error:
        raise HttpError(404, str(error)) from None
    if hide_small and ".." in period:
        raise HttpError(400, selectors.WHOLE_PERIODS_ONLY)
    try:
        chosen_period = parse_period(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    rows = []
    for indicator in chosen.indicators:
        figure = selectors.indicator_shown(indicator, programme, chosen_period, hide_small=hide_small)
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "value": None if figure is None else figure.value,
                "companies": None if figure is None else figure.companies,
                "evidence": indicator.evidence,
            }
        )
    return {
        "programme": programme.slug,
        "indicator_set": chosen.key,
        "name": chosen.name,
        "source": chosen.source,
        "period": chosen_period.label,
        "indicators": rows,
    }
