from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import resolve, reverse
from django.utils import timezone

from adopt.funding.models import FundYear, LedgerEntry
from adopt.impact.models import FollowUpReport
from adopt.jobs.models import Job
from conftest import World


def paid_and_followed_up(world: World, **reported: Any) -> FollowUpReport:
    """The world's application paid £5,000 today, with its 6-month follow-up reporting these figures today."""
    LedgerEntry.objects.create(
        fund_year=FundYear.objects.filter(fund=world.fund).get(),
        application=world.application,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=Decimal("5000"),
        actor=world.manager,
    )
    return FollowUpReport.objects.create(
        application=world.application, months=6, reported_on=timezone.localdate(), **reported
    )


def funder_report_file(client: Any, fmt: str, params: dict[str, str]) -> HttpResponse:
    """Ask for the report as a person does (start its job from the page), then download the job's file."""
    started = client.post(f"{reverse('impact:funder-report', kwargs={'fmt': fmt})}?{urlencode(params)}")
    assert started.status_code == 302, started.status_code
    job = Job.objects.get(pk=resolve(started.url).kwargs["pk"])
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("jobs:job-result", kwargs={"pk": job.pk}))
    return HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])
