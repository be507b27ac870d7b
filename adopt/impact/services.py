from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from django.db import transaction

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.errors import DomainError
from adopt.funding.models import GrantApplication
from adopt.impact.checks import ReportFacts, report_problems
from adopt.impact.milestones import milestones_of
from adopt.impact.models import CompanyMilestones, FollowUpReport
from adopt.impact.selectors import milestone_facts

MILESTONE_BATCH = 5_000


class ReportRefused(DomainError, ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in problems.items()))
        self.problems = problems


@transaction.atomic
def follow_up_record(
    application: GrantApplication, months: int, facts: ReportFacts, *, actor: User, values: dict[str, Any]
) -> FollowUpReport:
    """Store a follow-up report after its checks; ReportRefused says which fields are wrong and why."""
    problems = report_problems(values, facts)
    if problems:
        raise ReportRefused(problems)
    report, _ = FollowUpReport.objects.update_or_create(
        application=application, months=months, defaults={**values, "reported_by": actor}
    )
    return report


def refresh_milestones(
    company_ids: Iterable[int] | None = None, *, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Work out again when these companies (all when None) reached each stage; returns how many were refreshed."""
    ids = sorted(set(company_ids)) if company_ids is not None else list(Company.objects.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), MILESTONE_BATCH):
        batch = ids[start : start + MILESTONE_BATCH]
        rows = []
        for company_id, facts in milestone_facts(batch):
            reached = milestones_of(facts)
            rows.append(CompanyMilestones(company_id=company_id, **asdict(reached)))
        with transaction.atomic():
            CompanyMilestones.objects.filter(company_id__in=batch).delete()
            CompanyMilestones.objects.bulk_create(rows, batch_size=2_000)
        done += len(batch)
        if on_progress:
            on_progress(done, len(ids))
    return done
