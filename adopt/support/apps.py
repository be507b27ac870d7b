from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "adopt.support"
    label = "support"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels
        from adopt.support.panels import company_support_panel

        company_page_panels.register("support", 20, company_support_panel)
