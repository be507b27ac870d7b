"""Who may see and change roadmaps: the company's members see theirs; programme staff plan and edit them."""

from adopt.accounts.policies import AnyUser, is_national_admin
from adopt.companies.models import Company
from adopt.companies.policies import can_see_company, is_staff_for


def can_view_roadmap(user: AnyUser, company: Company) -> bool:
    return can_see_company(user, company)


def can_plan_roadmap(user: AnyUser, company: Company) -> bool:
    """Planning, pins, exclusions and budgets are the adviser's (or a manager's) work with the company."""
    return is_staff_for(user, company)


def can_update_progress(user: AnyUser, company: Company) -> bool:
    """The company moves its items along (planned, in progress, done); so may its adviser."""
    return can_view_roadmap(user, company)


def can_agree_roadmap(user: AnyUser, company: Company) -> bool:
    return can_view_roadmap(user, company)


def can_publish_catalogue(user: AnyUser) -> bool:
    """New catalogue versions, and re-planning every roadmap with them: national administrators."""
    return is_national_admin(user)
