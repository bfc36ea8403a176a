"""What the bundled data hold for a region: which year-to-date (累计) periods, per indicator and year.

An analyst asks "for which months does the package have 郑州市's published figures?" before
choosing a report month; :func:`coverage` answers with one row per region × indicator × year, and
:func:`period_count` gives the number of distinct year-to-date periods.  Both read
:func:`~jinshui_analysis.data.bundled.load_bundled`, so a figure counts once however many
sources give it (the chosen source's grade is the one counted).
"""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data.bundled import GRADES, load_bundled
from jinshui_analysis.periods import code_freq, month_of_code, through_month, year_of_code

#: Qualifiers that mark a figure as preliminary or a bound; shown, not hidden.
_QUALIFIED = ("下限", "约数", "预计")


def _base_indicator(name: str) -> str:
    for q in _QUALIFIED:
        name = name.replace(f"({q})", "")
    return name


def _months_in(code: str) -> int:
    """Months a period code spans: 12 for a year, 3 for a quarter, 1 for a month."""
    return {"Y": 12, "Q": 3, "M": 1}[str(code_freq(code))]


def _published(data: pd.DataFrame) -> pd.DataFrame:
    """Rows that are year-to-date figures: 累计 rows, annual totals (1-12月), and the first
    quarter or January (a single period that is also the year to date)."""
    codes = data["period"].astype(str)
    first = codes.map(lambda c: month_of_code(through_month(c)) in (1, 3)
                      and month_of_code(through_month(c)) == _months_in(c))
    return data[data["cumulative"].astype(bool) | (codes.str.len() == 4) | first.astype(bool)]


def coverage(region: str | None = None, *, start: int | None = None, end: int | None = None,
             data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year-to-date periods held per region × indicator × year, with the sources' grades.

    Parameters
    ----------
    region : str, optional
        One region (e.g. ``"郑州市"``); all regions if omitted.
    start, end : int, optional
        First and last year (inclusive).
    data : DataFrame, optional
        A tidy table (as from :func:`load_bundled`); the bundled data if omitted.

    Returns
    -------
    DataFrame
        Columns ``region, indicator, year, months, n, levels, growth, grades``: ``months`` the
        through-months held (``"2,3,6,12"`` = 1-2月, 一季度, 上半年, 全年), ``n`` their count,
        ``levels``/``growth`` how many of them have a level / a growth rate, ``grades`` e.g.
        ``"press 3, secondary 1"`` (by period, the best grade held for it).  Qualified figures
        (预计, 约数, 下限) count under their indicator, with the qualifier kept in ``indicator``'s
        row note column ``qualified``.
    """
    d = load_bundled() if data is None else data
    if region is not None:
        d = d[d["region"] == region]
    d = _published(d)
    cols = ["region", "indicator", "year", "months", "n", "levels", "growth", "grades",
            "qualified"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d.assign(base=d["indicator"].map(_base_indicator),
                 year=d["period"].map(year_of_code),
                 through=d["period"].map(lambda c: month_of_code(through_month(c))))
    if start is not None:
        d = d[d["year"] >= start]
    if end is not None:
        d = d[d["year"] <= end]
    rank = {g: i for i, g in enumerate(GRADES)}
    rows = []
    for (reg, ind, year), g in d.groupby(["region", "base", "year"], sort=True):
        months = sorted(set(g["through"]))
        best = g.assign(r=g["grade"].map(rank)).sort_values("r").groupby("through")["grade"].first()
        counts = best.value_counts()
        rows.append({
            "region": reg, "indicator": ind, "year": int(year),
            "months": ",".join(str(m) for m in months), "n": len(months),
            "levels": g.loc[g["measure"] == "level", "through"].nunique(),
            "growth": g.loc[g["measure"] == "yoy_pct", "through"].nunique(),
            "grades": ", ".join(f"{k} {int(counts[k])}" for k in GRADES if k in counts),
            "qualified": ",".join(sorted(set(g["qualifier"]) - {""})),
        })
    return pd.DataFrame(rows, columns=cols)


def period_count(region: str, *, start: int | None = None, end: int | None = None,
                 data: pd.DataFrame | None = None) -> int:
    """Number of distinct year-to-date periods (through-months) held for ``region``, any indicator.

    ``2023-01~2023-02`` and ``2023H1`` are two periods; ``2023H1`` given for GDP and for 社零 is one.
    """
    d = load_bundled() if data is None else data
    d = _published(d[d["region"] == region])
    years = d["period"].map(year_of_code)
    if start is not None:
        d, years = d[years >= start], years[years >= start]
    if end is not None:
        d = d[years <= end]
    return int(d["period"].map(through_month).nunique())
