import datetime
import random
from typing import Any

import factory
from django.utils import timezone

from adopt.assessments.frameworks import Framework, framework
from adopt.assessments.models import Assessment
from adopt.assessments.scoring import score_assessment
from adopt.assessments.services import stored_scores
from adopt.companies.tests.factories import CompanyFactory


def answers_at(chosen: Framework, level: float, rng: random.Random | None = None) -> dict[str, Any]:
    """A complete, valid set of answers around a maturity `level` from 0 (none) to 1 (full)."""
    rng = rng or random.Random(0)  # noqa: S311 - test data

    def near(top: int) -> int:
        return max(0, min(top, round(level * top + rng.uniform(-1, 1))))

    answers: dict[str, Any] = {}
    for q in chosen.questions():
        if q.type == "single_choice":
            answers[q.key] = near(5)
        elif q.type == "checklist":
            ticked = [o.key for o in q.scored_options if rng.random() < level]
            answers[q.key] = sorted(ticked) or [next(o.key for o in q.options if o.exclusive)]
        elif q.type == "two_column_checklist":
            answers[q.key] = {
                i.key: ("done" if rng.random() < level else "planned" if rng.random() < 0.5 else "neither")
                for i in q.items
            }
        elif q.type == "rating_grid":
            answers[q.key] = {i.key: near(5) for i in q.items}
        elif q.type == "yes_partly_no_grid":
            answers[q.key] = {i.key: ["no", "partly", "yes"][near(2)] for i in q.items}
        elif q.type == "number":
            answers[q.key] = q.minimum + level * (q.maximum - q.minimum)
    return answers


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A submitted self-assessment with consistent answers and scores."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    class Params:
        level = 0.5

    company = factory.SubFactory(CompanyFactory)
    framework_key = "eu-dma"
    framework_version = 1
    status = Assessment.Status.SUBMITTED
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    answers = factory.LazyAttribute(lambda o: answers_at(framework(o.framework_key, o.framework_version), o.level))

    @factory.post_generation
    def _scores(obj, create, extracted, **kwargs):
        if obj.status == Assessment.Status.SUBMITTED:
            scores = stored_scores(score_assessment(framework(obj.framework_key, obj.framework_version), obj.answers))
            for field, value in scores.items():
                setattr(obj, field, value)
            if create:
                obj.save()
