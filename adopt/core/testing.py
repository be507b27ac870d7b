"""Helpers for the test suite that guard whole-project properties."""

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
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


def commits_at_outermost_block(monkeypatch: Any) -> None:
    """Run commit hooks when a block that would commit outside a test closes, as a real commit would.

    A test runs inside a transaction that is rolled back at its end, so `transaction.on_commit` hooks would never
    run and events would never be heard. With this, leaving the outermost atomic block that is not the test's
    own runs the hooks registered so far; a block that rolls back has already dropped its hooks.
    """
    original_exit = transaction.Atomic.__exit__

    def exit_and_commit(self: transaction.Atomic, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        original_exit(self, exc_type, exc_value, traceback)
        blocks = connections[self.using or DEFAULT_DB_ALIAS]
        if (
            exc_type is None
            and not getattr(self, "_from_testcase", False)
            and not blocks.needs_rollback
            and all(getattr(block, "_from_testcase", False) for block in blocks.atomic_blocks)
        ):
            hooks, blocks.run_on_commit = blocks.run_on_commit, []
            for registered in hooks:
                registered[1]()  # (savepoints, hook, robust)

    original_on_commit = BaseDatabaseWrapper.on_commit

    def on_commit_now_outside_blocks(self: BaseDatabaseWrapper, func: Any, robust: bool = False) -> None:
        # Outside any block of its own, a real connection in autocommit runs the hook at once.
        if self.in_atomic_block and all(getattr(block, "_from_testcase", False) for block in self.atomic_blocks):
            func()
            return
        original_on_commit(self, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_commit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit_now_outside_blocks)


@contextmanager
def rows_for_the_module(blocker: Any) -> Iterator[None]:
    """Hold a transaction open around a whole test module, for rows that are slow to make and every test reads.

    Each test's own transaction nests inside it, so a test's changes are rolled back as usual; at the end of the
    module everything made here is rolled back too. Not for tests that need real commits (`transaction=True`).
    """
    with blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]  # tests' own blocks nest inside, as in a TestCase
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
