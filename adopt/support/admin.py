from django.contrib import admin

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.support.models import SupportedRule


@admin.register(SupportedRule)
class SupportedRuleAdmin(PolicyModelAdmin):
    list_display = ["programme", "minimum_hours", "roadmap_counts"]
