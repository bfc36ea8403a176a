r"""Industrial structure: shift-share analysis, location quotients and concentration (HHI).

Shift-share notation (region *r*, reference economy *N*, sector *i*, start 0, end 1):
:math:`e_{i0}, e_{i1}` regional values; :math:`g_i = e_{i1}/e_{i0} - 1` regional sector growth;
:math:`G_i = E_{Ni1}/E_{Ni0} - 1` reference sector growth; :math:`G = E_{N1}/E_{N0} - 1`
reference total growth.  Values can be employment or value added (亿元); the components are in
the units of the input.

* Dunn (1960), "A statistical and analytical technique for regional analysis", *Papers of the
  Regional Science Association* 6: national share :math:`NS_i = e_{i0}G`, industry mix
  :math:`IM_i = e_{i0}(G_i - G)`, competitive shift :math:`CS_i = e_{i0}(g_i - G_i)`;
  :math:`NS_i + IM_i + CS_i = e_{i1} - e_{i0}`.
* Esteban-Marquillas (1972), "A reinterpretation of shift-share analysis", *Regional and Urban
  Economics* 2(3): homothetic level :math:`\hat e_i = E_{r0}\,E_{Ni0}/E_{N0}`; CS split into the
  homothetic competitive effect :math:`CS'_i = \hat e_i(g_i - G_i)` and the allocation effect
  :math:`AE_i = (e_{i0} - \hat e_i)(g_i - G_i)`.
* Barff & Knight (1988), "Dynamic shift-share analysis", *Growth and Change* 19(2): the Dunn
  components computed year by year over consecutive periods and summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import ModelError, ParameterError, PeriodError
from jinshui_analysis.periods import period_sort_key
from jinshui_analysis.results import Results, Summary

__all__ = ["ShiftShareResults", "herfindahl", "location_quotient", "shift_share"]

_NAMES = {
    "national_share": "NS (national share)",
    "industry_mix": "IM (industry mix)",
    "competitive_shift": "CS (competitive shift)",
    "homothetic_shift": "CS' (homothetic shift)",
    "allocation_effect": "AE (allocation effect)",
}


@dataclass(frozen=True, repr=False)
class ShiftShareResults(Results):
    """Shift-share decomposition.

    Attributes
    ----------
    method : str
        ``"dunn"``, ``"esteban"`` or ``"dynamic"``.
    components : DataFrame
        Index ``sector``; columns ``start``, ``end``, ``change`` and the effects
        ``national_share``, ``industry_mix``, ``competitive_shift`` (plus ``homothetic``,
        ``homothetic_shift``, ``allocation_effect`` for Esteban-Marquillas), in input units.
    totals : Series
        Column sums of ``components``.
    by_period : DataFrame or None
        For ``"dynamic"``: long table (period, sector, effects) of the yearly decompositions.
    reference_growth_pct : float
        Reference total growth G over the whole span, %.
    """

    method: str
    components: pd.DataFrame
    totals: pd.Series
    by_period: pd.DataFrame | None
    reference_growth_pct: float

    def to_frame(self) -> pd.DataFrame:
        """Sector table with a ``total`` row."""
        frame = self.components.copy()
        frame.loc["total"] = self.totals
        return frame

    def summary(self) -> Summary:
        frame = self.to_frame().rename(columns=_NAMES).round(3)
        notes = [
            "change = NS + IM + CS (exact); units are those of the input values.",
            f"reference growth G = {self.reference_growth_pct:.3f} %",
        ]
        if self.method == "esteban":
            notes.append("Esteban-Marquillas (1972): CS = CS' (homothetic) + AE (allocation).")
        if self.method == "dynamic":
            notes.append("Barff & Knight (1988): sum of year-by-year Dunn decompositions.")
        else:
            notes.append("Dunn (1960) classic decomposition.")
        return Summary(
            title=f"Shift-share (偏离-份额分析, {self.method})",
            tables=[("Decomposition", frame)],
            notes=notes,
        )


def _series(obj: object, name: str) -> pd.Series:
    if isinstance(obj, pd.DataFrame) and obj.shape[0] == 1:
        obj = obj.iloc[0]
    if not isinstance(obj, pd.Series):
        raise ParameterError(
            f"must be a pandas Series indexed by sector, got {type(obj).__name__}", parameter=name
        )
    try:
        out = obj.astype(float)
    except (TypeError, ValueError):
        raise ParameterError("must hold numbers", parameter=name) from None
    if out.isna().any():
        raise ModelError(f"{name} has missing values for sector(s) {list(out[out.isna()].index)}")
    if (out < 0).any():
        raise ModelError(f"{name} has negative values for sector(s) {list(out[out < 0].index)}")
    return out


def _dunn(e0: pd.Series, e1: pd.Series, n0: pd.Series, n1: pd.Series) -> pd.DataFrame:
    if (e0 <= 0).any():
        raise ModelError(
            f"region start value must be > 0 to define sector growth: {list(e0[e0 <= 0].index)}"
        )
    if (n0 <= 0).any():
        raise ModelError(
            f"reference start value must be > 0: sector(s) {list(n0[n0 <= 0].index)}"
        )
    g = e1 / e0 - 1
    gi = n1 / n0 - 1
    big_g = n1.sum() / n0.sum() - 1
    out = pd.DataFrame(
        {
            "start": e0,
            "end": e1,
            "change": e1 - e0,
            "national_share": e0 * big_g,
            "industry_mix": e0 * (gi - big_g),
            "competitive_shift": e0 * (g - gi),
        }
    )
    out.index.name = "sector"
    return out


def _chronological(index: pd.Index, name: str) -> list:
    """Labels of ``index`` in chronological order (period labels or sortable values)."""
    if index.has_duplicates:
        raise ModelError(f"{name} has duplicate periods {list(index[index.duplicated()])}")
    labels = list(index)
    try:
        return sorted(labels, key=period_sort_key)
    except PeriodError:
        pass
    try:
        return sorted(labels)
    except TypeError:
        raise ModelError(
            f"periods of {name} {labels} cannot be put in chronological order: use period "
            "labels ('2020', '2020Q1', '2020-03') or numbers"
        ) from None


def _check_sectors(*series: tuple[str, pd.Series]) -> None:
    first_name, first = series[0]
    for name, s in series[1:]:
        if set(s.index) != set(first.index):
            raise ModelError(
                f"sectors of {name} {list(s.index)} do not match those of {first_name} "
                f"{list(first.index)}"
            )


def shift_share(
    region_start: pd.Series | pd.DataFrame,
    region_end: pd.Series | None,
    ref_start: pd.Series | pd.DataFrame,
    ref_end: pd.Series | None,
    *,
    method: Literal["dunn", "esteban", "dynamic"] = "dunn",
    employment: pd.Series | None = None,
) -> ShiftShareResults:
    r"""Shift-share decomposition of a region's change by sector.

    Formulas in the module docstring (Dunn 1960; Esteban-Marquillas 1972; Barff & Knight 1988).

    Parameters
    ----------
    region_start, region_end : Series
        Regional values by sector (index = sector) at the start and end, e.g. employment (万人)
        or value added (亿元, use constant prices for a real decomposition).
    ref_start, ref_end : Series
        Reference-economy (province/nation) values, same sectors.
    method : {"dunn", "esteban", "dynamic"}
        For ``"dynamic"`` pass ``region_start`` and ``ref_start`` as DataFrames
        (periods × sectors, consecutive periods) and ``region_end = ref_end = None``; rows are
        put in chronological order first (period labels such as ``2020``, ``"2020Q1"`` or any
        sortable index), unsortable or duplicate periods raise :class:`ModelError`.
    employment : Series, optional
        Only for ``"esteban"``: reference-economy start employment by sector, whose sector shares
        :math:`E_{Ni0}/E_{N0}` then define the homothetic level
        :math:`\hat e_i = e_{r0}\,E_{Ni0}/E_{N0}` (default: the shares of ``ref_start``).

    Returns
    -------
    ShiftShareResults
        ``components`` in input units; per sector
        ``change = national_share + industry_mix + competitive_shift`` exactly, and for Esteban
        ``competitive_shift = homothetic_shift + allocation_effect``.

    Raises
    ------
    ParameterError
        Unknown method or wrong input types for the method.
    ModelError
        Mismatched sectors/periods, missing or negative values, zero start values.

    Examples
    --------
    >>> import pandas as pd
    >>> r = shift_share(pd.Series({"a": 10.0, "b": 10}), pd.Series({"a": 14.0, "b": 11}),
    ...                 pd.Series({"a": 100.0, "b": 100}), pd.Series({"a": 120.0, "b": 100}))
    >>> r.components.loc["a", ["national_share", "industry_mix", "competitive_shift"]].round(9).tolist()
    [1.0, 1.0, 2.0]
    """
    if method not in ("dunn", "esteban", "dynamic"):
        raise ParameterError("must be 'dunn', 'esteban' or 'dynamic'", parameter="method")
    if method == "dynamic":
        if not isinstance(region_start, pd.DataFrame) or not isinstance(ref_start, pd.DataFrame):
            raise ParameterError(
                "method='dynamic' needs DataFrames (periods × sectors) for region_start and "
                "ref_start",
                parameter="region_start",
            )
        if region_end is not None or ref_end is not None:
            raise ParameterError(
                "method='dynamic' takes the whole panel in region_start/ref_start; pass None",
                parameter="region_end",
            )
        reg = region_start.astype(float)
        ref = ref_start.astype(float)
        if set(reg.index) != set(ref.index) or len(reg.index) != len(ref.index):
            raise ModelError(
                f"periods of region_start {list(reg.index)} and ref_start {list(ref.index)} differ"
            )
        order = _chronological(reg.index, "region_start")
        reg, ref = reg.loc[order], ref.loc[order]
        if set(reg.columns) != set(ref.columns):
            raise ModelError(
                f"sectors differ: region {list(reg.columns)} vs reference {list(ref.columns)}"
            )
        if len(reg) < 2:
            raise ModelError("dynamic shift-share needs at least two periods")
        ref = ref[list(reg.columns)]
        yearly = []
        for k in range(1, len(reg)):
            d = _dunn(
                _series(reg.iloc[k - 1], "region_start"),
                _series(reg.iloc[k], "region_start"),
                _series(ref.iloc[k - 1], "ref_start"),
                _series(ref.iloc[k], "ref_start"),
            )
            d.insert(0, "period", reg.index[k])
            yearly.append(d.reset_index())
        by_period = pd.concat(yearly, ignore_index=True)
        effects = ["national_share", "industry_mix", "competitive_shift"]
        comp = by_period.groupby("sector", sort=False)[effects].sum()
        comp.insert(0, "start", reg.iloc[0])
        comp.insert(1, "end", reg.iloc[-1])
        comp.insert(2, "change", reg.iloc[-1] - reg.iloc[0])
        comp.index.name = "sector"
        g_ref = (ref.iloc[-1].sum() / ref.iloc[0].sum() - 1) * 100
        return ShiftShareResults(
            method="dynamic",
            components=comp,
            totals=comp.sum(),
            by_period=by_period,
            reference_growth_pct=float(g_ref),
        )

    e0 = _series(region_start, "region_start")
    e1 = _series(region_end, "region_end")
    n0 = _series(ref_start, "ref_start")
    n1 = _series(ref_end, "ref_end")
    _check_sectors(("region_start", e0), ("region_end", e1), ("ref_start", n0), ("ref_end", n1))
    order = list(e0.index)
    e1, n0, n1 = e1[order], n0[order], n1[order]
    comp = _dunn(e0, e1, n0, n1)
    if method == "esteban":
        if employment is not None:
            emp = _series(employment, "employment")
            _check_sectors(("region_start", e0), ("employment", emp))
            weights = emp[order] / emp.sum()
        else:
            weights = n0 / n0.sum()
        hat = e0.sum() * weights
        diff = e1 / e0 - n1 / n0
        comp["homothetic"] = hat
        comp["homothetic_shift"] = hat * diff
        comp["allocation_effect"] = (e0 - hat) * diff
    elif employment is not None:
        raise ParameterError("only used with method='esteban'", parameter="employment")
    g_ref = (n1.sum() / n0.sum() - 1) * 100
    return ShiftShareResults(
        method=method,
        components=comp,
        totals=comp.sum(),
        by_period=None,
        reference_growth_pct=float(g_ref),
    )


def location_quotient(
    region: pd.Series | pd.DataFrame, ref: pd.Series | pd.DataFrame
) -> pd.Series | pd.DataFrame:
    r"""Location quotient (区位商) by sector.

    .. math:: LQ_i = \frac{e_i / \sum_j e_j}{E_i / \sum_j E_j}

    Parameters
    ----------
    region, ref : Series (index = sector) or DataFrame (periods × sectors)
        Regional and reference values (employment or value added), non-negative, same sectors
        (and periods).

    Returns
    -------
    Series or DataFrame
        LQ (dimensionless; > 1 means the region is relatively specialised in the sector).

    Raises
    ------
    ModelError
        Both layouts alike: missing or negative values, a reference value ≤ 0, or a region
        whose values sum to zero (the message names the period/sector).

    Examples
    --------
    >>> import pandas as pd
    >>> lq = location_quotient(pd.Series({"a": 30.0, "b": 70}), pd.Series({"a": 20.0, "b": 80}))
    >>> round(float(lq["a"]), 10)  # 0.3 / 0.2
    1.5
    """
    if isinstance(region, pd.Series) and isinstance(ref, pd.Series):
        e = _series(region, "region")
        n = _series(ref, "ref")
        _check_sectors(("region", e), ("ref", n))
        n = n[list(e.index)]
        _check_lq(e.to_frame().T, n.to_frame().T, by_period=False)
        out = (e / e.sum()) / (n / n.sum())
        out.index.name = "sector"
        return out.rename("location_quotient")
    if isinstance(region, pd.DataFrame) and isinstance(ref, pd.DataFrame):
        try:
            e = region.astype(float)
            n = ref.astype(float)
        except (TypeError, ValueError):
            raise ParameterError("region and ref must hold numbers", parameter="region") from None
        if set(e.columns) != set(n.columns) or list(e.index) != list(n.index):
            raise ModelError("region and ref must have the same periods and sectors")
        n = n[list(e.columns)]
        _check_lq(e, n, by_period=True)
        return e.div(e.sum(axis=1), axis=0) / n.div(n.sum(axis=1), axis=0)
    raise ParameterError("region and ref must both be Series or both DataFrames", parameter="ref")


def _check_lq(e: pd.DataFrame, n: pd.DataFrame, *, by_period: bool) -> None:
    """Validate location-quotient inputs (periods × sectors); the error names the cells."""

    def cells(mask: pd.DataFrame) -> str:
        if not by_period:
            return f"sector(s) {[c for c in mask.columns if mask[c].any()]}"
        hits = [(p, c) for p in mask.index for c in mask.columns if mask.at[p, c]]
        return "period/sector " + ", ".join(f"{p}/{c}" for p, c in hits)

    for name, frame in (("region", e), ("ref", n)):
        if frame.isna().to_numpy().any():
            raise ModelError(f"{name} has missing values for {cells(frame.isna())}")
    if (e < 0).to_numpy().any():
        raise ModelError(f"region has negative values for {cells(e < 0)}")
    if (n <= 0).to_numpy().any():
        raise ModelError(f"reference value must be > 0 for {cells(n <= 0)}")
    zero = e.sum(axis=1) <= 0
    if zero.any():
        where = f" in period(s) {list(e.index[zero])}" if by_period else ""
        raise ModelError(f"region values sum to zero{where}: sector shares undefined")


def herfindahl(
    values: pd.Series | pd.DataFrame | np.ndarray | list[float], *, normalized: bool = False
) -> float | pd.Series:
    r"""Herfindahl-Hirschman index of concentration.

    .. math:: HHI = \sum_i s_i^2,\qquad s_i = x_i / \sum_j x_j \;(\text{fractions});
              \qquad HHI^* = \frac{HHI - 1/N}{1 - 1/N}\;(\text{normalised, } N \ge 2)

    Values are always divided by their sum, so shares in fractions, shares in % and levels
    all give the same index — pass a complete partition (all sectors).

    Parameters
    ----------
    values : Series, array or list (one distribution) or DataFrame (one distribution per row)
        Non-negative shares or levels.
    normalized : bool
        Return :math:`HHI^*` in [0, 1] instead of HHI in [1/N, 1].

    Returns
    -------
    float or Series (per row of a DataFrame)

    Examples
    --------
    >>> round(herfindahl([50, 30, 20]), 10)  # 0.25 + 0.09 + 0.04
    0.38
    """
    if isinstance(values, pd.DataFrame):
        return values.apply(lambda row: herfindahl(row, normalized=normalized), axis=1).rename(
            "hhi_normalized" if normalized else "hhi"
        )
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError("must be a non-empty 1-D sequence", parameter="values")
    if np.isnan(arr).any():
        raise ModelError("values contain missing entries")
    if (arr < 0).any():
        raise ModelError("values must be non-negative")
    total = arr.sum()
    if total <= 0:
        raise ModelError("values sum to zero: shares undefined")
    s = arr / total
    hhi = float(np.sum(s**2))
    if not normalized:
        return hhi
    n = arr.size
    if n < 2:
        raise ParameterError("normalised HHI needs at least two sectors", parameter="normalized")
    return float((hhi - 1 / n) / (1 - 1 / n))
