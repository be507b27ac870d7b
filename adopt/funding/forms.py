from decimal import Decimal
from typing import Any

from django import forms

from adopt.core.financial_years import financial_year_label
from adopt.core.uploads import UploadRefused, identify_upload
from adopt.core.visibility import Visibility
from adopt.funding.declarations import DeclarationSet
from adopt.funding.models import CostItem, Document, Fund, GrantApplication, Recovery, Scheme
from adopt.funding.setup import FundSetupRefused, criteria_from_lines, lines_from_criteria


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = GrantApplication
        fields = list(GrantApplication.ANSWERS)
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
            "financial_year": {"required": "Enter the financial year, like 2026."},
        }

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the scheme's own fields: no internship hours on a technology grant.
        if scheme.kind != Scheme.Kind.INTERNSHIP:
            del self.fields["hours"]
        else:
            self.fields["hours"].label = "Internship hours"
        if scheme.kind != Scheme.Kind.LEADERSHIP:
            del self.fields["places"]
        else:
            self.fields["places"].label = "Leadership programme places"
        if scheme.kind != Scheme.Kind.TECHNOLOGY_GRANT:
            del self.fields["expected_energy_kwh"]

    def clean_expected_jobs(self) -> Decimal:
        value = self.cleaned_data.get("expected_jobs") or Decimal("0")
        if value < 0:
            raise forms.ValidationError("Jobs cannot be negative.")
        return Decimal(value)


class CostForm(forms.Form):
    description = forms.CharField(max_length=200, error_messages={"required": "Describe the cost."})
    cost_type = forms.ChoiceField(label="Type of cost", choices=CostItem.Type.choices)
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

    def __init__(self, *args: Any, scheme: Scheme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cost_type"]
        if scheme is not None and isinstance(field, forms.ChoiceField):
            # The scheme's own cost types, and "other" for a cost of the project it does not pay for.
            paid_for = set(scheme.eligible_cost_types) | {CostItem.Type.OTHER}
            field.choices = [(value, label) for value, label in CostItem.Type.choices if value in paid_for]


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


class DeclarationsForm(forms.Form):
    """One box per declaration, each required, in the words of the current version."""

    def __init__(self, *args: Any, declarations: DeclarationSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in declarations.items:
            self.fields[item.key] = forms.BooleanField(
                label=item.text,
                required=True,
                error_messages={"required": f"Confirm the declaration “{item.title}”."},
            )

    def declared(self) -> set[str]:
        return {key for key, value in self.cleaned_data.items() if value}


class SubsidyConfirmationForm(forms.Form):
    other_assistance = forms.DecimalField(
        label="Other minimal or SPEI financial assistance the business has received in the period (£)",
        help_text="From any public body other than grants made through this service; enter 0 if none.",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={
            "required": "Enter the other assistance received, or 0 if none.",
            "invalid": "Enter the amount as a number, like 25000.00.",
            "min_value": "Enter an amount of zero or more.",
        },
    )
    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Type your full name to confirm."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(
        label="I confirm that receiving this assistance will not take the business over the limit in the period.",
        error_messages={"required": "Tick the box to confirm the business's headroom."},
    )


class AcceptanceForm(forms.Form):
    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Type your full name to accept the offer."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    position = forms.CharField(
        label="Your position in the business",
        max_length=150,
        error_messages={"required": "Enter your position in the business, like Managing director."},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    accept = forms.BooleanField(
        label="I accept the offer and its conditions on behalf of the business.",
        error_messages={"required": "Tick the box to accept the offer."},
    )


class VariationForm(forms.Form):
    amount = forms.DecimalField(
        label="Grant amount (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": "Enter the grant amount.", "invalid": "Enter the amount as a number."},
    )
    claim_deadline = forms.DateField(
        label="Claim deadline",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the claim deadline.", "invalid": "Enter a real date."},
    )
    reason = forms.CharField(
        label="Reason for the variation (shown to the business)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give the reason for the variation."},
    )


class RecoveryForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to recover (£)",
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": "Enter the amount to recover.", "invalid": "Enter the amount as a number."},
    )
    reason = forms.ChoiceField(label="Why", choices=Recovery.Reason.choices)
    note = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Say what happened: the note is kept with the recovery."},
    )


class FundForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = Fund
        fields = ["name", "funder", "identifier_prefix", "funder_identifier", "nominal_code"]
        labels = {
            "name": "Fund name",
            "funder": "Who provides the money",
            "identifier_prefix": "360Giving prefix",
            "funder_identifier": "Funder's organisation identifier",
            "nominal_code": "Expense code in the accounts",
        }
        error_messages = {
            "name": {"required": "Enter the fund's name."},
            "funder": {"required": "Enter who provides the money."},
        }


class BudgetsForm(forms.Form):
    """One budget a financial year, for every year the programme's period touches."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
                label=f"Budget for {financial_year_label(year)} (£)",
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                error_messages={
                    "invalid": "Enter the budget in pounds, like 2000000.",
                    "min_value": "A budget cannot be below zero.",
                    "max_decimal_places": "Enter the budget in pounds and pence, with at most two decimal places.",
                },
            )

    def budgets(self) -> dict[int, Decimal]:
        return {year: self.cleaned_data.get(f"budget_{year}") or Decimal(0) for year in self.years}


class SchemeForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    eligible_cost_types = forms.MultipleChoiceField(
        label="Costs it pays for",
        required=False,
        choices=[(value, label) for value, label in CostItem.Type.choices if value != CostItem.Type.OTHER],
        widget=forms.CheckboxSelectMultiple,
        help_text="Technology grants only.",
    )
    required_documents = forms.MultipleChoiceField(
        label="Documents every application attaches before it is submitted",
        required=False,
        choices=[
            (value, label)
            for value, label in Document.Kind.choices
            if value not in {Document.Kind.INVOICE, Document.Kind.PROOF_OF_PAYMENT}
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.CharField(
        label="What reviewers score, one a line",
        widget=forms.Textarea,
        help_text="Write each as 'title | weight', for example 'Fit with the company's digital roadmap | 2'. "
        "Reviewers score each from 0 to 5; the weights make the overall score.",
        error_messages={"required": "Give at least one criterion reviewers score."},
    )

    class Meta:
        model = Scheme
        fields = [
            "name",
            "kind",
            "intervention_rate",
            "minimum_grant",
            "maximum_grant",
            "eligible_cost_types",
            "hourly_rate",
            "maximum_hours",
            "place_value",
            "required_documents",
            "quotes_required",
            "quotes_above",
            "claim_months",
            "offer_conditions",
            "four_eyes",
            "is_open",
        ]
        labels = {
            "name": "Scheme name",
            "kind": "Type of scheme",
            "intervention_rate": "Share of eligible costs the grant pays, from 0.01 to 1",
            "minimum_grant": "Smallest grant (£)",
            "maximum_grant": "Largest grant (£)",
            "hourly_rate": "Hourly rate paid for an intern (£, internships only)",
            "maximum_hours": "Most internship hours (internships only)",
            "place_value": "Value of one place (£, leadership only)",
            "quotes_required": "Supplier quotes needed for each large cost line",
            "quotes_above": "Amount from which a cost line needs its quotes (£)",
            "claim_months": "Months from the offer in which the company claims",
            "offer_conditions": "Conditions of its offers, beyond the standard ones",
            "four_eyes": "The manager who approves must not be the person who recommended",
            "is_open": "Open to new applications",
        }
        help_texts = {
            "intervention_rate": "0.5 pays half of the eligible costs: the company matches the rest.",
            "quotes_required": "0 for none.",
            "offer_conditions": "One a line; printed in every offer letter of this scheme.",
        }
        error_messages = {"name": {"required": "Enter the scheme's name."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["criteria"].initial = lines_from_criteria(self.instance.review_criteria)

    def clean_criteria(self) -> list[dict[str, object]]:
        try:
            return criteria_from_lines(self.cleaned_data["criteria"])
        except FundSetupRefused as error:
            raise forms.ValidationError(str(error)) from None

    def scheme_values(self) -> dict[str, object]:
        values = {field: self.cleaned_data[field] for field in self.Meta.fields}
        values["review_criteria"] = self.cleaned_data["criteria"]
        return values
