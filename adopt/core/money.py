"""Money and rounding: pounds and pence as `Decimal`, rounded half up (as a person rounding by hand would),
in one place so every figure rounds the same way."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Rounded half up to `places` decimals; negative places round to tens (−1), hundreds (−2)..."""
    if places >= 0:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    step = Decimal(10) ** -places
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def to_pence(amount: Decimal) -> Decimal:
    return round_half_up(amount, 2)
