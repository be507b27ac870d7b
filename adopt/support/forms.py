from django import forms

from adopt.support.models import Internship, SupportEntry, UpskilledRole


class SupportEntryForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = SupportEntry
        fields = ["kind", "delivered_on", "hours", "notes"]
        labels = {"kind": "Kind of support", "delivered_on": "Date", "hours": "Hours", "notes": "Notes"}
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"})}


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
