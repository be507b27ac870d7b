from django import forms

from adopt.programmes.models import Programme
from adopt.webhooks.catalogue import EVENT_NAMES
from adopt.webhooks.models import Endpoint


class EndpointForm(forms.ModelForm):  # type: ignore[type-arg]  # the stub's generic has no default
    events = forms.MultipleChoiceField(
        label="Events to send",
        choices=[(name, f"{name}: {label}") for name, label in EVENT_NAMES.items() if name != "ping"],
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(label="Address (https://...)", max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label="Signing secret",
        required=False,
        max_length=100,
        help_text="Leave empty and Adopt makes one. The receiver checks each delivery's signature with it.",
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="Every programme",
        help_text="Send only this programme's events.",
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "secret", "events", "programme"]
        labels = {"name": "Name"}
