"""What a report knows as of its period: :class:`ReportData`, the vocabulary of the report
(the GDP indicator, the monthly indicators, the demo label, plan words) and the questions asked
of its real figures (:func:`latest_annual`, :func:`source_of`).  The loader that builds a
:class:`ReportData` is :func:`jinshui_analysis.reports.loader.load_report_data`; the cells of
one series keyed by month are in :mod:`jinshui_analysis.reports.values`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.data import demo as demo_data
from jinshui_analysis.data.profiles import RegionProfile
from jinshui_analysis.data.projects import ProjectData
from jinshui_analysis.data.source import DataSource
from jinshui_analysis.exceptions import DataError
from jinshui_analysis.periods import Period, year_of_code

GDP = "地区生产总值"


MONTHLY_INDICATORS = {
    "规模以上工业增加值": ("Industrial value added (above designated size)", "yoy_pct"),
    "社会消费品零售总额": ("Retail sales of consumer goods", "level"),
    "固定资产投资": ("Fixed-asset investment", "yoy_pct"),
    "一般公共预算收入": ("General public budget revenue", "level"),
}


DEMO = demo_data.DEMO_LABEL
PLAN_WORDS = r"目标|计划|全年预算"


@dataclass(frozen=True)
class ReportData:
    """Inputs of one report: real figures, plus demo data where nothing is published.

    Attributes
    ----------
    region : the report's region.
    period : the report's month, a single-month :class:`~jinshui_analysis.periods.Period`
        normalised once by the loader (``str(rd.period)`` and ``rd.period.period`` are its code
        ``"YYYY-MM"``).
    real : tidy frame of real figures (bundled, plus the user's tables when given).
    monthly : tidy frame of monthly YTD indicators for ``region`` (user or demo).
    quarterly : tidy frame of quarterly YTD GDP for ``region`` (user or demo).
    projects : key-project data or None.
    sectors : (levels, real_growth) sector accounts or None.
    synthetic : names of the inputs that are demo data.
    data_hash : SHA-256 of the input files (the digest of the report's provenance footer,
        :func:`jinshui_analysis.data.files.data_fingerprint`).
    """

    region: str
    period: Period
    data: str
    real: pd.DataFrame
    monthly: pd.DataFrame
    quarterly: pd.DataFrame
    projects: ProjectData | None
    sectors: tuple[pd.DataFrame, pd.DataFrame] | None
    synthetic: frozenset[str]
    data_hash: str
    notes: tuple[Any, ...] = ()
    scale_note: str = ""
    profile: RegionProfile = field(default_factory=lambda: RegionProfile(name=""))
    #: sections already computed for this report (see :func:`reports.section.memoised`): the
    #: 要点 summary and the section cells ask the same questions and get the same objects
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    #: the one reading of ``data`` (:func:`~jinshui_analysis.data.source.open_source`): what
    #: was read and what was not
    source: DataSource | None = field(default=None, compare=False, repr=False)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def month(self) -> int:
        return self.period.month or 12  # a year runs through December

    @cached_property
    def sources(self) -> list[str]:
        used = self.real[self.real["region"].isin([self.region])]["source"].astype(str)
        return sorted(set(used))


def latest_annual(real: pd.DataFrame, region: str,
                  before: int | None = None) -> tuple[str, float] | None:
    """(year, value) of the latest annual GDP of ``region`` before year ``before`` (or None).

    A 1-12月 累计 level (an office's December table, "YYYY-12" cumulative) is the year's total
    where no annual figure of that year is in the data."""
    s = bundled.series(region, GDP, data=real)
    try:
        dec = bundled.series(region, GDP, freq="M", cumulative=True, data=real)
    except (DataError, ValueError):
        dec = pd.Series(dtype=float)
    dec = dec[[str(c).endswith("-12") for c in dec.index]]
    if len(dec):
        dec.index = [str(year_of_code(c)) for c in dec.index]
        s = pd.concat([s, dec[~dec.index.isin(s.index.astype(str))]]).sort_index()
    if before is not None:
        s = s[s.index.astype(int) < before]
    if s.empty:
        return None
    return s.index[-1], float(s.iloc[-1])


def source_of(rd: ReportData, region: str, period: str, indicator: str = GDP,
              measure: str = "level") -> str:
    """The ``source`` text of one real figure (empty when absent)."""
    f = rd.real
    sel = f[(f["region"] == region) & (f["indicator"] == indicator) & (f["measure"] == measure)
            & (f["period"] == str(period))]
    return str(sel["source"].iloc[0]) if len(sel) else ""


def split_list(text: str | Sequence[str]) -> list[str]:
    """Split a comma-separated parameter ("中原区,二七区" or "中原区，二七区") into names."""
    if not isinstance(text, str):
        return [str(t) for t in text]
    return [t.strip() for t in re.split(r"[,，、]", text) if t.strip()]
