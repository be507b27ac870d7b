from typing import TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.requests import person_of
from adopt.accounts.second_factor import has_second_factor
from adopt.companies.importer import ProgrammeFinder
from adopt.companies.models import Company
from adopt.companies.selectors import place_of, search_companies
from adopt.core.limits import over_limit
from adopt.core.params import id_from
from adopt.onboarding import casework, services
from adopt.onboarding.abuse import SECOND_STEP, form_started_token, looks_automated
from adopt.onboarding.forms import (
    ClaimCodeForm,
    ClaimForm,
    ConfirmSignupForm,
    DeletionForm,
    EmailChangeForm,
    EnquiryForm,
    EnquiryNoteForm,
    EnquiryUpdateForm,
    FindCompanyForm,
    GuardedForm,
    InviteForm,
    NewCompanyForm,
    SignupForm,
)
from adopt.onboarding.models import Enquiry, Invitation, MembershipRequest
from adopt.onboarding.personal_data import REGISTER
from adopt.onboarding.policies import (
    can_see_leads,
    claim_code_addresses,
    claimable_companies,
    decidable_requests,
    enquiry_owners,
    invitable_companies,
    visible_enquiries,
)
from adopt.onboarding.selectors import memberships_with_an_adviser, requests_for_review
from adopt.onboarding.tokens import LinkError
from adopt.programmes.models import Programme

Guarded = TypeVar("Guarded", bound=GuardedForm)
SIGNUPS_PER_HOUR = 10
CONFIRM_TRIES_PER_HOUR = 10
ENQUIRIES_PER_HOUR = 5


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/too_many.html", status=429)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("onboarding:find-company")
    form = SignupForm(
        request.POST if request.method == "POST" else None, initial={"email": request.GET.get("email", "")}
    )
    if request.method == "POST":
        if over_limit(request, "signup", SIGNUPS_PER_HOUR):
            return _too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            if looks_automated(data["started"], data["website"]):
                form = _second_step(SignupForm, request)
            else:
                services.signup_register(
                    full_name=data["full_name"],
                    email=data["email"],
                    password=data["password1"],
                    base_url=_base_url(request),
                )
                return render(request, "onboarding/check_email.html", {"email": data["email"]})
    return render(request, "onboarding/signup.html", {"form": form})


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link's page asks for the password chosen at sign-up; only then is the account made."""
    try:
        pending = services.signup_pending(token)
    except LinkError as error:
        return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    form = ConfirmSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and over_limit(request, "signup-confirm", CONFIRM_TRIES_PER_HOUR):
        return _too_many(request)
    if request.method != "POST" or not form.is_valid():
        return render(request, "onboarding/confirm_signup.html", {"form": form, "email": pending.email})
    try:
        user = services.signup_confirm(token, form.cleaned_data["password"])
    except services.WrongPassword:
        form.add_error("password", "That is not the password chosen when this address signed up.")
        return render(request, "onboarding/confirm_signup.html", {"form": form, "email": pending.email}, status=400)
    except LinkError as error:
        return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    companies = list(user.company_memberships.values_list("company_id", flat=True))
    if companies:
        messages.success(request, "Your address is confirmed and you have joined the company that invited you.")
        return redirect("companies:company-detail", pk=companies[0])
    messages.success(request, "Your address is confirmed. Now find your company.")
    return redirect("onboarding:find-company")


@require_safe
@login_required
def find_company(request: HttpRequest) -> HttpResponse:
    form = FindCompanyForm(request.GET or None)
    results = None
    if form.is_valid():
        results = search_companies(claimable_companies(request.user), form.cleaned_data["q"])
        results = results.select_related("programme")[:20]
    return render(request, "onboarding/find_company.html", {"form": form, "results": results})


@login_required
def claim_company(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(claimable_companies(request.user).select_related("programme"), pk=pk)
    is_code_request = request.method == "POST" and request.POST.get("action") == "code"
    form = ClaimForm(request.POST if request.method == "POST" and not is_code_request else None)
    error, status = "", 200
    try:
        if is_code_request:
            contact_id = request.POST.get("contact", "")
            services.claim_code_send(user=person_of(request), company=company, contact_id=id_from(contact_id))
            return redirect("onboarding:claim-code", pk=company.pk)
        if request.method == "POST" and form.is_valid():
            outcome = services.company_claim(user=person_of(request), company=company, **form.cleaned_data)
            if outcome.joined:
                messages.success(request, f"You already act for {company.name}.")
                return redirect("companies:company-detail", pk=company.pk)
            return render(request, "onboarding/claim_pending.html", {"company": company})
    except services.ClaimRefused as refusal:
        error, status = str(refusal), 429 if isinstance(refusal, services.TooManyClaims) else 400
    context = {"form": form, "company": company, "addresses": claim_code_addresses(company), "error": error}
    return render(request, "onboarding/claim_company.html", context, status=status)


@login_required
def claim_code(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(claimable_companies(request.user).select_related("programme"), pk=pk)
    form = ClaimCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_code_check(user=person_of(request), company=company, code=form.cleaned_data["code"])
        except services.ClaimRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            messages.success(request, f"You now act for {company.name}. Its eligibility is below.")
            return redirect("companies:company-detail", pk=company.pk)
    return render(request, "onboarding/claim_code.html", {"form": form, "company": company})


@login_required
def new_company(request: HttpRequest) -> HttpResponse:
    form = NewCompanyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        known = Company.objects.filter(companies_house_number=data["companies_house_number"]).first()
        if known:
            messages.info(request, "We already know this company. Confirm that you act for it.")
            return redirect("onboarding:claim-company", pk=known.pk)
        programme = ProgrammeFinder(None).for_place(place_of(data["postcode"]))
        if programme is None:
            form.add_error(
                "postcode",
                "No programme covers this postcode yet. Send us an enquiry and we will tell you when one does.",
            )
        else:
            company = services.company_register(
                user=person_of(request),
                programme=programme,
                name=data["name"],
                companies_house_number=data["companies_house_number"],
                postcode=data["postcode"],
                sic_codes=[data["sic"]] if data["sic"] else [],
                staff_headcount=data["staff_headcount"],
            )
            messages.success(request, f"{company.name} is added to the {programme.name}. Its eligibility is below.")
            return redirect("companies:company-detail", pk=company.pk)
    return render(request, "onboarding/new_company.html", {"form": form})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = services.invitation_open(token)
    except LinkError as error:
        return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            company = services.invitation_accept(invite, person_of(request))
        except LinkError as error:
            return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
        messages.success(request, f"You now act for {company.name}.")
        return redirect("companies:company-detail", pk=company.pk)
    return render(request, "onboarding/invitation.html", {"invitation": invite, "token": token})


@login_required
def company_invite(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(invitable_companies(request.user), pk=pk)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.invitation_send(company=company, email=form.cleaned_data["email"], actor=person_of(request))
        messages.success(request, f"An invitation is on its way to {form.cleaned_data['email']}.")
        return redirect("onboarding:company-invite", pk=company.pk)
    invitations = Invitation.objects.filter(company=company).select_related("invited_by")
    return render(
        request, "onboarding/company_invite.html", {"company": company, "form": form, "invitations": invitations}
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    company = get_object_or_404(invitable_companies(request.user), pk=pk)
    services.invitation_revoke(get_object_or_404(Invitation, pk=invitation_pk, company=company))
    messages.success(request, "The invitation is revoked.")
    return redirect("onboarding:company-invite", pk=company.pk)


def enquiry(request: HttpRequest) -> HttpResponse:
    form = EnquiryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if over_limit(request, "enquiry", ENQUIRIES_PER_HOUR):
            return _too_many(request)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "started"}}
            if looks_automated(form.cleaned_data["started"], form.cleaned_data["website"]):
                form = _second_step(EnquiryForm, request)
            else:
                programme = ProgrammeFinder(None).for_place(place_of(data["postcode"])) if data["postcode"] else None
                services.enquiry_record(programme=programme, **data)
                return render(request, "onboarding/enquiry_thanks.html")
    return render(request, "onboarding/enquiry.html", {"form": form})


def _second_step(form_class: type[Guarded], request: HttpRequest) -> Guarded:
    """The same form again, with what was typed, a fresh token and a note: never a silent drop."""
    data = request.POST.copy()
    data["started"], data["website"] = form_started_token(), ""
    form = form_class(data)
    form.is_valid()
    form.add_error(None, SECOND_STEP)
    return form


@require_safe
@login_required
def enquiry_list(request: HttpRequest) -> HttpResponse:
    if not can_see_leads(request.user):
        raise PermissionDenied
    enquiries = visible_enquiries(request.user).select_related("programme", "duplicate_of", "matched_company", "owner")
    status = request.GET.get("status", "open")
    if status == "open":
        enquiries = enquiries.exclude(status__in=[Enquiry.Status.CONVERTED, Enquiry.Status.CLOSED])
    elif status in Enquiry.Status.values:
        enquiries = enquiries.filter(status=status)
    page = Paginator(enquiries, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(enquiry, casework.is_overdue(enquiry, now)) for enquiry in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": Enquiry.Status.choices,
        "querystring": urlencode({"status": status}),
    }
    return render(request, "onboarding/enquiry_list.html", context)


@login_required
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(
        visible_enquiries(request.user).select_related("programme", "owner", "matched_company", "duplicate_of"), pk=pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    owners = enquiry_owners(enquiry)
    converted = enquiry.status == Enquiry.Status.CONVERTED
    update_form = EnquiryUpdateForm(
        request.POST if action == "update" else None,
        owners=owners,
        converted=converted,
        initial={"status": enquiry.status, "owner": enquiry.owner_id, "closed_reason": enquiry.closed_reason},
    )
    note_form = EnquiryNoteForm(request.POST if action == "note" else None)
    try:
        if action == "update" and update_form.is_valid():
            casework.enquiry_update(enquiry, actor=person_of(request), **update_form.cleaned_data)
            messages.success(request, "The enquiry is updated.")
            return redirect("onboarding:enquiry-detail", pk=enquiry.pk)
        if action == "take":
            casework.enquiry_update(
                enquiry, actor=person_of(request), status=enquiry.status, owner=person_of(request),
                closed_reason=enquiry.closed_reason,
            )  # fmt: skip
            messages.success(request, "The enquiry is yours.")
            return redirect("onboarding:enquiry-detail", pk=enquiry.pk)
        if action == "note" and note_form.is_valid():
            casework.enquiry_note_add(enquiry, author=person_of(request), text=note_form.cleaned_data["text"])
            return redirect("onboarding:enquiry-detail", pk=enquiry.pk)
        if action == "convert":
            company = casework.enquiry_convert(enquiry, actor=person_of(request))
            messages.success(request, f"{company.name} is in the programme, with {enquiry.name} as a contact.")
            return redirect("companies:company-detail", pk=company.pk)
    except casework.EnquiryRefused as error:
        if action == "update":
            update_form.add_error(None, str(error))
        elif action == "note":
            note_form.add_error(None, str(error))
        else:
            messages.error(request, str(error))
    context = {
        "enquiry": enquiry,
        "overdue": casework.is_overdue(enquiry, timezone.now()),
        "due": casework.response_due(enquiry),
        "notes": enquiry.notes.select_related("author"),
        "update_form": update_form,
        "note_form": note_form,
    }
    return render(request, "onboarding/enquiry_detail.html", context)


@login_required
def membership_requests(request: HttpRequest) -> HttpResponse:
    if not can_see_leads(request.user):
        raise PermissionDenied
    if request.method == "POST":
        pending = decidable_requests(request.user).filter(status=MembershipRequest.Status.PENDING)
        decision = get_object_or_404(pending, pk=id_from(request.POST.get("request")))
        services.membership_request_decide(
            decision, approve=request.POST.get("approve") == "yes", actor=person_of(request)
        )
        messages.success(request, "Decision recorded.")
        return redirect("onboarding:membership-requests")
    waiting = requests_for_review(decidable_requests(request.user))
    return render(request, "onboarding/membership_requests.html", {"pending": waiting})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = person_of(request)
    email_form = EmailChangeForm(request.POST if request.POST.get("action") == "email" else None)
    deletion_form = DeletionForm(request.POST if request.POST.get("action") == "delete" else None)
    if request.method == "POST" and email_form.is_bound and email_form.is_valid():
        services.email_change_request(user, email_form.cleaned_data["email"], _base_url(request))
        messages.success(request, "If that address can be used, a confirmation link is on its way to it.")
        return redirect("onboarding:account")
    if request.method == "POST" and deletion_form.is_bound and deletion_form.is_valid():
        services.deletion_request(user, deletion_form.cleaned_data["reason"])
        messages.success(
            request,
            "Your request is with the administrators. "
            "Records the programme must keep are anonymised rather than deleted.",
        )
        return redirect("onboarding:account")
    context = {
        "email_form": email_form,
        "deletion_form": deletion_form,
        "pending_deletion": user.deletion_requests.filter(status="pending").exists(),
        "has_second_factor": has_second_factor(user),
    }
    return render(request, "onboarding/account.html", context)


@require_safe
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.personal_data(person_of(request)), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-adopt-data.json"'
    return response


@require_safe
@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.email_change_confirm(token, person_of(request))
    except LinkError as error:
        return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    messages.success(request, "Your email address is changed.")
    return redirect("onboarding:account")


@require_safe
def help_and_contact(request: HttpRequest) -> HttpResponse:
    """The same help, linked from the same place on every page: who to ask, and how to get back in."""
    memberships = memberships_with_an_adviser(request.user)
    programmes = Programme.objects.filter(ends_on__gte=timezone.localdate()).order_by("name")
    return render(request, "onboarding/help.html", {"memberships": memberships, "programmes": programmes})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.exclude(privacy_notice="").order_by("name")
    return render(request, "onboarding/privacy.html", {"programmes": programmes, "register": REGISTER})
