from django.contrib import admin

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.companies.models import Company, CompanyMembership


class CompanyMembershipInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = CompanyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(PolicyModelAdmin):
    list_display = ["name", "companies_house_number", "programme", "adviser"]
    list_filter = ["programme"]
    search_fields = ["name", "companies_house_number"]
    list_select_related = ["programme", "adviser"]
    autocomplete_fields = ["adviser"]
    inlines = [CompanyMembershipInline]
