import datetime
from typing import Any

from django import forms
from django.utils import timezone

from adopt.accounts.models import User
from adopt.core.visibility import Visibility
from adopt.support.models import Activity, Booking, Internship, LeadershipCohort, SupportEntry, UpskilledRole


class SupportEntryForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = SupportEntry
        fields = ["kind", "delivered_on", "hours", "notes", "visibility"]
        labels = {"kind": "Kind of support", "delivered_on": "Date", "hours": "Hours", "notes": "Notes"}
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out, the notes stay with the staff: sharing is a choice someone makes.
        self.fields["visibility"].required = False

    def clean_visibility(self) -> str:
        return str(self.cleaned_data.get("visibility") or Visibility.STAFF)


class UpskilledRoleForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = UpskilledRole
        fields = ["role", "training", "provider", "completed_on"]
        labels = {"role": "Role", "training": "Training", "provider": "Provider", "completed_on": "Completed on"}
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}


class InternshipForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = Internship
        fields = ["student", "hours", "hourly_rate", "starts_on", "ends_on", "outcome"]
        labels = {
            "student": "Student",
            "hours": "Hours",
            "hourly_rate": "Hourly rate (£)",
            "starts_on": "Starts on",
            "ends_on": "Ends on",
            "outcome": "Outcome",
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class CohortForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = LeadershipCohort
        fields = ["name", "provider", "starts_on", "ends_on", "sessions", "sessions_to_complete"]
        labels = {
            "name": "Cohort name",
            "provider": "Provider",
            "starts_on": "Starts on",
            "ends_on": "Ends on",
            "sessions": "Sessions",
            "sessions_to_complete": "Sessions needed to complete",
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class CohortPlaceForm(forms.Form):
    company = forms.CharField(
        max_length=200, label="Company", help_text="Its Companies House number, or its name exactly as on Adopt."
    )
    participant_role = forms.CharField(
        max_length=120, label="Leader's role", help_text="For example Managing director. Leaders are not named."
    )


class AttendanceForm(forms.Form):
    place = forms.IntegerField(widget=forms.HiddenInput)
    sessions_attended = forms.IntegerField(min_value=0, max_value=52, label="Sessions attended")


class BookingForm(forms.Form):
    kind = forms.ChoiceField(label="Type of visit", choices=Booking.Kind.choices)
    adviser = forms.ChoiceField(label="Adviser")
    day = forms.DateField(
        label="Date",
        help_text="As year-month-day, for example 2027-01-14.",
        error_messages={"required": "Enter the date of the visit.", "invalid": "Enter a date like 2027-01-14."},
    )
    time = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, for example 09:30.",
        error_messages={"required": "Enter the time the visit starts.", "invalid": "Enter a time like 09:30."},
    )
    minutes = forms.IntegerField(
        label="How long, in minutes",
        initial=120,
        min_value=15,
        max_value=480,
        error_messages={
            "required": "Enter how long the visit lasts, in minutes.",
            "min_value": "A visit lasts at least 15 minutes.",
            "max_value": "A visit lasts at most 8 hours (480 minutes).",
        },
    )
    place = forms.CharField(
        label="Where",
        max_length=300,
        help_text="The address of the site, or how to join a call.",
        error_messages={"required": "Enter where the visit takes place."},
    )
    notes = forms.CharField(
        label="What to prepare", required=False, widget=forms.Textarea, help_text="Shared with the company."
    )

    def __init__(self, *args: Any, advisers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.advisers = {str(adviser.pk): adviser for adviser in advisers}
        adviser_field: forms.ChoiceField = self.fields["adviser"]  # type: ignore[assignment]  # declared above
        adviser_field.choices = [(pk, str(adviser)) for pk, adviser in self.advisers.items()]

    def booking_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["day"], data["time"]))
        return {
            "kind": data["kind"],
            "adviser": self.advisers[data["adviser"]],
            "starts_at": starts_at,
            "minutes": data["minutes"],
            "place": data["place"],
            "notes": data["notes"],
        }


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="What", choices=Activity.Kind.choices)
    day = forms.DateField(
        label="Date",
        help_text="As year-month-day, for example 2026-11-30.",
        error_messages={"required": "Enter the date it happened.", "invalid": "Enter a date like 2026-11-30."},
    )
    time = forms.TimeField(
        label="Time",
        help_text="24-hour clock, for example 14:00.",
        error_messages={"required": "Enter the time it happened.", "invalid": "Enter a time like 14:00."},
    )
    minutes = forms.IntegerField(
        label="How long, in minutes",
        min_value=0,
        max_value=24 * 60,
        initial=0,
        help_text="0 for a note.",
        error_messages={"required": "Enter how long it took, in minutes (0 for a note)."},
    )
    summary = forms.CharField(
        label="What was discussed or done",
        widget=forms.Textarea,
        error_messages={"required": "Say what was discussed or done."},
    )
    visibility = forms.ChoiceField(label="Who can read it", choices=Visibility.choices, initial=Visibility.STAFF)

    def activity_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "happened_at": timezone.make_aware(datetime.datetime.combine(data["day"], data["time"])),
            "minutes": data["minutes"],
            "summary": data["summary"],
            "visibility": data["visibility"],
        }


class NextActionForm(forms.Form):
    text = forms.CharField(label="Next action", max_length=200, required=False, help_text="Leave empty to clear it.")
    due = forms.DateField(
        label="Due by",
        required=False,
        help_text="As year-month-day, for example 2026-12-14.",
        error_messages={"invalid": "Enter a date like 2026-12-14."},
    )
