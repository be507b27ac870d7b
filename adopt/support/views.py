from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.policies import visible_companies
from adopt.support import selectors, services
from adopt.support.cohorts import CohortFacts, attendance_rate, has_completed
from adopt.support.forms import (
    AttendanceForm,
    CohortForm,
    CohortPlaceForm,
    InternshipForm,
    SupportEntryForm,
    UpskilledRoleForm,
)
from adopt.support.models import LeadershipCohort
from adopt.support.policies import (
    can_record_attendance,
    can_record_support,
    can_see_cohorts,
    cohort_programmes,
    manageable_cohort_programmes,
    note_visibilities,
)


def _context(company: Company, request: HttpRequest, **forms: object) -> dict[str, object]:
    return {
        "company": company,
        "entries": selectors.support_entries(company, note_visibilities(request.user, company)),
        "roles": selectors.upskilled_roles(company),
        "internships": selectors.internships(company),
        "leadership_places": selectors.leadership_places(company),
        "hours": selectors.support_hours(company),
        "verdict": selectors.company_supported(company),
        "can_record": can_record_support(request.user, company),
        "entry_form": forms.get("entry_form") or SupportEntryForm(),
        "role_form": forms.get("role_form") or UpskilledRoleForm(),
        "internship_form": forms.get("internship_form") or InternshipForm(prefix="internship"),
    }


@login_required
def support_log(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if request.method != "POST":
        return render(request, "support/support_log.html", _context(company, request))
    if not can_record_support(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    if request.POST.get("record") == "internship":
        internship_form = InternshipForm(request.POST, prefix="internship")
        if internship_form.is_valid():
            try:
                services.internship_record(company, **internship_form.cleaned_data)
            except services.SupportError as error:
                internship_form.add_error(None, str(error))
            else:
                messages.success(request, "The internship is recorded.")
                return redirect("support:log", company_pk=company.pk)
        context = _context(company, request, internship_form=internship_form)
        return render(request, "support/support_log.html", context, status=400)
    if request.POST.get("record") == "role":
        role_form = UpskilledRoleForm(request.POST)
        if role_form.is_valid():
            try:
                services.upskilled_role_record(company, **role_form.cleaned_data)
            except services.SupportError as error:
                role_form.add_error(None, str(error))
            else:
                messages.success(request, "The upskilled role is recorded.")
                return redirect("support:log", company_pk=company.pk)
        return render(request, "support/support_log.html", _context(company, request, role_form=role_form), status=400)
    entry_form = SupportEntryForm(request.POST)
    if entry_form.is_valid():
        try:
            services.support_record(company, adviser=request.user, **entry_form.cleaned_data)
        except services.SupportError as error:
            entry_form.add_error("delivered_on", str(error))
        else:
            messages.success(request, "The support is recorded.")
            return redirect("support:log", company_pk=company.pk)
    return render(request, "support/support_log.html", _context(company, request, entry_form=entry_form), status=400)


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    if not can_see_cohorts(request.user):
        raise PermissionDenied
    programmes = cohort_programmes(request.user).order_by("name")
    manageable = list(manageable_cohort_programmes(request.user).order_by("name"))
    form = CohortForm(request.POST or None)
    status = 200
    if request.method == "POST":
        programme = next((p for p in manageable if str(p.pk) == request.POST.get("programme")), None)
        if programme is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                cohort = services.cohort_create(programme, **form.cleaned_data)
            except services.CohortRefused as refused:
                for field, problem in refused.problems.items():
                    form.add_error(field, problem)
            else:
                messages.success(request, f"The cohort {cohort.name} is set up.")
                return redirect("support:cohort", pk=cohort.pk)
        status = 400
    context = {
        "cohorts": selectors.cohorts_with_figures(programmes, timezone.localdate()),
        "manageable": manageable,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "support/cohorts.html", context, status=status)


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(
        LeadershipCohort.objects.filter(programme__in=cohort_programmes(request.user)).select_related("programme"),
        pk=pk,
    )
    can_record = can_record_attendance(request.user, cohort.programme)
    place_form = CohortPlaceForm(request.POST if request.POST.get("record") == "place" else None)
    attendance_error: tuple[int, str] | None = None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if request.POST.get("record") == "place":
            if place_form.is_valid():
                try:
                    place = services.cohort_place_add(cohort, **place_form.cleaned_data)
                except services.CohortRefused as refused:
                    for field, problem in refused.problems.items():
                        place_form.add_error(field, problem)
                else:
                    messages.success(request, f"{place.company.name}'s {place.participant_role} has a place.")
                    return redirect("support:cohort", pk=cohort.pk)
        else:
            attendance = AttendanceForm(request.POST)
            if attendance.is_valid():
                place = get_object_or_404(cohort.places, pk=attendance.cleaned_data["place"])
                try:
                    services.attendance_record(place, attendance.cleaned_data["sessions_attended"])
                except services.CohortRefused as refused:
                    attendance_error = (place.pk, refused.problems["sessions_attended"])
                else:
                    messages.success(request, f"Attendance for {place.company.name} is recorded.")
                    return redirect("support:cohort", pk=cohort.pk)
            else:
                attendance_error = (0, "Give the number of sessions attended, from 0 to the cohort's sessions.")
    today = timezone.localdate()
    facts = CohortFacts(cohort.starts_on, cohort.ends_on, cohort.sessions, cohort.sessions_to_complete)
    places = [
        (place, has_completed(facts, place.sessions_attended, today)) for place in selectors.cohort_places(cohort)
    ]
    context = {
        "cohort": cohort,
        "places": places,
        "completed": sum(done for _, done in places),
        "attendance": attendance_rate(sum(p.sessions_attended for p, _ in places), len(places), cohort.sessions),
        "ended": today >= cohort.ends_on,
        "can_record": can_record,
        "place_form": place_form,
        "attendance_error": attendance_error,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "support/cohort.html", context, status=status)
