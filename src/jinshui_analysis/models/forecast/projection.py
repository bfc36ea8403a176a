"""Year-end projection from year-to-date (累计) figures: past years' shares of the annual total
reached by the same month, the growth still required to meet a target and the chance of it."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import (
    DataError,
    ModelError,
    NominalWarning,
    ParameterError,
    ShortSeriesWarning,
)
from jinshui_analysis.results import Results, Summary

# =========================================================================== year-end projection
_PROJ_COLUMNS = ("point", "median", "lower_95", "lower_80", "upper_80", "upper_95")


@dataclass(frozen=True, repr=False)
class ProjectionResults(Results):
    """Full-year projection from year-to-date (累计) figures.

    Attributes
    ----------
    year : int
        The year being projected.
    through_month : int
        Last month covered by the latest YTD figure (6 for ``2023H1``/``2023Q2``/``2023-06``).
    ytd_value : float
        Latest YTD cumulative level of the current year.
    shares : DataFrame
        Index ``year`` (past years used); columns ``ytd`` (cumulative level through the same
        month), ``annual`` (full-year level), ``share`` (= ytd / annual, fraction).
    share_mean, share_sd : float
        Mean and standard deviation of ``log(share)`` over those years (sd NaN for one year).
    projection : DataFrame
        Index ``quantity`` = ``level`` (series units) and ``growth_pct`` (%, on
        ``growth_basis``); columns ``point`` (YTD ÷ geometric-mean past share, and its growth),
        ``median`` (of the simulations) and ``lower_95, lower_80, upper_80, upper_95``
        (simulation quantiles).  No mean is reported: the level is YTD × exp(−t), whose mean
        does not exist for a Student-t draw.
    last_year_annual : float or None
        Last year's full-year level (growth base).
    growth_basis : {"current", "comparable"}
        ``current`` = nominal growth of current-price levels; ``comparable`` = real growth
        (inputs at constant prices, or nominal deflated by ``deflator_pct``).
    target_growth_pct : float or None
    done_share : float or None
        *w* = last year's YTD through the same month ÷ last year's annual total.
    ytd_growth_pct : float or None
        Year-to-date growth on ``growth_basis`` used for the required growth.
    required_remaining_growth_pct : float or None
        Growth needed in the rest of the year to meet the target (%, same basis).  NaN when
        the growth is nominal (current prices, no ``deflator_pct``) and no ``ytd_growth_pct``
        is given: nominal YTD growth is not compared with a real target.
    prob_meet_target : float or None
        Share of simulated full-year growth rates ≥ target (NaN when the bases differ).
    n_sims : int
    notes : tuple of str
    unit : str or None
    """

    year: int
    through_month: int
    ytd_value: float
    shares: pd.DataFrame
    share_mean: float
    share_sd: float
    projection: pd.DataFrame
    last_year_annual: float | None
    growth_basis: str
    target_growth_pct: float | None
    done_share: float | None
    ytd_growth_pct: float | None
    required_remaining_growth_pct: float | None
    prob_meet_target: float | None
    n_sims: int
    notes: tuple[str, ...] = ()
    unit: str | None = None

    @property
    def prob_meet_target_pct(self) -> float | None:
        """Probability of meeting the target, % (``prob_meet_target`` is the same as a fraction)."""
        p = self.prob_meet_target
        return None if p is None else float(p) * 100

    def to_frame(self) -> pd.DataFrame:
        """:attr:`projection` (rows ``level``/``growth_pct``; point, median and bands)."""
        return self.projection

    def summary(self) -> Summary:
        unit = self.unit or "series units"
        key = pd.DataFrame(
            {
                "value": [
                    self.ytd_value,
                    self.last_year_annual,
                    self.target_growth_pct,
                    self.done_share,
                    self.ytd_growth_pct,
                    self.required_remaining_growth_pct,
                    self.prob_meet_target,
                ]
            },
            index=pd.Index(
                [
                    f"YTD (累计) through month {self.through_month} ({unit})",
                    f"last year's annual ({unit})",
                    "target growth (%)",
                    "done share w",
                    f"YTD growth (%, {self.growth_basis})",
                    "required growth, rest of year (%)",
                    "P(full-year growth ≥ target)",
                ],
                name="item",
            ),
        )
        notes = [
            "method: full year = YTD ÷ s, with log s drawn from a Student-t predictive "
            "distribution fitted to past years' shares of the annual total reached by the same "
            f"month (n = {len(self.shares)} years, df = n−1, scale sd·√(1+1/n)); {self.n_sims} "
            "simulations.  Assumes this year's intra-year pattern is like past years'.",
            "required growth: 1+G = w(1+g_ytd) + (1−w)(1+g_rest), w from last "
            "year's cumulative pattern (targets.required_remaining_growth).",
            f"price basis: growth is {self.growth_basis} "
            + ("(nominal, 现价)." if self.growth_basis == "current" else "(real, 可比价)."),
        ]
        notes.extend(self.notes)
        return Summary(
            title=f"Year-end projection {self.year}",
            tables=[
                ("Projection", self.projection.round(3)),
                ("Past years' same-period shares of the annual total", self.shares.round(4)),
                ("Target arithmetic", key.round(4)),
            ],
            notes=notes,
        )


def _cumulative_points(series: pd.Series, name: str) -> dict[tuple[int, int], float]:
    """(year, last month) → cumulative value; annual labels give month 12.

    Values are year-to-date by contract: canonical codes ("2023Q2", "2023-05") are read as
    year-to-date; Chinese labels that explicitly name a single quarter or month ("2023年二季度",
    "2023年5月", see :func:`jinshui_analysis.periods.is_explicit_single`) raise DataError.
    """
    from jinshui_analysis.models.ytd import as_period
    from jinshui_analysis.periods import is_explicit_single

    if not isinstance(series, pd.Series):
        raise ParameterError("must be a pandas Series indexed by period labels", parameter=name)
    out: dict[tuple[int, int], float] = {}
    for label, value in series.items():
        if pd.isna(value):
            continue
        p = as_period(label)
        if is_explicit_single(p):
            raise DataError(
                f"{name}: label {label!r} names a single "
                f"{'quarter' if p.freq == 'Q' else 'month'}, not a year-to-date (累计) period; "
                "year_end_projection needs cumulative values (labels such as '上半年', "
                "'前三季度', '1-5月', or the codes '2023Q2', '2023-05' read as year-to-date)",
                text=label,
            )
        key = (p.year, p.last_month)
        v = float(value)
        if key in out and abs(out[key] - v) > 1e-9 * max(1.0, abs(v)):
            raise DataError(
                f"{name}: two different values for year {p.year} through month {p.last_month}",
                text=label,
            )
        out[key] = v
    return out


def year_end_projection(
    ytd: pd.Series,
    history: pd.Series,
    *,
    target_growth_pct: float | None = None,
    price_basis: str = "current",
    deflator_pct: float | None = None,
    ytd_growth_pct: float | None = None,
    min_share_sd: float = 0.0,
    n_sims: int = 20_000,
    seed: int | None = 0,
    unit: str | None = None,
) -> ProjectionResults:
    r"""Project the full-year level and growth from this year's year-to-date figure.

    Method (the approximation, stated): let :math:`s_y = Y^{ytd}_y(M)/Y^{annual}_y` be the
    share of the annual total reached by month *M* in past year *y*.  This year's full-year
    level is :math:`\hat Y = Y^{ytd}(M)/s` with :math:`\log s \sim \bar m + sd\sqrt{1+1/n}\,
    t_{n-1}` (Student-t predictive of a normal sample of *n* past log shares).  Growth is
    :math:`\hat Y / Y^{annual}_{last} - 1`.  The same-period shares are a seasonal pattern of
    *levels*; they ignore a change of momentum within the year and revisions of last year's
    total.

    Parameters
    ----------
    ytd : Series
        This year's cumulative (累计) levels, indexed by a :class:`pandas.PeriodIndex` (each
        period read as year to date through it) or by labels parsed by
        :func:`jinshui_analysis.periods.parse_period` (``"2023Q1"``, ``"2023H1"``,
        ``"2023Q1-Q3"``, ``"2023-01~2023-02"``, ``"2023-05"``, ``"2023年上半年"``,
        ``"2023年1-5月"`` …).  The inputs are year-to-date **by contract**: every value is read as
        cumulative from January through the label's last month (canonical codes such as
        ``"2023Q2"``/``"2023-05"`` included); the latest one is used.  Chinese labels that
        explicitly name a single quarter or month (``"2023年二季度"``, ``"2023年5月"``) raise
        :class:`~jinshui_analysis.DataError` (the year-to-date forms are ``上半年``,
        ``前三季度``, ``1-5月``).  Jan–Feb combined monthly data simply have no January value.
    history : Series
        Past years' cumulative levels through the same month *and* full-year totals (label
        ``"2022"``, ``"2022年"``, ``"2022Q4"`` or ``"2022-12"``; not ``"2022年四季度"``, a single
        quarter).  Years lacking either are skipped.
    target_growth_pct : float, optional
        Annual growth target, % (official targets are real, 可比价).
    price_basis : {"current", "comparable"}
        Basis of the ``ytd``/``history`` levels.  ``"current"`` (现价, the published levels):
        projected growth is nominal unless ``deflator_pct`` is given.  ``"comparable"``: the
        levels are at constant prices (deflated by the user) and growth is real.
    deflator_pct : float, optional
        Assumed growth of the GDP deflator this year, %.  With current-price inputs, real
        growth ≈ (1+nominal)/(1+deflator) − 1 (one deflator for the whole year: an
        approximation).
    ytd_growth_pct : float, optional
        Published year-to-date growth (usually real, 可比价).  Used for the required growth
        instead of the growth computed from levels; it is taken to be on the output basis.
    min_share_sd : float
        Floor on the sd of log shares (default 0: none).  With two or three past years the
        estimated sd can be implausibly small; set a floor (e.g. 0.01) if you judge so.
    n_sims : int
        Number of simulations (≥ 1000).
    seed : int, optional
        Seed of the simulation (default 0, reproducible).
    unit : str, optional

    Returns
    -------
    ProjectionResults

    Warns
    -----
    ShortSeriesWarning
        Only one past year: no spread can be estimated, intervals and probability are NaN.
    NominalWarning
        A target is given but the projected growth is nominal (current prices, no deflator):
        the probability of meeting the (real) target is not computed (NaN), nor is the required
        growth unless the (real, published) ``ytd_growth_pct`` is given.

    Raises
    ------
    DataError
        An explicitly single-period label (see above), a non-positive latest YTD value,
        history values that are not cumulative.
    ModelError
        ``ytd`` spanning several years or already covering the full year; no usable past year.
    """
    from jinshui_analysis.models import targets as _targets
    from jinshui_analysis.periods import month_code

    if price_basis not in ("current", "comparable"):
        raise ParameterError("must be 'current' or 'comparable'", parameter="price_basis")
    if not isinstance(n_sims, (int, np.integer)) or n_sims < 1000:
        raise ParameterError("must be an integer ≥ 1000", parameter="n_sims")
    if min_share_sd < 0 or not np.isfinite(min_share_sd):
        raise ParameterError("must be ≥ 0", parameter="min_share_sd")
    cur = _cumulative_points(ytd, "ytd")
    if not cur:
        raise DataError("ytd: no values")
    years = {y for y, _ in cur}
    if len(years) != 1:
        raise ModelError(f"ytd spans several years {sorted(years)}: pass this year's figures only")
    year = years.pop()
    month = max(m for _, m in cur)
    if month == 12:
        raise ModelError("ytd already covers the full year: nothing to project")
    ytd_value = cur[(year, month)]
    if ytd_value <= 0:
        raise DataError("ytd: the latest cumulative value must be > 0", text=ytd_value)
    hist = _cumulative_points(history, "history")
    rows = []
    for y in sorted({y for y, _ in hist}):
        if y >= year:
            continue
        if (y, month) in hist and (y, 12) in hist:
            a, b = hist[(y, month)], hist[(y, 12)]
            if a <= 0 or b <= 0 or a > b:
                raise DataError(f"history: year {y} has ytd {a} and annual {b}: not cumulative")
            rows.append({"year": y, "ytd": a, "annual": b, "share": a / b})
    if not rows:
        raise ModelError(
            f"history has no past year with both a cumulative value through month {month} and "
            "a full-year total"
        )
    shares = pd.DataFrame(rows).set_index("year")
    shares.columns.name = "component"
    notes: list[str] = []
    logs = np.log(shares["share"].to_numpy())
    n = len(logs)
    m_log = float(np.mean(logs))
    sd = float(np.std(logs, ddof=1)) if n >= 2 else float("nan")
    if n >= 2 and sd < min_share_sd:
        notes.append(f"share sd {sd:.4g} raised to the floor min_share_sd={min_share_sd}")
        sd = float(min_share_sd)
    rng = np.random.default_rng(seed)
    if n >= 2:
        draws = m_log + sd * math.sqrt(1 + 1 / n) * rng.standard_t(n - 1, size=int(n_sims))
    else:
        msg = (
            "history has one past year with the same-period share: no spread can be "
            "estimated, intervals and probability are NaN"
        )
        warnings.warn(ShortSeriesWarning(msg, code="one_share", n=n), stacklevel=2)
        notes.append("short series: " + msg)
        draws = np.full(int(n_sims), m_log)
    levels = ytd_value / np.exp(draws)

    last = year - 1
    last_annual = hist.get((last, 12))
    last_ytd = hist.get((last, month))
    basis = "comparable" if (price_basis == "comparable" or deflator_pct is not None) else "current"

    def to_basis(nominal_or_real_pct: np.ndarray | float) -> np.ndarray | float:
        if price_basis == "current" and deflator_pct is not None:
            return ((1 + np.asarray(nominal_or_real_pct) / 100) / (1 + deflator_pct / 100) - 1) * 100
        return nominal_or_real_pct

    growth_sims = None
    if last_annual is not None:
        growth_sims = to_basis((levels / last_annual - 1) * 100)
    else:
        notes.append(f"no full-year total for {last}: growth not computed")

    def stats_row(x: np.ndarray | None, centre: float) -> dict[str, float]:
        if x is None:
            return dict.fromkeys(_PROJ_COLUMNS, float("nan"))
        spread_ok = n >= 2
        q = np.quantile(x, [0.025, 0.10, 0.90, 0.975]) if spread_ok else [np.nan] * 4
        return {
            "point": centre,
            "median": float(np.median(x)),
            "lower_95": float(q[0]),
            "lower_80": float(q[1]),
            "upper_80": float(q[2]),
            "upper_95": float(q[3]),
        }

    point_level = ytd_value / math.exp(m_log)
    point_growth = (
        float(to_basis((point_level / last_annual - 1) * 100)) if last_annual else float("nan")
    )
    projection = pd.DataFrame(
        [stats_row(levels, point_level), stats_row(growth_sims, point_growth)],
        index=pd.Index(["level", "growth_pct"], name="quantity"),
        columns=pd.Index(list(_PROJ_COLUMNS), name="component"),
    )

    # ------------------------------------------------------------ target arithmetic
    w = None
    if last_ytd is not None and last_annual is not None:
        lab = pd.Series({month_code(last, month): last_ytd, month_code(last, 12): last_annual})
        w = float(_targets.done_share(lab, month))
    else:
        notes.append(
            f"no cumulative value for {last} through month {month}: done share w not computed"
        )
    if ytd_growth_pct is not None:
        g_ytd: float | None = float(ytd_growth_pct)
        notes.append(f"YTD growth {g_ytd}% as given (assumed on the {basis} basis)")
    elif last_ytd is not None and (basis == "comparable"):
        g_ytd = float(to_basis((ytd_value / last_ytd - 1) * 100))
    elif last_ytd is not None:
        g_ytd = (ytd_value / last_ytd - 1) * 100  # nominal
    else:
        g_ytd = None
    required = None
    prob = None
    if target_growth_pct is not None:
        target = float(target_growth_pct)
        if not np.isfinite(target):
            raise ParameterError("must be finite", parameter="target_growth_pct")
        # nominal YTD growth against a real target would mix bases: no required growth then
        nominal_only = basis == "current" and ytd_growth_pct is None
        if nominal_only:
            required = float("nan")
        elif w is not None and g_ytd is not None:
            required = float(_targets.required_remaining_growth(g_ytd, target, w))
        if basis == "current":
            msg = (
                "projected growth is nominal (current prices, no deflator_pct) while targets are "
                "real: probability of meeting the target not computed; pass deflator_pct"
            )
            if nominal_only:
                msg += (
                    "; required growth not computed either (YTD growth is nominal): pass "
                    "ytd_growth_pct (published, real) or deflator_pct"
                )
            warnings.warn(NominalWarning(msg, code="nominal_projection", required=not nominal_only),
                          stacklevel=2)
            notes.append("nominal: " + msg)
            prob = float("nan")
        elif growth_sims is not None and n >= 2:
            prob = float(np.mean(growth_sims >= target))
        else:
            prob = float("nan")
    return ProjectionResults(
        year=year,
        through_month=month,
        ytd_value=ytd_value,
        shares=shares,
        share_mean=m_log,
        share_sd=sd,
        projection=projection,
        last_year_annual=last_annual,
        growth_basis=basis,
        target_growth_pct=None if target_growth_pct is None else float(target_growth_pct),
        done_share=w,
        ytd_growth_pct=g_ytd,
        required_remaining_growth_pct=required,
        prob_meet_target=prob,
        n_sims=int(n_sims),
        notes=tuple(notes),
        unit=unit,
    )


