from django import forms

from adopt.notifications.catalogue import MUTABLE_TOPICS


class PreferencesForm(forms.Form):
    heard_topics = forms.MultipleChoiceField(
        label="Email me about",
        choices=[(topic.value, topic.label) for topic in MUTABLE_TOPICS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    daily_digest = forms.BooleanField(
        label="Gather these into one email each morning instead of sending each at once",
        required=False,
    )

    def muted_topics(self) -> list[str]:
        heard = set(self.cleaned_data["heard_topics"])
        return [topic.value for topic in MUTABLE_TOPICS if topic.value not in heard]
