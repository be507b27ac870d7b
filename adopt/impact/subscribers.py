"""What impact does when the domain changes: keep each company's milestones in step with their facts.

Subscribed at start-up (`ImpactConfig.ready`). Each subscriber works the milestones out again from the stored
facts, so hearing an event twice, late, or on a retry gives the same answer.
"""

from adopt.assessments.events import AssessmentSubmitted
from adopt.companies.events import CompanyMoved
from adopt.companies.models import Company
from adopt.core.events import subscribe
from adopt.funding.events import GrantPaid
from adopt.impact.services import refresh_milestones
from adopt.roadmaps.events import RoadmapAgreed
from adopt.support.events import SupportedRuleChanged, SupportRecorded


def milestones_refresh_for_company(
    event: SupportRecorded | AssessmentSubmitted | RoadmapAgreed | GrantPaid | CompanyMoved,
) -> None:
    refresh_milestones([event.company_id])


def milestones_refresh_for_programme(event: SupportedRuleChanged) -> None:
    refresh_milestones(Company.objects.filter(programme_id=event.programme_id).values_list("pk", flat=True))


def subscribe_all() -> None:
    subscribe(SupportRecorded, milestones_refresh_for_company)
    subscribe(AssessmentSubmitted, milestones_refresh_for_company)
    subscribe(RoadmapAgreed, milestones_refresh_for_company)
    subscribe(GrantPaid, milestones_refresh_for_company)
    subscribe(CompanyMoved, milestones_refresh_for_company)
    subscribe(SupportedRuleChanged, milestones_refresh_for_programme)
