from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms

from adopt.accounts.policies import AnyUser
from adopt.companies.models import Company, Contact, SicCode, Site, SubsidyReceipt
from adopt.companies.numbers import (
    InvalidCompanyNumber,
    normalise_company_number,
    normalise_paye_reference,
    normalise_vat_number,
)
from adopt.companies.policies import assignable_advisers, assignable_programmes
from adopt.companies.selectors import SIZE_BANDS
from adopt.geography.models import Area
from adopt.geography.postcodes import PostcodeKind, parse_postcode
from adopt.programmes.models import Programme


def cleaned_company_number(text: str | None) -> str | None:
    """A company number as stored (in capitals and in full), None when none is given; a form error otherwise."""
    if not (text or "").strip():
        return None
    try:
        return normalise_company_number(text or "")
    except InvalidCompanyNumber as error:
        raise forms.ValidationError(str(error)) from None


class CompanyFilterForm(forms.Form):
    q = forms.CharField(label="Name or Companies House number", required=False, max_length=100)
    eligibility = forms.ChoiceField(label="Eligibility", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    division = forms.ChoiceField(label="Industry (SIC division)", required=False)
    size = forms.ChoiceField(label="Size", required=False)
    adviser = forms.ChoiceField(label="Adviser", required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", "Any")]
        self._offer("eligibility", anything + list(Company.Eligibility.choices))
        regions = Area.objects.filter(level=Area.Level.REGION).order_by("name").values_list("code", "name")
        self._offer("region", anything + list(regions))
        divisions = SicCode.objects.filter(level=SicCode.Level.DIVISION, is_manufacturing=True).order_by("code")
        self._offer("division", anything + [(d.code, f"{d.code} {d.description}") for d in divisions])
        self._offer("size", anything + [(key, label) for key, (label, _, _) in SIZE_BANDS.items()])
        advisers = assignable_advisers(assignable_programmes(user))
        self._offer("adviser", [*anything, ("none", "No adviser yet")] + [(str(a.pk), a.full_name) for a in advisers])

    def _offer(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def cleaned_filters(self) -> dict[str, str]:
        """Valid filters by name; a field with a value not on offer is left out rather than failing the page."""
        self.is_valid()
        return {name: str(self.cleaned_data.get(name) or "") for name in self.fields}

    def querystring(self) -> str:
        """The active filters as a query string, for links that page through the results."""
        active = {name: value for name, value in self.cleaned_filters().items() if value}
        return urlencode(active)


IDENTITY_FIELDS = [
    "name",
    "companies_house_number",
    "status",
    "incorporated_on",
    "address_line_1",
    "address_line_2",
    "post_town",
    "county",
    "postcode",
]


class CompanyForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    """A company's profile. Programme, adviser and notes are for programme staff only."""

    sic_1 = forms.CharField(
        label="Main SIC 2007 code", required=False, max_length=5, help_text="Five digits, for example 25620."
    )
    sic_2 = forms.CharField(label="Second SIC code", required=False, max_length=5)
    sic_3 = forms.CharField(label="Third SIC code", required=False, max_length=5)
    sic_4 = forms.CharField(label="Fourth SIC code", required=False, max_length=5)

    # The Companies House number ties the record to public data: only staff change it, so nobody can squat one.
    STAFF_ONLY = ("programme", "adviser", "notes", "companies_house_number", "vat_number", "paye_reference")
    field_order = [*IDENTITY_FIELDS, "sic_1", "sic_2", "sic_3", "sic_4"]

    class Meta:
        model = Company
        fields = [
            *IDENTITY_FIELDS,
            "staff_headcount",
            "turnover_gbp",
            "balance_sheet_gbp",
            "financials_year",
            "subsidy_declared_on",
            "programme",
            "adviser",
            "notes",
            "vat_number",
            "paye_reference",
        ]
        labels = {
            "companies_house_number": "Companies House number",
            "turnover_gbp": "Turnover (£)",
            "balance_sheet_gbp": "Balance sheet total (£)",
            "staff_headcount": "Staff (headcount)",
            "incorporated_on": "Date of incorporation",
            "subsidy_declared_on": "Subsidies declared on",
            "vat_number": "VAT registration number",
            "paye_reference": "Employer PAYE reference",
        }
        error_messages = {
            "name": {"required": "Enter the company's name."},
            "programme": {"required": "Choose the programme the company joins."},
        }
        widgets = {
            "incorporated_on": forms.DateInput(attrs={"type": "date"}),
            "subsidy_declared_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: AnyUser, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            programmes = assignable_programmes(user)
            self._limit("programme", programmes)
            self._limit("adviser", assignable_advisers(programmes))
        else:
            for name in self.STAFF_ONLY:
                del self.fields[name]
        for position, code in enumerate(self.instance.sic_codes or [], start=1):
            self.initial[f"sic_{position}"] = code

    def _limit(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = queryset

    def clean_companies_house_number(self) -> str | None:
        return cleaned_company_number(self.cleaned_data.get("companies_house_number"))

    def clean_vat_number(self) -> str:
        try:
            return normalise_vat_number(self.cleaned_data.get("vat_number") or "")
        except InvalidCompanyNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean_paye_reference(self) -> str:
        try:
            return normalise_paye_reference(self.cleaned_data.get("paye_reference") or "")
        except InvalidCompanyNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode") or ""
        if not text.strip():
            return ""
        parsed = parse_postcode(text)
        if parsed.kind is PostcodeKind.DISTRICT:
            raise forms.ValidationError(
                f"{parsed.district} is a postcode district: enter the full postcode, like {parsed.district} 1AA."
            )
        if not parsed.is_full:
            raise forms.ValidationError("Enter a real UK postcode, like BB1 1AA.")
        return parsed.normalised

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        codes = []
        for position in range(1, 5):
            code = (cleaned.get(f"sic_{position}") or "").strip()
            if not code:
                continue
            if not SicCode.objects.filter(code=code, level=SicCode.Level.SUBCLASS).exists():
                self.add_error(f"sic_{position}", f"{code} is not a five-digit UK SIC 2007 code.")
            elif code not in codes:
                codes.append(code)
        cleaned["sic_codes"] = codes
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The validated values to hand to `company_save`."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields or [] if name in self.cleaned_data}
        values["sic_codes"] = self.cleaned_data["sic_codes"]
        return values


IMPORT_MAX_BYTES = 200 * 1024 * 1024


class CompanyImportForm(forms.Form):
    file = forms.FileField(
        label="Companies House file (BasicCompanyData CSV)", help_text="The CSV as published, up to 200 MB."
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        label="Programme new companies join",
        error_messages={"required": "Choose the programme new companies join."},
    )
    manufacturing_only = forms.BooleanField(label="Only manufacturers (SIC divisions 10 to 33)", required=False)
    encoding = forms.ChoiceField(
        label="Encoding", choices=[("utf-8", "UTF-8 (with or without BOM)"), ("latin-1", "Latin-1")], initial="utf-8"
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = programmes.order_by("name")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 200 MB: split it, or use the adopt import_companies command."
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose a CSV file: Companies House publishes BasicCompanyData as .csv.")
        return upload


class SubsidyDeclarationForm(forms.Form):
    """One subsidy received, or none: ticking 'none' with no amount declares that nothing was received."""

    granted_on = forms.DateField(label="Date received", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    amount_gbp = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,  # as the column holds: up to £999,999,999,999.99
        decimal_places=2,
        error_messages={"max_digits": "Enter an amount below £1 trillion.", "invalid": "Enter the amount in pounds."},
    )
    grantor = forms.CharField(label="Who gave it", required=False, max_length=150)
    description = forms.CharField(label="What it was for", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed = {"granted_on": "the date it was received", "amount_gbp": "the amount", "grantor": "who gave it"}
        given = [name for name in needed if cleaned.get(name)]
        if given and len(given) < len(needed):
            for name, words in needed.items():
                if not cleaned.get(name):
                    self.add_error(name, f"Enter {words} too, or leave the date, amount and giver empty.")
        return cleaned

    def receipts(self) -> list[SubsidyReceipt]:
        if not self.cleaned_data.get("amount_gbp"):
            return []
        return [
            SubsidyReceipt(
                granted_on=self.cleaned_data["granted_on"],
                amount_gbp=self.cleaned_data["amount_gbp"],
                grantor=self.cleaned_data["grantor"],
                description=self.cleaned_data["description"],
            )
        ]


class SiteForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = Site
        fields = ["name", "address", "postcode"]
        labels = {"name": "Site name", "address": "Address"}
        error_messages = {"name": {"required": "Enter a name for the site, like Main works."}}

    def clean_postcode(self) -> str:
        parsed = parse_postcode(self.cleaned_data.get("postcode") or "")
        if not parsed.is_full:
            raise forms.ValidationError("Enter the site's full postcode, like BB1 1AA.")
        return parsed.normalised


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]  # generic over the model
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]
        labels = {"name": "Contact's name", "role": "Role", "email": "Email address", "phone": "Phone number"}
        error_messages = {"name": {"required": "Enter the contact's name."}}
