"""Every write to assessments: start, save a section, submit, and re-score after a framework fix."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.events import AssessmentSubmitted
from adopt.assessments.frameworks import Framework, all_frameworks, framework_for
from adopt.assessments.models import Assessment
from adopt.assessments.scoring import AssessmentScores, score_assessment, validate_answers
from adopt.companies.models import Company
from adopt.core.audit import Action, audit_record
from adopt.core.events import publish
from adopt.core.money import round_half_up

RESCORE_BATCH = 2000


def rounded(score: float) -> Decimal:
    return round_half_up(Decimal(str(score)), 2)


def stored_scores(scores: AssessmentScores) -> dict[str, Any]:
    return {
        "dimension_scores": {d.key: float(rounded(d.score)) for d in scores.dimensions},
        "overall_score": rounded(scores.overall),
        "overall_band": scores.overall_band,
    }


@transaction.atomic
def assessment_start(*, company: Company, framework: Framework, actor: User) -> Assessment:
    assessment = Assessment.objects.create(
        company=company, framework_key=framework.key, framework_version=framework.version, started_by=actor
    )
    audit_record(assessment, action=Action.ASSESSMENT_STARTED, actor=actor, to_state=Assessment.Status.DRAFT)
    return assessment


@transaction.atomic
def assessment_save_answers(
    assessment: Assessment, *, answers: Mapping[str, Any], evidence: Mapping[str, str], cleared: list[str]
) -> Assessment:
    """Merge one section's answers (validated; nothing saved if any is invalid) into the draft."""
    framework = framework_for(assessment)
    checked = validate_answers(framework, answers, complete=False)
    merged = {key: value for key, value in assessment.answers.items() if key not in cleared} | checked
    assessment.answers = merged
    assessment.evidence = {**assessment.evidence, **{k: v for k, v in evidence.items() if v}}
    assessment.save(update_fields=["answers", "evidence", "updated_at"])
    return assessment


@transaction.atomic
def assessment_submit(assessment: Assessment, *, actor: User) -> AssessmentScores:
    """Score a complete assessment and close it; raises AnswerError listing what is missing."""
    framework = framework_for(assessment)
    answers = validate_answers(framework, assessment.answers, complete=True)
    scores = score_assessment(framework, answers)
    for field, value in stored_scores(scores).items():
        setattr(assessment, field, value)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit_record(
        assessment,
        action=Action.ASSESSMENT_SUBMITTED,
        actor=actor,
        from_state=Assessment.Status.DRAFT,
        to_state=Assessment.Status.SUBMITTED,
        comment=f"Overall score {assessment.overall_score} ({assessment.overall_band})",
    )
    publish(AssessmentSubmitted(actor_id=actor.pk, company_id=assessment.company_id, assessment_id=assessment.pk))
    return scores


@dataclass
class RescoreSummary:
    assessments: int = 0
    changed: int = 0
    failed: int = 0

    def line(self) -> str:
        unchanged = self.assessments - self.changed - self.failed
        return f"re-scored: {self.assessments}, changed: {self.changed}, unchanged: {unchanged}, failed: {self.failed}"


def assessments_rescore(
    *, framework_key: str | None = None, on_progress: Callable[[int, int], None] = lambda done, total: None
) -> RescoreSummary:
    """Re-score every submitted assessment with its own framework version, saving only scores that changed."""
    summary = RescoreSummary()
    frameworks = all_frameworks()
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
    if framework_key:
        submitted = submitted.filter(framework_key=framework_key)
    total = submitted.count()
    fields = ["dimension_scores", "overall_score", "overall_band", "updated_at"]
    last_pk = 0
    while True:
        batch = list(
            submitted.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "framework_key", "framework_version", "answers", *fields)[:RESCORE_BATCH]
        )
        if not batch:
            break
        changed = []
        for assessment in batch:
            summary.assessments += 1
            framework = frameworks.get(f"{assessment.framework_key}@{assessment.framework_version}")
            if framework is None:
                summary.failed += 1
                continue
            new = stored_scores(score_assessment(framework, assessment.answers))
            old = {
                "dimension_scores": assessment.dimension_scores,
                "overall_score": assessment.overall_score,
                "overall_band": assessment.overall_band,
            }
            if new != old:
                for field, value in new.items():
                    setattr(assessment, field, value)
                assessment.updated_at = timezone.now()  # bulk_update does not stamp it, and integrations sync by it
                changed.append(assessment)
        with transaction.atomic():
            Assessment.objects.bulk_update(changed, fields, batch_size=1000)
        summary.changed += len(changed)
        last_pk = batch[-1].pk
        on_progress(summary.assessments, total)
    return summary
