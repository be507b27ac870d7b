from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "adopt.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels
        from adopt.dashboards.panels import company_journey_panel

        company_page_panels.register("journey", 0, company_journey_panel)
