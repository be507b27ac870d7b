from django.contrib import admin

from adopt.accounts.admin_site import PolicyModelAdmin
from adopt.geography.models import Area


@admin.register(Area)
class AreaAdmin(PolicyModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    filter_horizontal = ["local_authorities"]
