import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from adopt.accounts.requests import person_of
from adopt.companies.services import company_save
from adopt.core.paging import RememberedCountPaginator
from adopt.core.params import id_from
from adopt.dashboards.caseload import board_companies_in_order, page_rows
from adopt.dashboards.journey import STAGES
from adopt.dashboards.policies import (
    adviser_case_counts,
    board_companies,
    can_assign,
    can_see_caseload_board,
    reassignable_advisers,
    reassignable_companies,
)
from adopt.dashboards.selectors import dashboard_for


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public landing page for visitors; each signed-in user's own dashboard."""
    if not request.user.is_authenticated:
        return render(request, "dashboards/landing.html")
    return render(request, "dashboards/home.html", {"dashboard": dashboard_for(request.user)})


CASES_PER_PAGE = 50


@login_required
def caseload_board(request: HttpRequest) -> HttpResponse:
    """An adviser's companies by stage with what each needs next; a manager sees every adviser's."""
    if not can_see_caseload_board(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _reassign(request)
    companies = board_companies(request.user)
    adviser = request.GET.get("adviser", "")
    if id_from(adviser):
        companies = companies.filter(adviser_id=id_from(adviser))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        companies = companies.filter(name__icontains=query)
    due = request.GET.get("due", "")
    today = timezone.localdate()
    if due == "overdue":
        companies = companies.filter(next_action_due__lt=today)
    elif due == "week":
        companies = companies.filter(next_action_due__lt=today + datetime.timedelta(days=7))
    stage = request.GET.get("stage", "")
    sort = request.GET.get("sort", "name")
    ordered = board_companies_in_order(companies, stage=stage, sort=sort)
    # Only ids go through the sort, which may weigh every company; `page_rows` reads the page's rows whole.
    ids = ordered.values_list("pk", flat=True)
    page = RememberedCountPaginator(ids, CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": page_rows(list(page.object_list)),
        "stages": STAGES,
        "stage": stage,
        "sort": sort,
        "query": query,
        "adviser": adviser,
        "due": due,
        "today": today,
        "counts": adviser_case_counts(request.user),
        "advisers": reassignable_advisers(request.user),
        "querystring": urlencode(
            {k: v for k, v in {"q": query, "stage": stage, "sort": sort, "adviser": adviser, "due": due}.items() if v}
        ),
    }
    return render(request, "dashboards/caseload.html", context)


def _posted_id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return id_from(value)


def _reassign(request: HttpRequest) -> HttpResponse:
    company = get_object_or_404(reassignable_companies(request.user), pk=_posted_id(request, "company"))
    new_adviser = reassignable_advisers(request.user).filter(pk=_posted_id(request, "adviser")).first()
    if new_adviser is None or not can_assign(request.user, company, new_adviser):
        messages.error(request, "Choose an adviser who works in the company's programme.")
    else:
        company_save(company, changes={"adviser": new_adviser}, actor=person_of(request))
        messages.success(request, f"{company.name} is now on {new_adviser.full_name}'s caseload.")
    return redirect(f"{reverse('dashboards:caseload')}?{_board_query(request.POST.get('querystring', ''))}")


BOARD_FILTERS = ("q", "stage", "sort", "adviser", "due", "page")


def _board_query(posted: str) -> str:
    """Back to the same view of the board: only its own filters, each kept short, whatever was posted."""
    given = QueryDict(posted[:2000])
    return urlencode({key: given[key][:100] for key in BOARD_FILTERS if given.get(key)})
