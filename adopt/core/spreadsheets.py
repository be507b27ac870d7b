"""The one writer of Excel and CSV files: real cell types, and no text that a spreadsheet would run as a formula.

A company name like `=HYPERLINK(...)` or a title like `=cmd|' /C calc'!A0` is data someone typed. In a workbook
it is stored as a text cell, never a formula; in a CSV, where there are no cell types, it is prefixed with an
apostrophe, as OWASP advises, so that Excel and LibreOffice show it as text.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made: it costs every process a third of a second
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
# What a spreadsheet takes as the start of a formula (or of a command, in older Excel).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def new_workbook() -> "Workbook":
    from openpyxl import Workbook

    return Workbook()


@cache
def _bold() -> "Font":
    from openpyxl.styles import Font

    return Font(bold=True)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    return f"'{value}" if is_formula_like(value) else value


def append_row(
    sheet: "Worksheet", row: Sequence[Any], money: Iterable[int] = (), dates: Iterable[int] = (), bold: bool = False
) -> None:
    """Append one row: Decimals as numbers, and every formula-like text kept as text.

    The cells are made, formatted and then appended, so a row costs the same however long the sheet already is.
    """
    from openpyxl.cell.cell import Cell

    money, dates = set(money), set(dates)
    cells = []
    for index, value in enumerate(row):
        cell = Cell(sheet)
        cell.value = float(value) if isinstance(value, Decimal) else value
        if is_formula_like(value):
            cell.data_type = "s"
        if bold:
            cell.font = _bold()
        if index in money:
            cell.number_format = MONEY_FORMAT
        elif index in dates:
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    sheet.append(cells)


def add_sheet(
    book: "Workbook",
    title: str,
    header: list[str],
    rows: Iterable[Sequence[Any]],
    money: Iterable[int] = (),
    dates: Iterable[int] = (),
    *,
    first: bool = False,
) -> "Worksheet":
    """A sheet with a bold header row, frozen, then the rows; `first` fills the workbook's opening sheet."""
    sheet = book.active if first else book.create_sheet(title)
    sheet.title = title
    append_row(sheet, header, bold=True)
    money, dates = set(money), set(dates)
    for row in rows:
        append_row(sheet, row, money, dates)
    sheet.freeze_panes = "A2"
    return sheet


def workbook_bytes(book: "Workbook") -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


class SafeCsvWriter:
    """`csv.writer` whose every formula-like text is prefixed with an apostrophe."""

    def __init__(self, stream: TextSink) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_safe(value) for value in row])
