"""The proof the methods work: on made-up firms whose support adds a known 5% to employees, with selection on size
and sector, both estimators find 5% within their intervals, and the naive comparison does not."""

import dataclasses
import random

import pytest

from adopt.evaluation.estimators import (
    IMBALANCED,
    Draw,
    NoEstimate,
    TooFewFirms,
    difference_in_differences,
    naive_comparison,
    propensity_matching,
    random_draw_comparison,
)
from adopt.evaluation.panel import Panel
from adopt.evaluation.simulation import Simulation, simulated_panel

PLANTED = 0.05
DRAW_YEAR = 2022


@pytest.fixture(scope="module")
def panel() -> Panel:
    return simulated_panel(Simulation(effect=PLANTED))


def test_selection_makes_supported_firms_larger_before_support(panel: Panel) -> None:
    treated = [firm.covariates["log_staff"] for firm in panel.treated]
    comparison = [firm.covariates["log_staff"] for firm in panel.comparison]
    assert sum(treated) / len(treated) > sum(comparison) / len(comparison) + 0.3


def test_difference_in_differences_recovers_the_planted_effect(panel: Panel) -> None:
    estimate = difference_in_differences(panel)
    assert estimate.effect.contains(PLANTED), estimate.effect
    assert estimate.maryland_level == 3
    assert estimate.treated == len(panel.treated)
    assert estimate.comparison == len(panel.comparison)


def test_the_event_study_shows_no_effect_before_support_and_the_effect_after(panel: Panel) -> None:
    estimate = difference_in_differences(panel)
    by_year = {year.relative_year: year.effect for year in estimate.event_study}
    assert all(by_year[k] is not None and by_year[k].contains(0.0) for k in (-4, -3, -2)), by_year
    assert all(by_year[k] is not None and by_year[k].contains(PLANTED) for k in (0, 1, 2)), by_year
    assert estimate.pre_trend_p is not None
    assert estimate.pre_trend_p > 0.05


def test_propensity_matching_recovers_the_planted_effect(panel: Panel) -> None:
    estimate = propensity_matching(panel)
    assert estimate.effect.contains(PLANTED), estimate.effect
    assert estimate.maryland_level == 3


def test_matching_removes_most_of_every_imbalance_and_all_of_the_size_one(panel: Panel) -> None:
    balance = {row.covariate: row for row in propensity_matching(panel).balance}
    assert abs(balance["log_staff"].difference_before) > 3 * IMBALANCED
    assert balance["log_staff"].balanced_after
    for row in balance.values():
        assert row.difference_after is not None
        assert row.balanced_after or abs(row.difference_after) < abs(row.difference_before) / 2, row


def test_the_naive_comparison_misses_the_planted_effect(panel: Panel) -> None:
    estimate = naive_comparison(panel)
    assert not estimate.effect.contains(PLANTED)
    assert estimate.effect.low > PLANTED * 4
    assert estimate.maryland_level == 1


def test_no_effect_planted_gives_an_interval_around_zero() -> None:
    panel = simulated_panel(Simulation(effect=0.0, seed=7))
    assert difference_in_differences(panel).effect.contains(0.0)
    assert propensity_matching(panel).effect.contains(0.0)


def test_a_panel_with_too_few_supported_firms_gives_no_estimate_and_says_why(panel: Panel) -> None:
    few = dataclasses.replace(panel, firms=panel.comparison + panel.treated[:3])
    with pytest.raises(TooFewFirms, match="at least 10 treated"):
        difference_in_differences(few)
    with pytest.raises(TooFewFirms, match="at least 10 treated"):
        propensity_matching(few)


def test_a_random_draw_recovers_the_planted_effect_of_a_place(panel: Panel) -> None:
    rng = random.Random(3)  # noqa: S311  # a reproducible draw
    candidates = frozenset(firm.id for firm in panel.comparison)
    selected = frozenset(firm for firm in sorted(candidates) if rng.random() < 0.5)
    observations = tuple(
        dataclasses.replace(row, value=row.value * (1 + PLANTED))
        if row.firm in selected and row.year >= DRAW_YEAR
        else row
        for row in panel.observations
    )
    drawn = dataclasses.replace(panel, observations=observations)
    estimate = random_draw_comparison(drawn, [Draw(DRAW_YEAR, candidates, selected)])
    assert estimate.effect.contains(PLANTED), estimate.effect
    assert estimate.maryland_level == 5
    assert estimate.treated == len(selected)
    assert estimate.comparison == len(candidates) - len(selected)


@pytest.mark.parametrize("years", [(2023, 2024, 2025), (2024, 2025), (2025,)])
def test_a_panel_with_no_year_before_support_gives_no_estimate_rather_than_a_false_one(
    panel: Panel, years: tuple[int, ...]
) -> None:
    late = dataclasses.replace(
        panel,
        firms=tuple(
            dataclasses.replace(firm, treated_year=years[0]) if firm.treated_year else firm for firm in panel.firms
        ),
        observations=tuple(row for row in panel.observations if row.year in years),
    )
    for method in (difference_in_differences, propensity_matching):
        with pytest.raises(NoEstimate):
            method(late)


def test_firms_seen_only_after_support_do_not_count_as_supported_in_the_estimate(panel: Panel) -> None:
    started = {firm.id: firm.treated_year or 0 for firm in panel.treated[:50]}
    trimmed = dataclasses.replace(
        panel,
        observations=tuple(row for row in panel.observations if row.year >= started.get(row.firm, 0)),
    )
    estimate = difference_in_differences(trimmed)
    assert estimate.treated == len(panel.treated) - 50
    assert estimate.effect.contains(PLANTED)
