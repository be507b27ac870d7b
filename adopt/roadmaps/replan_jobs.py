"""Re-planning roadmaps as a background job, after a new catalogue version: programme by programme, with progress,
ending with what was re-planned, unchanged or not planned in each."""

from adopt.jobs.models import Job
from adopt.jobs.registry import JobOutcome, Progress
from adopt.programmes.models import Programme
from adopt.roadmaps.services import programme_roadmaps_replan


def roadmaps_replan_job(job: Job, progress: Progress) -> JobOutcome:
    programmes = list(Programme.objects.filter(pk__in=job.params["programme_ids"]).order_by("name"))
    lines: list[str] = []
    counts = {"roadmaps": 0, "re-planned": 0, "unchanged": 0, "not planned": 0}
    for number, programme in enumerate(programmes):
        progress(number, len(programmes), programme.name)
        summary = programme_roadmaps_replan(programme.pk, actor=job.started_by)
        first, *reasons = summary.lines()
        lines += [f"{programme.name}: {first}", *reasons]
        counts["roadmaps"] += summary.roadmaps
        counts["re-planned"] += summary.changed
        counts["unchanged"] += summary.unchanged
        counts["not planned"] += sum(summary.refused.values())
    progress(len(programmes), len(programmes), "Done")
    return JobOutcome(lines or ["No programme to re-plan."], counts)
