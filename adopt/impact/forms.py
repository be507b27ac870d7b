from decimal import Decimal
from typing import Any

from django import forms

from adopt.impact.models import FollowUpReport
from adopt.impact.simulator import Range

BOUNDS = ("low", "mode", "high")


class SimulatorForm(forms.Form):
    """A budget and, for each assumption, its low, most likely and high values (filled with the defaults)."""

    budget = forms.DecimalField(
        label="Budget (£ of public money)", min_value=Decimal(1), max_digits=12, decimal_places=0, initial=6_100_000
    )

    def __init__(self, *args: Any, assumptions: dict[str, Range], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assumptions = assumptions
        for key, value in assumptions.items():
            for bound in BOUNDS:
                self.fields[f"{key}__{bound}"] = forms.FloatField(
                    label=f"{key.replace('_', ' ').capitalize()}, {'most likely' if bound == 'mode' else bound}",
                    min_value=0,
                    initial=getattr(value, bound),
                )

    def rows(self) -> list[tuple[str, Range, list[forms.BoundField]]]:
        return [(key, value, [self[f"{key}__{bound}"] for bound in BOUNDS]) for key, value in self.assumptions.items()]

    def chosen(self) -> dict[str, Range]:
        data = self.cleaned_data
        return {
            key: Range(data[f"{key}__low"], data[f"{key}__mode"], data[f"{key}__high"], value.unit, value.note)
            for key, value in self.assumptions.items()
        }


class FollowUpForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = FollowUpReport
        fields = ["reported_on", *FollowUpReport.OUTCOME_FIELDS]
        labels = {
            "reported_on": "Date of the follow-up",
            "jobs_created": "New jobs (full-time equivalent)",
            "jobs_safeguarded": "Jobs safeguarded (full-time equivalent)",
            "roles_upskilled": "Existing roles upskilled",
            "new_sales": "New sales (£ a year)",
            "retained_sales": "Sales retained (£ a year)",
            "cost_savings": "Cost savings (£ a year)",
            "investment_plant": "Investment in plant and equipment (£)",
            "investment_it": "Investment in IT and software (£)",
            "investment_training": "Investment in training (£)",
            "electricity_saved_kwh": "Electricity saved (kWh a year)",
            "gas_saved_kwh": "Gas saved (kWh a year)",
            "productivity_pct": "Change in productivity (%)",
            "satisfaction": "Satisfaction with the support (0 to 10)",
            "likely_to_recommend": "Likely to recommend the programme (0 to 10)",
            "without_support": "Without the programme, the project…",
        }
        widgets = {"reported_on": forms.DateInput(attrs={"type": "date"})}
