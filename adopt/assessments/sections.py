"""How a framework is split into pages: one dimension per page, or one group of dimensions where groups exist."""

from dataclasses import dataclass

from adopt.assessments.frameworks import Dimension, Framework


@dataclass(frozen=True)
class Section:
    number: int  # from 1
    title: str
    dimensions: tuple[Dimension, ...]


def sections_of(framework: Framework) -> list[Section]:
    groups: dict[str, list[Dimension]] = {}
    if all(d.group for d in framework.dimensions):
        for dimension in framework.dimensions:
            groups.setdefault(dimension.group, []).append(dimension)
        return [Section(n, title, tuple(dims)) for n, (title, dims) in enumerate(groups.items(), start=1)]
    return [Section(n, d.title, (d,)) for n, d in enumerate(framework.dimensions, start=1)]
