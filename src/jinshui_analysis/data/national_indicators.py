"""Bundled national inputs of the quarter's GDP estimate (:mod:`jinshui_analysis.models.estimate`).

Three sourced files, read as published:

- ``official/nbs_quarterly_gdp_growth.csv`` — national single-quarter (当季) real GDP growth,
  year on year (%), 2015Q1–2026Q1.  The OECD series of NBS figures (latest revised vintage, not
  the first releases: the backtest is *pseudo* real time — publication lags are respected, data
  revisions are not).  Release calendar (column ``released_by_rule``): NBS publishes a quarter's
  GDP in the month after the quarter (around the 15th–20th, the same day as the quarter's last
  monthly figures).
- ``official/nbs_monthly_indicators.csv`` — national single-month (当月) year-on-year growth (%)
  of 规模以上工业增加值 (real, comparable prices) and 社会消费品零售总额 (nominal, current
  prices), each row with its source, publisher and publication date.  January is never
  published alone: the combined 1–2月 figure is stored at February.
- ``regional/ytd_panel.csv`` (shared panel) — national year-to-date (累计) growth 2022–2025; where
  a single month is not bundled it is *derived* from two consecutive year-to-date rates with
  equal month weights, :math:`x_n \\approx n\\,Y_n - (n-1)\\,Y_{n-1}` (``Y_n``: growth of months
  1..n, %), and marked ``derived`` (an approximation: months are not equally large; rounding of
  the published rates to 0.1 is multiplied by up to 12).

Nothing here downloads anything.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError
from jinshui_analysis.periods import month_code

__all__ = [
    "INDICATORS",
    "national_monthly",
    "national_quarterly_gdp",
    "national_structure",
]

HERE = Path(__file__).resolve().parent
QUARTERLY_FILE = HERE / "official" / "nbs_quarterly_gdp_growth.csv"
MONTHLY_FILE = HERE / "official" / "nbs_monthly_indicators.csv"
PANEL_FILE = HERE / "regional" / "ytd_panel.csv"
ANNUAL_FILE = HERE / "official" / "nbs_national_gdp_2015_2020.csv"

#: indicator name in the files → short column name used by the estimate
INDICATORS = {
    "规模以上工业增加值增速": "industry",
    "社会消费品零售总额增速": "retail",
}


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"{path.name}: cannot be read ({exc})") from exc


@lru_cache(maxsize=1)
def national_quarterly_gdp() -> pd.Series:
    """National single-quarter real GDP growth, year on year (%), quarterly PeriodIndex.

    ``attrs``: ``source`` (URL), ``grade``, ``vintage``.
    """
    df = _read(QUARTERLY_FILE)
    try:
        values = df["value"].astype(float).to_numpy()
        idx = pd.PeriodIndex([pd.Period(p, freq="Q") for p in df["period"]], name="period")
    except (KeyError, ValueError) as exc:
        raise DataError(f"{QUARTERLY_FILE.name}: bad period or value ({exc})") from exc
    s = pd.Series(values, index=idx, name="gdp_growth_pct").sort_index()
    if s.index.has_duplicates:
        raise DataError(f"{QUARTERLY_FILE.name}: duplicated quarters")
    s.attrs = {"source": df["source_url"].iloc[0], "grade": df["grade"].iloc[0],
               "vintage": df["vintage"].iloc[0]}
    return s


def _derived_from_ytd() -> pd.DataFrame:
    """Single-month growth derived from consecutive national YTD rates of the shared panel."""
    p = _read(PANEL_FILE)
    p = p[(p["region"] == "全国") & p["indicator"].isin(list(INDICATORS))]
    rows = []
    for ind, g in p.groupby("indicator"):
        ytd: dict[pd.Period, float] = {}
        for per, val in zip(g["period"], g["value"], strict=True):
            per = str(per)
            if "~" in per:
                end = per.split("~")[1]
            elif len(per) == 4 and per.isdigit():
                end = month_code(per, 12)
            else:
                continue
            try:
                ytd[pd.Period(end, freq="M")] = float(val)
            except ValueError:
                continue
        for m, y in sorted(ytd.items()):
            n = m.month
            if n == 2:
                rows.append((INDICATORS[ind], m, y))  # 1-2月 combined: the published rate itself
            elif n > 2 and (m - 1) in ytd:
                rows.append((INDICATORS[ind], m, n * y - (n - 1) * ytd[m - 1]))
    return pd.DataFrame(rows, columns=["indicator", "period", "value"])


@lru_cache(maxsize=1)
def national_monthly() -> pd.DataFrame:
    """National single-month (当月) year-on-year growth (%), one column per indicator.

    Index: consecutive monthly PeriodIndex 2015-02 … ; January is missing (the 1–2月 figure sits
    at February).  ``attrs["derived"]``: set of ``(column, "YYYY-MM")`` values derived from
    year-to-date rates (module docstring); ``attrs["price_basis"]``: ``industry`` real,
    ``retail`` nominal.
    """
    df = _read(MONTHLY_FILE)
    df = df[df["indicator"].isin(list(INDICATORS))]
    try:
        direct = pd.DataFrame({
            "indicator": df["indicator"].map(INDICATORS),
            "period": [pd.Period(p, freq="M") for p in df["period"]],
            "value": df["value"].astype(float),
        })
    except ValueError as exc:
        raise DataError(f"{MONTHLY_FILE.name}: bad period or value ({exc})") from exc
    if direct.duplicated(["indicator", "period"]).any():
        raise DataError(f"{MONTHLY_FILE.name}: duplicated indicator and month")
    wide = direct.pivot(index="period", columns="indicator", values="value")
    derived = set()
    extra = _derived_from_ytd()
    for ind, per, val in extra.itertuples(index=False):
        if per not in wide.index or ind not in wide.columns or np.isnan(wide.at[per, ind]):
            wide.loc[per, ind] = val
            derived.add((ind, str(per)))
    wide = wide.sort_index()
    full = pd.period_range(wide.index.min(), wide.index.max(), freq="M")
    wide = wide.reindex(full)[list(INDICATORS.values())]
    wide.loc[wide.index.month == 1, :] = np.nan  # January is never published alone
    wide.index.name = "period"
    wide.attrs = {"derived": derived, "price_basis": {"industry": "real", "retail": "nominal"}}
    return wide


@lru_cache(maxsize=1)
def national_structure() -> pd.DataFrame:
    """National industry structure by year: current-price value added (亿元) of 第一/二/三产业
    and the primary industry's real growth (%) where bundled.

    Index ``year``; columns ``primary``, ``secondary``, ``tertiary`` (亿元, current prices) and
    ``primary_growth_pct`` (real, %).  Years 2015–2020 from the NBS annual accounts file, 2022
    from the 2022 统计公报 row of the shared panel.
    """
    a = _read(ANNUAL_FILE)
    out: dict[int, dict[str, float]] = {}
    for comp, year, measure, value in zip(a["component"], a["year"], a["measure"], a["value"],
                                          strict=True):
        if comp not in ("primary", "secondary", "tertiary"):
            continue
        y = int(year)
        if measure == "current_value":
            out.setdefault(y, {})[comp] = float(value)
        elif measure == "volume_index_prev_year_100" and comp == "primary":
            out.setdefault(y, {})["primary_growth_pct"] = float(value) - 100.0
    p = _read(PANEL_FILE)
    p = p[(p["region"] == "全国") & p["period"].str.fullmatch(r"\d{4}")]
    names = {"第一产业增加值": "primary", "第二产业增加值": "secondary", "第三产业增加值": "tertiary"}
    for ind, per, val in zip(p["indicator"], p["period"], p["value"], strict=True):
        y = int(per)
        if ind in names and names[ind] not in out.get(y, {}):
            out.setdefault(y, {})[names[ind]] = float(val)
        elif ind == "第一产业增加值增速" and "primary_growth_pct" not in out.get(y, {}):
            out.setdefault(y, {})["primary_growth_pct"] = float(val)
    frame = pd.DataFrame.from_dict(out, orient="index").sort_index()
    frame.index.name = "year"
    return frame[["primary", "secondary", "tertiary", "primary_growth_pct"]]
