from decimal import Decimal
from typing import Any

from django import forms

from adopt.core.uploads import UploadRefused, identify_upload
from adopt.core.visibility import Visibility
from adopt.funding.models import Document, GrantApplication, Scheme

COST_TYPES = [
    ("equipment", "Equipment and hardware"),
    ("software", "Software and licences"),
    ("installation", "Installation and integration"),
    ("training", "Training"),
    ("consultancy", "Consultancy"),
    ("other", "Other (not eligible)"),
]


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = GrantApplication
        fields = [
            "scheme",
            "title",
            "description",
            "project_key",
            "financial_year",
            "hours",
            "places",
            "expected_jobs",
            "expected_roles_upskilled",
            "expected_productivity_pct",
            "expected_energy_kwh",
        ]
        labels = {
            "title": "Project title",
            "description": "What the project does and why",
            "project_key": "Roadmap item or project name",
            "financial_year": "Financial year the grant is paid in (the year it starts, for example 2026 for 2026/27)",
            "hours": "Internship hours (internship schemes only)",
            "places": "Leadership places (leadership schemes only)",
            "expected_jobs": "New jobs expected (full-time equivalent)",
            "expected_roles_upskilled": "Existing roles expected to be upskilled",
            "expected_productivity_pct": "Expected productivity gain (%)",
            "expected_energy_kwh": "Expected energy saved a year (kWh)",
        }
        error_messages = {
            "title": {"required": "Enter a title for the project."},
            "scheme": {"required": "Choose the scheme you are applying to."},
            "financial_year": {"required": "Enter the financial year, like 2026."},
        }

    def __init__(self, *args: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scheme"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = schemes
            field.empty_label = "Choose a scheme"
        # Only the fields of the kinds of scheme on offer: no internship hours on a technology grant.
        kinds = set(schemes.values_list("kind", flat=True))
        if Scheme.Kind.INTERNSHIP not in kinds:
            del self.fields["hours"]
        if Scheme.Kind.LEADERSHIP not in kinds:
            del self.fields["places"]

    def clean_expected_jobs(self) -> Decimal:
        value = self.cleaned_data.get("expected_jobs") or Decimal("0")
        if value < 0:
            raise forms.ValidationError("Jobs cannot be negative.")
        return Decimal(value)


class CostForm(forms.Form):
    description = forms.CharField(max_length=200, error_messages={"required": "Describe the cost."})
    cost_type = forms.ChoiceField(label="Type of cost", choices=COST_TYPES)
    supplier = forms.CharField(max_length=150, required=False)
    amount = forms.DecimalField(
        label="Amount excluding VAT (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": "Enter the amount.",
            "invalid": "Enter the amount as a number, like 1250.00.",
            "min_value": "Enter an amount above zero.",
            "max_decimal_places": "Enter the amount in pounds and pence, like 1250.50.",
        },
    )


def check_upload(upload: Any) -> Any:
    """Accept a PDF, JPEG or PNG up to 10 MB, identified by its whole content (see `core/uploads.py`)."""
    try:
        upload.content_type = identify_upload(upload)
    except UploadRefused as refusal:
        raise forms.ValidationError(str(refusal)) from None
    return upload


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="What the file is", choices=Document.Kind.choices)
    file = forms.FileField(label="File (PDF, JPEG or PNG, up to 10 MB)", error_messages={"required": "Choose a file."})

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data["file"])


class ReviewForm(forms.Form):
    comment = forms.CharField(label="Comments", widget=forms.Textarea, required=False)
    visibility = forms.ChoiceField(
        label="Who sees this review",
        choices=Visibility.choices,
        initial=Visibility.STAFF,
        help_text="Reviews are for the programme's staff unless you share them with the company.",
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = scheme.review_criteria
        for criterion in self.criteria:
            self.fields[f"score_{criterion['key']}"] = forms.TypedChoiceField(
                label=f"{criterion['title']} (0 to 5)",
                choices=[("", "Choose a score")] + [(str(n), str(n)) for n in range(6)],
                coerce=int,
                error_messages={"required": f"Score “{criterion['title']}”."},
            )

    def scores(self) -> dict[str, int]:
        return {c["key"]: self.cleaned_data[f"score_{c['key']}"] for c in self.criteria}


class ClaimForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount claimed (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": "Enter the amount claimed.", "invalid": "Enter the amount as a number."},
    )
    invoice_date = forms.DateField(
        label="Invoice date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the invoice date."},
    )
    invoice = forms.FileField(label="Invoice (PDF, JPEG or PNG)")
    proof = forms.FileField(label="Proof of payment (PDF, JPEG or PNG)")

    def clean_invoice(self) -> Any:
        return check_upload(self.cleaned_data["invoice"])

    def clean_proof(self) -> Any:
        return check_upload(self.cleaned_data["proof"])


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=GrantApplication.Status.choices)
    comment = forms.CharField(required=False, max_length=2000)
