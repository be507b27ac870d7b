from typing import Any

from django import forms

from adopt.core.visibility import Visibility
from adopt.support.models import Internship, LeadershipCohort, SupportEntry, UpskilledRole


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
