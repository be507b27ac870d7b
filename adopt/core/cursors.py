"""Cursor pages for incremental sync: rows in the order they last changed, each page naming where the next begins.

A cursor is the (updated_at, id) of the last row sent, so rows changed while a client pages through come again at
the end rather than being skipped, and a page costs the same however deep it is (no OFFSET).
"""

import base64
import datetime
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

MAX_PAGE = 500


class BadCursor(ValueError):
    """A cursor that was not made by Adopt or was cut short, or a time that no database can hold."""


def moment(value: datetime.datetime) -> datetime.datetime:
    """The time in UTC (a time without a zone is taken as UTC); `BadCursor` for one outside what can be stored."""
    try:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
        return aware.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise BadCursor(f"{value.isoformat()} is not a time Adopt can compare with.") from None


def changed_since(rows: QuerySet[M], updated_since: datetime.datetime | None) -> QuerySet[M]:
    return rows if updated_since is None else rows.filter(updated_at__gte=moment(updated_since))


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def cursor_of(row: Any) -> str:
    raw = json.dumps([row.updated_at.isoformat(), row.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        return datetime.datetime.fromisoformat(at), int(pk)
    except (ValueError, TypeError, OverflowError):
        raise BadCursor("This cursor is not one Adopt made: start again without it.") from None


def page_of(
    rows: QuerySet[M], *, cursor: str = "", limit: int = 100, updated_since: datetime.datetime | None = None
) -> Page[M]:
    """Up to `limit` rows changed since `updated_since` (if given), after the cursor, oldest change first."""
    rows = changed_since(rows, updated_since)
    if cursor:
        at, pk = _read(cursor)
        at = moment(at)
        rows = rows.filter(Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=pk))
    limit = max(1, min(limit, MAX_PAGE))
    found = list(rows.order_by("updated_at", "pk")[: limit + 1])
    items = found[:limit]
    return Page(items, cursor_of(items[-1]) if len(found) > limit else None)
