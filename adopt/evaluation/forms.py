from typing import Any

from django import forms

from adopt.evaluation.indicators import indicator_sets
from adopt.evaluation.selectors import OUTCOMES
from adopt.evaluation.treatment import Definition

OUTCOME_LABELS = {"employees": "Employees", "turnover": "Turnover", "gva": "Gross value added"}


class EvaluationChoiceForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=[(key, OUTCOME_LABELS[key]) for key in OUTCOMES], initial="employees"
    )
    treated = forms.ChoiceField(
        label="Counted as supported",
        choices=[(definition.value, definition.label) for definition in Definition],
        initial=Definition.SUPPORTED.value,
    )

    def chosen(self) -> tuple[str, Definition]:
        if self.is_valid():
            return self.cleaned_data["outcome"], Definition(self.cleaned_data["treated"])
        return "employees", Definition.SUPPORTED


class IndicatorChoiceForm(forms.Form):
    indicator_set = forms.ChoiceField(label="Indicator set", choices=())
    period = forms.CharField(
        label="Period",
        initial="all",
        max_length=30,
        help_text="A financial year like 2026-27, dates like 2026-04-01..2026-09-30, or all.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sets = indicator_sets()
        field = self.fields["indicator_set"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(one.key, one.name) for one in sets]
        field.initial = sets[0].key


OUTCOME_FILE_MAX_BYTES = 100 * 1024 * 1024


class OutcomeImportForm(forms.Form):
    file = forms.FileField(label="Outcome panel (CSV)", help_text="Up to 100 MB, in the layout described below.")
    source = forms.CharField(
        label="Where the figures come from",
        max_length=150,
        help_text="For example: ONS Business Structure Database, 2026 return.",
        error_messages={"required": "Say where the figures come from, so the estimate can cite them."},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > OUTCOME_FILE_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 100 MB: split it by year.")
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose a CSV file.")
        return upload


class DrawForm(forms.Form):
    wave = forms.CharField(label="Wave", max_length=100, help_text="For example: Wave 1, spring 2027.")
    places = forms.IntegerField(label="Places", min_value=1, max_value=100_000)
