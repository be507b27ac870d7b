"""Plausible answers for a given maturity, for the demo programme, the benchmarks and tests."""

import random
from collections.abc import Mapping
from typing import Any

from adopt.assessments.frameworks import Framework


def answers_at(
    chosen: Framework, level: float, rng: random.Random | None = None, leans: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """A complete, valid set of answers around a maturity `level` from 0 (none) to 1 (full), each dimension
    moved by its `leans` (a company strong in data and weak in skills, say)."""
    rng = rng or random.Random(0)  # noqa: S311 - sample data, not security
    leans = leans or {}
    answers: dict[str, Any] = {}
    for dimension in chosen.dimensions:
        here = min(max(level + leans.get(dimension.key, 0.0), 0.0), 1.0)

        def near(top: int, here: float = here) -> int:
            return max(0, min(top, round(here * top + rng.uniform(-1, 1))))

        for q in dimension.questions:
            if q.type == "single_choice":
                answers[q.key] = near(5)
            elif q.type == "checklist":
                ticked = [o.key for o in q.scored_options if rng.random() < here]
                answers[q.key] = sorted(ticked) or [next(o.key for o in q.options if o.exclusive)]
            elif q.type == "two_column_checklist":
                answers[q.key] = {
                    i.key: ("done" if rng.random() < here else "planned" if rng.random() < 0.5 else "neither")
                    for i in q.items
                }
            elif q.type == "rating_grid":
                answers[q.key] = {i.key: near(5) for i in q.items}
            elif q.type == "yes_partly_no_grid":
                answers[q.key] = {i.key: ["no", "partly", "yes"][near(2)] for i in q.items}
            elif q.type == "number":
                answers[q.key] = q.minimum + here * (q.maximum - q.minimum)
    return answers
