r"""The indicator method (速度推算) of NBS quarterly accounts: industry growth from related
indicators, weighted by last year's industry structure.

.. math::

    \hat g_Q = \sum_i w_i\,\hat g_{i,Q},\qquad \hat g_{i,Q} = c_i + e_i\,\bar x_{i,Q}

- :math:`w_i`: industry *i*'s share of value added in the previous year (current prices,
  fraction; the latest published year before the quarter's year);
- :math:`\bar x_{i,Q}`: the quarter's year-on-year growth of the industry's indicator (%), the
  mean of the months published so far (:func:`~.common.quarter_means`): 规上工业增加值 for
  第二产业, 社会消费品零售总额 for 第三产业; 第一产业 has no monthly indicator and takes its
  trend (the previous year's published real growth);
- :math:`e_i, c_i`: elasticity and intercept of the industry's real growth on its indicator,
  estimated by OLS on the industry's own quarterly history when at least ``min_history``
  quarters are given; otherwise, if the GDP history is long enough, one common pair is
  estimated on GDP, :math:`g_Q = c + e\sum_i w_i \bar x_{i,Q}`; otherwise :math:`e_i = 1,
  c_i = 0` (the estimate says so).

Source: 国家统计局《中国季度国内生产总值核算方法》 (速度推算 of quarterly value added by industry
from related indicators, weights from the base period's structure); the NBS method uses ~20
industries — this module takes what the bulletins give (three sectors here; more industries
simply add rows to ``weights`` and ``mapping``).

Example (hand-checkable): two industries with weights 0.4 and 0.6, indicator growth 5% and 8%,
elasticities 1: :math:`0.4 \times 5 + 0.6 \times 8 = 2 + 4.8 = 6.8\%`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.models.estimate.common import (
    EstimateResults,
    as_month,
    check_growth_series,
    filled_means,
    information_set,
)

__all__ = ["DEFAULT_MAPPING", "indicator_growth", "indicator_method", "shares_for_year"]

#: industry → monthly indicator column (第一产业 takes its trend)
DEFAULT_MAPPING: dict[str, str] = {"secondary": "industry", "tertiary": "retail"}
Z80 = 1.2815515655446004


def indicator_growth(weights: Mapping[str, float] | pd.Series,
                     growth_pct: Mapping[str, float] | pd.Series,
                     elasticity: Mapping[str, float] | pd.Series | None = None,
                     intercept: Mapping[str, float] | pd.Series | None = None) -> pd.DataFrame:
    r"""One quarter of the indicator method: :math:`\sum_i w_i (c_i + e_i x_i)`.

    Parameters
    ----------
    weights : mapping industry → share (fractions or levels; normalised to sum 1)
    growth_pct : mapping industry → indicator growth (%)
    elasticity, intercept : mappings industry → :math:`e_i` (default 1) and :math:`c_i` (%,
        default 0)

    Returns
    -------
    DataFrame
        Index ``item`` (industries, then ``total``); columns ``weight`` (fraction),
        ``indicator_pct``, ``elasticity``, ``intercept_pct``, ``growth_pct`` (industry growth
        :math:`c_i + e_i x_i`), ``contribution_pp`` (:math:`w_i(c_i + e_i x_i)`, 百分点).
    """
    w = pd.Series(weights, dtype=float)
    x = pd.Series(growth_pct, dtype=float).reindex(w.index)
    if w.empty or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ParameterError("must be non-negative finite shares with a positive sum",
                             parameter="weights")
    if x.isna().any():
        raise ParameterError(f"no growth for {list(x.index[x.isna()])}", parameter="growth_pct")
    e = pd.Series(1.0, index=w.index) if elasticity is None else \
        pd.Series(elasticity, dtype=float).reindex(w.index).fillna(1.0)
    c = pd.Series(0.0, index=w.index) if intercept is None else \
        pd.Series(intercept, dtype=float).reindex(w.index).fillna(0.0)
    w = w / w.sum()
    g = c + e * x
    out = pd.DataFrame({"weight": w, "indicator_pct": x, "elasticity": e, "intercept_pct": c,
                        "growth_pct": g, "contribution_pp": w * g})
    out.loc["total"] = [1.0, np.nan, np.nan, np.nan, float((w * g).sum()),
                        float((w * g).sum())]
    out.index.name = "item"
    return out


def shares_for_year(structure: pd.DataFrame, year: int,
                    industries: list[str]) -> tuple[pd.Series, int]:
    """Industry shares (fractions) of the latest year before ``year`` in ``structure``
    (index year, columns industries, levels in 亿元); returns the shares and the year used."""
    have = structure[industries].dropna()
    have = have.loc[have.index < year]
    if have.empty:
        raise DataError(f"no industry structure published before {year}")
    row = have.iloc[-1]
    return row / row.sum(), int(have.index[-1])


def _trend(series: pd.Series | float | None, year: int) -> float:
    if series is None:
        return np.nan
    if np.isscalar(series):
        return float(series)
    s = pd.Series(series, dtype=float).dropna()
    s = s.loc[s.index < year]
    return float(s.iloc[-1]) if len(s) else np.nan


def _ols(y: np.ndarray, x: np.ndarray) -> tuple[float, float, np.ndarray]:
    X = np.column_stack([np.ones(len(x)), x])
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return float(beta[0]), float(beta[1]), y - X @ beta


def indicator_method(monthly: pd.DataFrame, quarterly: pd.Series, asof: object, *,
                     structure: pd.DataFrame,
                     mapping: Mapping[str, str] | None = None,
                     primary_growth_pct: pd.Series | float | None = None,
                     industry_history: pd.DataFrame | None = None,
                     min_history: int = 8,
                     previous: bool = True) -> EstimateResults:
    """Estimate the quarter containing ``asof`` with the indicator method.

    Parameters
    ----------
    monthly : DataFrame
        Single-month (当月) year-on-year growth (%), monthly PeriodIndex, one column per
        indicator; the 1–2月 figure at February.
    quarterly : Series
        Single-quarter real GDP growth (%), quarterly PeriodIndex.
    asof : month label
        Data through this month (:func:`~.common.information_set`).
    structure : DataFrame
        Index year; columns the industries (value added, 亿元, current prices) — weights.
    mapping : industry → indicator column (default :data:`DEFAULT_MAPPING`); industries of
        ``structure`` without an indicator take ``primary_growth_pct``.
    primary_growth_pct : float or Series by year
        Trend growth (%) of the industries without an indicator (latest year before the
        quarter's year).
    industry_history : DataFrame, optional
        Quarterly PeriodIndex; the industries' own single-quarter real growth (%), for
        industry elasticities.
    min_history : int
        Quarters needed to estimate an elasticity (default 8).
    previous : bool
        Also estimate with data through the previous month, for the news.

    Returns
    -------
    EstimateResults
    """
    mapping = dict(DEFAULT_MAPPING if mapping is None else mapping)
    k = as_month(asof)
    m, q = information_set(monthly, quarterly, k)
    check_growth_series(q, "quarterly")
    target = k.asfreq("Q")
    missing = [c for c in mapping.values() if c not in m.columns]
    if missing:
        raise ParameterError(f"monthly data lack the indicator column(s) {missing}",
                             parameter="mapping")
    industries = [str(c) for c in structure.columns]
    first = min(q.index[0], m.index[0].asfreq("Q")) if len(m) else q.index[0]
    quarters = pd.period_range(first, target, freq="Q")
    means, cover = filled_means(m[list(mapping.values())], quarters)
    notes: list[str] = []

    # one structure year and one trend serve every quarter of a year
    shares: dict[int, pd.Series] = {}
    trends: dict[int, float] = {}

    def composite(p: pd.Period) -> tuple[pd.Series, pd.Series]:
        if p.year not in shares:
            trends[p.year] = _trend(primary_growth_pct, p.year)
            shares[p.year], _ = shares_for_year(structure, p.year, industries)
        w = shares[p.year]
        x = pd.Series({i: (means.at[p, mapping[i]] if i in mapping
                           else trends[p.year]) for i in industries})
        return w, x

    # calibration
    e = pd.Series(1.0, index=industries)
    c = pd.Series(0.0, index=industries)
    resid = np.array([])
    calibrated = "none"
    if industry_history is not None:
        for i in mapping:
            if i not in industry_history.columns:
                continue
            h = industry_history[i].dropna()
            h = h.loc[[p for p in h.index if p in q.index]]
            xs = means[mapping[i]].reindex(h.index)
            ok = xs.notna()
            if ok.sum() >= min_history:
                c[i], e[i], _ = _ols(h[ok].to_numpy(), xs[ok].to_numpy())
                calibrated = "industry"
            else:
                notes.append(f"{i}: {int(ok.sum())} quarters of its own growth (< {min_history}): "
                             "elasticity 1")
    zs, ys = [], []
    for p in q.index:
        if p not in means.index:
            continue
        try:
            w, x = composite(p)
        except DataError:  # no structure published before that year
            continue
        if x.isna().any():
            continue
        zs.append(float((w * (c + e * x)).sum()))
        ys.append(float(q[p]))
    zs_a, ys_a = np.array(zs), np.array(ys)
    common_c, common_e = 0.0, 1.0
    if calibrated == "none":
        if len(zs_a) >= min_history:
            common_c, common_e, resid = _ols(ys_a, zs_a)
            calibrated = "gdp"
            notes.append(f"no industry history: one common elasticity estimated on "
                         f"{len(zs_a)} quarters of GDP history (e = {common_e:.2f}, "
                         f"c = {common_c:.2f})")
        else:
            resid = ys_a - zs_a
            calibrated = "short"
            notes.append(f"history too short ({len(zs_a)} quarters < {min_history}): "
                         "elasticity 1")
    else:
        resid = ys_a - zs_a
    w, x = composite(target)
    if x.isna().any():
        raise DataError(f"no indicator and no trend for {list(x.index[x.isna()])} up to {k}")
    tab = pd.DataFrame({
        "weight": w,
        "indicator_pct": x,
        "elasticity": e * common_e,
        "contribution_pp": w * e * x * common_e,
    })
    const = float(common_c + common_e * (w * c).sum())
    tab.loc["constant"] = [np.nan, np.nan, np.nan, const]
    tab.index.name = "item"
    point = float(tab["contribution_pp"].sum())
    known = int(cover.loc[target].min()) if target in cover.index else 0
    stale = [mapping[i] for i in mapping if cover.at[target, mapping[i]] == 0]
    if stale:
        notes.append(f"no figure yet for {', '.join(stale)} this quarter: latest quarter "
                     "carried forward")
    s = float(np.sqrt(np.mean(resid ** 2))) if len(resid) >= 4 else np.nan
    news = pd.DataFrame(columns=["change_pp"], dtype=float)
    prev = np.nan
    if previous and (k - 1).asfreq("Q") == target:
        try:
            old = indicator_method(monthly, quarterly, k - 1, structure=structure, mapping=mapping,
                                   primary_growth_pct=primary_growth_pct,
                                   industry_history=industry_history, min_history=min_history,
                                   previous=False)
        except DataError:
            old = None
        if old is not None:
            prev = old.point_pct
            oc = old.contributions["contribution_pp"]
            nc = tab["contribution_pp"]
            rows = {}
            for i in industries:
                rows[i] = float(tab.at[i, "weight"] * tab.at[i, "elasticity"]
                                * (x[i] - old.contributions.at[i, "indicator_pct"]))
            rows["parameters"] = float(nc.sum() - oc.sum() - sum(rows.values()))
            news = pd.DataFrame({"change_pp": rows})
            news.index.name = "item"
    return EstimateResults(
        method="indicator", target=str(target), asof=str(k), months_known=known,
        point_pct=point, lower_pct=point - Z80 * s, upper_pct=point + Z80 * s,
        contributions=tab, news=news, previous_pct=prev, notes=tuple(notes),
        stale=tuple(stale), calibration=calibrated, n_history=len(zs_a))
