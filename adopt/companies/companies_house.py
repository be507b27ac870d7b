"""Reading Companies House's "BasicCompanyData" CSV as published: pure parsing, no database.

Header names may carry a leading space, SIC fields read like `25620 - Machining`, absent values read
`None Supplied` or are empty, and dates are DD/MM/YYYY.
"""

import codecs
import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from adopt.companies.numbers import InvalidCompanyNumber, normalise_company_number
from adopt.geography.postcodes import normalise_postcode

COLUMNS = {
    "name": "CompanyName",
    "number": "CompanyNumber",
    "address_line_1": "RegAddress.AddressLine1",
    "address_line_2": "RegAddress.AddressLine2",
    "post_town": "RegAddress.PostTown",
    "county": "RegAddress.County",
    "postcode": "RegAddress.PostCode",
    "category": "CompanyCategory",
    "status": "CompanyStatus",
    "incorporated": "IncorporationDate",
    "sic_1": "SICCode.SicText_1",
    "sic_2": "SICCode.SicText_2",
    "sic_3": "SICCode.SicText_3",
    "sic_4": "SICCode.SicText_4",
}
ABSENT = {"", "none supplied", "none"}
_SIC = re.compile(r"^\s*(\d{4,5})\b")
# Checked in order: the first keyword found in Companies House's status text decides.
STATUS_KEYWORDS = (
    ("strike off", "strike_off"),
    ("dissolved", "dissolved"),
    ("liquidation", "liquidation"),
    ("voluntary arrangement", "voluntary_arrangement"),
    ("administration", "administration"),
    ("receiver", "receivership"),
    ("insolvency", "insolvency"),
    ("converted", "closed"),
    ("closed", "closed"),
    ("active", "active"),
)


class FileFormatError(Exception):
    """The file as a whole cannot be read; the message names the problem and the line."""


@dataclass(frozen=True)
class CompanyRecord:
    number: str
    name: str
    status: str
    company_category: str
    incorporated_on: datetime.date | None
    address_line_1: str
    address_line_2: str
    post_town: str
    county: str
    postcode: str
    postcode_as_given: str
    sic_codes: tuple[str, ...]


@dataclass(frozen=True)
class Rejection:
    line: int
    number: str
    name: str
    reason: str


def status_from_text(text: str) -> str:
    lowered = text.strip().lower()
    for keyword, status in STATUS_KEYWORDS:
        if keyword in lowered:
            return status
    return "unknown"


def sic_codes_from(values: list[str]) -> tuple[str, ...]:
    codes = []
    for value in values:
        match = _SIC.match(value or "")
        if match and match.group(1) not in codes:
            codes.append(match.group(1).zfill(5))
    return tuple(codes[:4])


# What strptime's "%d/%m/%Y" accepts, matched directly: strptime costs more than the rest of a row's parsing.
_DATE = re.compile(r"(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])/(1[0-2]|0[1-9]|[1-9])/(\d\d\d\d)")


def parse_date(text: str) -> datetime.date | None:
    """A DD/MM/YYYY date; ValueError when the text is no such date."""
    text = (text or "").strip()
    if text.lower() in ABSENT:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not DD/MM/YYYY")
    day, month, year = match.groups()
    return datetime.date(int(year), int(month), int(day))


def decode_lines(raw: IO[bytes], encoding: str = "utf-8") -> Iterator[str]:
    """Decode a file line by line, so a byte the encoding cannot read is reported with its line number.

    UTF-8 is read with or without a byte-order mark. An unknown encoding raises LookupError at once.
    """
    codec = codecs.lookup(encoding)
    with_bom = codec.name == "utf-8"
    for number, line in enumerate(raw, start=1):
        try:
            text = line.decode("utf-8-sig" if with_bom and number == 1 else codec.name)
        except UnicodeDecodeError as error:
            hint = "; try --encoding latin-1" if with_bom else ""
            raise FileFormatError(
                f"Line {number} holds a byte that is not valid {codec.name} ({error.reason}){hint}."
            ) from None
        yield text


def read_records(lines: Iterable[str]) -> Iterator[tuple[int, CompanyRecord | Rejection]]:
    """Yield each data line's number with its record or the reason it was rejected."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise FileFormatError("The file is empty: line 1 should be the header.") from None
    positions = _column_positions(header)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileFormatError(f"Line {line + 1} cannot be read as CSV: {error}.") from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        yield line, parse_row(line, row, positions)


def parse_row(line: int, row: list[str], positions: dict[str, int]) -> CompanyRecord | Rejection:
    width = len(row)
    # Every cell the record needs, read in one pass: stripped, and blank where Companies House writes "None".
    cells = dict(
        zip(
            positions,
            [
                "" if len(value) <= 13 and value.lower() in ABSENT else value
                for value in [row[index].strip() if index < width else "" for index in positions.values()]
            ],
            strict=True,
        )
    )
    name, raw_number = cells["name"], cells["number"]
    if width < len(positions):
        return Rejection(line, raw_number, name, f"the line has {width} fields; the header has more")
    if not name:
        return Rejection(line, raw_number, name, "the company name is missing")
    try:
        number = normalise_company_number(raw_number)
    except InvalidCompanyNumber as error:
        return Rejection(line, raw_number, name, str(error))
    try:
        incorporated_on = parse_date(cells["incorporated"])
    except ValueError:
        return Rejection(line, number, name, f"the incorporation date {cells['incorporated']!r} is not DD/MM/YYYY")
    postcode_text = cells["postcode"]
    return CompanyRecord(
        number=number,
        name=name[:160],
        status=status_from_text(cells["status"]),
        company_category=cells["category"][:100],
        incorporated_on=incorporated_on,
        address_line_1=cells["address_line_1"][:200],
        address_line_2=cells["address_line_2"][:200],
        post_town=cells["post_town"][:100],
        county=cells["county"][:100],
        postcode=normalise_postcode(postcode_text) or "",
        postcode_as_given=postcode_text,
        sic_codes=sic_codes_from([cells["sic_1"], cells["sic_2"], cells["sic_3"], cells["sic_4"]]),
    )


def _column_positions(header: list[str]) -> dict[str, int]:
    names = [name.strip().lstrip("\ufeff") for name in header]
    if len(names) == 1 and any(mark in names[0] for mark in (";", "\t", "|")):
        raise FileFormatError("Line 1 has a single column: the file is not comma-separated.")
    index = {name: position for position, name in enumerate(names)}
    missing = [column for column in COLUMNS.values() if column not in index]
    if missing:
        raise FileFormatError(f"Line 1 (the header) lacks the columns {', '.join(missing)}.")
    return {key: index[column] for key, column in COLUMNS.items()}
