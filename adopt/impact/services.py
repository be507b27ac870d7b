from typing import Any

from adopt.accounts.models import User
from adopt.funding.models import GrantApplication
from adopt.impact.checks import ReportFacts, report_problems
from adopt.impact.models import FollowUpReport


class ReportRefused(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in problems.items()))
        self.problems = problems


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
