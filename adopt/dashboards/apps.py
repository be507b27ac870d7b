from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "adopt.dashboards"
    label = "dashboards"
