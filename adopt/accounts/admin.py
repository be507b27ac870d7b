from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.accounts.models import User


@admin.register(User)
class UserAdmin(PolicyModelAdmin, DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "global_role", "is_active", "last_login"]
    list_filter = ["global_role", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "global_role", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()


# Roles live in programme staff and company memberships, decided by the access policy; Django's groups are unused.
admin.site.unregister(Group)


class SecondFactorAdmin(PolicyModelAdmin):
    """A person's second factor, to reset when they lose their phone and their recovery codes: delete it, and
    they set up a new app at their next sign-in. Keys are never shown, and nobody adds one for someone else."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
    admin.site.register(device_model, SecondFactorAdmin)
