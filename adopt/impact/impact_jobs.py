"""Impact's background jobs: the funder report as a PDF or a workbook, and working every company's milestones out
again."""

from adopt.impact.periods import parse_period
from adopt.impact.reports import funder_pdf, funder_report, funder_workbook
from adopt.impact.services import refresh_milestones
from adopt.jobs.models import Job
from adopt.jobs.registry import JobFile, JobOutcome, Progress
from adopt.programmes.models import Programme

REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def funder_report_job(job: Job, progress: Progress) -> JobOutcome:
    """The report for the programmes the person could see when they asked, as they may see it (small groups and
    company rows as their role allows, both decided when the job was started)."""
    params = job.params
    programmes = list(Programme.objects.filter(pk__in=params["programme_ids"]).select_related("region"))
    progress(0, 2, "Working out the figures")
    report = funder_report(programmes, parse_period(params["period"]), suppress_small=params["suppress_small"])
    progress(1, 2, "Writing the file")
    if params["format"] == "pdf":
        content = funder_pdf(report)
    else:
        content = funder_workbook(report, company_rows=params["company_rows"])
    name = f"{params['name']}.{params['format']}"
    return JobOutcome(
        [f"{report.title}, {report.period.label}: ready to download."],
        file=JobFile(name, content, REPORT_TYPES[params["format"]]),
    )


def milestones_refresh_job(job: Job, progress: Progress) -> JobOutcome:
    refreshed = refresh_milestones(on_progress=lambda done, total: progress(done, total, f"{done:,} companies"))
    return JobOutcome([f"{refreshed:,} companies' milestones worked out again."], {"companies": refreshed})
