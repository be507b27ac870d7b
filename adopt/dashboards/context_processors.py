from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from adopt.accounts.policies import AnyUser, can_use_admin
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


# Each link: its label, its URL's name, and the policy that lets a user follow it.
LINKS: list[tuple[str, str, Callable[[AnyUser], bool]]] = [
    ("Home", "dashboards:home", lambda user: True),
    ("Programmes", "programmes:programme-list", can_list_programmes),
    ("Companies", "companies:company-list", can_list_companies),
    ("Caseload", "dashboards:caseload", can_see_caseload_board),
    ("Technologies", "roadmaps:catalogue", can_list_companies),
    ("Enquiries", "onboarding:enquiry-list", can_see_leads),
    ("Grants to review", "funding:review-queue", can_review_queue),
    ("Approvals", "funding:approval-board", can_approve_board),
    ("Funds", "funding:fund-list", can_list_funds),
    ("KPIs", "impact:kpis", can_see_kpis),
    ("Evaluation", "evaluation:index", can_see_evaluation),
    ("Follow-ups", "impact:follow-ups", can_see_follow_ups),
    ("Cohorts", "support:cohorts", can_see_cohorts),
    ("Simulator", "impact:simulator", can_use_simulator),
    ("Webhooks", "webhooks:endpoint-list", can_manage_webhooks),
    ("Back office", "admin:index", can_use_admin),
]


@lru_cache(maxsize=8)
def _link_urls(script_prefix: str) -> tuple[str, ...]:
    """The links' URLs, reversed once per process (and per prefix the service is mounted under)."""
    return tuple(reverse(name) for _, name, _ in LINKS)


def _navigation_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    urls = _link_urls(get_script_prefix())
    candidates = [(label, url, allowed(user)) for (label, _, allowed), url in zip(LINKS, urls, strict=True)]
    path = request.path
    return [
        NavItem(label, url, path == url if url == "/" else path.startswith(url))
        for label, url, allowed in candidates
        if allowed
    ]
