"""Counterfactual estimates of what support did to an outcome, with their diagnostics. Pure: a `Panel` in, an
`Estimate` out; statsmodels for the regressions and scikit-learn for the propensity model.

Outcomes are compared in logs, so an effect reads as a percentage: exp(b) − 1.

- Difference-in-differences: log outcome on "treated and after" with firm and year fixed effects (two-way fixed
  effects, absorbed by alternating projections so a national panel never builds a dummy per firm), standard errors
  clustered by firm. The event study replaces the one term with a term per year before and after treatment
  (the year before is the reference), so pre-trends can be seen.
- Propensity-score matching: a logistic model of treatment on the baseline; each treated firm matched with
  replacement to the comparison firm nearest in the log-odds of its score, within a caliper of 0.2 standard
  deviations (Austin 2011); the effect on the treated is the mean difference in growth from the year before
  treatment to the last year, with errors clustered by the comparison firm used.
- The naive comparison, supported against not supported in the last year, is shown beside them to say what
  ignoring selection would have claimed.

The Maryland Scientific Methods Scale levels are those What Works Growth gives each design.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import statsmodels.api as sm

from adopt.evaluation.panel import Draw, Firm, Panel

CONFIDENCE = 0.95
CALIPER_SD = 0.2
OUTCOME_BEFORE = "log_outcome_first_year"
OUTCOME_BEFORE_UNKNOWN = "outcome_first_year_unknown"
EVENT_WINDOW = (-4, 3)  # years before and after treatment with their own term; further ones join the ends
IMBALANCED = 0.1  # a standardised difference above this is a covariate out of balance
MINIMUM_GROUP = 10  # fewer treated or comparison firms than this gives no estimate


class NoEstimate(ValueError):
    """The method cannot give a trustworthy figure from this panel; the message says why."""


class TooFewFirms(NoEstimate):
    """The panel has too few treated or comparison firms with outcomes for the method."""


@dataclass(frozen=True)
class Interval:
    estimate: float  # the effect as a share: 0.05 is 5% more
    low: float
    high: float
    standard_error: float  # of the coefficient, in log points

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class EventYear:
    relative_year: int  # −1 is the reference year, fixed at 0
    effect: Interval | None  # None where fewer than MINIMUM_GROUP supported firms are seen that year
    firms: int  # supported firms observed that many years from their support


@dataclass(frozen=True)
class Balance:
    covariate: str
    treated_mean: float
    comparison_mean_before: float
    comparison_mean_after: float | None
    difference_before: float  # standardised
    difference_after: float | None

    @property
    def balanced_after(self) -> bool:
        return self.difference_after is not None and abs(self.difference_after) <= IMBALANCED


@dataclass(frozen=True)
class Estimate:
    method: str  # "did", "psm" or "naive"
    title: str
    outcome: str
    effect: Interval
    maryland_level: int
    treated: int  # firms in the estimate
    comparison: int
    observations: int
    biases: tuple[str, ...]
    event_study: tuple[EventYear, ...] = ()
    pre_trend_p: float | None = None
    balance: tuple[Balance, ...] = ()
    unmatched: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def _critical(degrees_of_freedom: int) -> float:
    """Student's t for the interval, with the clusters less one as degrees of freedom: with few clusters the
    normal's 1.96 would claim more certainty than the data holds."""
    from scipy.stats import t as student_t

    return float(student_t.ppf(0.5 + CONFIDENCE / 2, max(degrees_of_freedom, 1)))


def _interval(coefficient: float, error: float, degrees_of_freedom: int) -> Interval:
    if not (math.isfinite(coefficient) and math.isfinite(error)) or error <= 0 or abs(coefficient) > 5:
        raise NoEstimate(
            "The model could not separate the effect from the company and year effects (too few years around "
            "support, or every supported company supported in the same year as its only observations)."
        )
    spread = _critical(degrees_of_freedom) * error
    return Interval(math.expm1(coefficient), math.expm1(coefficient - spread), math.expm1(coefficient + spread), error)


def _frame(panel: Panel) -> pd.DataFrame:
    treated_year = {firm.id: firm.treated_year for firm in panel.firms}
    rows = [
        (row.firm, row.year, math.log(row.value), treated_year[row.firm])
        for row in panel.observations
        if row.value > 0 and row.firm in treated_year
    ]
    frame = pd.DataFrame(rows, columns=["firm", "year", "y", "treated_year"])
    frame["treated_year"] = frame["treated_year"].astype("Float64")
    return frame


def _not_positive(panel: Panel) -> tuple[str, ...]:
    """Logs need positive figures: say how many were left out, since a firm falling to zero is an outcome too."""
    dropped = sum(1 for row in panel.observations if row.value <= 0)
    if not dropped:
        return ()
    return (f"{dropped:,} firm-years with a figure of zero or less are left out, as a log cannot take them.",)


def _identifying(frame: pd.DataFrame) -> pd.DataFrame:
    """Only rows that can tell the effect: treated firms seen both before and from their first year of support,
    and comparison firms seen in at least two years. Others add rows but no information, and with few years
    make the model unsolvable."""
    treated_year = frame["treated_year"].astype(float)
    flags = pd.DataFrame(
        {
            "firm": frame["firm"],
            "before": (frame["year"] < treated_year).astype(int),
            "after": (frame["year"] >= treated_year).astype(int),
            "never": treated_year.isna().astype(int),
        }
    ).groupby("firm")
    seen = flags.max()
    years = frame.groupby("firm")["year"].nunique()
    keep = ((seen["never"] == 1) & (years >= 2)) | ((seen["before"] == 1) & (seen["after"] == 1))
    return frame[frame["firm"].map(keep)].reset_index(drop=True)


def _check_groups(treated: int, comparison: int, method: str) -> None:
    if treated < MINIMUM_GROUP or comparison < MINIMUM_GROUP:
        # The counts are not given: a small one would tell an evaluator about a handful of companies.
        short = " and ".join(
            name for name, count in (("treated", treated), ("comparison", comparison)) if count < MINIMUM_GROUP
        )
        raise TooFewFirms(
            f"{method} needs at least {MINIMUM_GROUP} treated and {MINIMUM_GROUP} comparison firms with outcomes; "
            f"there are fewer {short} firms than that."
        )


def _absorbed(frame: pd.DataFrame, columns: Sequence[str], tolerance: float = 1e-10) -> pd.DataFrame:
    """The columns with firm and year means removed until both are zero: the within transformation of two-way
    fixed effects, exact for unbalanced panels once the projections converge."""
    out = frame[list(columns)].astype(float).copy()
    for _ in range(1000):
        out -= out.groupby(frame["firm"]).transform("mean")
        year_means = out.groupby(frame["year"]).transform("mean")
        out -= year_means
        if float(np.abs(year_means.to_numpy()).max(initial=0.0)) < tolerance:
            return out
    raise NoEstimate("The company and year effects did not converge; the panel is too sparse to separate them.")


def _clustered_ols(y: pd.Series, x: pd.DataFrame, groups: pd.Series) -> sm.regression.linear_model.RegressionResults:
    import statsmodels.api as sm  # loaded with the first estimate: it takes a second and 100 MB

    return sm.OLS(y.to_numpy(), x.to_numpy()).fit(cov_type="cluster", cov_kwds={"groups": groups.to_numpy()})


DID_BIASES = (
    "Parallel trends: supported firms would have grown as the comparison firms did without support. The years "
    "before support (the event study's leads) test this; a lead far from zero says it fails.",
    "Firms chosen for support because of something that also changes their growth (a new order, a new owner) "
    "bias the estimate; fixed effects remove only what does not change over time.",
    "Support starting in different years: two-way fixed effects weigh early against late-supported firms; "
    "with effects that grow over time the single figure can mislead, so read it with the event study.",
)

PSM_BIASES = (
    "Selection on what is not recorded: matching balances the baseline Adopt holds (staff, turnover, sector and "
    "age), not motivation, management or area.",
    "Firms without a close match (outside the caliper) are left out, so the estimate is for the supported "
    "firms that resemble unsupported ones.",
    "Errors do not count the uncertainty of the propensity model itself.",
)

NAIVE_BIASES = (
    "Compares supported firms with all others in the last year: larger and more able firms are more likely "
    "to be supported, so this measures who was chosen as much as what support did. Shown only as a warning.",
)


def difference_in_differences(panel: Panel) -> Estimate:
    frame = _frame(panel)
    if frame.empty:
        raise TooFewFirms("Difference-in-differences needs outcomes; there are none.")
    frame = _identifying(frame)
    treated_firms = frame.loc[frame["treated_year"].notna(), "firm"].nunique()
    comparison_firms = frame.loc[frame["treated_year"].isna(), "firm"].nunique()
    _check_groups(treated_firms, comparison_firms, "Difference-in-differences (firms seen before and after)")
    frame["post"] = (frame["treated_year"].notna() & (frame["year"] >= frame["treated_year"])).astype(float)
    within = _absorbed(frame, ["y", "post"])
    fit = _clustered_ols(within["y"], within[["post"]], frame["firm"])
    clusters = int(frame["firm"].nunique())
    effect = _interval(float(fit.params[0]), float(fit.bse[0]), clusters - 1)
    event_study, pre_trend_p = _event_study(frame)
    return Estimate(
        method="did",
        title="Difference-in-differences (two-way fixed effects)",
        outcome=panel.outcome,
        effect=effect,
        maryland_level=3,
        treated=int(treated_firms),
        comparison=int(comparison_firms),
        observations=len(frame),
        biases=DID_BIASES,
        event_study=event_study,
        pre_trend_p=pre_trend_p,
        notes=_not_positive(panel),
    )


def _event_study(frame: pd.DataFrame) -> tuple[tuple[EventYear, ...], float | None]:
    """A term per year from support (ends binned), the year before as the reference; none when the reference
    year is seen in too few supported firms to anchor the others."""
    first, last = EVENT_WINDOW
    relative = (frame["year"] - frame["treated_year"]).clip(first, last)
    firms_at = frame.assign(relative=relative).groupby("relative")["firm"].nunique().to_dict()
    if firms_at.get(-1, 0) < MINIMUM_GROUP:
        return (), None
    names = []
    for k in range(first, last + 1):
        if k != -1 and firms_at.get(k, 0):
            frame[f"k{k}"] = (relative == k).fillna(False).astype(float)
            names.append(f"k{k}")
    within = _absorbed(frame, ["y", *names])
    fit = _clustered_ols(within["y"], within[names], frame["firm"])
    by_name = {name: (float(fit.params[i]), float(fit.bse[i])) for i, name in enumerate(names)}
    clusters = int(frame["firm"].nunique())
    years = []
    for k in range(first, last + 1):
        seen = int(firms_at.get(k, 0))
        effect = None
        if k == -1:
            effect = Interval(0.0, 0.0, 0.0, 0.0)
        elif f"k{k}" in by_name and seen >= MINIMUM_GROUP:
            try:
                effect = _interval(*by_name[f"k{k}"], clusters - 1)
            except NoEstimate:
                effect = None
        years.append(EventYear(k, effect, seen))
    leads = [
        i for i, name in enumerate(names) if int(name[1:]) < -1 and firms_at.get(int(name[1:]), 0) >= MINIMUM_GROUP
    ]
    pre_trend_p = None
    if leads:
        restriction = np.zeros((len(leads), len(names)))
        for row, column in enumerate(leads):
            restriction[row, column] = 1.0
        value = float(fit.wald_test(restriction, scalar=True).pvalue)
        pre_trend_p = value if math.isfinite(value) else None
    return tuple(years), pre_trend_p


def _growth(values: Mapping[int, float], start: int, end: int) -> float | None:
    before, after = values.get(start), values.get(end)
    if before is None or after is None or before <= 0 or after <= 0:
        return None
    return math.log(after) - math.log(before)


def _standardised(treated: np.ndarray, comparison: np.ndarray, weights: np.ndarray | None, pooled_sd: float) -> float:
    comparison_mean = float(np.average(comparison, weights=weights))
    if pooled_sd == 0:
        return 0.0
    return (float(treated.mean()) - comparison_mean) / pooled_sd


def propensity_matching(panel: Panel) -> Estimate:
    import statsmodels.api as sm  # loaded with the first estimate: it takes a second and 100 MB

    by_firm = panel.values_by_firm()
    years = panel.years
    if not years:
        raise TooFewFirms("Propensity-score matching needs outcomes; there are none.")
    last = years[-1]
    covariates = sorted(
        name
        for name in {name for firm in panel.firms for name in firm.covariates}
        if len({firm.covariates.get(name, 0.0) for firm in panel.firms}) > 1  # a constant cannot be balanced
    )
    treated = [
        (firm, firm.treated_year)
        for firm in panel.treated
        if firm.treated_year is not None
        and years[0] < firm.treated_year <= last
        and _growth(by_firm.get(firm.id, {}), firm.treated_year - 1, last) is not None
    ]
    comparison = [firm for firm in panel.comparison if by_firm.get(firm.id, {}).get(last, 0) > 0]
    _check_groups(len(treated), len(comparison), "Propensity-score matching")

    first = years[0]
    covariates = [*covariates, OUTCOME_BEFORE, OUTCOME_BEFORE_UNKNOWN]

    def row_of(firm: Firm) -> list[float]:
        # The outcome in the panel's first year, before any support counted here: measured the same way for
        # every firm, unlike a baseline taken late.
        before = by_firm.get(firm.id, {}).get(first, 0.0)
        own = [firm.covariates.get(name, 0.0) for name in covariates[:-2]]
        return [*own, math.log(before) if before > 0 else 0.0, float(before <= 0)]

    def matrix(firms: Sequence[Firm]) -> np.ndarray:
        return np.array([row_of(firm) for firm in firms], dtype=float)

    x_treated, x_comparison = matrix([firm for firm, _ in treated]), matrix(comparison)
    x_all = np.vstack([x_treated, x_comparison])
    centre, scale = x_all.mean(axis=0), x_all.std(axis=0)
    scale[scale == 0] = 1.0
    labels = np.r_[np.ones(len(treated)), np.zeros(len(comparison))]
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=5000).fit((x_all - centre) / scale, labels)
    score = np.clip(model.predict_proba((x_all - centre) / scale)[:, 1], 1e-9, 1 - 1e-9)
    logit = np.log(score / (1 - score))
    caliper = CALIPER_SD * float(logit.std())
    treated_logit, comparison_logit = logit[: len(treated)], logit[len(treated) :]

    differences, used, matched_rows = [], [], []
    order = np.argsort(comparison_logit, kind="stable")
    ladder = comparison_logit[order]
    for index, (firm, treated_year) in enumerate(treated):
        start, target = treated_year - 1, float(treated_logit[index])
        own = _growth(by_firm[firm.id], start, last)
        right = int(np.searchsorted(ladder, target))
        left = right - 1
        while own is not None:  # outwards from the nearest score until a usable match or the caliper
            below = target - ladder[left] if left >= 0 else math.inf
            above = ladder[right] - target if right < len(ladder) else math.inf
            if min(below, above) > caliper:
                break
            if below <= above:
                candidate, left = int(order[left]), left - 1
            else:
                candidate, right = int(order[right]), right + 1
            other = _growth(by_firm.get(comparison[candidate].id, {}), start, last)
            if other is not None:
                differences.append(own - other)
                used.append(comparison[candidate].id)
                matched_rows.append((index, candidate))
                break
    _check_groups(len(differences), len(set(used)), "Propensity-score matching (firms matched within the caliper)")
    fit = sm.OLS(np.array(differences), np.ones(len(differences))).fit(
        cov_type="cluster", cov_kwds={"groups": np.array(used)}
    )
    effect = _interval(float(fit.params[0]), float(fit.bse[0]), len(set(used)) - 1)

    matched_treated = np.array(sorted({row for row, _ in matched_rows}))
    use_counts = np.bincount([column for _, column in matched_rows], minlength=len(comparison)).astype(float)
    balance = []
    for column, name in enumerate(covariates):
        t_values, c_values = x_treated[:, column], x_comparison[:, column]
        pooled = math.sqrt((float(t_values.var()) + float(c_values.var())) / 2)
        after_weights = use_counts if use_counts.sum() else None
        balance.append(
            Balance(
                covariate=name,
                treated_mean=float(t_values[matched_treated].mean()),
                comparison_mean_before=float(c_values.mean()),
                comparison_mean_after=float(np.average(c_values, weights=after_weights))
                if after_weights is not None
                else None,
                difference_before=_standardised(t_values, c_values, None, pooled),
                difference_after=_standardised(t_values[matched_treated], c_values, after_weights, pooled)
                if after_weights is not None
                else None,
            )
        )
    return Estimate(
        method="psm",
        title="Propensity-score matching (nearest neighbour, caliper 0.2 SD)",
        outcome=panel.outcome,
        effect=effect,
        maryland_level=3,
        treated=len(differences),
        comparison=len(set(used)),
        observations=len(differences),
        biases=PSM_BIASES,
        balance=tuple(balance),
        unmatched=len(treated) - len(differences),
        notes=(f"Growth is measured from the year before each firm's support to {last}.", *_not_positive(panel)),
    )


def naive_comparison(panel: Panel) -> Estimate:
    """Mean log outcome in the last year, supported against not: no baseline, no matching."""
    import statsmodels.api as sm  # loaded with the first estimate: it takes a second and 100 MB

    frame = _frame(panel)
    if frame.empty:
        raise TooFewFirms("The naive comparison needs outcomes; there are none.")
    final_year = frame["year"].max()
    last = frame[(frame["year"] == final_year) & ~(frame["treated_year"] > final_year).fillna(False)]
    treated = last["treated_year"].notna().astype(float)
    _check_groups(int(treated.sum()), int((1 - treated).sum()), "The naive comparison")
    fit = sm.OLS(last["y"].to_numpy(), sm.add_constant(treated.to_numpy())).fit(cov_type="HC1")
    return Estimate(
        method="naive",
        title="Naive comparison (supported against not, last year)",
        outcome=panel.outcome,
        effect=_interval(float(fit.params[1]), float(fit.bse[1]), len(last) - 2),
        maryland_level=1,
        treated=int(treated.sum()),
        comparison=int((1 - treated).sum()),
        observations=len(last),
        biases=NAIVE_BIASES,
    )


DRAW_BIASES = (
    "It measures the effect of offering a place (intention to treat): companies drawn that never took up support, "
    "or companies not drawn that found support elsewhere, make it smaller than the effect of support itself.",
    "Companies whose outcomes are missing are left out; if one group loses more than the other, the comparison "
    "is no longer between like and like.",
)


def random_draw_comparison(panel: Panel, draws: Sequence[Draw]) -> Estimate:
    """Companies drawn against companies not drawn in the same draws: growth from the year before each draw to the
    last year, with a term per draw and robust errors. Chance alone chose who was drawn, so nothing else differs."""
    import statsmodels.api as sm  # loaded with the first estimate: it takes a second and 100 MB

    by_firm = panel.values_by_firm()
    last = max(panel.years, default=0)
    ever_drawn = frozenset().union(*(draw.selected for draw in draws)) if draws else frozenset()
    rows = []
    for index, draw in enumerate(draws):
        for firm in sorted(draw.candidates):
            # A firm not drawn now but drawn in a later wave would carry that later support into this
            # comparison: only firms never drawn compare.
            if firm not in draw.selected and firm in ever_drawn:
                continue
            growth = _growth(by_firm.get(firm, {}), draw.year - 1, last)
            if growth is not None and draw.year <= last:
                rows.append((index, firm, float(firm in draw.selected), growth))
    frame = pd.DataFrame(rows, columns=["draw", "firm", "drawn", "growth"])
    if not frame.empty:  # a draw with usable firms in one arm only compares nothing with nothing
        arms = frame.groupby("draw")["drawn"].nunique()
        frame = frame[frame["draw"].map(arms) == 2]
    drawn_firms = frame.loc[frame["drawn"] == 1, "firm"].nunique() if not frame.empty else 0
    others = frame.loc[frame["drawn"] == 0, "firm"].nunique() if not frame.empty else 0
    _check_groups(drawn_firms, others, "The random-draw comparison")
    terms = pd.get_dummies(frame["draw"], prefix="draw", dtype=float)
    design = pd.concat([frame[["drawn"]], terms], axis=1).to_numpy()
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise NoEstimate("The draws cannot separate being drawn from which draw a company was in.")
    fit = sm.OLS(frame["growth"].to_numpy(), design).fit(
        cov_type="cluster", cov_kwds={"groups": frame["firm"].to_numpy()}
    )
    return Estimate(
        method="draw",
        title="Random draw (companies drawn against those not drawn)",
        outcome=panel.outcome,
        effect=_interval(float(fit.params[0]), float(fit.bse[0]), int(frame["firm"].nunique()) - 1),
        maryland_level=5,
        treated=int(drawn_firms),
        comparison=int(others),
        observations=len(frame),
        biases=DRAW_BIASES,
        notes=(f"Growth is measured from the year before each draw to {last}.",),
    )


METHODS = {"did": difference_in_differences, "psm": propensity_matching, "naive": naive_comparison}
