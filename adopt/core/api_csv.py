"""Any API list as one CSV file, streamed, for a BI tool or a spreadsheet: the same columns as the list's JSON."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from ninja.errors import HttpError

from adopt.core.cursors import BadCursor, changed_since
from adopt.core.spreadsheets import SafeCsvWriter

# The operation's `openapi_extra`, so the schema says the answer is CSV.
CSV_OPENAPI = {
    "responses": {
        200: {
            "description": "Every row as CSV, one header line",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


class _Line:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str, /) -> None:
        self.text += text


def _cell(value: Any) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}={item}" for key, item in value.items())
    return "" if value is None else value


def _lines(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    line = _Line()
    writer = SafeCsvWriter(line)
    writer.writerow(columns)
    yield line.text
    for row in rows:
        line.text = ""
        writer.writerow([_cell(row.get(column)) for column in columns])
        yield line.text


def csv_download(
    rows: QuerySet[Any],
    shape: Callable[[Any], dict[str, Any]],
    columns: list[str],
    name: str,
    updated_since: datetime.datetime | None = None,
) -> StreamingHttpResponse:
    """Every row (changed since `updated_since`, if given), oldest change first, shaped as the JSON list shapes
    it; read in chunks, never all at once."""
    try:
        rows = changed_since(rows, updated_since)
    except BadCursor as error:
        raise HttpError(400, str(error)) from None
    ordered = rows.order_by("updated_at", "pk").iterator(chunk_size=2000)
    response = StreamingHttpResponse(_lines((shape(row) for row in ordered), columns), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
