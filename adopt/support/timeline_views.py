"""A company's activity timeline: its casework newest first, recording a call, visit, email, meeting or note, and
setting the company's next action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from adopt.accounts.requests import person_of
from adopt.companies.policies import visible_companies
from adopt.companies.services import NextActionRefused, company_next_action_set
from adopt.support.activities import ActivityRefused, activity_record, timeline_of
from adopt.support.forms import ActivityForm, NextActionForm
from adopt.support.policies import can_record_support, note_visibilities


@login_required
def company_timeline(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    can_record = can_record_support(request.user, company)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    now = timezone.localtime()
    activity_form = ActivityForm(
        request.POST if action == "activity" else None,
        initial={"day": now.date(), "time": now.strftime("%H:%M")},
    )
    next_form = NextActionForm(
        request.POST if action == "next" else None,
        initial={"text": company.next_action, "due": company.next_action_due},
    )
    if action == "activity" and activity_form.is_valid():
        try:
            activity_record(company, by=person_of(request), **activity_form.activity_values())
        except ActivityRefused as error:
            activity_form.add_error(None, str(error))
        else:
            messages.success(request, "The activity is recorded.")
            return redirect("support:timeline", company_pk=company.pk)
    if action == "next" and next_form.is_valid():
        try:
            company_next_action_set(
                company,
                text=next_form.cleaned_data["text"],
                due=next_form.cleaned_data["due"],
                actor=person_of(request),
            )
        except NextActionRefused as error:
            next_form.add_error("due", str(error))
        else:
            messages.success(request, "The next action is saved.")
            return redirect("support:timeline", company_pk=company.pk)
    context = {
        "company": company,
        "items": timeline_of(company, note_visibilities(request.user, company)),
        "can_record": can_record,
        "activity_form": activity_form,
        "next_form": next_form,
    }
    return render(request, "support/timeline.html", context, status=400 if request.method == "POST" else 200)
