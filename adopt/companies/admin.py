from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.accounts.requests import person_of
from adopt.companies.forms import cleaned_company_number
from adopt.companies.models import Company, CompanyMembership, Contact, SicCode, Site, SubsidyReceipt
from adopt.companies.services import company_save


class CompanyMembershipInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = CompanyMembership
    extra = 0
    autocomplete_fields = ["user"]


class SiteInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = Site
    extra = 0


class ContactInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = Contact
    extra = 0


class SubsidyReceiptInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the model
    model = SubsidyReceipt
    extra = 0


class CompanyAdminForm(ModelForm[Company]):
    """The back office's company form (the admin adds its fields): the number is stored as every other way in
    stores it, in capitals and in full, so search and matching by number find it."""

    def clean_companies_house_number(self) -> str | None:
        return cleaned_company_number(self.cleaned_data.get("companies_house_number"))


@admin.register(Company)
class CompanyAdmin(PolicyModelAdmin):
    form = CompanyAdminForm
    list_display = ["name", "companies_house_number", "programme", "adviser", "eligibility", "region"]
    list_filter = ["programme", "eligibility", "status", "region"]
    search_fields = ["name", "companies_house_number"]
    list_select_related = ["programme", "adviser", "region"]
    autocomplete_fields = ["adviser"]
    readonly_fields = ["eligibility", "eligibility_checked_at"]
    inlines = [SiteInline, ContactInline, SubsidyReceiptInline, CompanyMembershipInline]

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Sites and subsidies are saved by now, so the verdict sees them.
        company_save(form.instance, actor=person_of(request))


@admin.register(SicCode)
class SicCodeAdmin(PolicyModelAdmin):
    list_display = ["code", "level", "description", "is_manufacturing"]
    list_filter = ["level", "section", "is_manufacturing"]
    search_fields = ["code", "description"]
