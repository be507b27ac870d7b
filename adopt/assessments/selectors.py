from dataclasses import dataclass

from django.db.models import QuerySet

from adopt.assessments.benchmarks import Benchmark, Peer, benchmark
from adopt.assessments.frameworks import Framework, framework_for
from adopt.assessments.models import Assessment
from adopt.assessments.scoring import AnswerError, validate_answers
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


def is_complete(assessment: Assessment) -> bool:
    try:
        validate_answers(framework_for(assessment), assessment.answers, complete=True)
    except AnswerError:
        return False
    return True


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
