"""The caseload's reassign menus, built in Python: a page of 50 rows each listing every adviser would otherwise run
the template engine over thousands of option tags."""

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from adopt.accounts.models import User

register = template.Library()


@register.simple_tag
def adviser_options(advisers: Iterable[User], chosen_id: int | None) -> SafeString:
    """`<option>`s for each adviser, the company's own adviser selected."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<option value="{}" selected>{}</option>', adviser.pk, adviser.full_name)
                if adviser.pk == chosen_id
                else format_html('<option value="{}">{}</option>', adviser.pk, adviser.full_name),
            )
            for adviser in advisers
        ),
    )
