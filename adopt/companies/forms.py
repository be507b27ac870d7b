from typing import Any
from urllib.parse import urlencode

from django import forms

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser
from adopt.companies.models import Company, SicCode
from adopt.companies.selectors import SIZE_BANDS
from adopt.geography.models import Area
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import programme_ids_where


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
        programmes = programme_ids_where(user, ProgrammeStaff.Role.ADVISER, ProgrammeStaff.Role.MANAGER)
        advisers = User.objects.filter(
            programme_roles__role=ProgrammeStaff.Role.ADVISER, programme_roles__programme_id__in=programmes
        ).distinct()
        self._offer("adviser", anything + [(str(a.pk), a.full_name) for a in advisers.order_by("full_name")])

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
