"""Every refusal a service raises shares one base, so pages and the API can answer any of them the same way."""

import pytest

from adopt.accounts.second_factor import NewAppRefused
from adopt.assessments.scoring import AnswerError
from adopt.companies.numbers import InvalidCompanyNumber
from adopt.core.errors import DomainError
from adopt.core.uploads import UploadRefused
from adopt.funding.services import FundingError
from adopt.impact.services import ReportRefused
from adopt.impact.simulator import AssumptionError
from adopt.onboarding.services import ClaimRefused
from adopt.onboarding.tokens import LinkError
from adopt.roadmaps.plans import PlanningError
from adopt.roadmaps.services import RoadmapError
from adopt.support.services import CohortRefused, SupportError

REFUSALS = [
    NewAppRefused,
    AnswerError,
    InvalidCompanyNumber,
    UploadRefused,
    FundingError,
    ReportRefused,
    AssumptionError,
    ClaimRefused,
    LinkError,
    PlanningError,
    RoadmapError,
    CohortRefused,
    SupportError,
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda refusal: refusal.__name__)
def test_every_refusal_is_a_domain_error(refusal):
    assert issubclass(refusal, DomainError)
