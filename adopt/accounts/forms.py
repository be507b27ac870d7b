from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is inactive.",
    }


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the code from your authenticator app."},
    )


class NewAppForm(SecondFactorForm):
    """Setting up an app proves it with the app's own code; replacing one takes a code from the current one too."""

    current = forms.CharField(
        label="Code from your current app",
        max_length=20,
        help_text="The code your current authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter a code from your current app, or a recovery code, to replace it."},
    )

    field_order = ["current", "code"]

    def __init__(self, *args: Any, replacing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from the new app"
        self.fields["code"].help_text = "The 6-digit code your new authenticator app shows for Adopt."
        if not replacing:
            del self.fields["current"]
