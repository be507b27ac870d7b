"""Access to assessments: through the company. Members take self-assessments; programme staff run diagnostics."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser
from adopt.assessments.frameworks import Framework
from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.companies.policies import can_change_company, is_staff_for, visible_companies


def visible_assessments(user: AnyUser) -> QuerySet[Assessment]:
    return Assessment.objects.filter(company__in=visible_companies(user))


def can_start(user: AnyUser, company: Company, framework: Framework) -> bool:
    """Anyone who may change the company may start its self-assessment; only programme staff run a diagnostic."""
    if not can_change_company(user, company):
        return False
    return framework.mode == "self" or is_staff_for(user, company)


def can_answer(user: AnyUser, assessment: Assessment, framework: Framework) -> bool:
    return assessment.status == Assessment.Status.DRAFT and can_start(user, assessment.company, framework)
