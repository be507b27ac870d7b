"""The impact model's formulas against figures worked out by hand."""

from decimal import Decimal

import pytest

from adopt.impact.model import (
    Additionality,
    Figure,
    carbon_saved,
    gva_from_jobs,
    gva_from_productivity,
    net_additional,
    present_value,
    total,
    value_for_money,
)

ADDITIONALITY = Additionality(
    deadweight=Decimal("0.3"),
    leakage=Decimal("0.1"),
    displacement=Decimal("0.2"),
    substitution=Decimal("0.05"),
    multiplier=Decimal("1.2"),
    source="test assumptions",
)


def test_gva_from_jobs_is_jobs_times_gva_per_job():
    figure = gva_from_jobs(Decimal("12.5"), Decimal("95014"), "ONS 2021, North West")
    assert figure.value == Decimal("1187675.00")  # 12.5 × 95,014
    assert "ONS 2021, North West" in figure.explain()


def test_gva_from_productivity_is_the_gain_on_existing_gva():
    figure = gva_from_productivity(Decimal("2000000"), Decimal("4.5"), "20 staff × £100,000")
    assert figure.value == Decimal("90000.00")


def test_net_applies_every_additionality_factor():
    # 1,000,000 × 0.7 × 0.9 × 0.8 × 0.95 × 1.2 = 574,560
    net = net_additional(Figure(Decimal("1000000"), "£ a year"), ADDITIONALITY)
    assert net.value == Decimal("574560.00")
    assert "0.3 deadweight" in net.explain()


def test_present_value_fades_and_discounts_each_year():
    # 100,000 × (1 + 0.8/1.035 + 0.64/1.071225) = 100,000 × (1 + 0.7729469 + 0.5974468) = 237,039.37
    figure = present_value(Figure(Decimal("100000"), "£ a year"), years=3, decay=Decimal("0.2"))
    assert figure.value == Decimal("237039.37")
    assert figure.unit == "£"


def test_carbon_is_each_fuel_times_its_factor():
    factors = {
        "electricity": (Decimal("0.19553"), "DESNZ 2025"),
        "natural gas": (Decimal("0.18296"), "DESNZ 2025"),
    }
    # 10,000 × 0.19553 + 5,000 × 0.18296 = 1,955.3 + 914.8 = 2,870.1 kg = 2.87 t
    figure = carbon_saved({"electricity": Decimal("10000"), "natural gas": Decimal("5000")}, factors)
    assert figure.value == Decimal("2.87")


def test_value_for_money_ratios():
    vfm = value_for_money(
        public_cost=Decimal("6100000"),
        private_investment=Decimal("12200000"),
        net_jobs=Decimal("305"),
        net_gva=Decimal("30500000"),
    )
    assert vfm.cost_per_job.value == Decimal("20000.00")
    assert vfm.leverage.value == Decimal("2.00")
    assert vfm.net_gva_per_pound.value == Decimal("5.00")


def test_a_missing_input_stays_missing_through_every_step():
    gross = gva_from_jobs(None, Decimal("95014"), "ONS")
    net = present_value(net_additional(gross, ADDITIONALITY), years=3, decay=Decimal("0.2"))
    assert net.missing
    assert total([net, Figure(Decimal(5), "£")], "£").missing
    assert value_for_money(Decimal(1), None, Decimal(1), Decimal(1)).leverage.missing


def test_impossible_inputs_are_refused():
    with pytest.raises(ValueError, match="Jobs cannot be negative"):
        gva_from_jobs(Decimal(-1), Decimal("95014"), "ONS")
    with pytest.raises(ValueError, match="deadweight must be a share from 0 to 1"):
        Additionality(Decimal("1.5"), Decimal(0), Decimal(0), Decimal(0), Decimal(1), "x")
    with pytest.raises(ValueError, match="energy saving cannot be negative"):
        carbon_saved({"electricity": Decimal(-5)}, {"electricity": (Decimal("0.2"), "x")})
