from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from adopt.core.money import round_half_up, to_pence


def test_halves_round_away_from_zero_as_by_hand():
    assert to_pence(Decimal("2.345")) == Decimal("2.35")
    assert round_half_up(Decimal("2.5")) == Decimal(3)
    assert round_half_up(Decimal("-2.5")) == Decimal(-3)
    assert round_half_up(Decimal("1250"), -2) == Decimal(1300)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_pence_are_never_more_than_half_a_penny_away(amount):
    assert abs(to_pence(amount) - amount) <= Decimal("0.005")
