from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "adopt.roadmaps"
    label = "roadmaps"

    def ready(self) -> None:
        # Imported here because panels use models, which are ready only now.
        from adopt.core.panels import company_page_panels, programme_page_panels
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job
        from adopt.roadmaps.panels import company_roadmap_panel, programme_roadmaps_panel
        from adopt.roadmaps.replan_jobs import roadmaps_replan_job

        register_job(Job.Kind.ROADMAPS_REPLAN, roadmaps_replan_job)
        company_page_panels.register("roadmap", 15, company_roadmap_panel)
        programme_page_panels.register("roadmaps", 15, programme_roadmaps_panel)
