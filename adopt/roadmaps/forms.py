from decimal import Decimal
from typing import Any

from django import forms

from adopt.roadmaps.catalogue import planning_rules

PHASE_CHOICES = [("", "Any phase"), ("0", "0 to 6 months"), ("1", "6 to 18 months"), ("2", "18 to 36 months")]


class RoadmapSettingsForm(forms.Form):
    """What the adviser and the company decide before planning: objectives, costs, budgets and limits."""

    objectives = forms.MultipleChoiceField(
        choices=(), required=False, widget=forms.CheckboxSelectMultiple, label="What does the company want to achieve?"
    )
    budget_now = forms.DecimalField(
        label="Budget, 0 to 6 months (£)",
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text="What the company can put in itself, after any grant.",
    )
    budget_next = forms.DecimalField(
        label="Budget, 6 to 18 months (£)", min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    budget_later = forms.DecimalField(
        label="Budget, 18 to 36 months (£)", min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    projects_at_once = forms.IntegerField(
        label="Most projects in one phase",
        min_value=1,
        max_value=10,
        required=False,
        help_text="Leave empty for the usual limits (2, then 3, then 3).",
    )
    # The columns hold up to 2,147,483,647 kWh, far beyond any SME's use.
    electricity_kwh = forms.IntegerField(
        label="Electricity used in a year (kWh)", min_value=0, max_value=2_147_483_647, required=False
    )
    gas_kwh = forms.IntegerField(
        label="Natural gas used in a year (kWh)", min_value=0, max_value=2_147_483_647, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        planning = planning_rules()
        objectives = self.fields["objectives"]
        assert isinstance(objectives, forms.MultipleChoiceField)  # noqa: S101 - declared above
        objectives.choices = [(o.key, o.title) for o in planning.objectives]
        self.cost_areas = planning.cost_areas
        for area in planning.cost_areas:
            self.fields[f"cost_{area.key}"] = forms.IntegerField(
                label=f"{area.title} (% of costs)", min_value=0, max_value=100, initial=area.default_share
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        shares = [cleaned.get(f"cost_{area.key}") for area in self.cost_areas]
        given = [share for share in shares if share is not None]
        if len(given) == len(shares) and sum(given) != 100:
            raise forms.ValidationError(f"The cost shares add up to {sum(given)}%: they must add up to 100%.")
        budgets = [cleaned.get(name) for name in ("budget_now", "budget_next", "budget_later")]
        if all(budget is not None for budget in budgets) and not any(budgets):
            # Every project costs something: with nothing to spend in any phase, the plan would be empty.
            raise forms.ValidationError(
                "Give at least one phase a budget: with £0 in every phase nothing can be planned."
            )
        return cleaned

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "objectives": list(data["objectives"]),
            "cost_profile": {area.key: data[f"cost_{area.key}"] for area in self.cost_areas},
            "budget_now": data["budget_now"],
            "budget_next": data["budget_next"],
            "budget_later": data["budget_later"],
            "projects_at_once": data["projects_at_once"],
            "electricity_kwh": data["electricity_kwh"],
            "gas_kwh": data["gas_kwh"],
        }

    @classmethod
    def initial_from(cls, roadmap: Any) -> dict[str, Any]:
        initial = {
            "objectives": roadmap.objectives,
            "budget_now": roadmap.budget_now,
            "budget_next": roadmap.budget_next,
            "budget_later": roadmap.budget_later,
            "projects_at_once": roadmap.projects_at_once,
            "electricity_kwh": roadmap.electricity_kwh,
            "gas_kwh": roadmap.gas_kwh,
        }
        for area in planning_rules().cost_areas:
            initial[f"cost_{area.key}"] = roadmap.cost_profile.get(area.key, area.default_share)
        return initial


class ItemActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("pin", "Pin"), ("unpin", "Unpin"), ("exclude", "Drop"), ("include", "Allow again")]
    )
    phase = forms.ChoiceField(choices=PHASE_CHOICES, required=False)

    def phase_index(self) -> int | None:
        value = self.cleaned_data.get("phase")
        return int(value) if value not in (None, "") else None


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=[("planned", "Planned"), ("in_progress", "In progress"), ("done", "Done")])


class AgreementForm(forms.Form):
    """Staff recording an agreement the company gave outside Adopt say who gave it and when."""

    person = forms.CharField(label="Who at the company agreed", max_length=150, required=False)
    agreed_on = forms.DateField(
        label="Date they agreed",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date."},
    )
