"""Side-by-side gap table of regions against a benchmark (levels, growth, per capita, industry
shares, ratio and gap to the benchmark): :func:`gap_table`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError

__all__ = ["gap_table"]

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
