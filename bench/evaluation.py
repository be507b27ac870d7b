"""The estimators at national scale: `python bench/evaluation.py [FIRMS]` (default 100,000).

Makes a panel of FIRMS made-up firms over seven years with support planted to add 5% (the same simulation the
tests prove the methods on), then times each estimator and prints its estimate and interval beside the truth, so
a change that slows a method or moves it off the planted effect shows here. Needs no database.
"""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from adopt.evaluation.estimators import (  # noqa: E402
    difference_in_differences,
    naive_comparison,
    propensity_matching,
)
from adopt.evaluation.simulation import Simulation, simulated_panel  # noqa: E402


def main() -> None:
    firms = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    simulation = Simulation(firms=firms)
    started = time.perf_counter()
    panel = simulated_panel(simulation)
    print(f"{firms:,} firms, {len(panel.observations):,} firm-years made in {time.perf_counter() - started:.1f} s")
    print(f"planted effect {simulation.effect:+.1%}")
    print(f"{'method':<10} {'seconds':>8} {'effect':>8} {'95% interval':>20} {'treated':>9} {'comparison':>11}")
    for method in (difference_in_differences, propensity_matching, naive_comparison):
        started = time.perf_counter()
        estimate = method(panel)
        seconds = time.perf_counter() - started
        effect = estimate.effect
        interval = f"{effect.low:+.2%} to {effect.high:+.2%}"
        print(
            f"{estimate.method:<10} {seconds:>8.1f} {effect.estimate:>+8.2%} {interval:>20} "
            f"{estimate.treated:>9,} {estimate.comparison:>11,}"
        )


if __name__ == "__main__":
    main()
