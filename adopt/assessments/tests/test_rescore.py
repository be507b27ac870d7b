from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from adopt.assessments.tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def rescore(*args: str) -> str:
    out = StringIO()
    call_command("rescore", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_rescoring_unchanged_assessments_changes_nothing():
    AssessmentFactory.create_batch(3)
    assert rescore() == "re-scored: 3, changed: 0, unchanged: 3, failed: 0"


def test_rescoring_repairs_stored_scores_that_no_longer_match_the_answers():
    assessment = AssessmentFactory()
    right = assessment.overall_score
    assessment.overall_score = 1
    assessment.dimension_scores = {"strategy": 0}
    assessment.save()
    assert rescore("--framework", "eu-dma") == "re-scored: 1, changed: 1, unchanged: 0, failed: 0"
    assessment.refresh_from_db()
    assert assessment.overall_score == right


def test_an_unknown_framework_is_refused():
    with pytest.raises(CommandError, match="No framework is called 'nope'"):
        rescore("--framework", "nope")
