from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.requests import person_of
from adopt.companies.policies import visible_companies
from adopt.funding import selectors
from adopt.funding.forms import ApplicationForm, ClaimForm, CostForm, DocumentForm, MoveForm, ReviewForm
from adopt.funding.models import GrantApplication, Scheme
from adopt.funding.policies import (
    approvable_applications,
    can_act_as,
    can_apply_for,
    can_approve_board,
    can_list_funds,
    can_review_queue,
    exportable_funds,
    reviewable_applications,
    visible_applications,
    visible_funds,
    visible_reviews,
)
from adopt.funding.services import (
    FundingError,
    application_create,
    application_transition,
    claim_submit,
    cost_add,
    document_add,
    review_add,
)
from adopt.funding.workflow import (
    AWAITING_DECISION,
    AWAITING_PAYMENT,
    CHECKS_SHOWN,
    COSTS_EDITABLE,
    NEXT_STEPS,
    TAKES_CLAIMS,
    TAKES_REVIEWS,
    Actor,
    allowed_moves,
)


def _errors(form: Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
def application_new(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if not can_apply_for(request.user, company.pk, company.programme_id):
        raise PermissionDenied
    schemes = Scheme.objects.filter(fund__programme_id=company.programme_id, is_open=True)
    # A roadmap item's "apply for a grant" link fills in the project it is for.
    initial = {key: request.GET[key][:200] for key in ("title", "project_key", "description") if key in request.GET}
    form = ApplicationForm(request.POST if request.method == "POST" else None, schemes=schemes, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "scheme"}
        application = application_create(
            company=company, scheme=form.cleaned_data["scheme"], actor=person_of(request), **fields
        )
        messages.success(request, "The application is saved as a draft. Add its costs and evidence next.")
        return redirect("funding:application-detail", pk=application.pk)
    return render(request, "funding/application_form.html", {"form": form, "company": company, "schemes": schemes})


@require_safe
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(visible_applications(request.user).select_related("company", "scheme__fund"), pk=pk)
    moves = [
        (to, move.label)
        for to, move in allowed_moves(application.status)
        if can_act_as(request.user, application, move.actor)
    ]
    applicant = can_act_as(request.user, application, Actor.APPLICANT)
    reviewer = can_act_as(request.user, application, Actor.REVIEWER)
    context = {
        "application": application,
        "calculation": selectors.grant_calculation(application),
        "checks": selectors.checks_for(application) if application.status in CHECKS_SHOWN else None,
        "next_step": NEXT_STEPS.get(application.status, ""),
        "moves": moves,
        "timeline": selectors.application_timeline(application, for_staff=reviewer),
        "reviews": visible_reviews(request.user, application),
        "reviewer_view": reviewer,
        "cost_form": CostForm() if applicant and application.status in COSTS_EDITABLE else None,
        "document_form": DocumentForm() if applicant else None,
        "review_form": ReviewForm(scheme=application.scheme)
        if reviewer and application.status in TAKES_REVIEWS
        else None,
        "claim_form": ClaimForm() if applicant and application.status in TAKES_CLAIMS else None,
    }
    return render(request, "funding/application_detail.html", context)


def _applicant_application(request: HttpRequest, pk: int, actor: Actor = Actor.APPLICANT) -> GrantApplication:
    application = get_object_or_404(visible_applications(request.user).select_related("company", "scheme"), pk=pk)
    if not can_act_as(request.user, application, actor):
        raise PermissionDenied
    return application


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That action is not one this application offers.")
        return redirect("funding:application-detail", pk=pk)
    try:
        application_transition(
            application.pk, form.cleaned_data["to"], actor=person_of(request), comment=form.cleaned_data["comment"]
        )
    except FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Done: the application's timeline shows the step.")
    return redirect("funding:application-detail", pk=pk)


def _submit(
    request: HttpRequest, pk: int, form: Form, action: Callable[[dict[str, Any]], object], done: str
) -> HttpResponse:
    """Run one form's action on an application; any refusal is shown on the application's page."""
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            action(form.cleaned_data)
        except FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
    return redirect("funding:application-detail", pk=pk)


@login_required
@require_POST
def application_cost(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    actor = person_of(request)
    return _submit(
        request,
        pk,
        CostForm(request.POST),
        lambda data: cost_add(application, actor=actor, **data),
        "The cost is added.",
    )


@login_required
@require_POST
def application_document(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    actor = person_of(request)
    return _submit(
        request,
        pk,
        DocumentForm(request.POST, request.FILES),
        lambda data: document_add(application, actor=actor, kind=data["kind"], upload=data["file"]),
        "The file is attached.",
    )


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk, Actor.REVIEWER)
    reviewer = person_of(request)
    form = ReviewForm(request.POST, scheme=application.scheme)
    return _submit(
        request,
        pk,
        form,
        lambda data: review_add(
            application, reviewer=reviewer, scores=form.scores(), comment=data["comment"], visibility=data["visibility"]
        ),
        "The review is recorded.",
    )


@login_required
@require_POST
def application_claim(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    actor = person_of(request)
    return _submit(
        request,
        pk,
        ClaimForm(request.POST, request.FILES),
        lambda data: claim_submit(
            application,
            actor=actor,
            amount=data["amount"],
            invoice_date=data["invoice_date"],
            invoice=data["invoice"],
            proof=data["proof"],
        ),
        "The claim is submitted.",
    )


@require_safe
@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)


@require_safe
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not can_review_queue(request.user):
        raise PermissionDenied
    applications = selectors.applications_for(
        reviewable_applications(request.user), ["submitted", "in_review", "claimed"]
    )
    return render(request, "funding/review_queue.html", {"applications": applications})


@require_safe
@login_required
def approval_board(request: HttpRequest) -> HttpResponse:
    if not can_approve_board(request.user):
        raise PermissionDenied
    applications = list(
        selectors.applications_for(approvable_applications(request.user), [AWAITING_DECISION, AWAITING_PAYMENT])
    )
    to_decide = [a for a in applications if a.status == AWAITING_DECISION]
    checks = selectors.checks_for_many(to_decide)
    rows = [(a, checks[a.pk]) for a in to_decide]
    payments = [a for a in applications if a.status == AWAITING_PAYMENT]
    return render(request, "funding/approval_board.html", {"rows": rows, "payments": payments})


@require_safe
@login_required
def fund_list(request: HttpRequest) -> HttpResponse:
    if not can_list_funds(request.user):
        raise PermissionDenied
    funds = visible_funds(request.user).select_related("programme")
    return render(request, "funding/fund_list.html", {"summaries": selectors.fund_summaries(list(funds))})


@require_safe
@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(visible_funds(request.user).select_related("programme"), pk=pk)
    context = {
        "summary": selectors.fund_summary(fund),
        "can_export": exportable_funds(request.user).filter(pk=pk).exists(),
    }
    return render(request, "funding/fund_detail.html", context)
