r"""Growth accounting: perpetual-inventory capital stock and Solow decomposition.

Capital stock by the perpetual inventory method,

.. math:: K_t = (1-\delta)K_{t-1} + I_t,

with the default depreciation rate δ = 9.6 % of 张军、吴桂英、张吉鹏 (Zhang Jun, Wu Guiying &
Zhang Jipeng, 2004), 《中国省际物质资本存量估算：1952—2000》, 《经济研究》2004(10): 35–44, and the
steady-state initial stock of Harberger (1978) and Hall & Jones (1999, *QJE* 114(1)) written
for this timing (investment of period *t* is in the stock at the end of *t*):
:math:`K_0 = I_0(1+g)/(g+\delta)`, *g* the average growth of real investment over the first
years.  (Hall & Jones write :math:`K_0 = I_0/(g+\delta)` for the timing
:math:`K_{t+1} = (1-\delta)K_t + I_t`; with :math:`K_t = (1-\delta)K_{t-1} + I_t` that value is
off the steady state, and capital growth would drift towards *g* instead of equalling it.)

Solow (1957) decomposition with a Cobb-Douglas technology :math:`Y = A K^\alpha L^{1-\alpha}`:
growth rates are LOG differences × 100 (so that contributions add up exactly),

.. math:: 100\,\Delta\ln Y = \alpha\,100\,\Delta\ln K + (1-\alpha)\,100\,\Delta\ln L
          + \underbrace{100\,\Delta\ln A}_{\text{TFP, residual}}.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning, ModelError, ParameterError
from jinshui_analysis.results import Results, Summary

__all__ = ["SolowResults", "capital_stock", "solow_decomposition"]

#: Zhang, Wu & Zhang (2004) provincial depreciation rate, % a year.
ZHANG_WU_ZHANG_DEPRECIATION_PCT = 9.6
#: The same rate as a fraction (old name, kept for notebooks).
ZHANG_WU_ZHANG_DEPRECIATION = ZHANG_WU_ZHANG_DEPRECIATION_PCT / 100


def _clean_series(obj: object, name: str, *, positive: bool = True) -> pd.Series:
    if not isinstance(obj, pd.Series):
        raise ParameterError(
            f"must be a pandas Series indexed by period, got {type(obj).__name__}", parameter=name
        )
    try:
        s = obj.astype(float)
    except (TypeError, ValueError):
        raise ParameterError("must hold numbers", parameter=name) from None
    if s.isna().any():
        raise ModelError(f"{name} has missing values in period(s) {list(s[s.isna()].index)}")
    if positive and (s <= 0).any():
        raise ModelError(f"{name} must be > 0; period(s) {list(s[s <= 0].index)}")
    if not s.index.is_monotonic_increasing or s.index.has_duplicates:
        raise ModelError(f"{name} index must be sorted periods without duplicates")
    years = _annual_years(s.index)
    if years is not None and len(years) > 1:
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if missing:
            raise ModelError(
                f"{name} skips year(s) {missing}: annual periods must be consecutive "
                f"(have {years[0]}–{years[-1]} with gaps); fill or interpolate the missing "
                "year(s) first"
            )
    return s


def _annual_years(index: pd.Index) -> list[int] | None:
    """The years of an index of integer-like annual labels (2010, 2010.0, "2010") or of an
    annual :class:`pandas.PeriodIndex`, else None.

    Other labels (quarters, dates, free text) are not checked for gaps.
    """
    years: list[int] = []
    for label in index:
        if isinstance(label, bool):
            return None
        if isinstance(label, (int, np.integer)):
            years.append(int(label))
        elif isinstance(label, (float, np.floating)) and float(label).is_integer():
            years.append(int(label))
        elif isinstance(label, str) and label.strip().isdigit() and len(label.strip()) == 4:
            years.append(int(label.strip()))
        elif isinstance(label, pd.Period) and label.freqstr.split("-")[0] in ("Y", "A"):
            years.append(int(label.year))  # an annual PeriodIndex
        else:
            return None
    return years


def capital_stock(
    investment: pd.Series,
    *,
    depreciation_pct: float = ZHANG_WU_ZHANG_DEPRECIATION_PCT,
    initial: Literal["growth"] | float = "growth",
    deflator: pd.Series | None = None,
    growth_years: int = 10,
    **deprecated: Any,
) -> pd.Series:
    r"""Capital stock by the perpetual inventory method.

    .. math:: K_0 = \frac{I_0\,(1+g)}{g+\delta},\qquad K_t = (1-\delta)K_{t-1} + I_t

    with :math:`g = (I_n/I_0)^{1/n} - 1` the average (geometric) growth of real investment over
    the first :math:`n = \min(\text{growth\_years}, T-1)` periods and
    :math:`\delta` = ``depreciation_pct``/100.  :math:`K_t` is the stock at the end of period
    *t*, investment of *t* included.  The initial stock is the steady state of this recursion:
    if :math:`I_t = I_0(1+g)^t` then :math:`K_t = K_0(1+g)^t`, i.e. capital grows at exactly *g*
    from the first period (Harberger 1978, "Perspectives on capital and technology in less
    developed countries"; Hall & Jones 1999, *QJE* 114(1): 83–116, who write
    :math:`I_0/(g+\delta)` for the timing :math:`K_{t+1} = (1-\delta)K_t + I_t`).  Real
    investment is :math:`I_t = \text{investment}_t \times 100 / \text{deflator}_t` when a
    deflator is given.

    Parameters
    ----------
    investment : Series
        Gross fixed capital formation (or fixed-asset investment) per period, 亿元, index =
        consecutive periods (integer-like annual labels with a gap raise :class:`ModelError`).
        At constant prices already unless ``deflator`` is given.
    depreciation_pct : float
        δ in per cent, in (0, 100] (default 9.6: 张军、吴桂英、张吉鹏 2004, 《中国省际物质资本存量
        估算：1952—2000》, 经济研究 2004(10)).  The old keyword ``depreciation`` (a fraction)
        still works with a :class:`DeprecationWarning`.
    initial : "growth" or float
        ``"growth"`` for :math:`I_0(1+g)/(g+\delta)`, or the initial stock :math:`K_0` itself
        (亿元).
    deflator : Series, optional
        Investment price index (base = 100) on the same index.
    growth_years : int
        Years used for *g* (default 10).

    Returns
    -------
    Series
        Capital stock, 亿元 at the prices of the deflator base (or of ``investment``), named
        ``capital_stock``.

    Raises
    ------
    ParameterError
        δ outside (0, 100] %, bad ``initial``/``growth_years``, unknown keyword.
    ModelError
        Missing/non-positive values, gaps in annual periods, mismatched deflator index,
        :math:`g+\delta \le 0`.

    Examples
    --------
    >>> import pandas as pd
    >>> capital_stock(pd.Series([10.0, 11.0]), depreciation_pct=10).round(6).tolist()  # g = 10 %
    [55.0, 60.5]
    """
    if deprecated:
        unknown = set(deprecated) - {"depreciation"}
        if unknown:
            raise ParameterError(f"unknown keyword(s) {sorted(unknown)}",
                                 parameter=sorted(unknown)[0])
        warnings.warn("capital_stock(depreciation=fraction) is deprecated: pass "
                      "depreciation_pct (per cent)", DeprecationWarning, stacklevel=2)
        old = deprecated["depreciation"]
        try:
            depreciation_pct = float(old) * 100
        except (TypeError, ValueError):
            raise ParameterError(f"must be a number, got {old!r}",
                                 parameter="depreciation") from None
    inv = _clean_series(investment, "investment")
    try:
        d = float(depreciation_pct) / 100
    except (TypeError, ValueError):
        raise ParameterError(f"must be a number, got {depreciation_pct!r}",
                             parameter="depreciation_pct") from None
    if math.isnan(d) or not (0 < d <= 1):
        raise ParameterError(f"must be a rate in (0, 100] %, got {depreciation_pct!r}",
                             parameter="depreciation_pct")
    if deflator is not None:
        defl = _clean_series(deflator, "deflator")
        if list(defl.index) != list(inv.index):
            raise ModelError("deflator index does not match investment index")
        inv = inv * 100 / defl
    if isinstance(initial, str):
        if initial != "growth":
            raise ParameterError("must be 'growth' or a number", parameter="initial")
        if isinstance(growth_years, bool) or int(growth_years) != growth_years or growth_years < 1:
            raise ParameterError("must be an integer ≥ 1", parameter="growth_years")
        n = min(int(growth_years), len(inv) - 1)
        if n < 1:
            raise ModelError("initial='growth' needs at least two periods of investment")
        g = (inv.iloc[n] / inv.iloc[0]) ** (1 / n) - 1
        if g + d <= 0:
            raise ModelError(
                f"g + δ = {g + d:.4f} ≤ 0 (investment falls by {-g:.1%} a year): give initial "
                "as a number"
            )
        k0 = inv.iloc[0] * (1 + g) / (g + d)
    else:
        k0 = float(initial)
        if not math.isfinite(k0) or k0 < 0:
            raise ParameterError(f"initial stock must be ≥ 0, got {initial!r}",
                                 parameter="initial")
    values = [k0]
    for i in inv.iloc[1:]:
        values.append((1 - d) * values[-1] + i)
    out = pd.Series(values, index=inv.index, name="capital_stock")
    out.index.name = inv.index.name or "period"
    return out


@dataclass(frozen=True, repr=False)
class SolowResults(Results):
    """Solow growth-accounting results.

    Attributes
    ----------
    alpha : float
        Capital share α used.
    alpha_se : float or None
        Standard error of α when estimated by OLS.
    estimated : bool
        True when α was estimated.
    contributions : DataFrame
        Index ``period``; columns ``gdp_growth`` (log difference × 100, 100·Δln Y),
        ``gdp_growth_pct`` (published-style growth :math:`(Y_t/Y_{t-1}-1)\times 100`, %, as in
        statistical bulletins — shown for comparison only, *not* decomposed),
        ``capital_growth``, ``labour_growth`` (log differences × 100), ``capital_pp``,
        ``labour_pp``, ``tfp_pp`` (contributions in percentage points;
        ``capital_pp + labour_pp + tfp_pp == gdp_growth`` exactly) and the shares of GDP growth
        ``capital_share_pct``, ``labour_share_pct``, ``tfp_share_pct``.
    average : Series
        Mean of each column over the periods (shares recomputed from the mean contributions;
        ``gdp_growth_pct`` is the arithmetic mean of the yearly rates, not a CAGR).
    regression : statsmodels results or None
        The OLS fit ``ln(Y/L) = c + α ln(K/L) + β·trend`` when α was estimated.
    """

    alpha: float
    alpha_se: float | None
    estimated: bool
    contributions: pd.DataFrame
    average: pd.Series
    regression: Any = None

    def to_frame(self) -> pd.DataFrame:
        """Contributions table with a ``mean`` row."""
        frame = self.contributions.copy()
        frame.loc["mean"] = self.average
        return frame

    def summary(self) -> Summary:
        alpha_txt = f"α = {self.alpha:.4f}" + (
            f" (OLS, s.e. {self.alpha_se:.4f}, n = {int(self.regression.nobs)})"
            if self.estimated and self.alpha_se is not None
            else " (given)"
        )
        table = self.to_frame().rename(
            columns={
                "gdp_growth": "gdp_growth (100·Δln Y)",
                "gdp_growth_pct": "gdp_growth_pct ((Y/Y₋₁−1)×100, %)",
            }
        )
        return Summary(
            title="Solow growth accounting",
            tables=[("Contributions (pp, log-difference × 100)", table.round(3))],
            notes=[
                alpha_txt,
                "growth = 100·Δln; capital_pp = α·k, labour_pp = (1−α)·l, TFP = residual "
                "(TFP, 全要素生产率), so contributions add up to GDP growth exactly.",
                "gdp_growth_pct = (Y_t/Y_{t−1} − 1)×100 is the published-style growth rate "
                "(统计公报口径), shown for comparison: it exceeds the log growth "
                "(e.g. 10 % ↔ 100·ln 1.1 = 9.531); the decomposition uses the log growth.",
            ],
        )


def solow_decomposition(
    gdp: pd.Series,
    capital: pd.Series,
    labour: pd.Series,
    *,
    capital_share_pct: float | None = None,
    **deprecated: Any,
) -> SolowResults:
    r"""Solow (1957) growth accounting with TFP as the residual.

    .. math:: y_t = 100\,\Delta\ln Y_t,\; k_t = 100\,\Delta\ln K_t,\; l_t = 100\,\Delta\ln L_t,
              \qquad \text{TFP}_t = y_t - \alpha k_t - (1-\alpha) l_t

    Growth is measured as log differences × 100 (≈ % for small rates), which makes the
    contributions (percentage points) add up to GDP growth exactly.

    When ``capital_share_pct`` is None, α is estimated by OLS (statsmodels) on

    .. math:: \ln(Y_t/L_t) = c + \alpha\ln(K_t/L_t) + \beta t + \varepsilon_t

    (constant returns imposed; needs at least 4 periods).

    Parameters
    ----------
    gdp : Series
        Real GDP (constant prices, 亿元) by period: consecutive periods (integer-like annual
        labels with a gap raise :class:`ModelError`, as growth over a gap is not annual).
    capital : Series
        Real capital stock (e.g. from :func:`capital_stock`), same index.
    labour : Series
        Employment (万人), same index.
    capital_share_pct : float, optional
        100·α, the capital share in per cent, in (0, 100); estimated when None.  The old
        keyword ``capital_share`` (α as a fraction) still works with a
        :class:`DeprecationWarning`.

    Returns
    -------
    SolowResults

    Raises
    ------
    ParameterError
        α outside (0, 100) %, unknown keyword.
    ModelError
        Mismatched indexes, non-positive values, gaps in annual periods, too few periods.

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> idx = pd.Index([2020, 2021], name="period")
    >>> r = solow_decomposition(pd.Series([100.0, 110], idx), pd.Series([200.0, 220], idx),
    ...                         pd.Series([50.0, 50], idx), capital_share_pct=40)
    >>> round(float(r.contributions["tfp_pp"].iloc[0]), 4)  # 100·ln1.1·(1 − 0.4)
    5.7186
    """
    if deprecated:
        unknown = set(deprecated) - {"capital_share"}
        if unknown:
            raise ParameterError(f"unknown keyword(s) {sorted(unknown)}",
                                 parameter=sorted(unknown)[0])
        warnings.warn("solow_decomposition(capital_share=fraction) is deprecated: pass "
                      "capital_share_pct (per cent)", DeprecationWarning, stacklevel=2)
        old = deprecated["capital_share"]
        try:
            capital_share_pct = None if old is None else float(old) * 100
        except (TypeError, ValueError):
            raise ParameterError(f"must be a number, got {old!r}",
                                 parameter="capital_share") from None
    y = _clean_series(gdp, "gdp")
    k = _clean_series(capital, "capital")
    lab = _clean_series(labour, "labour")
    if list(k.index) != list(y.index) or list(lab.index) != list(y.index):
        raise ModelError("gdp, capital and labour must have the same period index")
    if len(y) < 2:
        raise ModelError("growth accounting needs at least two periods")
    regression = None
    alpha_se: float | None = None
    if capital_share_pct is None:
        if len(y) < 4:
            raise ModelError(
                f"estimating α needs at least 4 periods (have {len(y)}); pass capital_share_pct"
            )
        import statsmodels.api as sm

        trend = np.arange(len(y), dtype=float)
        exog = pd.DataFrame(
            {"ln_k_per_l": np.log(k / lab).to_numpy(), "trend": trend}, index=y.index
        )
        exog = sm.add_constant(exog)
        regression = sm.OLS(np.log(y / lab), exog).fit()
        alpha = float(regression.params["ln_k_per_l"])
        alpha_se = float(regression.bse["ln_k_per_l"])
        if not 0 < alpha < 1:
            warnings.warn(
                f"estimated capital share α = {alpha:.3f} lies outside (0, 1); the decomposition "
                "uses it anyway — consider passing capital_share_pct",
                JinshuiWarning,
                stacklevel=2,
            )
    else:
        try:
            alpha = float(capital_share_pct) / 100
        except (TypeError, ValueError):
            raise ParameterError(f"must be a number, got {capital_share_pct!r}",
                                 parameter="capital_share_pct") from None
        if not 0 < alpha < 1:
            raise ParameterError(f"must lie in (0, 100) %, got {capital_share_pct!r}",
                                 parameter="capital_share_pct")
    gy = (np.log(y).diff() * 100).iloc[1:]
    gk = (np.log(k).diff() * 100).iloc[1:]
    gl = (np.log(lab).diff() * 100).iloc[1:]
    frame = pd.DataFrame(
        {
            "gdp_growth": gy,
            # published-style growth (统计公报口径), for comparison only: not decomposed
            "gdp_growth_pct": ((y / y.shift(1) - 1) * 100).iloc[1:],
            "capital_growth": gk,
            "labour_growth": gl,
            "capital_pp": alpha * gk,
            "labour_pp": (1 - alpha) * gl,
        }
    )
    frame["tfp_pp"] = frame["gdp_growth"] - frame["capital_pp"] - frame["labour_pp"]
    nonzero = frame["gdp_growth"].where(frame["gdp_growth"] != 0)  # NaN share when y = 0
    for part in ("capital", "labour", "tfp"):
        frame[f"{part}_share_pct"] = frame[f"{part}_pp"] / nonzero * 100
    frame.index.name = "period"
    avg = frame.mean()
    for part in ("capital", "labour", "tfp"):
        avg[f"{part}_share_pct"] = (
            avg[f"{part}_pp"] / avg["gdp_growth"] * 100 if avg["gdp_growth"] != 0 else np.nan
        )
    return SolowResults(
        alpha=alpha,
        alpha_se=alpha_se,
        estimated=capital_share_pct is None,
        contributions=frame,
        average=avg,
        regression=regression,
    )
