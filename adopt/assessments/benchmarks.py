"""Peer benchmarks: where a company's scores stand among similar companies. Pure, over plain numbers."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from statistics import median

MINIMUM_GROUP = 5


@dataclass(frozen=True)
class Peer:
    company_id: int
    division: str
    size_band: str
    region: str
    scores: dict[str, float]


@dataclass(frozen=True)
class DimensionBenchmark:
    key: str
    median: float
    percentile: int  # share of peers scoring below, plus half of those equal, in whole percent


@dataclass(frozen=True)
class Benchmark:
    group: str  # a description of the peer group used, such as "same industry and region"
    size: int
    dimensions: dict[str, DimensionBenchmark]


GROUPINGS = (
    ("same industry, size and region", ("division", "size_band", "region")),
    ("same industry and size", ("division", "size_band")),
    ("same industry and region", ("division", "region")),
    ("same industry", ("division",)),
    ("same region", ("region",)),
    ("all companies assessed", ()),
)


def benchmark(subject: Peer, peers: list[Peer], minimum: int = MINIMUM_GROUP) -> Benchmark | None:
    """The narrowest peer group with at least `minimum` other companies; None when even all are too few."""
    others = [peer for peer in peers if peer.company_id != subject.company_id]
    for description, fields in GROUPINGS:
        group = [p for p in others if all(getattr(p, f) and getattr(p, f) == getattr(subject, f) for f in fields)]
        if len(group) >= minimum:
            return Benchmark(description, len(group), _dimensions(subject, group))
    return None


def _dimensions(subject: Peer, group: list[Peer]) -> dict[str, DimensionBenchmark]:
    result = {}
    for key, score in subject.scores.items():
        values = sorted(peer.scores[key] for peer in group if key in peer.scores)
        if not values:
            continue
        below = bisect_left(values, score)
        equal = bisect_right(values, score) - below
        percentile = round(100 * (below + equal / 2) / len(values))
        result[key] = DimensionBenchmark(key, median(values), percentile)
    return result
