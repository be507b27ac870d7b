"""The Django admin, asking the access policy rather than `is_staff` who may enter."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from adopt.accounts.policies import can_use_admin

_ViewType = TypeVar("_ViewType", bound=Callable[..., HttpResponseBase])


class AdoptAdminSite(admin.AdminSite):
    site_header = "Adopt back office"
    site_title = "Adopt back office"
    index_title = "Programme administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)

    def admin_view(self, view: _ViewType, cacheable: bool = False) -> _ViewType:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def refuse_the_signed_in(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # Django sends anyone without permission to sign in; a signed-in person would be sent back here
            # by the sign-in page, round and round. They are told once that the back office is not theirs.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return cast(_ViewType, refuse_the_signed_in)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        # One sign-in page for the whole service, with its throttling and accessibility.
        next_url = request.GET.get("next", reverse("admin:index"))
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class PolicyModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic over any model
    """Model permissions come from the access policy, not Django's per-model permission table."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return can_use_admin(request.user)
