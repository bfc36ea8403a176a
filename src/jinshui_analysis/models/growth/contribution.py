"""Contributions to growth (贡献率) and pulling (拉动) of components to a total, the NBS way
(constant prices of the latest base year; see the package docstring): :func:`contributions`."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from jinshui_analysis.exceptions import (
    ModelError,
    NominalWarning,
    ParameterError,
    nominal_warning,
)
from jinshui_analysis.periods import year_of
from jinshui_analysis.results import Results, Summary

__all__ = ["ContributionResults", "contributions"]

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


@dataclass(frozen=True, repr=False)
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
        """Tables of rates and pulling with the discrepancy and basis notes."""
        label = "nominal" if self.nominal else "constant prices"
        rate = self.rate.round(2)
        rate.columns = pd.Index([f"{c} rate %" for c in rate.columns], name="component")
        pull = self.pulling.round(3)
        pull.columns = pd.Index([f"{c} pulling pp" for c in pull.columns], name="component")
        totals = pd.DataFrame(
            {
                f"{self.total} growth %": self.total_growth.round(3),
                "Σ rate %": self.rate.sum(axis=1).round(2),
                "Σ pulling pp": self.pulling.sum(axis=1).round(3),
                "discrepancy (total − Σ)": self.discrepancy.round(2),
                "price base": self.base_year,
            }
        )
        notes = [
            f"basis: {label}; {self.price_basis}.",
            f"method={self.method!r}, denominator={self.denominator!r} "
            + (
                "(contribution rate (贡献率) = component increment / sum of component increments)"
                if self.denominator == "sum"
                else f"(contribution rate (贡献率) = component increment / {self.total} increment)"
            ),
            "pulling (拉动) = total growth × contribution rate / 100 (NBS). discrepancy = total "
            "increment − sum of component increments, not adjusted (components not adding to "
            "the total are reported, never rescaled).",
        ]
        if self.nominal:
            notes.append(
                "NOMINAL contributions from current-price increments — not comparable with "
                "official (constant-price) contribution rates."
            )
        if self.skipped_periods:
            notes.append(
                "periods not computed (no base year before them): "
                + ", ".join(map(str, self.skipped_periods))
            )
        return Summary(
            title=f"Contribution to growth of {self.total} ({label})",
            tables=[("Contribution rates and pulling", pd.concat([rate, pull], axis=1)),
                    ("Totals", totals)],
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
