"""The cells of one series keyed by the month they run through: year-to-date (:func:`ytd_values`)
and single-month (:func:`month_values`) figures with each value's source, grade, price basis and
whether it is demo data, and the region's monthly figures with its annual rows
(:func:`monthly_with_years`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from jinshui_analysis.data.select import select
from jinshui_analysis.periods import codes_info, through_month
from jinshui_analysis.reports.inputs import ReportData

_CELL_COLUMNS = ["month", "period", "value", "source", "synthetic", "price_basis", "grade"]


def _cell_rows(frame: pd.DataFrame, region: str, indicator: str, measure: str,
               series: pd.Series, code_of: dict[str, str],
               cumulative: bool | None = None) -> list[dict[str, Any]]:
    """``series`` (selected with :func:`~jinshui_analysis.data.select.select`) as rows keyed by
    month code, with each value's source and whether it is demo data.

    ``cumulative`` is the selection's 当月/累计 flag: a 当月 and a 累计 figure share their period
    code ("2023-06"), so the source, grade and basis are looked up among rows of the same kind
    (else a 当月 value would carry its 累计 neighbour's cell reference)."""
    if series.empty:
        return []
    mask = ((frame["region"].to_numpy(dtype=object) == region)
            & (frame["indicator"].to_numpy(dtype=object) == indicator)
            & (frame["measure"].to_numpy(dtype=object) == measure))
    if cumulative is not None and "cumulative" in frame.columns:
        mask &= frame["cumulative"].to_numpy(dtype=bool) == cumulative
    cols = [c for c in ("period", "source", "price_basis", "grade") if c in frame.columns]
    last: dict[str, dict[str, Any]] = {}  # the last row of each period code
    for values in zip(*(frame[c].to_numpy(dtype=object)[mask] for c in cols)):
        r = dict(zip(cols, values))
        last[str(r["period"])] = r
    out = []
    for code, value in series.items():
        hit = last.get(code, {})
        src = str(hit.get("source", "") or "")
        basis, grade = hit.get("price_basis", ""), hit.get("grade", "")
        out.append({"month": code_of.get(code, code), "period": code, "value": float(value),
                    "source": src, "synthetic": src.startswith("synthetic"),
                    "price_basis": "" if basis is None or basis != basis else str(basis),
                    "grade": "" if grade is None or grade != grade else str(grade)})
    return out


def _cells(frame: pd.DataFrame, region: str, indicator: str, measure: str,
           series: pd.Series, code_of: dict[str, str],
           cumulative: bool | None = None) -> pd.DataFrame:
    """:func:`_cell_rows` as a frame."""
    return pd.DataFrame(_cell_rows(frame, region, indicator, measure, series, code_of,
                                   cumulative), columns=_CELL_COLUMNS)


def monthly_with_years(rd: ReportData, indicators: Sequence[str]) -> pd.DataFrame:
    """The region's monthly figures (``rd.monthly``) plus its annual rows of the report year and
    the year before for ``indicators``: a full year is the 1-12月 year to date, so a published
    annual growth rate answers "1-12月累计增速" wherever it is asked (headline table, monthly
    dashboard).  :func:`ytd_values` ranks the annual rows after monthly and quarterly ones."""
    r = rd.real
    annual = r[(r["region"] == rd.region) & (codes_info(r["period"])["freq"] == "Y")
               & r["period"].astype(str).isin([str(rd.year - 1), str(rd.year)])
               & r["indicator"].isin(list(indicators))]
    return pd.concat([rd.monthly, annual], ignore_index=True) if len(annual) else rd.monthly


def ytd_values(frame: pd.DataFrame, region: str, indicator: str,
               measure: str = "level") -> pd.DataFrame:
    """Year-to-date (累计) figures of one series, keyed by the month they run through.

    Collects, with the one series selector, the monthly 累计 rows (``1-6月`` → ``"2023-06"``),
    January (both single and 累计), the quarterly 累计 rows (``上半年`` → ``"2023-06"``; ``一季度``
    → ``"2023-03"``) and full years (→ ``"YYYY-12"``); a monthly row wins over a quarterly one
    for the same month, a quarterly one over a year.  Single months and single quarters (当月,
    二季度) are never included.

    Returns
    -------
    DataFrame
        Index ``month`` ("YYYY-MM", sorted); columns ``period`` (the code in the data),
        ``value``, ``source``, ``synthetic`` (demo data), ``price_basis``, ``grade``.
    """
    pick = {"measure": measure, "duplicates": "last"}
    frame = frame[(frame["region"] == region) & (frame["indicator"] == indicator)
                  & (frame["measure"] == measure)]  # once, not in every select below
    rows: list[dict[str, Any]] = []
    m_cum = select(frame, region, indicator, freq="M", cumulative=True, **pick)
    rows += _cell_rows(frame, region, indicator, measure, m_cum, {}, True)
    m_single = select(frame, region, indicator, freq="M", cumulative=False, **pick)
    jan = m_single[m_single.index.str.endswith("-01")]
    rows += _cell_rows(frame, region, indicator, measure, jan, {}, False)
    q_cum = select(frame, region, indicator, freq="Q", cumulative=True, **pick)
    q_single = select(frame, region, indicator, freq="Q", cumulative=False, **pick)
    q1 = q_single[q_single.index.str.endswith("Q1")]
    for q, cum in ((q_cum, True), (q1, False)):
        rows += _cell_rows(frame, region, indicator, measure, q,
                           {c: through_month(c) for c in q.index}, cum)
    y = select(frame, region, indicator, freq="Y", **pick)
    rows += _cell_rows(frame, region, indicator, measure, y,
                       {c: through_month(c) for c in y.index})
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:  # a monthly row wins over a quarterly one, a quarterly one over a year
        seen.setdefault(r["month"], r)
    out = pd.DataFrame([seen[m] for m in sorted(seen)], columns=_CELL_COLUMNS)
    return out.set_index("month")


def month_values(frame: pd.DataFrame, region: str, indicator: str,
                 measure: str = "level") -> pd.DataFrame:
    """Single-month (当月) figures of one series, keyed by month (same columns as
    :func:`ytd_values`)."""
    s = select(frame, region, indicator, freq="M", cumulative=False, measure=measure,
               duplicates="last")
    return _cells(frame, region, indicator, measure, s, {}, False).set_index("month").sort_index()
