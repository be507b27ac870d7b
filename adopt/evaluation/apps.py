from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "adopt.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from adopt.core.panels import company_page_panels
        from adopt.evaluation.evaluation_jobs import SCHEDULED, baselines_capture_job, outcomes_import_job
        from adopt.evaluation.panels import company_evaluation_panel, funder_report_section
        from adopt.evaluation.subscribers import subscribe_all
        from adopt.impact.report_sections import report_section_register
        from adopt.jobs.models import Job
        from adopt.jobs.registry import register_job
        from adopt.jobs.schedule import schedule_add

        subscribe_all()
        register_job(Job.Kind.OUTCOMES_IMPORT, outcomes_import_job)
        register_job(Job.Kind.BASELINES_CAPTURE, baselines_capture_job)
        schedule_add(SCHEDULED)
        company_page_panels.register("evaluation", 95, company_evaluation_panel)
        report_section_register("evaluation", 10, funder_report_section)
