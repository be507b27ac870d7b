from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

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
