from django.contrib import admin

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.impact.models import ProgrammeAssumptions


@admin.register(ProgrammeAssumptions)
class ProgrammeAssumptionsAdmin(PolicyModelAdmin):
    list_display = ["programme", "deadweight", "leakage", "displacement", "substitution", "multiplier"]
    fieldsets = [
        (None, {"fields": ["programme", "source"]}),
        ("Gross to net", {"fields": ["deadweight", "leakage", "displacement", "substitution", "multiplier"]}),
        ("How long the benefit lasts", {"fields": ["persistence_years", "decay"]}),
    ]
