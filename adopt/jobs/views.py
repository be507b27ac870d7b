from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from adopt.jobs.policies import can_list_jobs, visible_jobs

JOBS_LISTED = 50


@require_safe
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    if not can_list_jobs(request.user):
        raise PermissionDenied
    jobs = visible_jobs(request.user).select_related("started_by", "programme")[:JOBS_LISTED]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "listed": JOBS_LISTED})


@require_safe
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(visible_jobs(request.user).select_related("started_by", "programme"), pk=pk)
    template = "jobs/_job_status.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@require_safe
@login_required
def job_result(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if not job.result_file:
        raise Http404("This job made no file.")
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
