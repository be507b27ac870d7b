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
    """A cursor that was not made by Adopt, or was cut short."""


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
    except (ValueError, TypeError):
        raise BadCursor("This cursor is not one Adopt made: start again without it.") from None


def page_of(
    rows: QuerySet[M], *, cursor: str = "", limit: int = 100, updated_since: datetime.datetime | None = None
) -> Page[M]:
    """Up to `limit` rows changed since `updated_since` (if given), after the cursor, oldest change first."""
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    if cursor:
        at, pk = _read(cursor)
        rows = rows.filter(Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=pk))
    limit = max(1, min(limit, MAX_PAGE))
    found = list(rows.order_by("updated_at", "pk")[: limit + 1])
    items = found[:limit]
    return Page(items, cursor_of(items[-1]) if len(found) > limit else None)
