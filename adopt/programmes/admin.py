from django.contrib import admin

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.programmes.models import Programme, ProgrammeStaff, Target


class TargetInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = Target
    extra = 0


class ProgrammeStaffInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = ProgrammeStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(PolicyModelAdmin):
    list_display = ["name", "region", "starts_on", "ends_on"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas"]
    inlines = [TargetInline, ProgrammeStaffInline]
