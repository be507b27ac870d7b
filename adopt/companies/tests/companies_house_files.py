"""Builds BasicCompanyData CSV files in the published layout, for tests and the bench."""

import csv
import io

HEADER = [
    "CompanyName",
    " CompanyNumber",
    "RegAddress.CareOf",
    "RegAddress.POBox",
    "RegAddress.AddressLine1",
    " RegAddress.AddressLine2",
    "RegAddress.PostTown",
    "RegAddress.County",
    "RegAddress.Country",
    "RegAddress.PostCode",
    "CompanyCategory",
    "CompanyStatus",
    "CountryOfOrigin",
    "DissolutionDate",
    "IncorporationDate",
    "Accounts.AccountRefDay",
    "Accounts.AccountRefMonth",
    "Accounts.NextDueDate",
    "Accounts.LastMadeUpDate",
    "Accounts.AccountCategory",
    "Returns.NextDueDate",
    "Returns.LastMadeUpDate",
    "Mortgages.NumMortCharges",
    "Mortgages.NumMortOutstanding",
    "Mortgages.NumMortPartSatisfied",
    "Mortgages.NumMortSatisfied",
    "SICCode.SicText_1",
    "SICCode.SicText_2",
    "SICCode.SicText_3",
    "SICCode.SicText_4",
    "LimitedPartnerships.NumGenPartners",
    "LimitedPartnerships.NumLimPartners",
    "URI",
]


def company_row(
    name: str = "ROSSENDALE PRECISION LIMITED",
    number: str = "00123456",
    postcode: str = "BB4 5AB",
    status: str = "Active",
    incorporated: str = "01/02/2010",
    sic: str = "25620 - Machining",
    sic_2: str = "None Supplied",
) -> list[str]:
    values = dict.fromkeys(HEADER, "")
    values.update(
        {
            "CompanyName": name,
            " CompanyNumber": number,
            "RegAddress.AddressLine1": "UNIT 4 NEW HALL HEY",
            "RegAddress.PostTown": "ROSSENDALE",
            "RegAddress.Country": "ENGLAND",
            "RegAddress.PostCode": postcode,
            "CompanyCategory": "Private Limited Company",
            "CompanyStatus": status,
            "CountryOfOrigin": "United Kingdom",
            "IncorporationDate": incorporated,
            "SICCode.SicText_1": sic,
            "SICCode.SicText_2": sic_2,
        }
    )
    return [values[column] for column in HEADER]


def companies_house_csv(rows: list[list[str]], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue()
