"""The caseload's reassign menus, built in Python: a page of 50 rows each listing every adviser would otherwise run
the template engine over thousands of option tags."""

from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from adopt.accounts.models import User

register = template.Library()


@lru_cache(maxsize=64)
def _options(advisers: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """Each adviser's escaped `<option>`, made once for every row that lists the same advisers."""
    return tuple((pk, format_html('<option value="{}">{}</option>', pk, name)) for pk, name in advisers)


@register.simple_tag
def adviser_options(advisers: Iterable[User], chosen_id: int | None) -> SafeString:
    """`<option>`s for each adviser, the company's own adviser selected."""
    options = _options(tuple((adviser.pk, adviser.full_name) for adviser in advisers))
    # Each option is escaped already; only the chosen one gains the attribute.
    return mark_safe(  # noqa: S308
        "".join(html.replace("<option ", "<option selected ", 1) if pk == chosen_id else html for pk, html in options)
    )
