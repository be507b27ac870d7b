"""Holds a signed-in person who needs a second factor at the door until they have given it in this session."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from adopt.accounts.policies import needs_second_factor


class SecondFactorMiddleware:
    """After django-otp's `OTPMiddleware`: every page, the API and the back office ask for the second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # installed by OTPMiddleware
            and not self._open_to_the_unverified(request.path)
            and needs_second_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Give your second factor at /accounts/two-factor/ first."}, status=403)
            return redirect(f"{reverse('accounts:two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open_to_the_unverified(path: str) -> bool:
        open_paths = (
            reverse("accounts:two-factor"),
            reverse("accounts:two-factor-setup"),
            reverse("accounts:logout"),
        )
        return path in open_paths or path.startswith(settings.STATIC_URL)
