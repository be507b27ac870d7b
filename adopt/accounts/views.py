from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from adopt.accounts import second_factor
from adopt.accounts.forms import NewAppForm, SecondFactorForm
from adopt.accounts.models import User
from adopt.accounts.policies import needs_second_factor
from adopt.accounts.requests import person_of
from adopt.accounts.sign_in_limits import FAILED_SIGN_INS_PER_ADDRESS_PER_HOUR
from adopt.core.audit import Action, audit_record
from adopt.core.limits import client_address, count_and_check, is_over, over_limit


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "/"


def _wrong_code_message(user: User, first: str) -> str:
    wait = second_factor.seconds_to_wait(user)
    if wait > 0:
        return f"{first} Wait {wait} second{'s' if wait != 1 else ''}, then enter the code your app shows then."
    return f"{first} Enter the code your app shows now."


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the app (or a recovery code); someone without an app yet is sent to set one up."""
    user = person_of(request)
    if not second_factor.has_second_factor(user):
        if needs_second_factor(user):
            return redirect(f"{reverse('accounts:two-factor-setup')}?{urlencode({'next': _next(request)})}")
        return redirect("onboarding:account")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify_session(request, user, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _wrong_code_message(user, "That code is not right, or it has been used."))
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan or type the key, then prove it with a code; recovery codes follow."""
    user = person_of(request)
    verified = request.user.is_verified()  # type: ignore[union-attr]  # django-otp's middleware adds is_verified
    if second_factor.has_second_factor(user) and not verified:
        # Replacing the app takes the current one first, or a stolen password would be enough to swap it.
        return redirect(f"{reverse('accounts:two-factor')}?{urlencode({'next': request.path})}")
    replacing = second_factor.has_second_factor(user)
    form = NewAppForm(request.POST if request.method == "POST" else None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.app_device_confirm(
                request, user, form.cleaned_data["code"], form.cleaned_data.get("current", "")
            )
        except second_factor.NewAppRefused as refusal:
            form.add_error("current" if "current app" in str(refusal) else "code", str(refusal))
        else:
            messages.success(request, "Two-step sign-in is on.")
            response = render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
            add_never_cache_headers(response)
            return response
    device = second_factor.new_app_device(request, user)
    context = {
        "form": form,
        "next": _next(request),
        "qr_code": second_factor.qr_code_svg(device),
        "key": second_factor.app_key_text(device),
        "required": needs_second_factor(user) and not replacing,
    }
    response = render(request, "accounts/two_factor_setup.html", context)
    add_never_cache_headers(response)  # the page shows a secret key
    return response


RESETS_PER_ADDRESS_PER_HOUR = 5
RESETS_PER_ACCOUNT_PER_HOUR = 3


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/too_many.html", status=429)


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address and per account, so it cannot be used to flood an inbox."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if over_limit(request, "password-reset", RESETS_PER_ADDRESS_PER_HOUR):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if count_and_check("password-reset-account", form.cleaned_data["email"], RESETS_PER_ACCOUNT_PER_HOUR):
            # The page says "sent" as it always does, so the limit reveals nothing about the address.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class LimitedLoginView(auth_views.LoginView):
    """Sign-in, refused for an hour from an address that has tried too many wrong passwords on any accounts.

    django-axes already pauses an account after a few wrong passwords from one address; this catches one
    password tried across many accounts.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_over("sign-in-failed", client_address(request), FAILED_SIGN_INS_PER_ADDRESS_PER_HOUR):
            return _too_many(request)
        return super().post(request, *args, **kwargs)


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(form.user, action=Action.PASSWORD_CHANGED, actor=form.user, comment="changed while signed in")
        return response


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(form.user, action=Action.PASSWORD_CHANGED, actor=form.user, comment="reset by an emailed link")
        return response
