from decimal import Decimal
from typing import Any

from django import forms

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
