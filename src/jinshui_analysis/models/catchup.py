r"""Benchmarking a district against a leader: catch-up time, gap tables and scenario grids.

Default benchmark: 深圳市南山区 (Nanshan, 2022 GDP 8035.88亿元, 南山区统计局 via 南方Plus) against
郑州市金水区 (Jinshui, 2022 GDP 1932亿元, 大象新闻 2023-02-13).

Catch-up arithmetic: two levels growing at constant rates meet when

.. math:: \text{lag}\,(1+g_l)^t = \text{lead}\,(1+g_L)^t
          \;\Rightarrow\; t = \frac{\ln(\text{lead}/\text{lag})}{\ln\big((1+g_l)/(1+g_L)\big)}.

With real growth rates applied to current-price levels of the start year, the paths are at the
constant prices of the start year (both regions assumed to share one price level).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis import checks
from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.targets import REL_TOL
from jinshui_analysis.periods import year_of
from jinshui_analysis.results import Results, Summary

__all__ = ["CatchUpResults", "CatchUpScenarioResults", "catch_up",
           "catch_up_scenarios", "gap_table", "scenario_grid", "trend_growth"]


@dataclass(frozen=True)
class CatchUpResults(Results):
    """Time for a lagging region to catch up with a leading one.

    Attributes
    ----------
    years : float
        Exact (continuous) solution ``ln(lead/lag) / ln((1+g_lag)/(1+g_lead))``; 0 when the lag
        already leads; ``inf`` when it never catches up.
    periods_needed : int or None
        First whole number of periods after the start with lag ≥ lead (None if never or beyond
        ``horizon``).
    period : int or None
        ``start_period + periods_needed`` when ``start_period`` was given, else
        ``periods_needed``.
    path : DataFrame
        Index ``period``; columns ``lead``, ``lag``, ``gap`` (lead − lag) and ``ratio``
        (lag / lead), up to the catch-up period (or ``horizon``).
    lead_growth_pct, lag_growth_pct : float
    price_basis : str
    """

    years: float
    periods_needed: int | None
    period: int | None
    path: pd.DataFrame
    lead_growth_pct: float
    lag_growth_pct: float
    price_basis: str

    def to_frame(self) -> pd.DataFrame:
        """The path table."""
        return self.path

    def __repr__(self) -> str:
        years = "inf" if math.isinf(self.years) else f"{self.years:.2f}"
        return (f"CatchUpResults(years={years}, period={self.period}, "
                f"lead_growth_pct={self.lead_growth_pct:g}, lag_growth_pct={self.lag_growth_pct:g})")

    def summary(self) -> Summary:
        verdict = (
            "never catches up (lag growth ≤ lead growth)"
            if math.isinf(self.years)
            else f"years to catch up: {self.years:.2f}; first whole period: {self.period}"
        )
        return Summary(
            title="Catch-up",
            tables=[("Path", self.path.round(3))],
            notes=[
                verdict,
                f"growth: lead {self.lead_growth_pct:g} %, lag {self.lag_growth_pct:g} %",
                "t = ln(lead/lag) / ln((1+g_lag)/(1+g_lead))",
                f"price basis: {self.price_basis}",
            ],
        )


def catch_up(
    lead_value: float,
    lag_value: float,
    lead_growth_pct: float,
    lag_growth_pct: float,
    *,
    start_period: int | None = None,
    horizon: int = 200,
) -> CatchUpResults:
    r"""Years for ``lag_value`` growing at ``lag_growth_pct`` to reach ``lead_value``.

    .. math:: t = \frac{\ln(\text{lead}/\text{lag})}{\ln\big((1+g_l/100)/(1+g_L/100)\big)}

    Parameters
    ----------
    lead_value, lag_value : float
        Levels (> 0) in the same units and start year, e.g. 亿元 of 2022.
    lead_growth_pct, lag_growth_pct : float
        Constant growth rates, % per period, on the same basis (both real → the path is at the
        constant prices of the start year; both nominal → current prices).
    start_period : int, optional
        Year of the levels; the path index then counts years.
    horizon : int
        Horizon of the path and of the whole-period search (default 200).  ``years`` is the
        exact formula whatever the horizon (nearly equal rates give thousands of years; the
        whole-period search is done in logarithms, so it never overflows).

    Returns
    -------
    CatchUpResults

    Examples
    --------
    Nanshan 8035.88亿, Jinshui 1932亿 (2022); Jinshui 8 %, Nanshan 6 %:

    >>> r = catch_up(8035.88, 1932, 6, 8, start_period=2022)
    >>> round(r.years, 2), r.period
    (76.25, 2099)
    """
    lead = checks.positive(lead_value, "lead_value")
    lag = checks.positive(lag_value, "lag_value")
    g_lead = checks.growth_pct(lead_growth_pct, "lead_growth_pct")
    g_lag = checks.growth_pct(lag_growth_pct, "lag_growth_pct")
    if isinstance(horizon, bool) or int(horizon) != horizon or horizon < 1:
        raise ParameterError(f"must be an integer ≥ 1, got {horizon!r}", parameter="horizon")
    t0 = 0 if start_period is None else year_of(start_period, "start_period")
    ratio_growth = math.log((1 + g_lag / 100) / (1 + g_lead / 100))
    if lag >= lead:
        years = 0.0
    elif ratio_growth <= 0:
        years = math.inf
    else:
        years = math.log(lead / lag) / ratio_growth
    needed: int | None = None
    # whole periods searched in logs (no overflow for nearly equal rates, where t is huge):
    # lag has caught up after k periods when ln lag + k·ln(1+g_l) ≥ ln lead + k·ln(1+g_L)
    ln_lag, ln_lead = math.log(lag), math.log(lead)
    ln_gl, ln_gL = math.log1p(g_lag / 100), math.log1p(g_lead / 100)
    tol = math.log1p(-REL_TOL)

    def caught_up(k: int) -> bool:
        return ln_lag + k * ln_gl >= ln_lead + k * ln_gL + tol

    if math.isfinite(years) and years <= horizon + 1:
        k = max(0, math.ceil(years - 1e-9))
        # guard against floating-point rounding at an exact integer
        while k > 0 and caught_up(k - 1):
            k -= 1
        while not caught_up(k) and k <= horizon:
            k += 1
        needed = k if k <= horizon and caught_up(k) else None
    last = needed if needed is not None else int(horizon)
    steps = np.arange(last + 1)
    with np.errstate(over="ignore"):  # an absurd horizon gives inf, not an error
        lead_path = lead * (1 + g_lead / 100) ** steps
        lag_path = lag * (1 + g_lag / 100) ** steps
    path = pd.DataFrame(
        {
            "lead": lead_path,
            "lag": lag_path,
            "gap": lead_path - lag_path,
            "ratio": lag_path / lead_path,
        },
        index=pd.Index(t0 + steps, name="period"),
    )
    return CatchUpResults(
        years=years,
        periods_needed=needed,
        period=None if needed is None else t0 + needed,
        path=path,
        lead_growth_pct=g_lead,
        lag_growth_pct=g_lag,
        price_basis=(
            "units and prices of the start-period levels grown at the given rates "
            "(real rates → constant start-year prices)"
        ),
    )


def trend_growth(levels: pd.Series, *, start: str | int, end: str | int) -> float:
    r"""Observed trend growth of a level series, % a year: the CAGR between two years.

    .. math:: g = \left(\frac{x_{end}}{x_{start}}\right)^{1/(end-start)} - 1

    Both levels must be on one 口径 (the same indicator); current-price levels give nominal
    growth.
    """
    a, b = year_of(start, "start"), year_of(end, "end")
    if b <= a:
        raise ParameterError(f"end {end} must be after start {start}", parameter="end")
    idx = {year_of(k): float(v) for k, v in levels.items()}
    if a not in idx or b not in idx:
        raise DataError(f"no level for {a if a not in idx else b}", column="period")
    return ((idx[b] / idx[a]) ** (1 / (b - a)) - 1) * 100


@dataclass(frozen=True)
class CatchUpScenarioResults(Results):
    """Years for a lagging region to catch up under stated scenarios (one answer per question).

    Attributes
    ----------
    start_period : int
        Year of the start levels (latest common year up to the as-of date).
    lead_value, lag_value : float
        Start levels (亿元, current prices, one 口径).
    scenarios : DataFrame
        Index ``scenario`` (``trend``, ``target``, ``band_low``, ``band_high``); columns
        ``lead_growth_pct``, ``lag_growth_pct``, ``basis`` (real/nominal), ``years`` (inf =
        never), ``period`` (first whole year, or None).
    window : dict
        ``{"lead": (start, end), "lag": (start, end)}`` years the trends were measured over.
    band_pp : float
        Half-width of the band on the growth differential, percentage points.
    """

    start_period: int
    lead_value: float
    lag_value: float
    scenarios: pd.DataFrame
    window: dict
    band_pp: float

    @property
    def years(self) -> float:
        """Years under the trend scenario."""
        return float(self.scenarios.loc["trend", "years"])

    def to_frame(self) -> pd.DataFrame:
        return self.scenarios

    def summary(self) -> Summary:
        return Summary(title="Catch-up scenarios", tables=[("", self.scenarios)],
                       notes=[f"start {self.start_period}: lead {self.lead_value:g}, lag "
                              f"{self.lag_value:g}; trend windows {self.window}; band ±"
                              f"{self.band_pp:g} pp on the growth differential"])

    def __repr__(self) -> str:
        y = self.scenarios["years"]
        return (f"CatchUpScenarioResults(start={self.start_period}, trend_years={y['trend']:.1f}, "
                f"band=({y['band_low']:.1f}, {y['band_high']:.1f}), "
                f"target_years={y.get('target', float('nan')):.1f})")


def catch_up_scenarios(
    lead_levels: pd.Series,
    lag_levels: pd.Series,
    *,
    as_of: int,
    target_growth_pct: float | None = None,
    target_basis: str = "real",
    lead_real_growth_pct: float | None = None,
    deflator_pct: float | None = None,
    band_pp: float = 1.0,
    horizon: int = 200,
    breaks: Sequence[int] = (),
) -> CatchUpScenarioResults:
    r"""Catch-up years under stated scenarios, from levels on one 口径 up to ``as_of``.

    Scenarios (each a call of :func:`catch_up` from the latest common year's levels):

    * ``trend`` — both grow at their observed nominal trend (:func:`trend_growth`) over the
      longest window: the first to the last year both have a level (≤ ``as_of``); with a single
      common year, each region's own longest window ending there.  A window never spans a
      declared series break (``breaks``: years whose levels are on a new basis, e.g. the 2019
      census revision): it starts at the latest break at or before the common year.  A region
      with fewer than two levels in that window gets no trend (and no band) scenario;
    * ``band_low`` / ``band_high`` — the trend with the lag's growth −/+ ``band_pp`` percentage
      points (how sensitive the answer is: catch-up time depends on a small difference of two
      growth rates);
    * ``target`` — the lag grows at ``target_growth_pct`` (real).  With ``deflator_pct`` it is
      turned nominal, :math:`(1+r)(1+p)-1`, against the lead's nominal trend; without, both are
      real: the lead at ``lead_real_growth_pct`` (its latest published real growth); without
      either, no target scenario.

    Raises
    ------
    DataError
        No common year up to ``as_of``, or neither a trend nor a target scenario can be given.
    """
    from jinshui_analysis.models.prices import to_nominal

    def upto(s: pd.Series) -> pd.Series:
        s = s.dropna()
        s.index = [year_of(k) for k in s.index]
        return s[s.index <= as_of].sort_index()

    lead, lag = upto(lead_levels), upto(lag_levels)
    common = sorted(set(lead.index) & set(lag.index))
    if not common:
        raise DataError(f"no year up to {as_of} with levels of both regions", column="period")
    t0 = common[-1]
    # the consistent segment ending at t0: no declared break inside the window
    start = max([int(b) for b in breaks if int(b) <= t0], default=None)
    seg_lead = lead[lead.index >= start] if start is not None else lead
    seg_lag = lag[lag.index >= start] if start is not None else lag
    seg_common = sorted(set(seg_lead.index) & set(seg_lag.index))
    if len(seg_common) >= 2:
        window = {"lead": (seg_common[0], t0), "lag": (seg_common[0], t0)}
    else:
        window = {"lead": (int(seg_lead.index[0]), t0), "lag": (int(seg_lag.index[0]), t0)}
    trend_ok = all(a < b for a, b in window.values())
    rows = {}

    def add(name: str, gl: float, gg: float, basis: str) -> None:
        r = catch_up(float(lead[t0]), float(lag[t0]), gl, gg, start_period=t0, horizon=horizon)
        rows[name] = {"lead_growth_pct": gl, "lag_growth_pct": gg, "basis": basis,
                      "years": r.years, "period": r.period}

    g_lead = trend_growth(lead, start=window["lead"][0], end=t0) if window["lead"][0] < t0 \
        else None
    if trend_ok:
        g_lag = trend_growth(lag, start=window["lag"][0], end=t0)
        add("trend", g_lead, g_lag, "nominal")
        add("band_low", g_lead, g_lag - band_pp, "nominal")
        add("band_high", g_lead, g_lag + band_pp, "nominal")
    if target_growth_pct is not None:
        if deflator_pct is not None and g_lead is not None:
            add("target", g_lead, to_nominal(target_growth_pct, deflator_pct), "nominal")
        elif lead_real_growth_pct is not None:
            add("target", float(lead_real_growth_pct), float(target_growth_pct), "real")
    if not rows:
        raise DataError(f"no trend up to {t0} within one consistent window (breaks "
                        f"{sorted(int(b) for b in breaks)}) and no target scenario",
                        column="period")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "scenario"
    return CatchUpScenarioResults(start_period=t0, lead_value=float(lead[t0]),
                                  lag_value=float(lag[t0]), scenarios=frame, window=window,
                                  band_pp=float(band_pp))


def scenario_grid(
    lead_value: float,
    lag_value: float,
    lag_growths: Sequence[float],
    lead_growths: Sequence[float],
) -> pd.DataFrame:
    """Years to catch up for every pair of growth rates.

    Each cell is :attr:`CatchUpResults.years` of
    ``catch_up(lead_value, lag_value, lead_growth, lag_growth)`` (``inf`` when never).

    Parameters
    ----------
    lead_value, lag_value : float
        Start levels (> 0), same units.
    lag_growths, lead_growths : sequence of float
        Growth rates to tabulate, % per year.

    Returns
    -------
    DataFrame
        Rows ``lag_growth_pct``, columns ``lead_growth_pct``, values years (float, ``inf`` = never).

    Examples
    --------
    >>> scenario_grid(200, 100, [10], [0, 10]).round(3).iloc[0].tolist()
    [7.273, inf]
    """
    lag_g = [float(checks.growth_pct(g, "lag_growths")) for g in lag_growths]
    lead_g = [float(checks.growth_pct(g, "lead_growths")) for g in lead_growths]
    if not lag_g or not lead_g:
        raise ParameterError("growth sequences must not be empty", parameter="lag_growths")
    data = [
        [catch_up(lead_value, lag_value, gL, gl, horizon=1).years for gL in lead_g]
        for gl in lag_g
    ]
    return pd.DataFrame(
        data,
        index=pd.Index(lag_g, name="lag_growth_pct"),
        columns=pd.Index(lead_g, name="lead_growth_pct"),
    )


_DEFAULT_INDUSTRIES = ("第一产业增加值", "第二产业增加值", "第三产业增加值")


def _by_measure(sub: pd.DataFrame, *, gdp: str, growth: str) -> pd.DataFrame:
    """Tidy rows with a ``measure`` column → one effective indicator name per row.

    ``measure == "level"`` (or empty) rows keep their indicator; the ``yoy_pct`` row of ``gdp``
    becomes ``growth``; a row already named ``growth`` (old layout) is kept whatever its measure.
    Other measures are dropped.  Row order (hence "first row wins") is preserved.
    """
    measure = sub["measure"].fillna("level").astype(str).str.strip().str.lower().replace("", "level")
    indicator = sub["indicator"].astype(str)
    is_level = measure == "level"
    is_growth = ((indicator == gdp) & (measure == "yoy_pct")) | (indicator == growth)
    keep = is_level | is_growth
    out = sub.loc[keep].copy()
    out["indicator"] = indicator[keep].where(~is_growth[keep], growth)
    return out


def gap_table(
    frame: pd.DataFrame,
    regions: Sequence[str],
    *,
    benchmark: str | None = None,
    period: str | int | None = None,
    gdp: str = "地区生产总值",
    growth: str = "地区生产总值增速",
    population: str = "常住人口",
    industries: Sequence[str] = _DEFAULT_INDUSTRIES,
) -> pd.DataFrame:
    """Side-by-side table of two or more regions against a benchmark.

    Input layouts (chosen automatically):

    * **tidy** — the package's tidy frame, with at least the columns ``region``, ``indicator``,
      ``period``, ``value`` (``unit``, ``price_basis``, ``source`` … are ignored).  Rows are
      filtered to ``period`` (required for a tidy frame) and ``regions``.  With a ``measure``
      column (the package's layout), levels are the ``measure == "level"`` rows and the growth
      rate is the ``measure == "yoy_pct"`` row of ``gdp``; without one, growth is read from the
      indicator named ``growth`` (``"地区生产总值增速"``).  Where several rows give the same
      region/indicator (e.g. 8035.88 and the rounded 8036), the first is used.
    * **wide** — index = region names, columns = indicator names (one period).

    Indicators used (names configurable): ``gdp`` (亿元), ``growth`` (%, real), ``population``
    (万人), ``industries`` (亿元, three-industry value added).  Missing ones give NaN columns.

    Output columns:

    * ``GDP (亿元)``; ``GDP growth (%)``;
    * ``GDP per capita (元)`` = GDP亿元 × 10⁸ / (population万人 × 10⁴) where population exists;
    * ``<industry> share (%)`` = industry / GDP × 100 (current prices);
    * ``GDP ratio to <benchmark> (%)`` = GDP / benchmark GDP × 100;
      ``GDP gap to <benchmark> (亿元)`` = benchmark GDP − GDP;
      ``growth gap to <benchmark> (pp)`` = growth − benchmark growth.

    Parameters
    ----------
    frame : DataFrame
        Tidy or wide data (see above).
    regions : sequence of str
        Regions to compare (≥ 2), in display order.
    benchmark : str, optional
        Benchmark region (default: the first of ``regions``).
    period : str or int, optional
        Period to use (tidy frame: required; compared as text, e.g. ``2022`` ↔ ``"2022"``).

    Returns
    -------
    DataFrame
        Index ``region``; columns as above, with units in the names.

    Raises
    ------
    ParameterError
        Fewer than two regions, benchmark not among them, tidy frame without ``period``.
    DataError
        Missing columns, or a region absent from the data.
    """
    regions = list(regions)
    if len(regions) < 2:
        raise ParameterError("give at least two regions", parameter="regions")
    bench = regions[0] if benchmark is None else benchmark
    if bench not in regions:
        raise ParameterError(f"{bench!r} is not among regions {regions}", parameter="benchmark")
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError("must be a pandas DataFrame", parameter="frame")
    if {"region", "indicator", "value"} <= set(frame.columns):
        if period is None:
            raise ParameterError("a tidy frame needs the period to compare", parameter="period")
        if "period" not in frame.columns:
            raise DataError("tidy frame lacks the 'period' column", column="period")
        sub = frame[
            (frame["period"].astype(str) == str(period)) & frame["region"].isin(regions)
        ]
        if "measure" in sub.columns:
            sub = _by_measure(sub, gdp=gdp, growth=growth)
        sub = sub.drop_duplicates(subset=["region", "indicator"], keep="first")
        wide = sub.pivot(index="region", columns="indicator", values="value")
    else:
        wide = frame.copy()
    wide = wide.apply(pd.to_numeric, errors="coerce")
    missing = [r for r in regions if r not in wide.index]
    if missing:
        raise DataError(
            f"region(s) {missing} not found" + (f" for period {period}" if period else ""),
            column="region",
        )
    wide = wide.loc[regions]

    def col(name: str) -> pd.Series:
        if name in wide.columns:
            return wide[name].astype(float)
        return pd.Series(np.nan, index=wide.index, dtype=float)

    gdp_v = col(gdp)
    growth_v = col(growth)
    out = pd.DataFrame(index=pd.Index(regions, name="region"))
    out["GDP (亿元)"] = gdp_v
    out["GDP growth (%)"] = growth_v
    out["GDP per capita (元)"] = gdp_v * 1e8 / (col(population) * 1e4)
    for ind in industries:
        out[f"{ind} share (%)"] = col(ind) / gdp_v * 100
    out[f"GDP ratio to {bench} (%)"] = gdp_v / gdp_v[bench] * 100
    out[f"GDP gap to {bench} (亿元)"] = gdp_v[bench] - gdp_v
    out[f"growth gap to {bench} (pp)"] = growth_v - growth_v[bench]
    out.columns.name = "indicator"
    return out
