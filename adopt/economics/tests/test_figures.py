from decimal import Decimal

from adopt.economics.figures import carbon_factors, manufacturing_gva_per_job


def test_north_west_manufacturing_gva_per_job_is_the_ons_2021_derived_figure():
    figure = manufacturing_gva_per_job("TLD")
    assert figure.value == Decimal("95014")
    assert "North West" in figure.source


def test_northern_ireland_falls_back_to_its_all_industry_figure_and_says_so():
    figure = manufacturing_gva_per_job("TLN")
    assert figure.value == Decimal("55039")
    assert "no manufacturing figure" in figure.source


def test_an_unknown_region_uses_the_uk_figure():
    assert manufacturing_gva_per_job(None).value == Decimal("60340")


def test_carbon_factors_are_desnz_2025_with_losses_added_to_electricity():
    factors = carbon_factors()
    assert factors.year == 2025
    assert factors.electricity.value == Decimal("0.17700") + Decimal("0.01853")
    assert factors.natural_gas.value == Decimal("0.18296")
