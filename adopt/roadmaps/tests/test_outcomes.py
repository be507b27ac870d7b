from decimal import Decimal

from adopt.roadmaps.catalogue import catalogue
from adopt.roadmaps.outcomes import CompanyFacts, combined_percentage, expected_outcomes


def by_key(outcomes):
    return {outcome.key: outcome for outcome in outcomes}


def test_percentage_benefits_combine_multiplicatively():
    shipped = catalogue()
    # QMS cuts scrap 10-25%, machine vision 15-40%: 1 - 0.9 × 0.85 = 23.5%, 1 - 0.75 × 0.6 = 55%
    items = [shipped.technology("qms"), shipped.technology("machine_vision")]
    assert combined_percentage(items, "scrap") == (Decimal("23.5"), Decimal("55.0"))


def test_gva_is_staff_times_regional_gva_per_job_times_the_productivity_gain():
    shipped = catalogue()
    # Machine monitoring raises productivity 3-8%; 20 staff × £95,014 (North West) = £1,900,280
    outcomes = by_key(
        expected_outcomes([shipped.technology("machine_monitoring")], CompanyFacts(20, "TLD", None, None))
    )
    assert outcomes["gva"].low == Decimal("57000")  # 3% = £57,008.40, to the nearest £100
    assert outcomes["gva"].high == Decimal("152000")  # 8% = £152,022.40
    assert "£95,014" in outcomes["gva"].working


def test_energy_and_carbon_are_missing_rather_than_zero_without_energy_use():
    shipped = catalogue()
    outcomes = by_key(expected_outcomes([shipped.technology("energy_monitoring")], CompanyFacts(20, "TLD", None, None)))
    assert outcomes["kwh"].missing
    assert outcomes["co2e"].missing
    assert "electricity and gas use" in outcomes["co2e"].working


def test_carbon_saved_uses_the_desnz_factors_for_each_fuel():
    shipped = catalogue()
    facts = CompanyFacts(20, "TLD", electricity_kwh=100_000, gas_kwh=50_000)
    outcomes = by_key(expected_outcomes([shipped.technology("energy_monitoring")], facts))
    # 5%: (100,000 × 0.19553 + 50,000 × 0.18296) × 0.05 / 1000 = 1.43 t
    assert outcomes["co2e"].low == Decimal("1.4")
    # 15%: × 0.15 = 4.30 t
    assert outcomes["co2e"].high == Decimal("4.3")
    assert outcomes["kwh"].low == Decimal("7500")


def test_roles_upskilled_never_exceed_the_staff():
    shipped = catalogue()
    items = [shipped.technology("vr_training"), shipped.technology("digital_skills")]
    outcomes = by_key(expected_outcomes(items, CompanyFacts(12, "TLD", None, None)))
    assert outcomes["upskilled"].high == Decimal("12")
    assert "capped at the 12 staff" in outcomes["upskilled"].working
