from typing import Any

from django import forms
from django.db.models import QuerySet

from adopt.accounts.api_tokens import ALL_SCOPES, API_AREAS
from adopt.programmes.models import Programme, ProgrammeStaff


def _scope_label(scope: str) -> str:
    area, access = scope.split(":")
    return f"{'Read' if access == 'read' else 'Add'}: {API_AREAS[area]} ({scope})"


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="What the token is for", max_length=100, help_text="For example: Power BI refresh.")
    scopes = forms.MultipleChoiceField(
        label="What it may do",
        choices=[(scope, _scope_label(scope)) for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the token may do."},
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        empty_label="Every programme I can see",
        label="Limit it to one programme",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires",
        choices=[(30, "In 30 days"), (90, "In 90 days"), (365, "In a year"), ("", "Never")],
        coerce=int,
        empty_value=None,
        required=False,
        initial=90,
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class ServiceTokenForm(ApiTokenForm):
    """A token for another system, acting as a service account with a role in one programme."""

    role = forms.ChoiceField(
        label="The service account's role",
        choices=[
            (ProgrammeStaff.Role.ADVISER, "Technology adviser: reads and adds the programme's companies and support"),
            (ProgrammeStaff.Role.EVALUATOR, "Evaluator: reads programme figures, no company's details"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="service", **kwargs)
        self.fields["programme"].required = True
        self.fields["programme"].empty_label = None  # type: ignore[attr-defined]
        self.fields["programme"].label = "Programme"
