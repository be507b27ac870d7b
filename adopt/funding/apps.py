from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "adopt.funding"
    label = "funding"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels, programme_page_panels
        from adopt.funding.panels import company_grants_panel, programme_funds_panel

        company_page_panels.register("grants", 20, company_grants_panel)
        programme_page_panels.register("funds", 5, programme_funds_panel)
