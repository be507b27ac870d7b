"""The technology catalogue's versions: those shipped and those published, a new version checked and its changes
shown before it is published, and every roadmap re-planned with it as a background job."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from adopt.accounts.requests import person_of
from adopt.jobs.models import Job
from adopt.jobs.services import job_start
from adopt.programmes.models import Programme
from adopt.roadmaps.catalogue import CATALOGUE_DIR, DATA, CatalogueError, catalogue, planning_rules, versioned_paths
from adopt.roadmaps.catalogue_versions import next_number, reference_changes, reference_from_upload, reference_publish
from adopt.roadmaps.models import PublishedCatalogue
from adopt.roadmaps.policies import can_publish_catalogue


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label="The new version's file (JSON)",
        help_text="The catalogue or the planning rules, in the same form as the shipped technologies@1.json or "
        "planning@1.json, with the next version number.",
        error_messages={"required": "Choose the catalogue file to check."},
    )


@login_required
def catalogue_versions(request: HttpRequest) -> HttpResponse:
    if not can_publish_catalogue(request.user):
        raise PermissionDenied
    form = CatalogueUploadForm()
    context: dict[str, object] = {}
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "check":
            form = CatalogueUploadForm(request.POST, request.FILES)
            if form.is_valid():
                raw = form.cleaned_data["file"].read()
                chosen = reference_from_upload(raw)
                context |= {"checked": chosen, "raw": raw.decode("utf-8"), "changes": reference_changes(chosen)}
        elif action == "publish":
            record = reference_publish(request.POST.get("content", "").encode("utf-8"), actor=person_of(request))
            messages.success(
                request,
                f"{record.get_kind_display()} version {record.number} is published: roadmaps are planned with it.",
            )
            return redirect("roadmaps:catalogue-versions")
        elif action == "replan":
            job = job_start(
                Job.Kind.ROADMAPS_REPLAN,
                title=f"Every roadmap re-planned with {catalogue().described} and {planning_rules().described}",
                started_by=person_of(request),
                params={"programme_ids": list(Programme.objects.values_list("pk", flat=True))},
            )
            return redirect("jobs:job-detail", pk=job.pk)
    except CatalogueError as error:
        form.add_error("file" if action == "check" else None, str(error))
    context |= {
        "form": form,
        "latest": catalogue(),
        "planning": planning_rules(),
        "next_catalogue": next_number("technologies"),
        "next_planning": next_number("planning"),
        "shipped": [
            f"Technology catalogue version {number}"
            for number, path in sorted(versioned_paths("technologies").items())
            if path.parent == CATALOGUE_DIR
        ]
        + [
            f"Planning rules version {number}"
            for number, path in sorted(versioned_paths("planning").items())
            if path.parent == DATA
        ],
        "published": PublishedCatalogue.objects.select_related("published_by"),
    }
    return render(request, "roadmaps/catalogue_versions.html", context, status=400 if form.errors else 200)
