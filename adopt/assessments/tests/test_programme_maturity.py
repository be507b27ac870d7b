from statistics import quantiles

import pytest

from adopt.assessments.frameworks import framework
from adopt.assessments.models import Assessment
from adopt.assessments.selectors import programme_maturity
from adopt.assessments.tests.factories import AssessmentFactory
from adopt.companies.tests.factories import CompanyFactory
from adopt.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_each_dimension_has_its_own_spread_from_its_own_scores():
    chosen = framework("eu-dma")
    programme = ProgrammeFactory()
    keys = [dimension.key for dimension in chosen.dimensions]
    # Company n scores 10 × n in the first dimension, 100 − 10 × n in the second, 50 in every other.
    for n in range(1, 8):
        scores = dict.fromkeys(keys, 50.0)
        scores[keys[0]], scores[keys[1]] = 10.0 * n, 100.0 - 10.0 * n
        assessment = AssessmentFactory(company=CompanyFactory(programme=programme))
        Assessment.objects.filter(pk=assessment.pk).update(dimension_scores=scores)
    spread = {row.key: row for row in programme_maturity(programme.pk, chosen).spread}
    first, second, other = spread[keys[0]], spread[keys[1]], spread[keys[2]]
    expected = quantiles([10.0 * n for n in range(1, 8)], n=4, method="inclusive")
    assert (first.lower_quartile, first.median, first.upper_quartile) == tuple(expected)
    assert (second.lower_quartile, second.median, second.upper_quartile) == (100 - expected[2], 60, 100 - expected[0])
    assert (other.lower_quartile, other.median, other.upper_quartile) == (50, 50, 50)
    assert len({(row.lower_quartile, row.median, row.upper_quartile) for row in spread.values()}) == 3
