"""Starting jobs. The work itself runs on a worker (`runner`), never in the request that asked for it."""

import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from adopt.accounts.models import User
from adopt.jobs.models import Job
from adopt.jobs.runner import job_enqueue
from adopt.programmes.models import Programme


@transaction.atomic
def job_start(
    kind: str,
    *,
    title: str,
    started_by: User | None,
    programme: Programme | None = None,
    params: dict[str, Any] | None = None,
    upload: "UploadedFile[Any] | None" = None,
    schedule_key: str = "",
) -> Job:
    """Record the job (streaming any upload to storage first) and queue it once the record is committed."""
    job = Job(
        kind=kind,
        title=title[:200],
        started_by=started_by,
        programme=programme,
        params=params or {},
        schedule_key=schedule_key,
    )
    if upload is not None:
        job.input_name = str(upload.name or "")[:200]
        job.input_file.save(f"{uuid.uuid4().hex}.csv", upload, save=False)  # the name says nothing of the file
    job.save()
    transaction.on_commit(lambda: job_enqueue(job.pk))
    return job
