from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.requests import person_of
from adopt.companies.policies import visible_companies
from adopt.core.financial_years import financial_year_label
from adopt.core.limits import client_address
from adopt.core.params import id_from
from adopt.funding import selectors
from adopt.funding.declarations import current_declarations
from adopt.funding.forms import (
    AcceptanceForm,
    ApplicationForm,
    ClaimForm,
    CostForm,
    DeclarationsForm,
    DocumentForm,
    MoveForm,
    RecoveryForm,
    ReviewForm,
    SubsidyConfirmationForm,
    VariationForm,
)
from adopt.funding.letters import mfa_confirmation_pdf, offer_letter_pdf
from adopt.funding.models import GrantApplication, PaymentRun, Scheme
from adopt.funding.offers import Signature, current_notice, current_offer, offer_conditions
from adopt.funding.policies import (
    approvable_applications,
    can_act_as,
    can_apply_for,
    can_approve_board,
    can_list_funds,
    can_review_queue,
    can_set_up_funds,
    can_sign_for,
    exportable_funds,
    reviewable_applications,
    visible_applications,
    visible_funds,
    visible_reviews,
)
from adopt.funding.reconciliation import reconcile
from adopt.funding.rules import Outcome
from adopt.funding.services import (
    FundingError,
    application_create,
    application_transition,
    application_update,
    claim_submit,
    cost_add,
    cost_remove,
    cost_update,
    document_add,
    offer_vary,
    payment_recover,
    payment_run_create,
    payment_run_pay,
    payment_run_remove,
    review_add,
    subsidy_confirm,
)
from adopt.funding.workflow import (
    AWAITING_DECISION,
    AWAITING_PAYMENT,
    CHECKS_SHOWN,
    COSTS_EDITABLE,
    NEXT_STEPS,
    OWN_PAGE_MOVES,
    TAKES_CLAIMS,
    TAKES_REVIEWS,
    VARIABLE,
    Actor,
    allowed_moves,
)

Status = GrantApplication.Status


def _errors(form: Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
def application_new(request: HttpRequest, company_pk: int) -> HttpResponse:
    """Choose a scheme, seeing its rules and documents up front, then answer only that scheme's questions."""
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if not can_apply_for(request.user, company.pk, company.programme_id):
        raise PermissionDenied
    schemes = list(Scheme.objects.filter(fund__programme_id=company.programme_id, is_open=True).select_related("fund"))
    chosen_id = id_from(request.POST.get("scheme") or request.GET.get("scheme"))
    scheme = next((s for s in schemes if s.pk == chosen_id), schemes[0] if len(schemes) == 1 else None)
    # A roadmap item's "apply for a grant" link fills in the project it is for.
    initial = {key: request.GET[key][:200] for key in ("title", "project_key", "description") if key in request.GET}
    if scheme is None:
        context = {
            "company": company,
            "schemes": [(s, selectors.scheme_summary(s)) for s in schemes],
            "initial": initial,
        }
        return render(request, "funding/application_choose_scheme.html", context)
    form = ApplicationForm(request.POST if request.method == "POST" else None, scheme=scheme, initial=initial)
    if request.method == "POST" and form.is_valid():
        application = application_create(company=company, scheme=scheme, actor=person_of(request), **form.cleaned_data)
        messages.success(request, "The application is saved as a draft. Add its costs and evidence next.")
        return redirect("funding:application-detail", pk=application.pk)
    context = {"form": form, "company": company, "scheme": scheme, "rules": selectors.scheme_summary(scheme)}
    return render(request, "funding/application_form.html", context)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    if application.status not in COSTS_EDITABLE:
        messages.error(request, "The application can only change while it is a draft or returned for changes.")
        return redirect("funding:application-detail", pk=pk)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=GrantApplication.objects.get(pk=pk), scheme=application.scheme)
    if request.method == "POST" and form.is_valid():
        try:
            application_update(application, actor=person_of(request), **form.cleaned_data)
        except FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your answers are saved.")
            return redirect(_back_to(request, application))
    context = {
        "form": form,
        "company": application.company,
        "scheme": application.scheme,
        "rules": selectors.scheme_summary(application.scheme),
        "application": application,
    }
    return render(request, "funding/application_form.html", context)


def _back_to(request: HttpRequest, application: GrantApplication) -> str:
    """Back to the check-your-answers page when the change was made from it, else to the application."""
    if request.GET.get("from") == "check":
        return reverse("funding:application-check", kwargs={"pk": application.pk})
    return reverse("funding:application-detail", kwargs={"pk": application.pk})


@require_safe
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(visible_applications(request.user).select_related("company", "scheme__fund"), pk=pk)
    moves = [
        (to, move.label)
        for to, move in allowed_moves(application.status)
        if can_act_as(request.user, application, move.actor) and (application.status, to) not in OWN_PAGE_MOVES
    ]
    applicant = can_act_as(request.user, application, Actor.APPLICANT)
    reviewer = can_act_as(request.user, application, Actor.REVIEWER)
    editable = applicant and application.status in COSTS_EDITABLE
    offer = current_offer(application)
    deadline_passed = offer is not None and timezone.localdate() > offer.claim_deadline
    context = {
        "application": application,
        "calculation": selectors.grant_calculation(application),
        "checks": selectors.checks_for(application) if application.status in CHECKS_SHOWN else None,
        "next_step": NEXT_STEPS.get(application.status, ""),
        "moves": moves,
        "timeline": selectors.application_timeline(application, for_staff=reviewer),
        "reviews": visible_reviews(request.user, application),
        "reviewer_view": reviewer,
        "editable": editable,
        "cost_form": CostForm(scheme=application.scheme) if editable else None,
        "offer": offer,
        "claims_closed": deadline_passed and applicant and application.status in TAKES_CLAIMS,
        "can_sign": can_sign_for(request.user, application),
        "notice": current_notice(application),
        "can_vary": application.status in VARIABLE and can_act_as(request.user, application, Actor.APPROVER),
        "can_recover": application.paid > 0 and can_act_as(request.user, application, Actor.APPROVER),
        "rules": selectors.scheme_summary(application.scheme),
        "document_form": DocumentForm() if applicant else None,
        "review_form": ReviewForm(scheme=application.scheme)
        if reviewer and application.status in TAKES_REVIEWS
        else None,
        "claim_form": ClaimForm() if applicant and application.status in TAKES_CLAIMS and not deadline_passed else None,
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
    if (application.status, form.cleaned_data["to"]) in OWN_PAGE_MOVES:
        messages.error(request, OWN_PAGE_MOVES[application.status, form.cleaned_data["to"]])
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
        CostForm(request.POST, scheme=application.scheme),
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
    can_export = exportable_funds(request.user).filter(pk=pk).exists()
    context = {
        "summary": selectors.fund_summary(fund),
        "can_export": can_export,
        "runs": selectors.payment_runs(fund) if can_export else [],
        "waiting": selectors.claims_waiting_for_a_run(fund) if can_export else None,
        "reconciliation": reconcile([fund.pk]) if can_export else None,
        "schemes": fund.schemes.order_by("name"),
        "can_set_up": can_set_up_funds(request.user, fund.programme_id),
    }
    return render(request, "funding/fund_detail.html", context)


@login_required
@require_POST
def payment_run_new(request: HttpRequest, pk: int) -> HttpResponse:
    fund = get_object_or_404(exportable_funds(request.user), pk=pk)
    try:
        run = payment_run_create(fund, actor=person_of(request))
    except FundingError as error:
        messages.error(request, str(error))
        return redirect("funding:fund-detail", pk=pk)
    messages.success(
        request, f"{run.reference} holds every approved claim. Send finance its file, then record it paid."
    )
    return redirect("funding:payment-run", pk=run.pk)


@login_required
def payment_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(
        PaymentRun.objects.filter(fund__in=exportable_funds(request.user)).select_related("fund", "paid_by"), pk=pk
    )
    if request.method == "POST":
        try:
            payment_run_pay(run.pk, actor=person_of(request))
        except FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{run.reference} is recorded as paid; each company has its remittance advice.")
        return redirect("funding:payment-run", pk=pk)
    claims = list(run.claims.select_related("application__company").order_by("pk"))
    total = sum((claim.amount for claim in claims), Decimal("0"))
    return render(request, "funding/payment_run.html", {"run": run, "claims": claims, "total": total})


@login_required
@require_POST
def payment_run_take_out(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    run = get_object_or_404(PaymentRun.objects.filter(fund__in=exportable_funds(request.user)), pk=pk)
    try:
        claim = payment_run_remove(run.pk, claim_pk, actor=person_of(request))
    except FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"The claim on APP-{claim.application_id:06d} is out of the run; it waits for the next."
        )
    return redirect("funding:payment-run", pk=pk)


@login_required
def application_recovery(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk, Actor.APPROVER)
    form = RecoveryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            payment_recover(application.pk, actor=person_of(request), **form.cleaned_data)
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The recovery is recorded against the ledger.")
            return redirect("funding:application-detail", pk=pk)
    context = {"application": application, "form": form, "recoveries": application.recoveries.all()}
    return render(request, "funding/recovery.html", context)


@login_required
def cost_edit(request: HttpRequest, pk: int, cost_pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    cost = get_object_or_404(application.costs, pk=cost_pk)
    if application.status not in COSTS_EDITABLE:
        messages.error(request, "Costs can only change while the application is a draft or returned for changes.")
        return redirect("funding:application-detail", pk=pk)
    initial = {"description": cost.description, "cost_type": cost.cost_type, "supplier": cost.supplier}
    initial["amount"] = cost.amount
    form = CostForm(request.POST if request.method == "POST" else None, scheme=application.scheme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cost_update(application, cost.pk, actor=person_of(request), **form.cleaned_data)
        except FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The cost is changed.")
            return redirect(_back_to(request, application))
    return render(request, "funding/cost_form.html", {"form": form, "application": application, "cost": cost})


@login_required
@require_POST
def cost_delete(request: HttpRequest, pk: int, cost_pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    try:
        cost_remove(application, cost_pk, actor=person_of(request))
    except FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The cost is removed.")
    return redirect(_back_to(request, application))


@login_required
def application_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers: every answer with a link to change it, the checks, then the declarations and submit."""
    application = _applicant_application(request, pk)
    if application.status not in COSTS_EDITABLE:
        messages.error(request, "The application has been submitted.")
        return redirect("funding:application-detail", pk=pk)
    declarations = current_declarations()
    form = DeclarationsForm(request.POST if request.method == "POST" else None, declarations=declarations)
    checks = selectors.checks_for(application)
    if request.method == "POST" and form.is_valid():
        try:
            application_transition(application.pk, Status.SUBMITTED, actor=person_of(request), declared=form.declared())
        except FundingError as error:
            messages.error(request, str(error))
        else:
            return redirect("funding:application-submitted", pk=pk)
    context = {
        "application": application,
        "form": form,
        "fields": _answers(application),
        "calculation": selectors.grant_calculation(application),
        "checks": checks,
        "failing": [check for check in checks if check.outcome is Outcome.FAIL],
        "declarations": declarations,
    }
    return render(request, "funding/application_check.html", context)


def _answers(application: GrantApplication) -> list[tuple[str, str, str]]:
    """(question, answer, field id) for each of the scheme's questions, as the form asks them."""
    form = ApplicationForm(instance=application, scheme=application.scheme)
    rows = []
    for name, field in form.fields.items():
        value = getattr(application, name)
        if name == "financial_year":
            value = financial_year_label(value)
        rows.append((str(field.label), str(value) if value not in ("", None) else "Not given", f"id_{name}"))
    return rows


@require_safe
@login_required
def application_submitted(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(visible_applications(request.user).select_related("company", "scheme"), pk=pk)
    return render(request, "funding/application_submitted.html", {"application": application})


@login_required
def subsidy_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    """The section 37 notice, and the business's written confirmation of its headroom."""
    application = _applicant_application(request, pk)
    notice = current_notice(application)
    if notice is None:
        raise Http404("There is no subsidy notice on this application.")
    # What Adopt knows is filled in: the person's name (WCAG 2.2, 3.3.7).
    known = {"name": person_of(request).get_full_name()}
    form = SubsidyConfirmationForm(request.POST if request.method == "POST" else None, initial=known)
    if request.method == "POST" and form.is_valid():
        try:
            subsidy_confirm(
                application.pk,
                actor=person_of(request),
                name=form.cleaned_data["name"],
                other_assistance=form.cleaned_data["other_assistance"],
            )
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The business's headroom is confirmed. You can now accept the offer.")
            return redirect("funding:offer-accept", pk=pk)
    context = {
        "application": application,
        "notice": notice,
        "form": form,
        "awarded": selectors.awards_in_window(application, notice.window_starts),
    }
    return render(request, "funding/subsidy_notice.html", context)


@login_required
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk)
    offer = current_offer(application)
    if offer is None:
        raise Http404("There is no offer on this application.")
    notice = current_notice(application)
    known = {"name": (notice.confirmed_name if notice else "") or person_of(request).get_full_name()}
    form = AcceptanceForm(request.POST if request.method == "POST" else None, initial=known)
    if request.method == "POST" and form.is_valid():
        signature = Signature(form.cleaned_data["name"], form.cleaned_data["position"], client_address(request))
        try:
            application_transition(application.pk, Status.OFFER_ACCEPTED, actor=person_of(request), signature=signature)
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The offer is accepted. The Minimal Financial Assistance confirmation is ready.")
            return redirect("funding:application-detail", pk=pk)
    context = {
        "application": application,
        "offer": offer,
        "notice": notice,
        "conditions": offer_conditions(offer),
        "form": form,
        "waiting": application.status == Status.APPROVED and offer.accepted_at is None,
    }
    return render(request, "funding/offer_accept.html", context)


@login_required
def offer_variation(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_application(request, pk, Actor.APPROVER)
    offer = current_offer(application)
    if offer is None or application.status not in VARIABLE:
        messages.error(request, "An offer is varied before it is accepted, once accepted, or between claims.")
        return redirect("funding:application-detail", pk=pk)
    initial = {"amount": offer.amount, "claim_deadline": offer.claim_deadline}
    form = VariationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer_vary(application.pk, actor=person_of(request), **form.cleaned_data)
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The offer is varied: the business is asked to accept the new offer.")
            return redirect("funding:application-detail", pk=pk)
    return render(request, "funding/offer_vary.html", {"application": application, "offer": offer, "form": form})


@require_safe
@login_required
def offer_letter(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = get_object_or_404(
        visible_applications(request.user).select_related("company__programme", "scheme__fund"), pk=pk
    )
    offer = get_object_or_404(application.offers.select_related("issued_by", "notice"), number=number)
    response = HttpResponse(offer_letter_pdf(offer, offer.notice), content_type="application/pdf")
    name = f"grant-offer-APP-{application.pk:06d}-{offer.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
@login_required
def mfa_confirmation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        visible_applications(request.user).select_related("company__programme", "scheme__fund"), pk=pk
    )
    notice = application.subsidy_notices.filter(given_at__isnull=False).order_by("-given_at").first()
    if notice is None:
        raise Http404("The assistance has not been given yet: the offer is not accepted.")
    response = HttpResponse(mfa_confirmation_pdf(notice), content_type="application/pdf")
    name = f"minimal-financial-assistance-APP-{application.pk:06d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
