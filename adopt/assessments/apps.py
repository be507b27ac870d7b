from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "adopt.assessments"
    label = "assessments"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.assessments.panels import company_assessments_panel, programme_maturity_panel
        from adopt.core.panels import company_page_panels, programme_page_panels

        company_page_panels.register("assessments", 10, company_assessments_panel)
        programme_page_panels.register("maturity", 10, programme_maturity_panel)
