from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "adopt.roadmaps"
    label = "roadmaps"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels
        from adopt.roadmaps.panels import company_roadmap_panel

        company_page_panels.register("roadmap", 15, company_roadmap_panel)
