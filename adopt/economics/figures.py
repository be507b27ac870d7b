"""Published economic and carbon figures the roadmap and impact calculations use, each with its source and year.

Reads the files in `data/` (see its README for provenance). A region without a figure gets the UK figure,
and the answer says so, so a calculation can show its working.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from adopt.core.reference_data import ReferenceDataError, read_csv_rows

DATA = Path(__file__).resolve().parent / "data"
PRODUCTIVITY_FILE = DATA / "itl1_productivity_2021.csv"
CARBON_FILE = DATA / "uk_electricity_ghg_conversion_factors_desnz.csv"
UK = "UKX"
GVA_ALL = "gva_per_filled_job_all_industries_2021_gbp(ONS Table B4)"
GVA_MANUFACTURING = "manufacturing_gva_per_bres_job_2021_gbp(derived)"


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    source: str

    def __str__(self) -> str:
        return f"{self.value} {self.unit} ({self.source})"


@cache
def _productivity_rows() -> dict[str, dict[str, str]]:
    rows = read_csv_rows(PRODUCTIVITY_FILE, {"itl1", "region", GVA_ALL, GVA_MANUFACTURING})
    return {row["itl1"]: row for row in rows}


def manufacturing_gva_per_job(region_code: str | None) -> Figure:
    """GVA per manufacturing job in the region (2021), else the region's all-industry figure, else the UK's."""
    rows = _productivity_rows()
    row = rows.get(region_code or "")
    if row and row[GVA_MANUFACTURING]:
        return Figure(Decimal(row[GVA_MANUFACTURING]), "£ GVA per job", f"ONS 2021, manufacturing, {row['region']}")
    if row and row[GVA_ALL]:
        return Figure(
            Decimal(row[GVA_ALL]),
            "£ GVA per job",
            f"ONS 2021, all industries, {row['region']} (no manufacturing figure)",
        )
    uk = rows.get(UK)
    if not uk:
        raise ReferenceDataError(f"{PRODUCTIVITY_FILE.name} has no UK row.")
    return Figure(Decimal(uk[GVA_ALL]), "£ GVA per job", "ONS 2021, all industries, UK (region not known)")


@dataclass(frozen=True)
class CarbonFactors:
    year: int
    electricity: Figure  # generation plus transmission and distribution losses, per kWh used
    natural_gas: Figure


@cache
def carbon_factors() -> CarbonFactors:
    """The latest year's factors that cover both electricity and natural gas."""
    rows = read_csv_rows(
        CARBON_FILE,
        {
            "factor_year",
            "electricity_generated_kgco2e_per_kwh",
            "td_losses_kgco2e_per_kwh",
            "natural_gas_gross_cv_kgco2e_per_kwh",
        },
    )
    complete = [row for row in rows if row["natural_gas_gross_cv_kgco2e_per_kwh"]]
    if not complete:
        raise ReferenceDataError(f"{CARBON_FILE.name} has no year with both electricity and gas factors.")
    latest = max(complete, key=lambda row: int(row["factor_year"]))
    year = int(latest["factor_year"])
    electricity = Decimal(latest["electricity_generated_kgco2e_per_kwh"]) + Decimal(latest["td_losses_kgco2e_per_kwh"])
    return CarbonFactors(
        year,
        Figure(electricity, "kgCO2e per kWh", f"DESNZ {year}, UK electricity incl. transmission and distribution"),
        Figure(
            Decimal(latest["natural_gas_gross_cv_kgco2e_per_kwh"]),
            "kgCO2e per kWh",
            f"DESNZ {year}, natural gas (gross CV)",
        ),
    )
