import pytest

from adopt.companies.numbers import (
    InvalidCompanyNumber,
    normalise_company_number,
    normalise_paye_reference,
    normalise_vat_number,
)


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
        ("SC000001", "SC000001"),
        ("٠٠١٢٣٤٥٦", "٠٠١٢٣٤٥٦"),  # digits of another script are digits to the pattern, as before
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
        ("SC000000", "is not a Companies House number"),
        ("XY000123", "XY is not a Companies House number prefix"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(InvalidCompanyNumber, match=message):
        normalise_company_number(typed)


@pytest.mark.parametrize(("typed", "expected"), [("GB 980 7806 84", "980780684"), ("980780684", "980780684"), ("", "")])
def test_vat_numbers_are_kept_as_their_digits(typed, expected):
    assert normalise_vat_number(typed) == expected


def test_a_vat_number_whose_check_digits_do_not_add_up_is_refused():
    with pytest.raises(InvalidCompanyNumber, match="check digits"):
        normalise_vat_number("123456789")


@pytest.mark.parametrize(("typed", "expected"), [("123/ab45678", "123/AB45678"), ("123 AB45678", "123/AB45678")])
def test_paye_references_are_written_as_hmrc_writes_them(typed, expected):
    assert normalise_paye_reference(typed) == expected


def test_a_paye_reference_without_its_office_number_is_refused():
    with pytest.raises(InvalidCompanyNumber, match="3 digits, a slash"):
        normalise_paye_reference("AB45678")
