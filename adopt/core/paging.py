"""Paging long lists without counting every row on every view.

A national list holds 100,000 companies: counting them for "page 3 of 2,000" costs more than the page itself.
`RememberedCountPaginator` counts a list once and remembers a large count for a minute (keyed on the query's
SQL and parameters, so another user's or filter's list is another count); a small list is always counted
exactly, so a list a person can read through never shows a stale total. `remembered_count` does the same for a
count shown on its own, and `remembered_counts` for counts grouped by something, such as companies per programme
on the national overview.
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

REMEMBER_FROM = 1_000
REMEMBER_SECONDS = 60


def _count_key(queryset: QuerySet[Any]) -> str:
    sql, params = queryset.order_by().query.sql_with_params()
    digest = hashlib.sha256(f"{queryset.db}|{sql}|{params!r}".encode()).hexdigest()
    return f"adopt:list-count:{digest}"


def remembered_counts(queryset: QuerySet[Any], *, total: str) -> list[dict[str, Any]]:
    """The rows of a grouped count (a `values(...).annotate(...)` query), remembered for `REMEMBER_SECONDS` when
    the counts in the `total` column add up to `REMEMBER_FROM` or more."""
    try:
        key = _count_key(queryset)
    except EmptyResultSet:
        return []
    remembered = cache.get(key)
    if isinstance(remembered, list):
        return remembered
    rows = list(queryset)
    if sum(row[total] for row in rows) >= REMEMBER_FROM:
        cache.set(key, rows, REMEMBER_SECONDS)
    return rows


def remembered_count(queryset: QuerySet[Any]) -> int:
    """The number of rows in `queryset`, remembered for `REMEMBER_SECONDS` when it is `REMEMBER_FROM` or more."""
    try:
        key = _count_key(queryset)
    except EmptyResultSet:  # a filter such as `pk__in=[]` matches nothing without asking the database
        return 0
    remembered = cache.get(key)
    if isinstance(remembered, int):
        return remembered
    exact = queryset.count()
    if exact >= REMEMBER_FROM:
        cache.set(key, exact, REMEMBER_SECONDS)
    return exact


class RememberedCountPaginator(Paginator[Any]):
    """A paginator whose count of a large list is remembered for `REMEMBER_SECONDS`."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        return remembered_count(self.object_list)
