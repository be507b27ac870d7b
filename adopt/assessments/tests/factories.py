import datetime

import factory
from django.utils import timezone

from adopt.assessments.frameworks import framework
from adopt.assessments.models import Assessment
from adopt.assessments.samples import answers_at
from adopt.assessments.scoring import score_assessment
from adopt.assessments.services import stored_scores
from adopt.companies.tests.factories import CompanyFactory


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
