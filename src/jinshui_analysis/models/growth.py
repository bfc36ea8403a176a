"""Growth arithmetic: contributions to growth (贡献率/拉动), targets, crossings and price bases.

Official convention followed by :func:`contributions` (国家统计局): the contribution rate of a
component is "按不变价格计算 … 各产业增加值增量与GDP增量之比" (the ratio of its increment to the
increment of GDP, both at constant prices), and its pulling (拉动) is "GDP增长速度与各产业贡献率之
乘积" (GDP growth times the contribution rate).  Constant prices are those of the latest base
year (2015 prices for 2016–2020, 2020 prices for 2021–2025).

Units: levels in 亿元 (100 million yuan) unless the caller says otherwise; growth rates in %
(percent per period); pulling in 百分点 (percentage points, pp).

All functions that mix a level and a growth rate state the price basis of the result (the
``price_basis`` attribute or a documented parameter); real and nominal rates are never mixed
silently — convert with :func:`to_nominal` / :func:`to_real`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import (
    ModelError,
    NominalWarning,
    ParameterError,
    PeriodError,
    nominal_warning,
)
from jinshui_analysis.periods import is_explicit_single, parse_period, year_of
from jinshui_analysis.results import Results, Summary

__all__ = [
    "ContributionResults",
    "CrossingResult",
    "cagr",
    "contributions",
    "crossing",
    "done_weight",
    "implied_growth",
    "required_growth",
    "required_remaining_growth",
    "share_path",
    "to_nominal",
    "to_real",
]

#: Relative tolerance used when comparing a compounded value with a threshold, so that
#: ``c * (1 + required_growth(c, t, n) / 100) ** n`` counts as reaching ``t``.
REL_TOL = 1e-12


# --------------------------------------------------------------------------- helpers
def _check_frame(frame: object, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(
            f"must be a pandas DataFrame (periods × components), got {type(frame).__name__}",
            parameter=name,
        )
    if frame.empty:
        raise ParameterError("is empty", parameter=name)
    try:
        out = frame.astype(float)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"must hold numbers only ({exc})", parameter=name) from None
    return out


# --------------------------------------------------------------------------- contributions
@dataclass(frozen=True)
class ContributionResults(Results):
    """Contribution rates (贡献率) and pulling (拉动) of components to the growth of a total.

    Attributes
    ----------
    rate : DataFrame
        贡献率, % (periods × components).
    pulling : DataFrame
        拉动, percentage points (periods × components): ``rate × total_growth / 100``.
    increment : DataFrame
        Increment of each component over the previous period, in the units of ``levels``
        (normally 亿元) at the constant prices of ``base_year`` (or current prices if nominal,
        previous-year prices for ``method="previous_year"``).
    total_increment : Series
        Increment of the total, same units and prices.
    total_growth : Series
        Growth of the total, % (unrounded when computed from a volume index).
    nominal : bool
        True when computed from current-price increments (名义, no price adjustment).
    discrepancy : Series
        ``total_increment − Σ increment`` (亿元).  Reported, never rescaled: chained constant-price
        components are not additive, and a sub-aggregate leaves the rest of the total here.
    base_year : Series
        Price base per period (the base year B; the previous year for ``previous_year``;
        missing for nominal results).
    method, denominator, total : str
        The options used.
    price_basis : str
        Human-readable description of the prices of ``increment``.
    skipped_periods : tuple
        Periods not computed because no base year in ``base_years`` precedes them.
    """

    rate: pd.DataFrame
    pulling: pd.DataFrame
    increment: pd.DataFrame
    total_increment: pd.Series
    total_growth: pd.Series
    nominal: bool
    discrepancy: pd.Series
    base_year: pd.Series
    method: str
    denominator: str
    total: str
    price_basis: str
    skipped_periods: tuple = field(default_factory=tuple)

    @property
    def components(self) -> list[str]:
        """Component names (columns of :attr:`rate`)."""
        return list(self.rate.columns)

    def to_frame(self) -> pd.DataFrame:
        """Long table: ``period, component, rate_pct, pulling_pp, increment_100m_yuan``."""
        rows = []
        for period in self.rate.index:
            for comp in self.rate.columns:
                rows.append(
                    {
                        "period": period,
                        "component": comp,
                        "rate_pct": float(self.rate.at[period, comp]),
                        "pulling_pp": float(self.pulling.at[period, comp]),
                        "increment_100m_yuan": float(self.increment.at[period, comp]),
                    }
                )
        return pd.DataFrame(
            rows,
            columns=["period", "component", "rate_pct", "pulling_pp", "increment_100m_yuan"],
        )

    def summary(self) -> Summary:
        """Tables of rates and pulling with the discrepancy and basis notes (中英文)."""
        label = "名义 / nominal" if self.nominal else "不变价 / constant prices"
        rate = self.rate.round(2)
        rate.columns = pd.Index([f"{c} 贡献率 %" for c in rate.columns], name="component")
        pull = self.pulling.round(3)
        pull.columns = pd.Index([f"{c} 拉动 pp" for c in pull.columns], name="component")
        totals = pd.DataFrame(
            {
                f"{self.total} 增速 % / growth": self.total_growth.round(3),
                "Σ贡献率 %": self.rate.sum(axis=1).round(2),
                "Σ拉动 pp": self.pulling.sum(axis=1).round(3),
                "差额 discrepancy (total − Σ)": self.discrepancy.round(2),
                "价格基期 base": self.base_year,
            }
        )
        notes = [
            f"计算口径 / basis: {label}; {self.price_basis}.",
            f"method={self.method!r}, denominator={self.denominator!r} "
            + (
                "(贡献率 = 分项增量 / 各分项增量之和)"
                if self.denominator == "sum"
                else f"(贡献率 = 分项增量 / {self.total} 增量)"
            ),
            "拉动 = 总量增速 × 贡献率 / 100 (NBS). 差额 = 总量增量 − 分项增量之和, 未做调整 "
            "(components not adding to the total are reported, never rescaled).",
        ]
        if self.nominal:
            notes.append(
                "名义贡献 / NOMINAL contributions from current-price increments — not comparable "
                "with official (constant-price) contribution rates."
            )
        if self.skipped_periods:
            notes.append(
                "未计算期 / periods not computed (no base year before them): "
                + ", ".join(map(str, self.skipped_periods))
            )
        return Summary(
            title=f"贡献率与拉动 / Contribution to growth of {self.total} ({label})",
            tables=[("贡献率与拉动 / rates and pulling", pd.concat([rate, pull], axis=1)),
                    ("总量 / totals", totals)],
            notes=notes,
        )


def contributions(
    levels: pd.DataFrame,
    *,
    real_growth: pd.DataFrame | None = None,
    volume_index: pd.DataFrame | None = None,
    base_years: Sequence[int] = (2015, 2020),
    total: str = "GDP",
    denominator: Literal["sum", "total"] = "sum",
    method: Literal["constant_prices", "previous_year"] = "constant_prices",
) -> ContributionResults:
    r"""Contribution rates (贡献率, %) and pulling (拉动, pp) of components to a total's growth.

    Official NBS convention (``method="constant_prices"``, the default).  For a period *t* let
    *B* be the latest entry of ``base_years`` strictly before *t* (2015 for 2016–2020, 2020 for
    2021–2025).  At the prices of *B*:

    .. math::

        K_{i,t} = V_{i,B}\,\frac{VI_{i,t}}{VI_{i,B}}
        \quad\text{or}\quad K_{i,t} = V_{i,B}\prod_{s=B+1}^{t}(1+g_{i,s}/100),

        \Delta_{i,t} = K_{i,t} - K_{i,t-1},\qquad
        c_{i,t} = 100\,\frac{\Delta_{i,t}}{\sum_j \Delta_{j,t}},\qquad
        p_{i,t} = c_{i,t}\,\frac{g_t}{100},

    with :math:`V` the current-price level, :math:`VI` a fixed-base volume index, :math:`g` real
    growth in % and :math:`g_t` the total's growth (``VI_t/VI_{t-1} − 1`` unrounded when an index
    is given).  ``denominator="total"`` divides by the total's own increment instead of the sum
    of the components (use it for a sub-aggregate such as the digital economy: columns
    ``["digital", "GDP"]``).

    Sources: 国家统计局 data-export notes ("贡献率…按不变价格计算…各产业增加值增量与GDP增量之比";
    "拉动…GDP增长速度与各产业贡献率之乘积"); 兵团统计年鉴2020 表2-8 ("本表按不变价格计算").

    Parameters
    ----------
    levels : DataFrame
        Current-price values (亿元), index = annual periods (``2023`` or ``"2023"``, named
        ``period``), columns = components and the total.  Must include each base year used and
        the period before the first period computed.
    real_growth : DataFrame, optional
        Same shape: growth over the previous period at comparable prices, %.
    volume_index : DataFrame, optional
        Same shape: fixed-base volume index (e.g. 1978=100).  Give at most one of
        ``real_growth`` and ``volume_index``; with neither, the result is NOMINAL (current-price
        increments, labelled nominal, :class:`~jinshui_analysis.exceptions.NominalWarning`).
    base_years : sequence of int
        Years whose prices serve as constant prices (default 2015 and 2020, the NBS bases).
        Periods not preceded by any base year are skipped (listed in ``skipped_periods``).
    total : str
        Column of the total (default ``"GDP"``).
    denominator : {"sum", "total"}
        Divide by the sum of the component increments (default; rates add to 100 %) or by the
        total's own increment.
    method : {"constant_prices", "previous_year"}
        ``"previous_year"`` is an explicitly named, NON-official alternative:
        :math:`\Delta_{i,t} = V_{i,t-1}\,g_{i,t}/100` (previous-year prices).

    Returns
    -------
    ContributionResults

    Raises
    ------
    ParameterError
        Bad options, both growth inputs, growth ≤ −100 %, a non-positive volume index.
    ModelError
        Mismatched indexes/columns, a missing previous period or base-year value (the message
        names the period and component), negative levels in a constant-price computation, or a
        zero denominator.

    Notes
    -----
    Components that do not add up to the total are reported in ``discrepancy`` and the summary,
    never rescaled.  Negative levels (e.g. net exports) are accepted only for nominal results:
    a volume index of a negative quantity is meaningless.

    Examples
    --------
    >>> import pandas as pd
    >>> lv = pd.DataFrame({"a": [60.0, 0], "b": [40.0, 0], "GDP": [100.0, 0]},
    ...                   index=pd.Index([2020, 2021], name="period"))
    >>> g = pd.DataFrame({"a": [0.0, 10], "b": [0.0, 5], "GDP": [0.0, 8]}, index=lv.index)
    >>> contributions(lv, real_growth=g).rate.loc[2021, "a"]  # 6 / (6 + 2) * 100
    np.float64(75.0)
    """
    if denominator not in ("sum", "total"):
        raise ParameterError("must be 'sum' or 'total'", parameter="denominator")
    if method not in ("constant_prices", "previous_year"):
        raise ParameterError("must be 'constant_prices' or 'previous_year'", parameter="method")
    if real_growth is not None and volume_index is not None:
        raise ParameterError(
            "give either real_growth or volume_index, not both", parameter="volume_index"
        )
    lv = _check_frame(levels, "levels")
    if total not in lv.columns:
        raise ModelError(
            f"total column {total!r} not found in levels; columns are {list(lv.columns)}"
        )
    components = [c for c in lv.columns if c != total]
    if not components:
        raise ModelError("levels has no component column besides the total " f"{total!r}")
    labels = list(lv.index)
    years = [year_of(p) for p in labels]
    if len(set(years)) != len(years):
        raise ModelError(f"levels index has duplicate periods: {labels}")
    if years != sorted(years):
        raise ModelError(f"levels index must be sorted in time order, got {labels}")
    if len(years) < 2:
        raise ModelError("levels needs at least two periods to compute increments")
    label_of = dict(zip(years, labels))
    lv.index = pd.Index(years, name="period")

    def _align(other: pd.DataFrame | None, name: str) -> pd.DataFrame | None:
        if other is None:
            return None
        fr = _check_frame(other, name)
        fr_years = [year_of(p) for p in fr.index]
        fr.index = pd.Index(fr_years, name="period")
        if set(fr.columns) != set(lv.columns):
            raise ModelError(
                f"{name} columns {list(fr.columns)} do not match levels columns "
                f"{list(lv.columns)}"
            )
        if sorted(fr_years) != years:
            raise ModelError(
                f"{name} index {list(other.index)} does not match levels index {labels}"
            )
        return fr.loc[years, list(lv.columns)]

    rg = _align(real_growth, "real_growth")
    vi = _align(volume_index, "volume_index")
    nominal = rg is None and vi is None
    if nominal and method == "previous_year":
        raise ParameterError(
            "method='previous_year' needs real_growth or volume_index", parameter="method"
        )
    if rg is not None and (rg <= -100).to_numpy().any():
        bad = rg[rg <= -100].stack().dropna()
        (p, c), v = next(iter(bad.items()))
        raise ParameterError(
            f"growth must be > -100 %: period {label_of[p]}, component {c!r} has {v}",
            parameter="real_growth",
        )
    if vi is not None and (vi <= 0).to_numpy().any():
        bad = vi[vi <= 0].stack().dropna()
        (p, c), v = next(iter(bad.items()))
        raise ParameterError(
            f"volume index must be > 0: period {label_of[p]}, component {c!r} has {v}",
            parameter="volume_index",
        )
    if not nominal and (lv < 0).to_numpy().any():
        bad = lv[lv < 0].stack().dropna()
        (p, c), v = next(iter(bad.items()))
        raise ModelError(
            f"negative level {v} for component {c!r} in period {label_of[p]}: constant-price "
            "contributions need non-negative levels (a volume index of a negative quantity is "
            "meaningless; for net exports use nominal contributions or constant-price increments)"
        )
    year_set = set(years)

    def _need(frame: pd.DataFrame, year: int, comp: str, what: str, period: int) -> float:
        if year not in year_set:
            raise ModelError(
                f"period {label_of.get(period, period)}: {what} for {year} is missing "
                f"(component {comp!r}); add period {year} to the input"
            )
        value = frame.at[year, comp]
        if pd.isna(value):
            raise ModelError(
                f"period {label_of.get(period, period)}: {what} for {year} of component "
                f"{comp!r} is missing (NaN)"
            )
        return float(value)

    def _growth_factor(comp: str, year: int, period: int) -> float:
        """(1 + g) of ``comp`` from ``year − 1`` to ``year``."""
        if rg is not None:
            return 1 + _need(rg, year, comp, "real growth", period) / 100
        assert vi is not None
        return _need(vi, year, comp, "volume index", period) / _need(
            vi, year - 1, comp, "volume index", period
        )

    def _const(comp: str, year: int, base: int, period: int) -> float:
        """Level of ``comp`` in ``year`` at the prices of ``base``."""
        v_base = _need(lv, base, comp, "base-year current-price level", period)
        if year == base:
            return v_base
        if vi is not None:
            return v_base * _need(vi, year, comp, "volume index", period) / _need(
                vi, base, comp, "base-year volume index", period
            )
        factor = 1.0
        for s in range(base + 1, year + 1):
            factor *= _growth_factor(comp, s, period)
        return v_base * factor

    bases = sorted(int(b) for b in base_years)
    columns = [*components, total]
    out_years: list[int] = []
    skipped: list[object] = []
    inc_rows: list[list[float]] = []
    growth_vals: list[float] = []
    base_vals: list[object] = []
    for t in years[1:]:
        prev = t - 1
        if method == "constant_prices" and not nominal:
            earlier = [b for b in bases if b < t]
            if not earlier:
                skipped.append(label_of[t])
                continue
            base = earlier[-1]
            row = [_const(c, t, base, t) - _const(c, prev, base, t) for c in columns]
            base_vals.append(base)
        elif method == "previous_year":
            row = [
                _need(lv, prev, c, "previous-period level", t) * (_growth_factor(c, t, t) - 1)
                for c in columns
            ]
            base_vals.append(prev)
        else:  # nominal
            row = [
                _need(lv, t, c, "current-price level", t)
                - _need(lv, prev, c, "previous-period level", t)
                for c in columns
            ]
            base_vals.append(pd.NA)
        if nominal:
            g_total = (
                _need(lv, t, total, "current-price level", t)
                / _need(lv, prev, total, "previous-period level", t)
                - 1
            ) * 100
        else:
            g_total = (_growth_factor(total, t, t) - 1) * 100
        out_years.append(t)
        inc_rows.append(row)
        growth_vals.append(g_total)

    if not out_years:
        raise ModelError(
            f"no period can be computed: no entry of base_years={tuple(bases)} lies before any "
            f"period after the first of {labels}"
        )
    index = pd.Index([label_of[t] for t in out_years], name="period")
    inc_all = pd.DataFrame(inc_rows, index=index, columns=pd.Index(columns, name="component"))
    increment = inc_all[components]
    total_increment = inc_all[total].rename(f"{total}_increment")
    denom = increment.sum(axis=1) if denominator == "sum" else total_increment
    zero = denom[denom.abs() < 1e-12]
    if len(zero):
        raise ModelError(
            f"period {zero.index[0]}: the {denominator!r} denominator (increment) is zero; "
            "contribution rates are undefined"
        )
    rate = increment.div(denom, axis=0) * 100
    total_growth = pd.Series(growth_vals, index=index, name=f"{total}_growth_pct")
    pulling = rate.mul(total_growth, axis=0) / 100
    discrepancy = (total_increment - increment.sum(axis=1)).rename("discrepancy")
    base_year = pd.Series(base_vals, index=index, name="base_year", dtype="object")

    if nominal:
        price_basis = "current prices (名义, no price adjustment)"
        warnings.warn(
            nominal_warning.format(why="neither real_growth nor volume_index was given"),
            NominalWarning,
            stacklevel=2,
        )
    elif method == "previous_year":
        price_basis = "previous-year prices (上年价格, non-official alternative)"
    else:
        src = "volume index" if vi is not None else "chained real growth"
        price_basis = f"constant prices of the base year per period (from {src})"
    return ContributionResults(
        rate=rate,
        pulling=pulling,
        increment=increment,
        total_increment=total_increment,
        total_growth=total_growth,
        nominal=nominal,
        discrepancy=discrepancy,
        base_year=base_year,
        method="nominal" if nominal else method,
        denominator=denominator,
        total=total,
        price_basis=price_basis,
        skipped_periods=tuple(skipped),
    )


# --------------------------------------------------------------------------- shares
def implied_growth(share_pct: float, contribution_pct: float, total_growth_pct: float) -> float:
    r"""Growth of a component implied by its share and its contribution to growth, %.

    Since the contribution rate is :math:`c = \Delta_i/\Delta = s\,g_i/g` (with *s* the
    component's previous-period share of the total, at constant prices),

    .. math:: g_i = g\,\frac{c}{s}.

    Parameters
    ----------
    share_pct : float
        Previous-period share of the component in the total, % (0 < s ≤ 100 not required to be
        ≤ 100, but must be > 0).
    contribution_pct : float
        Contribution rate 贡献率, %.
    total_growth_pct : float
        Growth of the total, % (non-zero: with zero growth a contribution rate is undefined).

    Returns
    -------
    float
        Component growth, % — in the same price basis as ``total_growth_pct`` and the
        contribution (mixing a nominal contribution with real GDP growth is meaningless).

    Examples
    --------
    Digital economy 42 % of GDP contributing 46.5 % of growth with GDP growth 8 %:

    >>> round(implied_growth(42, 46.5, 8), 4)  # 8 × 46.5 / 42
    8.8571
    """
    s = checks.positive(share_pct, "share_pct")
    c = checks.finite(contribution_pct, "contribution_pct")
    g = checks.finite(total_growth_pct, "total_growth_pct")
    if g == 0:
        raise ParameterError(
            "total growth is 0: a contribution rate is undefined", parameter="total_growth_pct"
        )
    return g * c / s


def _as_path(value: float | Sequence[float], n: int, name: str) -> list[float]:
    if np.ndim(value) == 0:
        return [checks.growth_pct(value, name)] * n  # type: ignore[arg-type]
    seq = [checks.growth_pct(v, name) for v in value]  # type: ignore[union-attr]
    if len(seq) != n:
        raise ParameterError(f"sequence has {len(seq)} entries, need {n}", parameter=name)
    return seq


def share_path(
    share_pct: float,
    component_growth_pct: float | Sequence[float],
    total_growth_pct: float | Sequence[float],
    periods: int,
    start_period: int | None = None,
) -> pd.DataFrame:
    r"""Share of a component in a total if the growth rates persist.

    .. math:: s_{t+1} = s_t\,\frac{1+g_{i,t+1}}{1+g_{t+1}}

    Parameters
    ----------
    share_pct : float
        Share at the start period, %.
    component_growth_pct, total_growth_pct : float or sequence of float
        Growth per period, % (scalar = constant; a sequence needs ``periods`` entries).  Both in
        the same price basis (a share at current prices needs nominal rates).
    periods : int
        Number of periods to project (≥ 1).
    start_period : int, optional
        Label of the start period; the index then runs ``start_period … start_period+periods``,
        otherwise ``0 … periods``.

    Returns
    -------
    DataFrame
        Index ``period``; columns ``share_pct``, ``component_growth_pct``, ``total_growth_pct``
        (growth of the period ending at the row; NaN at the start).

    Examples
    --------
    >>> share_path(42, 8.857142857, 8, 1)["share_pct"].round(3).tolist()
    [42.0, 42.333]
    """
    s = checks.positive(share_pct, "share_pct")
    if isinstance(periods, bool) or int(periods) != periods or periods < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {periods!r}", parameter="periods")
    n = int(periods)
    gi = _as_path(component_growth_pct, n, "component_growth_pct")
    g = _as_path(total_growth_pct, n, "total_growth_pct")
    shares = [s]
    for a, b in zip(gi, g):
        shares.append(shares[-1] * (1 + a / 100) / (1 + b / 100))
    start = 0 if start_period is None else year_of(start_period, "start_period")
    index = pd.Index(range(start, start + n + 1), name="period")
    return pd.DataFrame(
        {
            "share_pct": shares,
            "component_growth_pct": [np.nan, *gi],
            "total_growth_pct": [np.nan, *g],
        },
        index=index,
    )


# --------------------------------------------------------------------------- targets
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


@dataclass(frozen=True)
class CrossingResult(Results):
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
    max_periods: int = 100,
    growth_basis: Literal["real", "nominal"] = "real",
    deflator_pct: float | Sequence[float] | None = None,
) -> CrossingResult:
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
    max_periods : int
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
    CrossingResult

    Examples
    --------
    >>> r = crossing(1932, 8, 2000, 2022)
    >>> r.period, round(float(r.path[2023]), 2)
    (2023, 2086.56)
    """
    x0 = checks.positive(start_value, "start_value")
    thr = checks.positive(threshold, "threshold")
    t0 = year_of(start_period, "start_period")
    if isinstance(max_periods, bool) or int(max_periods) != max_periods or max_periods < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {max_periods!r}",
                             parameter="max_periods")
    if growth_basis not in ("real", "nominal"):
        raise ParameterError("must be 'real' or 'nominal'", parameter="growth_basis")
    if growth_basis == "nominal" and deflator_pct is not None:
        raise ParameterError(
            "growth is already nominal: do not also pass a deflator", parameter="deflator_pct"
        )
    if np.ndim(growth_pct) == 0:
        horizon = int(max_periods)
        rates = [checks.growth_pct(growth_pct, "growth_pct")] * horizon  # type: ignore[arg-type]
    else:
        rates = [checks.growth_pct(g, "growth_pct") for g in growth_pct]  # type: ignore[union-attr]
        horizon = min(len(rates), int(max_periods))
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
    return CrossingResult(
        period=None if hit is None else t0 + hit,
        periods_needed=hit,
        crossed=hit is not None,
        path=path,
        threshold=thr,
        horizon=horizon,
        price_basis=basis,
    )


def required_remaining_growth(
    ytd_growth_pct: float, target_growth_pct: float, done_weight: float
) -> float:
    r"""Growth needed in the rest of the year to meet an annual target, %.

    With *w* the weight of the elapsed part of the year (last year's year-to-date value ÷ last
    year's annual total, see :func:`done_weight`):

    .. math:: 1+G = w(1+g_{ytd}) + (1-w)(1+g_{rest})
              \;\Rightarrow\; g_{rest} = \frac{(1+G) - w(1+g_{ytd})}{1-w} - 1.

    All three rates must be on the same basis (all real, as official targets are).

    Parameters
    ----------
    ytd_growth_pct : float
        Year-to-date growth (累计增速), %.
    target_growth_pct : float
        Annual target, %.
    done_weight : float
        *w*, strictly between 0 and 1.

    Examples
    --------
    Half the year done (w = 0.5) at 6 %, target 8 %: 1.08 = 0.5·1.06 + 0.5·(1+g) → g = 10 %.

    >>> round(required_remaining_growth(6, 8, 0.5), 10)
    10.0
    """
    g_ytd = checks.growth_pct(ytd_growth_pct, "ytd_growth_pct")
    target = checks.growth_pct(target_growth_pct, "target_growth_pct")
    w = checks.finite(done_weight, "done_weight")
    if not 0 < w < 1:
        raise ParameterError(
            f"must lie strictly between 0 and 1, got {done_weight!r}", parameter="done_weight"
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


def done_weight(last_year_cumulative: pd.Series, through: str | int) -> float:
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
        *w* (a fraction).

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
    >>> done_weight(s, "2023Q2")
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


# --------------------------------------------------------------------------- price bases
def to_nominal(real_growth_pct: float, deflator_growth_pct: float) -> float:
    r"""Nominal growth from real growth and deflator growth, %: :math:`(1+n)=(1+r)(1+p)`.

    Examples
    --------
    >>> round(to_nominal(5, 2), 6)
    7.1
    """
    r = checks.growth_pct(real_growth_pct, "real_growth_pct")
    p = checks.growth_pct(deflator_growth_pct, "deflator_growth_pct")
    return ((1 + r / 100) * (1 + p / 100) - 1) * 100


def to_real(nominal_growth_pct: float, deflator_growth_pct: float) -> float:
    r"""Real growth from nominal growth and deflator growth, %: :math:`(1+r)=(1+n)/(1+p)`.

    Examples
    --------
    >>> round(to_real(7.1, 2), 6)
    5.0
    """
    n = checks.growth_pct(nominal_growth_pct, "nominal_growth_pct")
    p = checks.growth_pct(deflator_growth_pct, "deflator_growth_pct")
    return ((1 + n / 100) / (1 + p / 100) - 1) * 100
