from decimal import Decimal
from typing import Any

from django import forms

from adopt.core.financial_years import financial_year_label
from adopt.geography.models import Area
from adopt.programmes.models import Programme, Target


class ProgrammeForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = Programme
        fields = [
            "name",
            "summary",
            "region",
            "starts_on",
            "ends_on",
            "contact_email",
            "contact_phone",
            "privacy_notice",
        ]
        labels = {
            "name": "Programme name",
            "summary": "What the programme offers, in a sentence or two",
            "region": "Region it reports under",
            "starts_on": "Starts on",
            "ends_on": "Ends on",
            "contact_email": "Contact email for businesses",
            "contact_phone": "Contact telephone",
            "privacy_notice": "Privacy notice",
        }
        help_texts = {
            "starts_on": "As year-month-day, for example 2026-04-01.",
            "ends_on": "As year-month-day, for example 2029-03-31.",
            "privacy_notice": "How the programme uses personal data, shown on the privacy page.",
        }
        error_messages = {
            "name": {"required": "Enter the programme's name.", "unique": "A programme already has this name."},
            "starts_on": {"required": "Enter the date the programme starts."},
            "ends_on": {"required": "Enter the date the programme ends."},
        }

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            region = self.fields["region"]
            region.queryset = Area.objects.filter(level=Area.Level.REGION).order_by("name")  # type: ignore[attr-defined]
            region.empty_label = "Choose a region"  # type: ignore[attr-defined]
            region.error_messages["required"] = "Choose the region the programme reports under."
        else:
            del self.fields["region"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "The programme must end after it starts.")
        return data


class AreasForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="Areas the programme serves",
        help_text="Businesses whose site is in any of these can take part. Choose the whole region, sub-regions or "
        "local authorities.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one area the programme serves."},
    )

    def __init__(self, *args: Any, choices: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas_by_pk = {str(area.pk): area for area in choices}
        areas: forms.MultipleChoiceField = self.fields["areas"]  # type: ignore[assignment]  # declared above
        areas.choices = [(str(area.pk), area.name) for area in choices]

    def chosen_areas(self) -> list[Area]:
        return [self.areas_by_pk[pk] for pk in self.cleaned_data["areas"]]


class TargetsForm(forms.Form):
    """For each measure, a target over the programme's whole period and, where the funder profiles it, one for
    each financial year."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys: list[tuple[str, int | None]] = []
        self.measures: list[tuple[str, list[str]]] = []
        for metric in Target.Metric:
            names = []
            for year in [None, *years]:
                name = f"{metric.value}__{year or 'all'}"
                self.fields[name] = forms.DecimalField(
                    label="Whole period" if year is None else financial_year_label(year),
                    required=False,
                    min_value=Decimal(0),
                    max_digits=16,
                    decimal_places=2,
                    error_messages={
                        "invalid": f"Enter {metric.label.lower()} as a number, like 250.",
                        "min_value": "A target cannot be below zero.",
                    },
                )
                self.keys.append((metric.value, year))
                names.append(name)
            self.measures.append((str(metric.label), names))

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[name] for name in names]) for label, names in self.measures]

    def targets(self) -> dict[tuple[str, int | None], Decimal | None]:
        return {(metric, year): self.cleaned_data.get(f"{metric}__{year or 'all'}") for metric, year in self.keys}
