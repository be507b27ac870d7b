"""A programme's evaluation as one object, so the command, the page and the funder report show the same figures:
the comparison groups, each method's estimate (or why it could not be made), the random draws and what could
weaken the design."""

import dataclasses
import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Min
from django.utils import timezone

from adopt.companies.models import Company
from adopt.evaluation import selectors
from adopt.evaluation.estimators import METHODS, Estimate, NoEstimate, random_draw_comparison
from adopt.evaluation.models import AllocationDraw, OutcomeObservation
from adopt.evaluation.treatment import Definition
from adopt.funding.models import GrantApplication
from adopt.impact.milestones import STAGES
from adopt.impact.models import CompanyMilestones
from adopt.programmes.models import Programme

RANDOM_DRAW_LEVEL = 5


@dataclass(frozen=True)
class MethodResult:
    method: str
    estimate: Estimate | None
    refused: str  # why there is no estimate, when there is none


@dataclass(frozen=True)
class DrawSummary:
    """A draw as the evaluation shows it: no lists of companies, no person's record, so it can be cached."""

    wave: str
    places: int
    candidates: int
    seed: str
    drawn_on: datetime.date
    drawn_by: str


@dataclass(frozen=True)
class ProgrammeEvaluation:
    programme_id: int
    programme_slug: str
    programme_name: str
    outcome: str
    definition: Definition
    groups: list[selectors.GroupCount]
    results: list[MethodResult]
    draws: list[DrawSummary]
    baselines_taken_late: int
    outcomes_without_baseline: int
    made_on: datetime.date

    @property
    def companies(self) -> int:
        return sum(group.companies for group in self.groups)

    @property
    def with_outcomes(self) -> int:
        return sum(group.with_outcomes for group in self.groups)

    @property
    def estimates(self) -> list[Estimate]:
        return [result.estimate for result in self.results if result.estimate is not None]

    @property
    def design_note(self) -> str:
        if self.draws:
            return (
                f"Places were given by {len(self.draws)} logged random draw(s): comparing the companies drawn with "
                f"those not drawn is a randomised design (Maryland level {RANDOM_DRAW_LEVEL}), the strongest there "
                "is, and comes first below."
            )
        return (
            "Support was not allocated at random, so the strongest design here is a comparison group with a "
            "baseline (Maryland level 3). Giving places in waves by a logged random draw would allow level 5."
        )


def programme_evaluation(
    programme: Programme,
    *,
    outcome: str = "employees",
    definition: Definition = Definition.SUPPORTED,
    methods: tuple[str, ...] = ("did", "psm", "naive"),
    today: datetime.date,
) -> ProgrammeEvaluation:
    panel = selectors.panel_for(programme, outcome=outcome, definition=definition)
    draws = list(selectors.allocation_draws(programme))
    attempts: list[tuple[str, Callable[[], Estimate]]] = []
    if draws:
        attempts.append(("draw", lambda: random_draw_comparison(panel, selectors.draws_of(draws))))
    attempts += [(method, lambda method=method: METHODS[method](panel)) for method in methods]  # type: ignore[misc]
    results = []
    for method, attempt in attempts:
        try:
            results.append(MethodResult(method, attempt(), ""))
        except (NoEstimate, ArithmeticError, np.linalg.LinAlgError) as error:
            results.append(MethodResult(method, None, str(error) or "the model could not be solved for this panel."))
    return ProgrammeEvaluation(
        programme_id=programme.pk,
        programme_slug=programme.slug,
        programme_name=programme.name,
        outcome=outcome,
        definition=definition,
        groups=selectors.group_counts(programme),
        results=results,
        draws=[
            DrawSummary(
                draw.wave,
                draw.places,
                len(draw.candidates),
                draw.seed,
                timezone.localdate(draw.created_at),
                draw.drawn_by.full_name,
            )
            for draw in draws
        ],
        baselines_taken_late=selectors.baselines_taken_late(programme),
        outcomes_without_baseline=selectors.outcomes_missing_baseline(programme),
        made_on=today,
    )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def evaluation_json(evaluation: ProgrammeEvaluation) -> dict[str, Any]:
    """The evaluation as plain data: every figure the page shows, for `adopt evaluate --json` and the API."""
    return {
        "programme": evaluation.programme_slug,
        "outcome": evaluation.outcome,
        "treated_means": {"key": evaluation.definition.value, "label": evaluation.definition.label},
        "made_on": evaluation.made_on.isoformat(),
        "design": evaluation.design_note,
        "groups": [
            {
                "group": count.group.value,
                "label": count.group.label,
                "companies": count.companies,
                "with_outcomes": count.with_outcomes,
            }
            for count in evaluation.groups
        ],
        "companies": evaluation.companies,
        "baselines_taken_after_first_contact": evaluation.baselines_taken_late,
        "companies_with_outcomes_but_no_baseline": evaluation.outcomes_without_baseline,
        "estimates": [
            {"method": result.method, **_plain(result.estimate)}
            if result.estimate
            else {"method": result.method, "refused": result.refused}
            for result in evaluation.results
        ],
        "random_draws": [
            {"wave": draw.wave, "places": draw.places, "candidates": draw.candidates, "seed": draw.seed}
            for draw in evaluation.draws
        ],
    }


CACHE_SECONDS = 15 * 60
CACHE_SHAPE = 4  # raised whenever the cached objects change shape, so a new release never reads an old one


def _facts_version(programme: Programme) -> str:
    """Changes whenever anything the evaluation reads may have changed: outcomes, baselines, companies (their
    number, eligibility, records), any stage a company reached, applications decided, and draws."""
    outcomes = OutcomeObservation.objects.filter(company__programme=programme).aggregate(
        rows=Count("pk"), changed=Max("updated_at")
    )
    stages = CompanyMilestones.objects.filter(company__programme=programme).aggregate(
        **{f"{stage}_count": Count(f"{stage}_on") for stage in STAGES},
        **{f"{stage}_last": Max(f"{stage}_on") for stage in STAGES},
        **{f"{stage}_first": Min(f"{stage}_on") for stage in STAGES},
    )
    companies = Company.objects.filter(programme=programme).aggregate(
        rows=Count("pk"), changed=Max("updated_at"), baselines=Count("baseline")
    )
    decided = GrantApplication.objects.filter(company__programme=programme).aggregate(changed=Max("updated_at"))
    draws = AllocationDraw.objects.filter(programme=programme).count()
    return repr((outcomes, sorted(stages.items()), companies, decided, draws))


def cached_evaluation(
    programme: Programme, *, outcome: str, definition: Definition, today: datetime.date
) -> ProgrammeEvaluation:
    """The evaluation, worked out again only when its facts change (or after a quarter of an hour): the models take
    a few seconds at national scale, and the page, the report and the API all ask for it."""
    facts = hashlib.sha256(_facts_version(programme).encode()).hexdigest()[:32]
    key = f"evaluation:{CACHE_SHAPE}:{programme.pk}:{outcome}:{definition.value}:{today.isoformat()}:{facts}"
    found = cache.get(key)
    if isinstance(found, ProgrammeEvaluation):
        return found
    evaluation = programme_evaluation(programme, outcome=outcome, definition=definition, today=today)
    cache.set(key, evaluation, CACHE_SECONDS)
    return evaluation
