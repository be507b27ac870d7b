"""The Companies House import as a background job: the file already in storage, progress by the share read."""

import io

from adopt.companies.assignment import queue_route
from adopt.companies.companies_house import FileFormatError, Rejection, decode_lines
from adopt.companies.importer import RejectionSample, import_companies
from adopt.core.errors import DomainError
from adopt.core.spreadsheets import SafeCsvWriter
from adopt.jobs.models import Job
from adopt.jobs.registry import JobFile, JobOutcome, Progress
from adopt.programmes.models import Programme

REJECTIONS_SHOWN = 100


class ImportRefused(DomainError):
    """The file cannot be read as a whole; the message names the problem and the line."""


def companies_import_job(job: Job, progress: Progress) -> JobOutcome:
    """Import the job's file into its programme; the rejects come back as a CSV with line and reason."""
    programme = Programme.objects.get(pk=job.params["programme_id"])
    shown = RejectionSample(REJECTIONS_SHOWN)
    rejects = io.StringIO()
    writer = SafeCsvWriter(rejects)
    writer.writerow(["line", "company_number", "company_name", "reason"])

    def on_rejection(rejection: Rejection) -> None:
        shown(rejection)
        writer.writerow([rejection.line, rejection.number, rejection.name, rejection.reason])

    size = job.input_file.size
    with job.input_file.open("rb") as raw:
        try:
            summary = import_companies(
                decode_lines(raw, job.params.get("encoding", "utf-8")),
                programme=programme,
                manufacturing_only=bool(job.params.get("manufacturing_only")),
                on_rejection=on_rejection,
                on_progress=lambda rows: progress(raw.tell(), size, f"{rows:,} rows read"),
            )
        except FileFormatError as error:
            raise ImportRefused(f"{job.input_name}: {error}") from None
        except LookupError:
            raise ImportRefused("That encoding is not known: choose UTF-8 or Latin-1.") from None
    counts = {
        "imported": summary.imported,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "rejected": summary.rejected,
    }
    lines = [summary.line(), _assignment_line(programme, job)]
    details = [{"line": str(r.line), "number": r.number, "name": r.name, "reason": r.reason} for r in shown.items]
    file = JobFile("rejected-rows.csv", rejects.getvalue().encode("utf-8"), "text/csv") if summary.rejected else None
    return JobOutcome(lines, counts, file, details)


def _assignment_line(programme: Programme, job: Job) -> str:
    """New companies get their advisers by the programme's rule; what is left waits in its unassigned queue."""
    assigned, waiting = queue_route(programme, actor=job.started_by)
    if assigned:
        return f"given an adviser by the programme's rule: {assigned:,}; waiting in the unassigned queue: {waiting:,}"
    return f"waiting in the unassigned queue: {waiting:,}"
