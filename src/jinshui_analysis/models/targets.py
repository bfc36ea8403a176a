r"""Target arithmetic: growth needed, threshold years, year-to-date progress against a target.

The one place for the questions a district leader asks about a target:

* :func:`required_growth` — growth per year to go from a level to a threshold (nominal when the
  threshold is a current-price figure such as "两千亿");
* :func:`crossing` — the year a level growing at a rate first reaches a threshold;
* :func:`done_share` — the share of last year's total reached by the same point of the year;
* :func:`required_remaining_growth` — growth needed in the rest of the year;
* :func:`year_end_growth` — the full year's real growth projected from published real
  year-to-date growth, and the probability of meeting the target;
* :func:`target_progress` — all of the above for this year's year-to-date figures, on the
  **real** basis of the target: the published real year-to-date growth where the data have it,
  otherwise nominal growth of the levels deflated by an explicit deflator
  (:class:`~jinshui_analysis.models.prices.Deflator`); never a silent 0.

Units: levels in 亿元, growth in % (``_pct``), shares as fractions (``share``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import ModelError, ParameterError, PeriodError
from jinshui_analysis.models.prices import Deflator, deflator_from, to_nominal, to_real
from jinshui_analysis.periods import is_explicit_single, parse_period, year_of
from jinshui_analysis.results import Results, Summary

__all__ = [
    "REL_TOL",
    "CrossingResults",
    "TargetProgressResults",
    "YearEndGrowthResults",
    "cagr",
    "crossing",
    "done_share",
    "required_growth",
    "required_remaining_growth",
    "target_phrase",
    "pace_change",
    "target_progress",
    "year_end_growth",
]

#: Relative tolerance used when comparing a compounded value with a threshold, so that
#: ``c * (1 + required_growth(c, t, n) / 100) ** n`` counts as reaching ``t``.
REL_TOL = 1e-12


def cagr(start: float, end: float, years: float) -> float:
    r"""Compound annual growth rate, %: :math:`((\text{end}/\text{start})^{1/\text{years}}-1)\times100`.

    Parameters
    ----------
    start, end : float
        Positive levels in the same units and price basis (the result is real if both are at
        constant prices, nominal if both are at current prices).
    years : float
        Number of years (periods) between them, > 0.

    Examples
    --------
    >>> round(cagr(100, 121, 2), 6)
    10.0
    """
    a = checks.positive(start, "start")
    b = checks.positive(end, "end")
    n = checks.positive(years, "years")
    return ((b / a) ** (1 / n) - 1) * 100


def required_growth(current: float, target: float, periods: float = 1) -> float:
    r"""Growth per period needed to go from ``current`` to ``target``, %.

    .. math:: g = \left((\text{target}/\text{current})^{1/n} - 1\right)\times 100

    The result is in the basis of the two values: nominal if ``target`` is a current-price
    figure (e.g. "两千亿"), to be converted with :func:`to_real` before comparing it with an
    official real growth target.

    Examples
    --------
    Jinshui 2022 GDP 1932亿 to 2000亿 in one year:

    >>> round(required_growth(1932, 2000), 4)  # (2000/1932 − 1) × 100
    3.5197
    """
    c = checks.positive(current, "current")
    t = checks.positive(target, "target")
    n = checks.positive(periods, "periods")
    return ((t / c) ** (1 / n) - 1) * 100


@dataclass(frozen=True, repr=False)
class CrossingResults(Results):
    """When a growing value first reaches a threshold.

    Attributes
    ----------
    period : int or None
        First period whose value ≥ threshold (``start_period`` itself if already there);
        ``None`` when not reached within the horizon.
    periods_needed : int or None
        Number of periods after ``start_period`` (``None`` when not reached).
    crossed : bool
    path : Series
        Values from ``start_period`` up to the crossing period (or the horizon), index ``period``.
    threshold : float
    horizon : int
        Number of periods examined.
    price_basis : str
        Prices of ``path`` (see :func:`crossing`).
    """

    period: int | None
    periods_needed: int | None
    crossed: bool
    path: pd.Series
    threshold: float
    horizon: int
    price_basis: str

    @property
    def message(self) -> str:
        """One-line verdict (中英文)."""
        if self.crossed:
            return f"{self.period} 年达到 / reaches {self.threshold:g} in {self.period}"
        return (
            f"{self.horizon} 期内未达到 / not within horizon ({self.horizon} periods): "
            f"{self.threshold:g} not reached"
        )

    def to_frame(self) -> pd.DataFrame:
        """Path with a ``reached`` flag."""
        frame = self.path.to_frame("value")
        frame["reached"] = frame["value"] >= self.threshold * (1 - REL_TOL)
        return frame

    def summary(self) -> Summary:
        return Summary(
            title="门槛跨越 / Threshold crossing",
            tables=[("路径 / path", self.to_frame())],
            notes=[self.message, f"价格口径 / price basis: {self.price_basis}"],
        )


def crossing(
    start_value: float,
    growth_pct: float | Sequence[float],
    threshold: float,
    start_period: int,
    *,
    horizon: int = 100,
    growth_basis: Literal["real", "nominal"] = "real",
    deflator_pct: float | Sequence[float] | None = None,
) -> CrossingResults:
    r"""First period in which ``start_value`` compounded at ``growth_pct`` reaches ``threshold``.

    .. math:: x_{t_0+k} = x_{t_0}\prod_{j=1}^{k}(1+g_j/100),\qquad
              \text{period} = t_0 + \min\{k : x_{t_0+k} \ge \text{threshold}\}

    (compared with a relative tolerance of ``REL_TOL`` = 1e-12 so that floating-point rounding
    does not delay a crossing that is exact by construction).

    Parameters
    ----------
    start_value : float
        Level in ``start_period`` (> 0), e.g. 1932 (亿元, 2022 current prices).
    growth_pct : float or sequence of float
        Growth per period, %; a sequence gives period-by-period rates (entry *j* is the growth
        of period ``start_period + j + 1``); when it runs out before the crossing, the result is
        "not within horizon".
    threshold : float
        Level to reach (> 0), in the same units.
    start_period : int
        Year (or period number) of ``start_value``.
    horizon : int
        Horizon when ``growth_pct`` is a scalar (default 100).
    growth_basis : {"real", "nominal"}
        What ``growth_pct`` is.  Real growth applied to a current-price level gives a path at
        the constant prices of ``start_period`` — compared with a nominal threshold this is the
        conservative (no-inflation) answer; pass ``deflator_pct`` to grow at nominal rates
        :math:`(1+r)(1+p)-1`.
    deflator_pct : float or sequence, optional
        Price (deflator) growth, %, only with ``growth_basis="real"``.

    Returns
    -------
    CrossingResults

    Examples
    --------
    >>> r = crossing(1932, 8, 2000, 2022)
    >>> r.period, round(float(r.path[2023]), 2)
    (2023, 2086.56)
    """
    x0 = checks.positive(start_value, "start_value")
    thr = checks.positive(threshold, "threshold")
    t0 = year_of(start_period, "start_period")
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}",
                             parameter="horizon")
    if growth_basis not in ("real", "nominal"):
        raise ParameterError("must be 'real' or 'nominal'", parameter="growth_basis")
    if growth_basis == "nominal" and deflator_pct is not None:
        raise ParameterError(
            "growth is already nominal: do not also pass a deflator", parameter="deflator_pct"
        )
    if np.ndim(growth_pct) == 0:
        horizon = int(horizon)
        rates = [checks.growth_pct(growth_pct, "growth_pct")] * horizon  # type: ignore[arg-type]
    else:
        rates = [checks.growth_pct(g, "growth_pct") for g in growth_pct]  # type: ignore[union-attr]
        horizon = min(len(rates), int(horizon))
        rates = rates[:horizon]
    if deflator_pct is not None:
        if np.ndim(deflator_pct) == 0:
            defl = [checks.growth_pct(deflator_pct, "deflator_pct")] * horizon  # type: ignore[arg-type]
        else:
            defl = [checks.growth_pct(p, "deflator_pct") for p in deflator_pct]  # type: ignore[union-attr]
            if len(defl) < horizon:
                horizon = len(defl)
                rates = rates[:horizon]
        rates = [to_nominal(r, p) for r, p in zip(rates, defl)]
        basis = "current prices (real growth + deflator)"
    elif growth_basis == "real":
        basis = f"constant prices of {t0} (real growth, no price change)"
    else:
        basis = "current prices (nominal growth)"
    values = [x0]
    hit: int | None = 0 if x0 >= thr * (1 - REL_TOL) else None
    k = 0
    while hit is None and k < horizon:
        values.append(values[-1] * (1 + rates[k] / 100))
        k += 1
        if values[-1] >= thr * (1 - REL_TOL):
            hit = k
    path = pd.Series(values, index=pd.Index(range(t0, t0 + len(values)), name="period"),
                     name="value")
    return CrossingResults(
        period=None if hit is None else t0 + hit,
        periods_needed=hit,
        crossed=hit is not None,
        path=path,
        threshold=thr,
        horizon=horizon,
        price_basis=basis,
    )


def required_remaining_growth(
    ytd_growth_pct: float, target_growth_pct: float, done_share: float | None = None,
) -> float:
    r"""Growth needed in the rest of the year to meet an annual target, %.

    With *w* the share of the elapsed part of the year in last year's total (last year's
    year-to-date value ÷ last year's annual total, see :func:`done_share`):

    .. math:: 1+G = w(1+g_{ytd}) + (1-w)(1+g_{rest})
              \;\Rightarrow\; g_{rest} = \frac{(1+G) - w(1+g_{ytd})}{1-w} - 1.

    All three rates must be on the same basis (all real, as official targets are).

    Parameters
    ----------
    ytd_growth_pct : float
        Year-to-date growth (累计增速), %.
    target_growth_pct : float
        Annual target, %.
    done_share : float
        *w*, a fraction strictly between 0 and 1.

    Examples
    --------
    Half the year done (w = 0.5) at 6 %, target 8 %: 1.08 = 0.5·1.06 + 0.5·(1+g) → g = 10 %.

    >>> round(required_remaining_growth(6, 8, 0.5), 10)
    10.0
    """
    g_ytd = checks.growth_pct(ytd_growth_pct, "ytd_growth_pct")
    target = checks.growth_pct(target_growth_pct, "target_growth_pct")
    if done_share is None:
        raise ParameterError("is required (share of last year's total already elapsed)",
                             parameter="done_share")
    w = checks.finite(done_share, "done_share")
    if not 0 < w < 1:
        raise ParameterError(
            f"must lie strictly between 0 and 1, got {done_share!r}", parameter="done_share"
        )
    return (((1 + target / 100) - w * (1 + g_ytd / 100)) / (1 - w) - 1) * 100


_BARE_QUARTER = re.compile(r"(?:Q[1-4]|H1|Q1-Q[1-4])", re.IGNORECASE)
_BARE_MONTH = re.compile(r"\d{1,2}")
_NO_YEAR = 2000  # dummy year for labels without one (only the month is used)


def _ytd_month(label: object, what: str, *, strict: bool) -> tuple[int | None, int]:
    """(year or None, last month) of a year-to-date period label, via :func:`parse_period`.

    A year (``"2022"``, ``"2022年"``) is the whole year (month 12).  Year-to-date labels
    (``"2022年上半年"``, ``"2022Q1-Q3"``, ``"2022年1-5月"``, ``"2022-01~2022-05"``) and canonical
    codes (``"2022Q2"``, ``"2022-05"``, read as year-to-date through that quarter/month) are
    accepted; a range not starting in January is rejected, and with ``strict`` so are Chinese
    labels that explicitly name one quarter or month (``"2022年二季度"``, ``"2022年5月"``).
    Labels without a year (``"Q2"``, ``"H1"``, ``"06"``, ``"上半年"``) give ``year=None``.
    """
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool) and 1 <= label <= 12:
        return None, int(label)
    text = label.strip() if isinstance(label, str) else label
    has_year = True
    if isinstance(text, str) and _BARE_QUARTER.fullmatch(text):
        text, has_year = f"{_NO_YEAR}{text.upper()}", False
    elif isinstance(text, str) and _BARE_MONTH.fullmatch(text):
        text, has_year = f"{_NO_YEAR}-{text}", False
    try:
        p = parse_period(text)
    except PeriodError:
        try:  # a label without a year ("上半年", "1-6月")?
            p = parse_period(text, year=_NO_YEAR)
            has_year = False
        except PeriodError as exc:
            raise PeriodError(
                f"{what}: {exc.args[0] if exc.args else exc} (year-to-date labels such as "
                "'2022Q2', '2022年上半年', '2022年1-6月', '2022-01~2022-06', '2022')",
                text=label,
            ) from None
    year = p.year if has_year else None
    if p.freq == "Y":
        return year, 12
    single_code = not p.cumulative and p.n_months == (3 if p.freq == "Q" else 1)
    if p.first_month != 1 and not single_code:
        raise PeriodError(
            f"{what}: {label!r} covers months {p.first_month}–{p.last_month}; year-to-date "
            "(累计) values start in January",
            text=label,
        )
    if strict and is_explicit_single(p):
        raise PeriodError(
            f"{what}: {label!r} names a single quarter/month (当季/当月 value); cumulative values "
            "are labelled 上半年 / 前三季度 / 1-5月 or by codes such as '2022Q2', '2022-05'",
            text=label,
        )
    return year, p.last_month


def done_share(last_year_cumulative: pd.Series, through: str | int) -> float:
    r"""Weight of the elapsed part of the year, from last year's cumulative values.

    .. math:: w = \frac{Y^{\,last}_{ytd}(\text{through})}{Y^{\,last}_{annual}}

    Parameters
    ----------
    last_year_cumulative : Series
        Last year's cumulative (累计, year-to-date) levels, indexed by any label
        :func:`jinshui_analysis.periods.parse_period` reads: quarterly ``"2022Q1"…"2022Q4"``,
        ``"2022H1"``, ``"2022Q1-Q3"``, ``"2022年上半年"``, ``"2022年前三季度"``; monthly
        ``"2022-02"…"2022-12"``, ``"2022-01~2022-06"``, ``"2022年1-6月"``; the annual total as
        ``"2022"`` / ``"2022年"`` (= cumulative through month 12).  Canonical codes
        (``"2022Q2"``, ``"2022-05"``) are read as year-to-date through that quarter/month; a
        range not starting in January (``"2022-04~2022-06"``) and Chinese labels naming a single
        quarter or month (``"2022年二季度"``, ``"2022年5月"``) raise :class:`PeriodError`.
        Must contain the full year (Q4, month 12 or the year).
    through : str or int
        End of the elapsed part: a label of last year (``"2022Q2"``), of this year
        (``"2023Q2"``, ``"2023年上半年"``; only the quarter/month is used) or just ``"Q2"`` /
        ``"H1"`` / ``"06"`` / ``6`` (month number).

    Returns
    -------
    float
        *w* (a fraction, not a percentage).

    Raises
    ------
    PeriodError
        Unreadable labels, ranges not starting in January, single-quarter/month labels, two
        different values for the same month.
    ModelError
        Several years, no annual total, values decreasing over the year, no value through
        ``through``.

    Examples
    --------
    >>> s = pd.Series([20.0, 45, 70, 100], index=["2022Q1", "2022Q2", "2022Q3", "2022Q4"])
    >>> done_share(s, "2023Q2")
    0.45
    """
    if not isinstance(last_year_cumulative, pd.Series):
        raise ParameterError("must be a pandas Series of cumulative levels",
                             parameter="last_year_cumulative")
    try:
        values = last_year_cumulative.astype(float)
    except (TypeError, ValueError):
        raise ParameterError("must hold numbers", parameter="last_year_cumulative") from None
    by_month: dict[int, float] = {}
    years: set[int] = set()
    for label, value in values.items():
        year, month = _ytd_month(label, "last_year_cumulative", strict=True)
        if year is not None:
            years.add(year)
        if month in by_month and not (
            by_month[month] == value
            or math.isclose(by_month[month], value, rel_tol=1e-9)
        ):
            raise PeriodError(
                f"last_year_cumulative: two different values ({by_month[month]:g}, {value:g}) "
                f"for the year-to-date through month {month}",
                text=label,
            )
        by_month[month] = float(value)
    if len(years) > 1:
        raise ModelError(f"last_year_cumulative spans several years {sorted(years)}; pass one year")
    if 12 not in by_month or pd.isna(by_month[12]):
        raise ModelError(
            "last_year_cumulative lacks the annual total (year / Q4 / month 12 cumulative value)"
        )
    months = sorted(by_month)
    seq = [by_month[m] for m in months]
    if any(b < a for a, b in zip(seq, seq[1:])):
        raise ModelError(
            "last_year_cumulative decreases over the year: it must hold cumulative (累计) values, "
            "not single-quarter (当季) or single-month values"
        )
    _, month = _ytd_month(through, "through", strict=False)
    if month not in by_month or pd.isna(by_month[month]):
        raise ModelError(
            f"last_year_cumulative has no cumulative value through month {month} "
            f"(periods available end in months {months})"
        )
    annual = by_month[12]
    if annual <= 0:
        raise ModelError("last year's annual total must be > 0")
    return by_month[month] / annual



@dataclass(frozen=True)
class TargetProgressResults(Results):
    """Year-to-date progress against an annual (real) growth target.

    Attributes
    ----------
    target_growth_pct : float
        Annual target, % (real, 按可比价).
    share : float
        *w*: last year's year-to-date level ÷ last year's annual level (fraction).
    ytd_growth_pct : float
        Real year-to-date growth used, %.
    ytd_origin : {"published", "deflated"}
        ``published`` real growth, or nominal growth of the levels turned real with
        :attr:`deflator`.
    ytd_nominal_growth_pct : float or None
        Nominal growth of the year-to-date levels, % (None without this year's level).
    deflator : Deflator or None
        Deflator used (``deflated``) or implied by the published real and nominal growth
        (``published`` with levels).
    required_rest_growth_pct : float
        Real growth needed in the rest of the year, %.
    """

    target_growth_pct: float
    share: float
    ytd_growth_pct: float
    ytd_origin: str
    ytd_nominal_growth_pct: float | None
    deflator: Deflator | None
    required_rest_growth_pct: float

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity (value, unit)."""
        rows = {
            "target_growth_pct": (self.target_growth_pct, "%"),
            "share": (self.share, "fraction"),
            "ytd_growth_pct": (self.ytd_growth_pct, "%"),
            "ytd_nominal_growth_pct": (self.ytd_nominal_growth_pct, "%"),
            "deflator_pct": (None if self.deflator is None else self.deflator.pct, "%"),
            "required_rest_growth_pct": (self.required_rest_growth_pct, "%"),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["value", "unit"])

    def summary(self) -> Summary:
        notes = ["1+G = w(1+g_ytd) + (1−w)(1+g_rest); all rates real (按可比价)",
                 f"累计增速来源 / YTD growth: {self.ytd_origin}"]
        if self.deflator is not None:
            notes.append(str(self.deflator))
        return Summary(title="目标进度 / Progress against the target",
                       tables=[("", self.to_frame())], notes=notes)

    def __repr__(self) -> str:
        return (f"TargetProgressResults(target={self.target_growth_pct:g}%, share={self.share:.3f}, "
                f"ytd={self.ytd_growth_pct:.2f}% ({self.ytd_origin}), "
                f"rest={self.required_rest_growth_pct:.2f}%)")


def target_progress(
    last_year_ytd: float,
    last_year_annual: float,
    *,
    target_growth_pct: float,
    ytd_level: float | None = None,
    ytd_real_growth_pct: float | None = None,
    deflator: Deflator | float | None = None,
) -> TargetProgressResults:
    r"""Real year-to-date growth and the real growth still needed to meet an annual target.

    .. math::

        w = \frac{Y^{last}_{ytd}}{Y^{last}_{annual}},\qquad
        1+G = w(1+g_{ytd}) + (1-w)(1+g_{rest})
        \;\Rightarrow\; g_{rest} = \frac{(1+G) - w(1+g_{ytd})}{1-w} - 1,

    with :math:`g_{ytd}` the **published real** year-to-date growth where available, else
    :math:`g_{ytd} = (1+n)/(1+p) - 1` from the nominal growth of the levels
    :math:`n = Y_{ytd}/Y^{last}_{ytd} - 1` and an explicit deflator *p*.  Weights are last year's
    current-price levels (the official aggregation of growth over sub-periods weights by the
    previous year's values).

    Parameters
    ----------
    last_year_ytd, last_year_annual : float
        Last year's year-to-date level (same months) and annual level, 亿元 (> 0).
    target_growth_pct : float
        Annual target, % (real).
    ytd_level : float, optional
        This year's year-to-date level (current prices).
    ytd_real_growth_pct : float, optional
        Published real year-to-date growth, % (preferred).
    deflator : Deflator or float, optional
        Deflator growth (%), used only when no published real growth is given; a float is an
        assumption (``Deflator(pct, "assumed")``).

    Raises
    ------
    ParameterError
        Neither a published real growth nor (a level and) a deflator: the real growth cannot be
        known, and 0 is not assumed silently.

    Examples
    --------
    2022H1 480, 2022 1000, 2023H1 528, published real H1 growth 5.0 %, target 8 %:

    >>> r = target_progress(480, 1000, target_growth_pct=8, ytd_level=528, ytd_real_growth_pct=5)
    >>> round(r.required_rest_growth_pct, 2)  # ((1.08 − 0.48×1.05)/0.52 − 1) × 100
    10.77
    """
    a = checks.positive(last_year_ytd, "last_year_ytd")
    b = checks.positive(last_year_annual, "last_year_annual")
    if a >= b:
        raise ParameterError(f"last year's year-to-date level {a:g} is not below its annual "
                             f"level {b:g}", parameter="last_year_ytd")
    target = checks.growth_pct(target_growth_pct, "target_growth_pct")
    w = a / b
    nominal = None
    if ytd_level is not None:
        nominal = (checks.positive(ytd_level, "ytd_level") / a - 1) * 100
    defl: Deflator | None
    if ytd_real_growth_pct is not None:
        g = checks.growth_pct(ytd_real_growth_pct, "ytd_real_growth_pct")
        origin = "published"
        defl = None if nominal is None else Deflator(deflator_from(nominal, g), "derived")
    else:
        if deflator is None:
            raise ParameterError(
                "no published real year-to-date growth and no deflator: real growth cannot be "
                "computed from current-price levels (pass deflator_pct)", parameter="deflator")
        if nominal is None:
            raise ParameterError("needs this year's year-to-date level to deflate",
                                 parameter="ytd_level")
        defl = deflator if isinstance(deflator, Deflator) else Deflator(float(deflator), "assumed")
        g = to_real(nominal, defl.pct)
        origin = "deflated"
    rest = required_remaining_growth(g, target, w)
    return TargetProgressResults(target_growth_pct=target, share=w, ytd_growth_pct=g,
                                 ytd_origin=origin, ytd_nominal_growth_pct=nominal,
                                 deflator=defl, required_rest_growth_pct=rest)



@dataclass(frozen=True)
class YearEndGrowthResults(Results):
    """Full-year real growth projected from published real year-to-date growth.

    Attributes
    ----------
    ytd_growth_pct : float
        Published real year-to-date growth, %.
    share : float
        *w*: last year's year-to-date level ÷ last year's annual level (fraction).
    growth_pct : float
        Projected full-year real growth, % (the rest of the year at the year-to-date pace).
    target_growth_pct : float or None
    required_rest_growth_pct : float or None
        Real growth the rest of the year needs for the target, %.
    past_changes : Series
        Past changes of pace *e* = g_rest − g_ytd (百分点), one per past year and period.
    scale : float
        Root mean square of :attr:`past_changes` (NaN with fewer than two).
    lower_80, upper_80 : float
        80% interval of the full-year growth, % (NaN with fewer than two past changes).
    prob_meet_target : float or None
        P(full-year growth ≥ target) (NaN with fewer than two past changes; None without target).
    """

    ytd_growth_pct: float
    share: float
    growth_pct: float
    target_growth_pct: float | None
    required_rest_growth_pct: float | None
    past_changes: pd.Series
    scale: float
    lower_80: float
    upper_80: float
    prob_meet_target: float | None

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity (value, unit)."""
        rows = {
            "ytd_growth_pct": (self.ytd_growth_pct, "%"),
            "share": (self.share, "fraction"),
            "growth_pct": (self.growth_pct, "%"),
            "lower_80": (self.lower_80, "%"),
            "upper_80": (self.upper_80, "%"),
            "target_growth_pct": (self.target_growth_pct, "%"),
            "required_rest_growth_pct": (self.required_rest_growth_pct, "%"),
            "prob_meet_target": (self.prob_meet_target, "fraction"),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["value", "unit"])

    def summary(self) -> Summary:
        notes = ["G = w·g_ytd + (1−w)·g_rest, g_rest = g_ytd + e; point: e = 0 (the rest of the "
                 "year at the year-to-date pace); e ~ s·t(n), s = RMS of past e (n values)",
                 "all rates real (按可比价)"]
        return Summary(title="全年实际增速预测 / Full-year real growth",
                       tables=[("", self.to_frame()),
                               ("past changes of pace (百分点)", self.past_changes.to_frame("e"))],
                       notes=notes)

    def __repr__(self) -> str:
        return (f"YearEndGrowthResults(ytd={self.ytd_growth_pct:.2f}%, w={self.share:.3f}, "
                f"growth={self.growth_pct:.2f}%, n={len(self.past_changes)})")


def year_end_growth(
    ytd_growth_pct: float,
    share: float,
    *,
    target_growth_pct: float | None = None,
    past_changes: pd.Series | Sequence[float] | None = None,
) -> YearEndGrowthResults:
    r"""Project the full year's real growth from published real year-to-date growth.

    With last year's levels as weights (:func:`target_progress`):

    .. math::

        G = w\,g_{ytd} + (1-w)\,g_{rest},\qquad g_{rest} = g_{ytd} + e .

    The point projection takes :math:`e = 0` (the rest of the year grows at the year-to-date
    pace).  The uncertainty is that of the change of pace *e*: past values
    :math:`e_i = (G_i - g_{ytd,i})/(1 - w_i)` (published annual minus year-to-date real growth,
    scaled to the rest of the year) give :math:`s = \sqrt{\overline{e^2}}`, and
    :math:`e \sim s\,t_n` (no systematic change of pace assumed), so

    .. math::

        P(G \ge G^*) = 1 - F_{t_n}\!\left(\frac{g^*_{rest} - g_{ytd}}{s}\right),

    with :math:`g^*_{rest}` from :func:`required_remaining_growth`.  Fewer than two past changes:
    no interval and no probability (NaN).

    Parameters
    ----------
    ytd_growth_pct : float
        Published real year-to-date growth, %.
    share : float
        *w* in (0, 1): last year's level through the same period ÷ last year's total.
    target_growth_pct : float, optional
        Annual real target, %.
    past_changes : Series or sequence of float, optional
        Past changes of pace *e* (百分点), e.g. from :func:`pace_change`.

    Examples
    --------
    Real growth 5.4% in the first three quarters, w = 10702.7/14532.1, target 7%:

    >>> r = year_end_growth(5.4, 10702.7 / 14532.1, target_growth_pct=7)
    >>> round(r.growth_pct, 2), round(r.required_rest_growth_pct, 2)
    (5.4, 11.47)
    """
    g = checks.growth_pct(ytd_growth_pct, "ytd_growth_pct")
    w = float(share)
    if not (0 < w < 1):
        raise ParameterError(f"must be in (0, 1), got {share!r}", parameter="share")
    e = pd.Series(dtype=float) if past_changes is None else pd.Series(past_changes, dtype=float)
    e = e[np.isfinite(e.to_numpy())]
    n = len(e)
    scale = float(np.sqrt(np.mean(e.to_numpy() ** 2))) if n >= 2 else float("nan")
    lo = hi = float("nan")
    if n >= 2:
        from scipy import stats

        q = float(stats.t.ppf(0.9, n))
        lo, hi = g - (1 - w) * q * scale, g + (1 - w) * q * scale
    rest = prob = None
    if target_growth_pct is not None:
        target = checks.growth_pct(target_growth_pct, "target_growth_pct")
        rest = required_remaining_growth(g, target, w)
        if n >= 2 and scale > 0:
            from scipy import stats

            prob = float(stats.t.sf((rest - g) / scale, n))
        elif n >= 2:
            prob = float(g >= target)
        else:
            prob = float("nan")
    return YearEndGrowthResults(ytd_growth_pct=g, share=w, growth_pct=g,
                                target_growth_pct=None if target_growth_pct is None
                                else float(target_growth_pct),
                                required_rest_growth_pct=rest, past_changes=e, scale=scale,
                                lower_80=lo, upper_80=hi, prob_meet_target=prob)


def pace_change(annual_growth_pct: float, ytd_growth_pct: float, share: float) -> float:
    r"""The change of pace after a year-to-date period, 百分点:
    :math:`e = (G - g_{ytd})/(1-w) = g_{rest} - g_{ytd}` (published annual and year-to-date
    real growth, *w* the weight of the year-to-date period).

    >>> round(pace_change(5.7, 5.5, 0.7365), 2)
    0.76
    """
    w = float(share)
    if not (0 < w < 1):
        raise ParameterError(f"must be in (0, 1), got {share!r}", parameter="share")
    return (float(annual_growth_pct) - float(ytd_growth_pct)) / (1 - w)


def target_phrase(growth_pct: float, *, lower_bound: bool = False, language: str = "zh",
                  qualifier: str = "") -> str:
    """A real growth target as a bulletin writes it, with its qualifier.

    Targets are real growth rates (按可比价).  A target announced as "增长8%以上" is a lower
    bound: the phrase keeps "以上" / "at least", while the arithmetic uses the bound itself
    (8 %), so growth needed "to meet the target" is the growth needed to reach its floor.
    "增长6%左右" keeps "左右" / "about"; "力争…" is "力争实际增长…" / "aiming at".

    Parameters
    ----------
    growth_pct : float
        The target, %.
    lower_bound : bool
        Whether the published target is "X%以上" (same as ``qualifier="以上"``).
    language : {"zh", "en"}
    qualifier : {"", "以上", "左右", "力争"}
        The published qualifier.

    Examples
    --------
    >>> target_phrase(8, lower_bound=True)
    '实际增长8%以上'
    >>> target_phrase(8, lower_bound=True, language="en")
    'real growth of at least 8%'
    >>> target_phrase(6, qualifier="左右")
    '实际增长6%左右'
    >>> target_phrase(6, qualifier="左右", language="en")
    'real growth of about 6%'
    """
    g = checks.growth_pct(growth_pct, "growth_pct")
    if qualifier not in ("", "以上", "左右", "力争"):
        raise ParameterError(f"must be '', '以上', '左右' or '力争', got {qualifier!r}",
                             parameter="qualifier")
    if lower_bound:
        qualifier = "以上"
    if language == "en":
        return {"以上": f"real growth of at least {g:g}%", "左右": f"real growth of about {g:g}%",
                "力争": f"real growth of {g:g}% (striven for)"}.get(qualifier,
                                                                  f"{g:g}% real growth")
    if language != "zh":
        raise ParameterError(f"must be 'zh' or 'en', got {language!r}", parameter="language")
    if qualifier == "力争":
        return f"力争实际增长{g:g}%"
    return f"实际增长{g:g}%" + (qualifier if qualifier in ("以上", "左右") else "")

