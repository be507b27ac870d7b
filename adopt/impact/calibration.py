"""The simulator's assumptions calibrated from a programme's own history, where it has enough. Pure.

Each measured assumption becomes a range around the programme's figure: a 90% interval (z standard errors of
the mean, never narrower than a floor either side; Wilson's score interval for the investing rate). An
assumption with too few companies behind it keeps its default, and the notes say so, so a manager sees what
came from where.
"""

import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from adopt.impact.simulator import DATA, Range, checked


@dataclass(frozen=True)
class CalibrationRules:
    minimum_companies: int
    maturity_months: int  # the investing rate counts companies supported at least this long ago
    z: float
    floor_share: float


def calibration_rules(path: Path = DATA) -> CalibrationRules:
    data = json.loads(path.read_text(encoding="utf-8"))["calibration"]
    return CalibrationRules(
        int(data["minimum_companies"]), int(data["maturity_months"]), float(data["z"]), float(data["floor_share"])
    )


@dataclass(frozen=True)
class History:
    """What a programme has delivered so far, per company where a figure varies between companies."""

    programme: str
    supported: int  # companies supported long enough ago to have had time to invest (rules.maturity_months)
    investing: int  # of those, the companies paid a grant
    grant_per_investing: tuple[float, ...]  # grant paid to each investing company
    leverage: tuple[float, ...]  # private investment ÷ grant, each company that reported investment
    jobs_per_investing: tuple[float, ...]  # jobs at the latest follow-up, each company that reported jobs
    roles_per_investing: tuple[float, ...]  # roles upskilled at each investing company
    supported_to_date: int = 0  # as the KPIs count them, however recently
    investing_to_date: int = 0


@dataclass(frozen=True)
class Calibration:
    assumptions: dict[str, Range]
    notes: tuple[str, ...]
    calibrated: tuple[str, ...]  # the keys taken from the programme's history


def _around(mode: float, error: float, rules: CalibrationRules, upper: float | None = None) -> tuple[float, float]:
    spread = max(rules.z * error, rules.floor_share * mode)
    high = mode + spread if upper is None else min(mode + spread, upper)
    return max(mode - spread, 0.0), high


def _wilson(successes: int, trials: int, z: float) -> tuple[float, float]:
    """Wilson's score interval for a share: unlike ± standard errors it stays inside 0 to 1 and is not zero-wide
    when none (or all) of the companies invested."""
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z / (1 + z * z / trials) * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def _mean_range(values: tuple[float, ...], rules: CalibrationRules) -> tuple[float, float, float]:
    mode = statistics.fmean(values)
    error = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    low, high = _around(mode, error, rules)
    return low, mode, high


def _fmt(value: float, unit: str) -> str:
    if unit.startswith("share"):
        return f"{value:.1%}"
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def _sentence(unit: str) -> str:
    return unit[:1].upper() + unit[1:]


def calibrate(defaults: dict[str, Range], history: History, rules: CalibrationRules) -> Calibration:
    """Defaults with every assumption the history can support replaced by the programme's own range."""
    chosen = dict(defaults)
    notes: list[str] = []
    calibrated: list[str] = []
    needed = rules.minimum_companies

    def keep(key: str, count: int, what: str) -> None:
        notes.append(f"{_sentence(defaults[key].unit)}: the default, because only {count} {what} ({needed} needed).")

    def take(key: str, low: float, mode: float, high: float, basis: str) -> None:
        default = defaults[key]
        chosen[key] = Range(low, mode, high, default.unit, f"From {history.programme}: {basis}")
        calibrated.append(key)
        span = f"{_fmt(mode, default.unit)} ({_fmt(low, default.unit)} to {_fmt(high, default.unit)})"
        notes.append(f"{_sentence(default.unit)}: {span}, {basis}")

    notes.append(
        f"The KPIs count {history.investing_to_date:,} companies investing of {history.supported_to_date:,} "
        f"supported to date. The investing rate reads only the {history.supported:,} supported at least "
        f"{rules.maturity_months} months ago, {history.investing:,} of whom invested: companies supported since "
        "have not had the time to apply, be awarded and be paid."
    )
    if history.supported >= needed:
        rate = history.investing / history.supported
        low, high = _wilson(history.investing, history.supported, rules.z)
        take(
            "investing_rate",
            low,
            rate,
            high,
            f"{history.investing:,} of the {history.supported:,} companies supported at least "
            f"{rules.maturity_months} months ago invested.",
        )
    else:
        keep("investing_rate", history.supported, f"companies were supported {rules.maturity_months} months ago")
    per_company = (
        ("average_grant", history.grant_per_investing, "investing companies", "the mean grant paid"),
        ("private_leverage", history.leverage, "companies reported their investment", "the mean investment per £1"),
        (
            "jobs_per_investing",
            history.jobs_per_investing,
            "companies reported jobs",
            "the mean at the latest follow-up",
        ),
        ("upskilled_per_investing", history.roles_per_investing, "investing companies", "the mean roles upskilled"),
    )
    for key, values, what, how in per_company:
        if len(values) >= needed:
            low, mode, high = _mean_range(values, rules)
            take(key, low, mode, high, f"{how} over {len(values):,} companies.")
        else:
            keep(key, len(values), what)
    return Calibration(checked(chosen), tuple(notes), tuple(calibrated))
