"""GDP scenario paths and a transparent link from investment to GDP.

- :func:`gdp_scenarios` compounds a base level at baseline / high / low growth rates, annual
  or quarterly.
- :func:`investment_to_gdp` turns an investment amount into the GDP increment it supports
  under an incremental capital-output ratio (ICOR) that **the user sets**: ΔY = I / ICOR.

Both are arithmetic on stated assumptions, not forecasts: the summaries print the
assumptions next to the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.periods import pandas_freq, to_pandas_period
from jinshui_analysis.results import Results, Summary

__all__ = [
    "DEFAULT_GROWTH",
    "InvestmentResults",
    "ScenarioResults",
    "gdp_scenarios",
    "icor_from_data",
    "investment_to_gdp",
]

#: Default scenario growth rates, % a year.  Illustrative: the baseline 8 is Jinshui's 2023
#: target ("增长8%以上", 大象新闻 2023-02-13, bundled); high/low are ±1/−2 pp around it, an
#: assumption.
DEFAULT_GROWTH: dict[str, float] = {"baseline": 8.0, "high": 9.0, "low": 6.0}


def _rate_path(value: float | Sequence[float], n: int, name: str) -> np.ndarray:
    if isinstance(value, bool):
        raise ParameterError(f"scenario {name!r}: rates must be numbers, got {value!r}",
                             parameter="growth")
    if isinstance(value, (int, float, np.integer, np.floating)):
        arr = np.full(n, float(value))
    elif isinstance(value, (str, bytes)):
        # a single rate written as text ("10"): one number, not a sequence of characters
        try:
            arr = np.full(n, float(value))
        except ValueError as exc:
            raise ParameterError(f"scenario {name!r}: rate {value!r} is not a number",
                                 parameter="growth") from exc
    else:
        try:
            arr = np.asarray(list(value), dtype=float)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"scenario {name!r}: rates must be numbers", parameter="growth") from exc
        if arr.shape != (n,):
            raise ParameterError(
                f"scenario {name!r}: {arr.size} rates for {n} periods", parameter="growth"
            )
    if not np.all(np.isfinite(arr)) or np.any(arr <= -100):
        raise ParameterError(f"scenario {name!r}: rates must be finite and > −100 %",
                             parameter="growth")
    return arr


@dataclass(frozen=True, repr=False)
class ScenarioResults(Results):
    """Scenario paths.

    Attributes
    ----------
    levels : DataFrame
        Index ``period`` (base period first, then the projected ones); one column per
        scenario; units of ``base_value`` (``unit``).
    growth : DataFrame
        Same shape: growth rate used for each period (% a year; year-on-year for quarterly
        paths given four base quarters, annualised for a smooth quarterly path).
    ytd : DataFrame or None
        Quarterly paths only: year-to-date cumulative levels (累计) of the projected years'
        quarters (NaN for quarters of a year whose earlier quarters are not in the table).
    freq : {"Y", "Q"}
    method : str
        How quarterly paths were built (``"yoy"`` or ``"annualised"``).
    price_basis : str
        ``"constant prices of the base period"`` unless ``deflator_pct`` was given.
    unit : str or None
    """

    levels: pd.DataFrame
    growth: pd.DataFrame
    ytd: pd.DataFrame | None
    freq: str
    method: str
    price_basis: str
    assumptions: dict[str, str]
    unit: str | None = None

    def to_frame(self) -> pd.DataFrame:
        """Long table: index (``period``, ``scenario``); columns ``level``, ``growth_pct``."""
        lv = self.levels.stack().rename("level")
        gr = self.growth.stack().rename("growth_pct")
        out = pd.concat([lv, gr], axis=1)
        out.index.names = ["period", "scenario"]
        out.columns.name = "component"
        return out

    def summary(self) -> Summary:
        unit = f" ({self.unit})" if self.unit else ""
        tables = [(f"Levels{unit}", self.levels.round(2)),
                  ("Growth (%)", self.growth.round(2))]
        if self.ytd is not None:
            tables.append((f"Year to date (累计){unit}", self.ytd.round(2)))
        notes = [f"{k}: {v}" for k, v in self.assumptions.items()]
        return Summary(title="GDP scenarios", tables=tables, notes=notes)


def gdp_scenarios(
    base_value: float | Mapping[str, float] | pd.Series,
    base_period: str | None = None,
    growth: Mapping[str, float | Sequence[float]] | None = None,
    horizon: int = 5,
    freq: str = "Y",
    *,
    deflator_pct: float | None = None,
    unit: str | None = None,
) -> ScenarioResults:
    r"""Compound a base GDP level under several growth scenarios.

    Annual (``freq="Y"``): :math:`Y_{t} = Y_{t-1}(1+g_t/100)`.

    Quarterly (``freq="Q"``), two ways, chosen by the form of ``base_value``:

    - four single-quarter values (a mapping/Series ``{"2023Q1": …, …, "2023Q4": …}``):
      each quarter grows at the scenario rate over **the same quarter a year earlier**
      (year-on-year, as Chinese statistics report), :math:`Q_{t} = Q_{t-4}(1+g/100)`, so the
      seasonal pattern of the base year is kept (``method="yoy"``);
    - a scalar single-quarter value: a smooth path, :math:`Q_{t} = Q_{t-1}(1+g/100)^{1/4}`
      (``method="annualised"``; no seasonality — a simplification).

    Parameters
    ----------
    base_value : float, mapping or Series
        Level of the base period (亿元 or other unit), or four quarters (see above) keyed by
        quarter codes or :class:`pandas.Period` (a Series may have a quarterly
        :class:`pandas.PeriodIndex`).
    base_period : str, Period or pandas.Period
        The base period (``"2022"``, ``"2023Q4"``, ``pd.Period("2022", freq="Y")``); ignored
        when ``base_value`` is a mapping/Series of quarters.  Periods are normalised once on
        entry (:func:`~jinshui_analysis.periods.to_pandas_period`); the result is indexed by
        their codes whichever form was given.
    growth : mapping scenario → % or sequence of % (one per projected period, or per year for
        quarterly paths: quarter *t* uses the rate of its year; a rate written as text, "8",
        is read as one number)
        Default :data:`DEFAULT_GROWTH` (baseline 8, high 9, low 6; illustrative).
    horizon : int
        Number of projected periods (years for ``"Y"``, quarters for ``"Q"``).
    freq : {"Y", "Q"}
    deflator_pct : float, optional
        With real growth rates, the paths are at the base period's prices (constant prices).
        Give an assumed deflator growth (%) to get nominal paths: (1+g)(1+p) − 1.
    unit : str, optional

    Returns
    -------
    ScenarioResults
    """
    if freq not in ("Y", "Q"):
        raise ParameterError("must be 'Y' or 'Q'", parameter="freq")
    if not isinstance(horizon, (int, np.integer)) or isinstance(horizon, bool) or horizon < 1:
        raise ParameterError("must be a positive integer", parameter="horizon")
    growth = dict(DEFAULT_GROWTH if growth is None else growth)
    if not growth:
        raise ParameterError("at least one scenario is needed", parameter="growth")
    if deflator_pct is not None and (not math.isfinite(deflator_pct) or deflator_pct <= -100):
        raise ParameterError("must be finite and > −100", parameter="deflator_pct")

    if isinstance(base_value, (Mapping, pd.Series)):
        if freq != "Q":
            raise ParameterError("several base values need freq='Q'", parameter="base_value")
        items = dict(base_value.items())
        base_q = sorted((to_pandas_period(k), float(v)) for k, v in items.items())
        if len(base_q) != 4 or any(pandas_freq(p) != "Q" for p, _ in base_q):
            raise ParameterError("give four consecutive quarters", parameter="base_value")
        if (base_q[-1][0] - base_q[0][0]).n != 3:
            raise ParameterError("the four quarters must be consecutive", parameter="base_value")
        method = "yoy"
        start = base_q[-1][0]
        base_vals = [v for _, v in base_q]
    else:
        if base_period is None:
            raise ParameterError("needed with a scalar base_value", parameter="base_period")
        start = to_pandas_period(base_period)
        if pandas_freq(start) != freq:
            raise ParameterError(f"{base_period!r} is not a {freq} period", parameter="base_period")
        base_vals = [float(base_value)]
        method = "annual" if freq == "Y" else "annualised"
    if any(not math.isfinite(v) or v <= 0 for v in base_vals):
        raise ParameterError("levels must be positive and finite", parameter="base_value")

    future = pd.period_range(start + 1, periods=int(horizon), freq=start.freq)
    labels = [str(start)] + [str(p) for p in future]
    if freq == "Q":
        years = sorted({p.year for p in future})
        n_rates = len(years)
    else:
        n_rates = int(horizon)
    p_factor = 1.0 if deflator_pct is None else 1 + deflator_pct / 100
    levels: dict[str, list[float]] = {}
    rates: dict[str, list[float]] = {}
    for name, g in growth.items():
        r = _rate_path(g, n_rates, str(name))
        if freq == "Q":
            by_year = dict(zip(years, r))
            r_t = np.array([by_year[p.year] for p in future])
        else:
            r_t = r
        factor = (1 + r_t / 100) * p_factor
        if method == "yoy":
            hist = list(base_vals)
            for f in factor:
                hist.append(hist[-4] * f)
            path = [base_vals[-1], *hist[4:]]
        elif method == "annualised":
            path = [base_vals[0]]
            for f in factor:
                path.append(path[-1] * f ** 0.25)
        else:
            path = [base_vals[0]]
            for f in factor:
                path.append(path[-1] * f)
        levels[str(name)] = path
        rates[str(name)] = [np.nan, *((factor - 1) * 100)]
    idx = pd.Index(labels, name="period")
    lv = pd.DataFrame(levels, index=idx)
    gr = pd.DataFrame(rates, index=idx)
    lv.columns.name = gr.columns.name = "scenario"
    ytd = None
    if freq == "Q":
        per = [start] + list(future)
        ytd_rows = []
        known = {p: lv.iloc[i] for i, p in enumerate(per)}
        if method == "yoy":
            for (p, v) in base_q[:-1]:
                known[p] = pd.Series(v, index=lv.columns)
        for p in per:
            qs = [pd.Period(year=p.year, quarter=k, freq="Q") for k in range(1, p.quarter + 1)]
            if all(q in known for q in qs):
                ytd_rows.append(sum(known[q] for q in qs))
            else:
                ytd_rows.append(pd.Series(np.nan, index=lv.columns))
        ytd = pd.DataFrame(ytd_rows, index=idx)
        ytd.columns.name = "scenario"
    basis = (
        "constant prices of the base period (real growth)"
        if deflator_pct is None
        else f"current prices, deflator {deflator_pct}%/yr assumed"
    )
    assumptions = {
        "growth (%/yr)": ", ".join(f"{k}={v}" for k, v in growth.items()),
        "prices": basis,
        "method": {
            "annual": "Y_t = Y_{t-1}(1+g)",
            "yoy": "Q_t = Q_{t-4}(1+g): year-on-year on four base quarters",
            "annualised": "Q_t = Q_{t-1}(1+g)^(1/4): smooth path, no seasonality",
        }[method],
    }
    if growth == DEFAULT_GROWTH:
        assumptions["source"] = (
            "baseline 8% = Jinshui 2023 target (大象新闻 2023-02-13); high/low are assumptions"
        )
    return ScenarioResults(
        levels=lv, growth=gr, ytd=ytd, freq=freq, method=method, price_basis=basis,
        assumptions=assumptions, unit=unit,
    )


# =========================================================================== investment → GDP
#: The label of the total row of :class:`InvestmentResults` (a code, worded by the report).
TOTAL_ROW = "total"


@dataclass(frozen=True, repr=False)
class InvestmentResults(Results):
    """GDP increment supported by an investment amount under a stated ICOR.

    Attributes
    ----------
    table : DataFrame
        Index ``item`` (one row per investment entry); columns ``investment`` (亿元),
        ``icor``, ``delta_gdp`` (亿元, = investment / icor) and, when ``gdp_base`` was
        given, ``pull_pp`` (ΔY / gdp_base × 100, percentage points of GDP growth).
    icor : float
    icor_source : str
    gdp_base : float or None
    """

    table: pd.DataFrame
    icor: float
    icor_source: str
    gdp_base: float | None

    @property
    def delta_gdp(self) -> float:
        """Total ΔY (亿元)."""
        if TOTAL_ROW in self.table.index:
            return float(self.table.loc[TOTAL_ROW, "delta_gdp"])
        return float(self.table["delta_gdp"].sum())

    @property
    def pull_pp(self) -> float:
        """Total pull on GDP growth (pp); NaN without ``gdp_base``."""
        if self.gdp_base is None:
            return float("nan")
        return self.delta_gdp / self.gdp_base * 100

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> Summary:
        notes = [
            f"ASSUMPTION: ICOR = {self.icor:g} ({self.icor_source}); ΔY = I / ICOR.",
            "ICOR (增量资本产出比) = investment needed per unit of extra GDP.  It is not "
            "published for districts; the result scales as 1/ICOR, so state it with the result.",
            "Key-project investment (重点项目投资) is not gross fixed capital formation: it "
            "includes land and equipment purchases and spans several years; ΔY here is an "
            "order of magnitude, not an estimate of its contribution to growth.",
        ]
        if self.gdp_base is not None:
            notes.append(f"pull_pp = ΔY / GDP base ({self.gdp_base:g}) × 100.")
        return Summary(
            title="Investment → GDP under an assumed ICOR",
            tables=[("", self.table.round(4))],
            notes=notes,
        )


def icor_from_data(investment: pd.Series, gdp: pd.Series) -> pd.Series:
    r"""Observed ICOR per year: :math:`ICOR_t = I_t / (Y_t - Y_{t-1})`.

    Parameters
    ----------
    investment : Series
        Investment (e.g. 全社会固定资产投资 or 资本形成总额), indexed by year (codes, labels or an
        annual :class:`pandas.PeriodIndex`), same unit as GDP.
    gdp : Series
        GDP levels, indexed likewise (consecutive years needed for a value).

    Returns
    -------
    Series named ``icor`` indexed by ``period``; NaN where the previous year is missing or
    GDP did not grow.
    """
    inv = {to_pandas_period(k): float(v) for k, v in investment.items()}
    y = {to_pandas_period(k): float(v) for k, v in gdp.items()}
    out = {}
    for p, v in sorted(y.items()):
        if p not in inv:
            continue
        prev = y.get(p - 1)
        d = v - prev if prev is not None else np.nan
        out[str(p)] = inv[p] / d if (np.isfinite(d) and d > 0) else np.nan
    s = pd.Series(out, name="icor", dtype=float)
    s.index.name = "period"
    return s


def investment_to_gdp(
    investment_100m_yuan: float | Mapping[str, float] | pd.Series,
    *,
    icor: float,
    gdp_base: float | None = None,
    icor_source: str = "user assumption",
) -> InvestmentResults:
    r"""GDP increment supported by an investment under an incremental capital-output ratio.

    .. math:: \Delta Y = I / ICOR, \qquad \text{pull (pp)} = 100\,\Delta Y / Y_{base}.

    There is **no default ICOR**: no official figure exists for a district, and national
    estimates vary with the period and the investment measure (compute one from your own
    data with :func:`icor_from_data`).  The value you pass is printed next to the result.

    Parameters
    ----------
    investment_100m_yuan : float or mapping item → 亿元
        Investment, 亿元 (e.g. a key-project annual plan, or a table of projects).
    icor : float
        Incremental capital-output ratio (> 0), required.
    gdp_base : float, optional
        GDP of the base year (亿元) to express ΔY as pp of growth.
    icor_source : str
        Where the ICOR comes from (shown in the summary).

    Returns
    -------
    InvestmentResults

    Examples
    --------
    Jinshui's 2023 key projects: annual plan 587.7亿 (大象新闻 2023-02-13).  With an ICOR
    the user sets at 5 and 2022 GDP 1932亿: ΔY = 117.54亿, pull = 6.08 pp.
    """
    if isinstance(icor, bool) or not isinstance(icor, (int, float, np.integer, np.floating)):
        raise ParameterError("must be a number (no default: set your own)", parameter="icor")
    if not math.isfinite(icor) or icor <= 0:
        raise ParameterError("must be finite and > 0", parameter="icor")
    if isinstance(investment_100m_yuan, (Mapping, pd.Series)):
        items = {str(k): float(v) for k, v in investment_100m_yuan.items()}
    else:
        items = {"investment": float(investment_100m_yuan)}
    if not items:
        raise ParameterError("no investment given", parameter="investment_100m_yuan")
    for k, v in items.items():
        if not math.isfinite(v) or v < 0:
            raise ParameterError(f"item {k!r}: must be finite and ≥ 0",
                                 parameter="investment_100m_yuan")
    if gdp_base is not None and (not math.isfinite(gdp_base) or gdp_base <= 0):
        raise ParameterError("must be finite and > 0", parameter="gdp_base")
    idx = pd.Index(list(items), name="item")
    inv = np.array(list(items.values()))
    table = pd.DataFrame({"investment": inv, "icor": float(icor), "delta_gdp": inv / icor},
                         index=idx)
    if gdp_base is not None:
        table["pull_pp"] = table["delta_gdp"] / gdp_base * 100
    if len(items) > 1:
        total = table.sum(numeric_only=True)
        total["icor"] = float(icor)
        table.loc[TOTAL_ROW] = total
    table.columns.name = "component"
    return InvestmentResults(table=table, icor=float(icor), icor_source=icor_source,
                             gdp_base=gdp_base)
