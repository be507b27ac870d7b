"""The evaluation's background work: an outcome panel imported from a file, and baselines taken each night for
companies that arrived without one (imports, sign-ups), so a baseline is always taken before support can change
the company."""

import io

from django.utils import timezone

from adopt.companies.companies_house import FileFormatError, decode_lines
from adopt.companies.models import Company
from adopt.core.spreadsheets import SafeCsvWriter
from adopt.evaluation.services import OutcomeFileRefused, baselines_capture, outcomes_import
from adopt.jobs.models import Job
from adopt.jobs.registry import JobFile, JobOutcome, Progress
from adopt.jobs.schedule import Scheduled
from adopt.programmes.models import Programme

REJECTIONS_SHOWN = 100


def _baselines_missing() -> bool:
    return Company.objects.filter(baseline__isnull=True).exists()


SCHEDULED = Scheduled(
    Job.Kind.BASELINES_CAPTURE, "Baselines taken for new companies", every="day", from_hour=2, needed=_baselines_missing
)


def outcomes_import_job(job: Job, progress: Progress) -> JobOutcome:
    programme = Programme.objects.get(pk=job.params["programme_id"])
    size = job.input_file.size
    with job.input_file.open("rb") as raw:
        try:
            summary = outcomes_import(
                decode_lines(raw),
                programme=programme,
                source=job.params["source"],
                on_progress=lambda rows: progress(raw.tell(), size, f"{rows:,} rows read"),
            )
        except FileFormatError as error:
            raise OutcomeFileRefused(f"{job.input_name}: {error}") from None
    baselines_capture(Company.objects.filter(programme=programme))
    rejects = io.StringIO()
    writer = SafeCsvWriter(rejects)
    writer.writerow(["line", "company", "reason"])
    for rejection in summary.rejected:
        writer.writerow([rejection.line, rejection.company, rejection.reason])
    details = [
        {"line": str(r.line), "company": r.company, "reason": r.reason} for r in summary.rejected[:REJECTIONS_SHOWN]
    ]
    file = JobFile("rejected-rows.csv", rejects.getvalue().encode("utf-8"), "text/csv") if summary.rejected else None
    counts = {"rows": summary.rows, "saved": summary.saved, "companies": summary.companies}
    counts["rejected"] = len(summary.rejected)
    return JobOutcome(summary.lines, counts, file, details)


def baselines_capture_job(job: Job, progress: Progress) -> JobOutcome:
    taken = baselines_capture(Company.objects.all(), timezone.localdate())
    return JobOutcome([f"Baselines taken for {taken:,} companies that had none."], {"taken": taken})
