from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.accounts.requests import person_of
from adopt.support.models import SupportedRule
from adopt.support.services import supported_rule_remove, supported_rule_save


@admin.register(SupportedRule)
class SupportedRuleAdmin(PolicyModelAdmin):
    list_display = ["programme", "minimum_hours", "roadmap_counts"]

    def save_model(self, request: HttpRequest, obj: SupportedRule, form: ModelForm[Any], change: bool) -> None:
        supported_rule_save(obj, actor=person_of(request))

    def delete_model(self, request: HttpRequest, obj: SupportedRule) -> None:
        supported_rule_remove(obj, actor=person_of(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for rule in queryset:
            supported_rule_remove(rule, actor=person_of(request))
