from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "adopt.roadmaps"
    label = "roadmaps"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels, programme_page_panels
        from adopt.roadmaps.panels import company_roadmap_panel, programme_roadmaps_panel

        company_page_panels.register("roadmap", 15, company_roadmap_panel)
        programme_page_panels.register("roadmaps", 15, programme_roadmaps_panel)
