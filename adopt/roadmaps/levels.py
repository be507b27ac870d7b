"""Where a company stands on each diagnostic dimension (0 to 5), from its diagnostic or its self-assessment."""

from collections.abc import Mapping

from adopt.roadmaps.catalogue import Planning


def levels_from_diagnostic(dimension_scores: Mapping[str, float]) -> dict[str, float]:
    """A diagnostic dimension scores its band × 20, so its level is the score ÷ 20."""
    return {key: round(float(score) / 20, 2) for key, score in dimension_scores.items()}


def levels_from_self_assessment(dimension_scores: Mapping[str, float], planning: Planning) -> dict[str, float]:
    """Each diagnostic dimension takes the level of the self-assessment dimension mapped onto it."""
    levels: dict[str, float] = {}
    for source, targets in planning.self_assessment.dimensions.items():
        level = round(float(dimension_scores.get(source, 0.0)) / 20, 2)
        for target in targets:
            levels[target] = level
    return levels
