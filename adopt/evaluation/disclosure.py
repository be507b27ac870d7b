"""What someone who sees aggregates only (an evaluator) may be shown: no count of 1 to 4 companies, and no count
that, with a total shown beside it, would give such a count away. Pure."""

from collections.abc import Sequence

from adopt.impact.measures import MINIMUM_SHOWN


def small(count: int) -> bool:
    return 0 < count < MINIMUM_SHOWN


def suppressed(counts: Sequence[int]) -> tuple[list[int | None], bool]:
    """The counts with each small one hidden, and whether their total may still be shown. When exactly one is
    hidden, the next smallest non-zero one is hidden with it, so the total less the others cannot rebuild it; with
    no other to hide, the total is withheld instead."""
    shown: list[int | None] = [None if small(count) else count for count in counts]
    if sum(value is None for value in shown) != 1:
        return shown, True
    others = [(count, index) for index, count in enumerate(counts) if shown[index] is not None and count > 0]
    if not others:
        return shown, False
    shown[min(others)[1]] = None
    return shown, True
