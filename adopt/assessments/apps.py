from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "adopt.assessments"
    label = "assessments"

    def ready(self) -> None:
        from adopt.assessments.panels import company_assessments_panel
        from adopt.core.panels import company_page_panels

        company_page_panels.register("assessments", 10, company_assessments_panel)
