"""What each role's home page shows, gathered in one place so the view stays a thin shell."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator, is_signed_in
from adopt.companies.models import Company
from adopt.companies.policies import caseload, staff_programme_ids, visible_companies
from adopt.core.paging import remembered_count
from adopt.dashboards.caseload import owner_next_steps
from adopt.dashboards.figures import (
    AdviserWeek,
    ManagerFigures,
    ProgrammeRow,
    adviser_week,
    manager_figures,
    programmes_side_by_side,
)
from adopt.funding.models import GrantApplication
from adopt.funding.policies import approvable_applications, can_approve_board, reviewable_applications
from adopt.funding.workflow import AWAITING_DECISION, AWAITING_PAYMENT
from adopt.onboarding.models import Enquiry, MembershipRequest
from adopt.onboarding.policies import can_see_leads, decidable_requests, visible_enquiries
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import programme_ids_where, visible_programmes
from adopt.programmes.selectors import programmes_with_counts
from adopt.support.models import Booking
from adopt.support.selectors import upcoming_bookings_of_companies

CASELOAD_PREVIEW = 10
Status = GrantApplication.Status


@dataclass(frozen=True)
class Waiting:
    """Work waiting for someone, counted: what it is, how many, and where to do it."""

    label: str
    count: int
    url: str
    urgent: int = 0  # how many of them are overdue


@dataclass
class Dashboard:
    """The sections of a user's home page; a person with several roles sees each role's section."""

    roles: list[str] = field(default_factory=list)
    my_companies: QuerySet[Company] | None = None
    next_steps: list[tuple[Company, str]] = field(default_factory=list)
    caseload: QuerySet[Company] | None = None
    caseload_count: int = 0
    managed_programmes: QuerySet[Programme] | None = None
    all_programmes: QuerySet[Programme] | None = None
    evaluated_programmes: QuerySet[Programme] | None = None
    waiting: list[Waiting] = field(default_factory=list)
    visits: list[Booking] = field(default_factory=list)
    side_by_side: list[ProgrammeRow] = field(default_factory=list)
    side_by_side_total: ProgrammeRow | None = None
    managed: list[ManagerFigures] = field(default_factory=list)
    week: AdviserWeek | None = None


def dashboard_for(user: AnyUser) -> Dashboard:
    dashboard = Dashboard()
    if not is_signed_in(user) or not isinstance(user, User):
        return dashboard
    if is_national_admin(user):
        dashboard.roles.append("National administrator")
        dashboard.all_programmes = programmes_with_counts(Programme.objects.all())
        dashboard.side_by_side, dashboard.side_by_side_total = programmes_side_by_side(
            list(Programme.objects.order_by("name")), timezone.localdate()
        )
    if is_national_evaluator(user) or bool(programme_ids_where(user, ProgrammeStaff.Role.EVALUATOR)):
        dashboard.roles.append("Evaluator")
        dashboard.evaluated_programmes = programmes_with_counts(visible_programmes(user))
    managed = programme_ids_where(user, ProgrammeStaff.Role.MANAGER)
    if managed:
        dashboard.roles.append("Programme manager")
        dashboard.managed_programmes = programmes_with_counts(Programme.objects.filter(pk__in=managed))
        dashboard.managed = [
            manager_figures(programme, timezone.now(), settings.ENQUIRY_RESPONSE_HOURS)
            for programme in Programme.objects.filter(pk__in=managed).order_by("name")
        ]
    if bool(programme_ids_where(user, ProgrammeStaff.Role.ADVISER)):
        dashboard.roles.append("Technology adviser")
        assigned = caseload(user)
        dashboard.caseload_count = assigned.count()
        dashboard.caseload = assigned.select_related("programme", "adviser").order_by("name")[:CASELOAD_PREVIEW]
        dashboard.week = adviser_week(user, timezone.now())
    if can_see_leads(user):
        dashboard.waiting = work_waiting(user)
    member_of = visible_companies(user).filter(memberships__user=user)
    if member_of.exists():
        dashboard.roles.append("Company member")
        dashboard.my_companies = member_of.select_related("programme", "adviser").order_by("name")
        dashboard.next_steps = owner_next_steps(dashboard.my_companies)
        company_ids = list(dashboard.my_companies.values_list("pk", flat=True))
        dashboard.visits += [
            visit
            for visit in upcoming_bookings_of_companies(company_ids, timezone.now())
            if visit not in dashboard.visits
        ]
    return dashboard


def work_waiting(user: User) -> list[Waiting]:
    """What the programme's staff have to act on now, in the programmes they work on; a count query each."""
    now = timezone.now()
    leads = visible_enquiries(user).exclude(status__in=[Enquiry.Status.CONVERTED, Enquiry.Status.CLOSED])
    overdue = leads.filter(
        status=Enquiry.Status.NEW, created_at__lt=now - datetime.timedelta(hours=settings.ENQUIRY_RESPONSE_HOURS)
    )
    found = [
        Waiting("Enquiries to work", leads.count(), reverse("onboarding:enquiry-list"), overdue.count()),
        Waiting(
            "Requests to act for a company",
            decidable_requests(user).filter(status=MembershipRequest.Status.PENDING).count(),
            reverse("onboarding:membership-requests"),
        ),
        Waiting(
            "Applications to review",
            reviewable_applications(user).filter(status__in=[Status.SUBMITTED, Status.IN_REVIEW]).count(),
            reverse("funding:review-queue"),
        ),
    ]
    if can_approve_board(user):
        to_decide = approvable_applications(user)
        found += [
            Waiting(
                "Grants to decide",
                to_decide.filter(status=AWAITING_DECISION).count(),
                reverse("funding:approval-board"),
            ),
            Waiting(
                "Claims to pay", to_decide.filter(status=AWAITING_PAYMENT).count(), reverse("funding:approval-board")
            ),
        ]
        staffed = staff_programme_ids(user)
        unassigned = Company.objects.filter(adviser__isnull=True)
        if staffed is not None:
            unassigned = unassigned.filter(programme_id__in=staffed)
        found.append(
            Waiting(
                "Companies with no adviser",
                remembered_count(unassigned),
                reverse("companies:company-list") + "?adviser=none",
            )
        )
    return found
