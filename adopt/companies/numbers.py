"""Companies House numbers (eight characters, all digits or a known two-character prefix and six digits), VAT
registration numbers and employer PAYE references."""

import re
from functools import cache
from pathlib import Path

from stdnum import exceptions as stdnum_errors
from stdnum.gb import vat as gb_vat

from adopt.core.errors import DomainError
from adopt.core.reference_data import read_csv_rows

PREFIX_FILE = Path(__file__).resolve().parent / "data" / "companies_house_prefixes.csv"
_SHAPE = re.compile(r"^(?P<prefix>[A-Z]{2}|R0)?(?P<digits>\d{1,8})$")


class InvalidCompanyNumber(DomainError, ValueError):
    """Raised with a sentence saying what is wrong with the number."""


@cache
def known_prefixes() -> frozenset[str]:
    return frozenset(row["prefix"] for row in read_csv_rows(PREFIX_FILE, {"prefix", "meaning"}))


def normalise_company_number(text: str) -> str:
    """The number as Companies House writes it, leading zeros restored: `123456` is `00123456`."""
    # Companies House's own files write nearly every number in this form already: checked first, for speed.
    if len(text) == 8 and (text.isdigit() or (text[2:].isdigit() and text[:2] in known_prefixes())):
        digits = text if text.isdigit() else text[2:]
        if digits.isascii() and int(digits) != 0:
            return text
    compact = re.sub(r"\s+", "", text or "").upper()
    if not compact:
        raise InvalidCompanyNumber("Enter a Companies House number.")
    match = _SHAPE.match(compact)
    if match is None:
        raise InvalidCompanyNumber(
            f"{text.strip()!r} is not a Companies House number: it has 8 characters, digits or two letters then digits."
        )
    prefix, digits = match.group("prefix") or "", match.group("digits")
    if prefix and prefix not in known_prefixes():
        raise InvalidCompanyNumber(f"{prefix} is not a Companies House number prefix.")
    width = 8 - len(prefix)
    if len(digits) > width:
        raise InvalidCompanyNumber(f"{text.strip()!r} is too long: a Companies House number has 8 characters.")
    normalised = prefix + digits.zfill(width)
    if int(digits) == 0:
        raise InvalidCompanyNumber(f"{normalised} is not a Companies House number.")
    return normalised


_PAYE = re.compile(r"^(?P<office>\d{3})/?(?P<reference>[A-Z0-9]{1,10})$")


def normalise_vat_number(text: str) -> str:
    """A UK VAT registration number as its digits, checked by its check digits; blank stays blank."""
    if not (text or "").strip():
        return ""
    try:
        return str(gb_vat.validate(text))
    except stdnum_errors.ValidationError:
        raise InvalidCompanyNumber(
            f"{text.strip()!r} is not a UK VAT registration number: 9 digits (or 12 for a branch) whose check "
            "digits add up."
        ) from None


def normalise_paye_reference(text: str) -> str:
    """An employer PAYE reference as HMRC writes it: a 3-digit office number, a slash, then the reference."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not compact:
        return ""
    match = _PAYE.match(compact)
    if match is None:
        raise InvalidCompanyNumber(
            f"{text.strip()!r} is not an employer PAYE reference: 3 digits, a slash, then letters and digits, "
            "like 123/AB45678."
        )
    return f"{match.group('office')}/{match.group('reference')}"
