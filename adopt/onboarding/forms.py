from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from adopt.accounts.models import User
from adopt.companies.numbers import InvalidCompanyNumber, normalise_company_number
from adopt.geography.postcodes import PostcodeKind, parse_postcode
from adopt.onboarding.abuse import form_started_token
from adopt.onboarding.models import Enquiry
from adopt.programmes.models import ProgrammeStaff


class GuardedForm(forms.Form):
    """A public form with a honeypot and a signed start time (see `abuse.py`)."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_started_token()


class SignupForm(GuardedForm):
    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name."}
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    password1 = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters, not a common password.",
    )
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = ["full_name", "email", "password1", "password2", "website", "started"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match.")
        elif first:
            try:
                validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ConfirmSignupForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="The password you chose when you signed up.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter the password you chose when you signed up."},
    )


class FindCompanyForm(forms.Form):
    q = forms.CharField(
        label="Companies House number or company name",
        max_length=160,
        error_messages={"required": "Enter your company's number or name."},
    )


class ClaimForm(forms.Form):
    registered_postcode = forms.CharField(
        label="Your company's registered office postcode",
        max_length=10,
        error_messages={"required": "Enter the registered office postcode."},
    )
    role_at_company = forms.CharField(label="Your role at the company", max_length=100, required=False)


class ClaimCodeForm(forms.Form):
    code = forms.RegexField(
        label="The 6-digit code",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the code from the email.", "invalid": "Enter the 6 digits of the code."},
    )


class NewCompanyForm(forms.Form):
    name = forms.CharField(
        label="Company name", max_length=160, error_messages={"required": "Enter the company's name."}
    )
    companies_house_number = forms.CharField(
        label="Companies House number", max_length=12, error_messages={"required": "Enter the Companies House number."}
    )
    postcode = forms.CharField(
        label="Registered office postcode", max_length=10, error_messages={"required": "Enter the postcode."}
    )
    sic = forms.CharField(
        label="Main SIC 2007 code",
        max_length=5,
        required=False,
        help_text="Five digits, as on Companies House, for example 25620.",
    )
    staff_headcount = forms.IntegerField(label="Number of staff", min_value=0, max_value=10_000_000, required=False)

    def clean_companies_house_number(self) -> str:
        try:
            return normalise_company_number(self.cleaned_data["companies_house_number"])
        except InvalidCompanyNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean_postcode(self) -> str:
        parsed = parse_postcode(self.cleaned_data["postcode"])
        if parsed.kind is PostcodeKind.DISTRICT:
            raise forms.ValidationError(f"{parsed.district} is a postcode district: enter the full postcode.")
        if not parsed.is_full:
            raise forms.ValidationError("Enter a real UK postcode, like BB1 1AA.")
        return parsed.normalised


class EnquiryForm(GuardedForm):
    name = forms.CharField(label="Your name", max_length=150, error_messages={"required": "Enter your name."})
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    company_name = forms.CharField(
        label="Company name", max_length=160, error_messages={"required": "Enter your company's name."}
    )
    companies_house_number = forms.CharField(label="Companies House number", max_length=12, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    message = forms.CharField(label="How can we help?", widget=forms.Textarea, required=False, max_length=4000)

    field_order = [
        "name",
        "email",
        "phone",
        "company_name",
        "companies_house_number",
        "postcode",
        "message",
        "website",
        "started",
    ]

    def clean_companies_house_number(self) -> str:
        text = self.cleaned_data.get("companies_house_number", "")
        if not text.strip():
            return ""
        try:
            return normalise_company_number(text)
        except InvalidCompanyNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode", "")
        if not text.strip():
            return ""
        parsed = parse_postcode(text)
        if not parsed.is_full:
            raise forms.ValidationError("Enter a full UK postcode, like BB1 1AA, or leave it empty.")
        return parsed.normalised


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        error_messages={
            "required": "Enter the email address to invite.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New email address",
        error_messages={
            "required": "Enter the new address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )


class DeletionForm(forms.Form):
    reason = forms.CharField(
        label="Anything you want us to know (optional)", widget=forms.Textarea, required=False, max_length=2000
    )


class EnquiryUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Where it stands")
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Nobody yet", label="Owner"
    )
    closed_reason = forms.CharField(
        label="Why it is closed", required=False, max_length=200, help_text="Only when closing it."
    )

    def __init__(self, *args: Any, owners: Any, converted: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(value, label) for value, label in Enquiry.Status.choices if converted or value != "converted"]
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class EnquiryNoteForm(forms.Form):
    text = forms.CharField(label="Add a note", widget=forms.Textarea, max_length=5000)


class StaffInviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        error_messages={
            "required": "Enter the email address to invite.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *ProgrammeStaff.Role.choices],
        error_messages={"required": "Choose the role to invite them to."},
    )


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(label="New role", choices=ProgrammeStaff.Role.choices)


class StaffAccountForm(forms.Form):
    """An account for someone whose address the invitation link has proved."""

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your full name."}
    )
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters, not a common password.",
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match.")
        elif first:
            try:
                validate_password(first, User(email=self.email, full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
