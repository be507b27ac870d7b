from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from adopt.accounts.policies import can_use_admin
from adopt.companies.policies import can_list_companies
from adopt.dashboards.policies import can_see_caseload_board
from adopt.evaluation.policies import can_see_evaluation
from adopt.funding.policies import can_approve_board, can_list_funds, can_review_queue
from adopt.impact.policies import can_see_follow_ups, can_see_kpis, can_use_simulator
from adopt.onboarding.policies import can_see_leads
from adopt.programmes.policies import can_list_programmes
from adopt.support.policies import can_see_cohorts
from adopt.webhooks.policies import can_manage_webhooks


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


NAV_ITEMS = "_adopt_nav_items"


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    """The service navigation a user is allowed to follow, decided by the same policies as the pages.

    Worked out once per request: a page's panels are rendered with the request too, and each would ask again."""
    items: list[NavItem] | None = getattr(request, NAV_ITEMS, None)
    if items is None:
        items = _navigation_items(request)
        setattr(request, NAV_ITEMS, items)
    return {"nav_items": items}


def _navigation_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    candidates = [
        ("Home", reverse("dashboards:home"), True),
        ("Programmes", reverse("programmes:programme-list"), can_list_programmes(user)),
        ("Companies", reverse("companies:company-list"), can_list_companies(user)),
        ("Caseload", reverse("dashboards:caseload"), can_see_caseload_board(user)),
        ("Technologies", reverse("roadmaps:catalogue"), can_list_companies(user)),
        ("Enquiries", reverse("onboarding:enquiry-list"), can_see_leads(user)),
        ("Grants to review", reverse("funding:review-queue"), can_review_queue(user)),
        ("Approvals", reverse("funding:approval-board"), can_approve_board(user)),
        ("Funds", reverse("funding:fund-list"), can_list_funds(user)),
        ("KPIs", reverse("impact:kpis"), can_see_kpis(user)),
        ("Evaluation", reverse("evaluation:index"), can_see_evaluation(user)),
        ("Follow-ups", reverse("impact:follow-ups"), can_see_follow_ups(user)),
        ("Cohorts", reverse("support:cohorts"), can_see_cohorts(user)),
        ("Simulator", reverse("impact:simulator"), can_use_simulator(user)),
        ("Webhooks", reverse("webhooks:endpoint-list"), can_manage_webhooks(user)),
        ("Back office", reverse("admin:index"), can_use_admin(user)),
    ]
    path = request.path
    return [
        NavItem(label, url, path == url if url == "/" else path.startswith(url))
        for label, url, allowed in candidates
        if allowed
    ]
