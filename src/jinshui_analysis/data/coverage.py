"""What the bundled data hold for a region: which year-to-date (累计) periods, per indicator and year.

An analyst asks "for which months does the package have 郑州市's published figures?" before
choosing a report month; :func:`coverage` answers with one row per region × indicator × year, and
:func:`period_count` gives the number of distinct year-to-date periods.  Both read
:func:`~jinshui_analysis.data.bundled.load_bundled`, so a figure counts once however many
sources give it (the chosen source's grade is the one counted).
"""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data.bundled import load_bundled
from jinshui_analysis.data.provenance import GRADES
from jinshui_analysis.periods import code_freq, month_of_code, through_month, year_of_code

#: Qualifiers that mark a figure as preliminary or a bound; shown, not hidden.
_QUALIFIED = ("下限", "约数", "预计")


def _base_indicator(name: str) -> str:
    for q in _QUALIFIED:
        name = name.replace(f"({q})", "")
    return name


def _ytd_rows(data: pd.DataFrame | None, region: str | None, start: int | None,
              end: int | None) -> pd.DataFrame:
    """The year-to-date rows of ``region`` (all regions if None) in ``start``…``end``, with
    ``base`` (indicator without qualifier), ``year`` and ``through`` (month number) added.

    Year to date: 累计 rows, and any period that starts in January — a full year (1-12月),
    the first quarter or January itself."""
    d = load_bundled() if data is None else data
    if region is not None:
        d = d[d["region"] == region]
    spans = {"Y": 12, "Q": 3, "M": 1}
    through = d["period"].map(lambda c: month_of_code(through_month(c)))
    from_january = through == d["period"].map(lambda c: spans[str(code_freq(c))])
    d = d.assign(base=d["indicator"].map(_base_indicator), year=d["period"].map(year_of_code),
                 through=through)[d["cumulative"].astype(bool) | from_january.astype(bool)]
    if start is not None:
        d = d[d["year"] >= start]
    if end is not None:
        d = d[d["year"] <= end]
    return d


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
    cols = ["region", "indicator", "year", "months", "n", "levels", "growth", "grades",
            "qualified"]
    d = _ytd_rows(data, region, start, end)
    if d.empty:
        return pd.DataFrame(columns=cols)
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
    d = _ytd_rows(data, region, start, end)
    return int(d[["year", "through"]].drop_duplicates().shape[0])
