"""Helpers for the test suite that guard whole-project properties."""

import io
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pypdf import PdfWriter


def count_queries(client: Client, url: str) -> int:
    """Number of SQL queries one GET of `url` makes, asserting the page answered 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"  # noqa: S101 - test helper
    return len(context.captured_queries)


def assert_queries_do_not_grow(client: Client, url: str, add_rows: Callable[[int], object]) -> None:
    """Fail when a list page's query count grows with its rows (an N+1): measured at 2 rows and at 40."""
    add_rows(2)
    with_few = count_queries(client, url)
    add_rows(38)
    with_many = count_queries(client, url)
    if with_many != with_few:
        raise AssertionError(f"GET {url} made {with_few} queries with 2 rows but {with_many} with 40.")


def tiny_pdf() -> bytes:
    """A real one-page PDF, as uploads are checked by opening them."""
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.write(buffer)
    return buffer.getvalue()


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()
