"""A programme's staff page (invite, change a role, remove) and the page an invited person accepts on."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from adopt.accounts.models import User
from adopt.accounts.requests import person_of
from adopt.core.params import id_from
from adopt.onboarding import staffing
from adopt.onboarding.forms import StaffAccountForm, StaffInviteForm, StaffRoleForm
from adopt.onboarding.models import StaffInvitation
from adopt.onboarding.tokens import LinkError
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import can_set_up_programme


def _programme_staffed_by(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    if not can_set_up_programme(request.user, programme):
        raise PermissionDenied
    return programme


def _released(count: int) -> str:
    return f" {count} compan{'y goes' if count == 1 else 'ies go'} back to the unassigned queue." if count else ""


@login_required
def programme_staff(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_staffed_by(request, slug)
    form = StaffInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            staffing.staff_invite(programme=programme, actor=person_of(request), **form.cleaned_data)
        except staffing.StaffRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"An invitation is on its way to {form.cleaned_data['email']}.")
            return redirect("onboarding:programme-staff", slug=programme.slug)
    context = {
        "programme": programme,
        "form": form,
        "members": ProgrammeStaff.objects.filter(programme=programme)
        .select_related("user")
        .order_by("role", "user__full_name"),
        "roles": ProgrammeStaff.Role.choices,
        "invitations": StaffInvitation.objects.filter(
            programme=programme, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).select_related("invited_by"),
    }
    return render(request, "onboarding/programme_staff.html", context)


@login_required
@require_POST
def staff_member_change(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_staffed_by(request, slug)
    member = get_object_or_404(
        ProgrammeStaff.objects.select_related("user", "programme"),
        programme=programme,
        pk=id_from(request.POST.get("member")),
    )
    try:
        if request.POST.get("action") == "remove":
            released = staffing.staff_remove(member, actor=person_of(request))
            messages.success(request, f"{member.user} no longer works in {programme.name}.{_released(released)}")
        else:
            form = StaffRoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose one of the roles.")
            else:
                released = staffing.staff_role_change(member, role=form.cleaned_data["role"], actor=person_of(request))
                messages.success(
                    request, f"{member.user} is now {member.get_role_display().lower()}.{_released(released)}"
                )
    except staffing.StaffRefused as error:
        messages.error(request, str(error))
    return redirect("onboarding:programme-staff", slug=programme.slug)


@login_required
@require_POST
def staff_invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = _programme_staffed_by(request, slug)
    invitation = get_object_or_404(StaffInvitation, programme=programme, pk=pk)
    staffing.staff_invitation_revoke(invitation, actor=person_of(request))
    messages.success(request, f"The invitation to {invitation.email} is revoked.")
    return redirect("onboarding:programme-staff", slug=programme.slug)


def staff_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = staffing.staff_invitation_open(token)
    except LinkError as error:
        return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = StaffAccountForm(
        request.POST if request.method == "POST" and not has_account else None, email=invitation.email
    )
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                staffing.staff_invitation_accept(invitation, person_of(request))
                messages.success(request, f"You now work in {invitation.programme.name}.")
                return redirect("dashboards:home")
            if not has_account and form.is_valid():
                try:
                    user = staffing.staff_account_create(
                        invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
                    )
                except ValidationError as error:
                    form.add_error("password1", error)
                else:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    messages.success(
                        request,
                        f"You now work in {invitation.programme.name}. Set up your second sign-in step to go on.",
                    )
                    return redirect("accounts:two-factor-setup")
        except LinkError as error:
            return render(request, "onboarding/link_problem.html", {"message": str(error)}, status=400)
    signed_in_as = person_of(request).email if request.user.is_authenticated else ""
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "token": token,
        "wrong_person": bool(signed_in_as) and signed_in_as.lower() != invitation.email.lower(),
    }
    return render(request, "onboarding/staff_invitation.html", context)
