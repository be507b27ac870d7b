from django.contrib.admin.apps import AdminConfig


class AdoptAdminConfig(AdminConfig):
    """Django's admin app, with Adopt's policy-driven site as `admin.site`."""

    default_site = "adopt.accounts.admin_site.AdoptAdminSite"
