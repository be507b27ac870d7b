from hypothesis import given
from hypothesis import strategies as st

from adopt.evaluation.disclosure import suppressed


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=9))
def test_no_hidden_count_can_be_rebuilt_from_the_total_and_the_rest(counts: list[int]) -> None:
    shown, total_shown = suppressed(counts)
    hidden = [count for count, value in zip(counts, shown, strict=True) if value is None]
    assert all(value is None or value == count for count, value in zip(counts, shown, strict=True))
    assert all(value is None for count, value in zip(counts, shown, strict=True) if 0 < count < 5)
    assert len(hidden) != 1 or not total_shown  # one hidden cell beside its total would be no secret


def test_zero_and_large_counts_are_shown_as_they_are() -> None:
    assert suppressed([0, 12, 40]) == ([0, 12, 40], True)
    assert suppressed([3, 12, 40]) == ([None, None, 40], True)
    assert suppressed([3, 0]) == ([None, 0], False)
