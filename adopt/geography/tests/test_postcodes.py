import pytest
from hypothesis import given
from hypothesis import strategies as st

from adopt.geography.postcodes import PostcodeKind, normalise_postcode, parse_postcode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("bb11aa", "BB1 1AA"), (" BB1  1AA", "BB1 1AA"), ("m17 1ab", "M17 1AB"), ("ec1a1bb", "EC1A 1BB")],
)
def test_full_postcodes_are_normalised(typed, expected):
    assert normalise_postcode(typed) == expected


def test_a_district_alone_is_a_district_not_a_postcode():
    parsed = parse_postcode("bb1")
    assert parsed.kind is PostcodeKind.DISTRICT
    assert parsed.district == "BB1"
    assert normalise_postcode("BB1") is None


@pytest.mark.parametrize("typed", ["", "   ", "not a postcode", "BB1 1AAA", "12345"])
def test_rubbish_is_invalid(typed):
    assert parse_postcode(typed).kind is PostcodeKind.INVALID


def test_a_full_postcode_knows_its_sector_district_and_area():
    parsed = parse_postcode("bb11 1aa")
    assert (parsed.sector, parsed.district, parsed.area) == ("BB11 1", "BB11", "BB")


@given(st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", fullmatch=True) | st.text(max_size=10))
def test_a_postcode_already_in_standard_form_is_kept_as_parsing_would_write_it(text):
    parsed = parse_postcode(text)
    assert normalise_postcode(text) == (parsed.normalised if parsed.is_full else None)
