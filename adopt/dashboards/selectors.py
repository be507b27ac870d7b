"""What each role's home page shows, gathered in one place so the view stays a thin shell."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator, is_signed_in
from adopt.companies.models import Company
from adopt.companies.policies import caseload, visible_companies
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import programme_ids_where, visible_programmes
from adopt.programmes.selectors import programmes_with_counts

CASELOAD_PREVIEW = 10


@dataclass
class Dashboard:
    """The sections of a user's home page; a person with several roles sees each role's section."""

    roles: list[str] = field(default_factory=list)
    my_companies: QuerySet[Company] | None = None
    caseload: QuerySet[Company] | None = None
    caseload_count: int = 0
    managed_programmes: QuerySet[Programme] | None = None
    all_programmes: QuerySet[Programme] | None = None
    evaluated_programmes: QuerySet[Programme] | None = None


def dashboard_for(user: AnyUser) -> Dashboard:
    dashboard = Dashboard()
    if not is_signed_in(user) or not isinstance(user, User):
        return dashboard
    if is_national_admin(user):
        dashboard.roles.append("National administrator")
        dashboard.all_programmes = programmes_with_counts(Programme.objects.all())
    if is_national_evaluator(user) or programme_ids_where(user, ProgrammeStaff.Role.EVALUATOR).exists():
        dashboard.roles.append("Evaluator")
        dashboard.evaluated_programmes = programmes_with_counts(visible_programmes(user))
    managed = programme_ids_where(user, ProgrammeStaff.Role.MANAGER)
    if managed.exists():
        dashboard.roles.append("Programme manager")
        dashboard.managed_programmes = programmes_with_counts(Programme.objects.filter(pk__in=managed))
    if programme_ids_where(user, ProgrammeStaff.Role.ADVISER).exists():
        dashboard.roles.append("Technology adviser")
        assigned = caseload(user)
        dashboard.caseload_count = assigned.count()
        dashboard.caseload = assigned.select_related("programme", "adviser").order_by("name")[:CASELOAD_PREVIEW]
    member_of = visible_companies(user).filter(memberships__user=user)
    if member_of.exists():
        dashboard.roles.append("Company member")
        dashboard.my_companies = member_of.select_related("programme", "adviser").order_by("name")
    return dashboard
