import pytest

from adopt.companies.numbers import InvalidCompanyNumber, normalise_company_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("123456", "00123456"),
        ("00123456", "00123456"),
        (" sc123456 ", "SC123456"),
        ("SC 12345", "SC012345"),
        ("NI012345", "NI012345"),
        ("OC300001", "OC300001"),
        ("so300001", "SO300001"),
        ("NC000123", "NC000123"),
        ("R0001234", "R0001234"),
    ],
)
def test_numbers_are_normalised_with_leading_zeros_restored(typed, expected):
    assert normalise_company_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a Companies House number"),
        ("XX123456", "XX is not a Companies House number prefix"),
        ("123456789", "is not a Companies House number"),
        ("SC1234567", "too long"),
        ("12-34", "is not a Companies House number"),
        ("00000000", "is not a Companies House number"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(InvalidCompanyNumber, match=message):
        normalise_company_number(typed)
