"""Booking a visit with a company, seeing it, changing or cancelling it, and its calendar file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from adopt.accounts.requests import person_of
from adopt.companies.policies import visible_companies
from adopt.support import bookings
from adopt.support.forms import BookingForm
from adopt.support.models import Booking
from adopt.support.policies import can_record_support


@login_required
def booking_new(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if not can_record_support(request.user, company):
        raise PermissionDenied
    advisers = bookings.bookable_advisers(company)
    form = BookingForm(
        request.POST or None,
        advisers=advisers,
        initial={"adviser": str(company.adviser_id or ""), "place": bookings.usual_place(company)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = bookings.booking_create(company=company, actor=person_of(request), **form.booking_values())
        except bookings.BookingRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The visit is booked. The company's people and the adviser have an invitation.")
            return redirect("support:booking", pk=booking.pk)
    return render(request, "support/booking_form.html", {"form": form, "company": company, "booking": None})


def _visible_booking(request: HttpRequest, pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("company__programme", "adviser").filter(
            company__in=visible_companies(request.user)
        ),
        pk=pk,
    )


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _visible_booking(request, pk)
    can_change = can_record_support(request.user, booking.company) and booking.cancelled_at is None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("action") == "cancel":
            bookings.booking_cancel(booking, actor=person_of(request))
            messages.success(request, "The visit is cancelled. Everyone invited is told.")
            return redirect("support:booking", pk=booking.pk)
        form = BookingForm(request.POST, advisers=bookings.bookable_advisers(booking.company))
        if form.is_valid():
            try:
                changed = bookings.booking_change(booking, actor=person_of(request), **form.booking_values())
            except bookings.BookingRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, "The visit is changed. Everyone invited has the update." if changed else "Nothing changed."
                )
                return redirect("support:booking", pk=booking.pk)
    else:
        local = timezone.localtime(booking.starts_at)
        form = BookingForm(
            advisers=bookings.bookable_advisers(booking.company),
            initial={
                "kind": booking.kind,
                "adviser": str(booking.adviser_id),
                "day": local.date(),
                "time": local.time().strftime("%H:%M"),
                "minutes": booking.minutes,
                "place": booking.place,
                "notes": booking.notes,
            },
        )
    context = {"booking": booking, "company": booking.company, "form": form if can_change else None}
    return render(request, "support/booking_detail.html", context)


@require_safe
@login_required
def booking_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _visible_booking(request, pk)
    response = HttpResponse(
        bookings.calendar_of(booking, [booking.adviser]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="visit-{booking.pk}.ics"'
    return response
