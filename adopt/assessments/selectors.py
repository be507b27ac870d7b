from dataclasses import dataclass
from statistics import quantiles
from typing import Any

from django.db.models import QuerySet

from adopt.assessments.benchmarks import Benchmark, Peer, benchmark
from adopt.assessments.frameworks import Framework
from adopt.assessments.models import Assessment
from adopt.assessments.sections import Section, sections_of
from adopt.companies.models import Company


@dataclass(frozen=True)
class Change:
    key: str
    title: str
    before: float
    now: float

    @property
    def delta(self) -> float:
        return round(self.now - self.before, 2)


def company_assessments(company: Company) -> QuerySet[Assessment]:
    return company.assessments.order_by("-submitted_at", "-created_at")


def missing_questions(assessment: Assessment, framework: Framework) -> list[tuple[Section, str, str]]:
    """Unanswered questions with the section they are in, for the review page's links."""
    answered = set(assessment.answers)
    missing = []
    for section in sections_of(framework):
        for dimension in section.dimensions:
            for question in dimension.questions:
                if question.key not in answered:
                    missing.append((section, question.key, question.text))
    return missing


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The company's last submitted assessment with the same framework before this one (its baseline or repeat)."""
    if assessment.submitted_at is None:
        return None
    return (
        Assessment.objects.filter(
            company_id=assessment.company_id,
            framework_key=assessment.framework_key,
            status=Assessment.Status.SUBMITTED,
            submitted_at__lt=assessment.submitted_at,
        )
        .order_by("-submitted_at")
        .first()
    )


def baseline_assessment(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            company_id=assessment.company_id, framework_key=assessment.framework_key, status=Assessment.Status.SUBMITTED
        )
        .exclude(pk=assessment.pk)
        .filter(submitted_at__lt=assessment.submitted_at)
        .order_by("submitted_at")
        .first()
    )


def changes_since(assessment: Assessment, earlier: Assessment, framework: Framework) -> list[Change]:
    return [
        Change(d.key, d.title, earlier.dimension_scores.get(d.key, 0.0), assessment.dimension_scores.get(d.key, 0.0))
        for d in framework.dimensions
    ]


def size_band(staff: int | None) -> str:
    if staff is None:
        return ""
    if staff < 10:
        return "micro"
    if staff < 50:
        return "small"
    if staff < 250:
        return "medium"
    return "large"


def latest_peers(framework_key: str) -> list[Peer]:
    """Each company's latest submitted assessment with this framework, with what peer groups are built from."""
    rows = (
        Assessment.objects.filter(framework_key=framework_key, status=Assessment.Status.SUBMITTED)
        .order_by("company_id", "-submitted_at")
        .values_list(
            "company_id",
            "company__primary_sic",
            "company__staff_headcount",
            "company__region__code",
            "dimension_scores",
        )
    )
    peers: dict[int, Peer] = {}
    for company_id, sic, staff, region, scores in rows.iterator(chunk_size=2000):
        if company_id not in peers:
            peers[company_id] = Peer(company_id, (sic or "")[:2], size_band(staff), region or "", scores)
    return list(peers.values())


def peer_benchmark(assessment: Assessment) -> Benchmark | None:
    company = assessment.company
    subject = Peer(
        company.pk,
        (company.primary_sic or "")[:2],
        size_band(company.staff_headcount),
        company.region.code if company.region else "",
        assessment.dimension_scores,
    )
    return benchmark(subject, latest_peers(assessment.framework_key))


MINIMUM_SHOWN = 5


@dataclass(frozen=True)
class DimensionSpread:
    key: str
    title: str
    lower_quartile: float
    median: float
    upper_quartile: float


@dataclass(frozen=True)
class PeriodScore:
    period: str
    assessments: int
    mean_overall: float


@dataclass(frozen=True)
class ProgrammeMaturity:
    framework: Framework
    companies: int
    spread: list[DimensionSpread]
    by_half_year: list[PeriodScore]
    repeat_companies: int
    mean_gain: dict[str, float]


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0], ordered[0], ordered[0]
    q1, q2, q3 = quantiles(ordered, n=4, method="inclusive")
    return q1, q2, q3


def programme_maturity(programme_id: int, chosen: Framework) -> ProgrammeMaturity | None:
    """Where the programme's companies stand and how they moved; None below the disclosure threshold."""
    rows = list(
        Assessment.objects.filter(
            company__programme_id=programme_id, framework_key=chosen.key, status=Assessment.Status.SUBMITTED
        )
        .order_by("company_id", "submitted_at")
        .values_list("company_id", "submitted_at", "overall_score", "dimension_scores")
    )
    by_company: dict[int, list[tuple[Any, Any, dict[str, float]]]] = {}
    for company_id, submitted_at, overall, scores in rows:
        by_company.setdefault(company_id, []).append((submitted_at, overall, scores))
    if len(by_company) < MINIMUM_SHOWN:
        return None
    latest = [history[-1][2] for history in by_company.values()]
    spread = []
    for dimension in chosen.dimensions:
        low, mid, high = _quartiles([scores.get(dimension.key, 0.0) for scores in latest])
        spread.append(DimensionSpread(dimension.key, dimension.title, low, mid, high))
    periods: dict[str, list[float]] = {}
    for _, submitted_at, overall, _ in rows:
        if submitted_at is None or overall is None:
            continue  # submitted assessments always have both; the types allow drafts
        half = "H1" if submitted_at.month <= 6 else "H2"
        periods.setdefault(f"{submitted_at.year} {half}", []).append(float(overall))
    by_half_year = [
        PeriodScore(period, len(values), sum(values) / len(values))
        for period, values in sorted(periods.items())
        if len(values) >= MINIMUM_SHOWN
    ]
    repeats = [history for history in by_company.values() if len(history) > 1]
    gains: dict[str, float] = {}
    if len(repeats) >= MINIMUM_SHOWN:
        for dimension in chosen.dimensions:
            deltas = [h[-1][2].get(dimension.key, 0.0) - h[0][2].get(dimension.key, 0.0) for h in repeats]
            gains[dimension.key] = sum(deltas) / len(deltas)
    return ProgrammeMaturity(chosen, len(by_company), spread, by_half_year, len(repeats), gains)
