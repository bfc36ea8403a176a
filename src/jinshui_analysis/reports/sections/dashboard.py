"""月度指标: the monthly indicators dashboard (year-to-date growth only).

Every series is 累计 (year-to-date) growth, picked with
:func:`~jinshui_analysis.reports.values.ytd_values` (the one series selector; 当月 rows never
enter), one value per month, so panels never hold two values for one month.
"""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.periods import codes_info, describe
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import DEMO, MONTHLY_INDICATORS, ReportData
from jinshui_analysis.reports.section import Section, indexed
from jinshui_analysis.reports.sections.common import (
    UNOFFICIAL_MARK,
    grade_of,
    marked,
    unofficial_footnote,
)
from jinshui_analysis.reports.text import msg, pick
from jinshui_analysis.reports.values import monthly_with_years, ytd_values


def _months_of(frame: pd.DataFrame, year: int) -> pd.Series:
    """YTD growth of ``year`` indexed by two-digit month ("02" … "12")."""
    info = codes_info(frame.index)
    keep = ((info["freq"] == "M") & (info["year"] == year)).fillna(False).to_numpy(bool)
    months = [f"{m:02d}" for m in info["last_month"][keep]]
    return pd.Series(frame["value"].to_numpy(float)[keep], index=pd.Index(months, name="month"))


def dashboard(rd: ReportData, language: str = "zh", city: str | None = None) -> Section:
    """Monthly indicator dashboard: 累计 (YTD) growth this year vs last year, and vs the city."""
    city = city or rd.profile.parent
    sec = Section(msg("dashboard.title", language), language)
    panels = []
    rows = []
    syn = False
    lacking = []
    own = monthly_with_years(rd, list(MONTHLY_INDICATORS))  # a full year counts as 1-12月
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        name = pick(language, zh=ind, en=en)  # the indicator's name in the report's language
        yo = ytd_values(own, rd.region, ind, "yoy_pct")
        yo = yo[(codes_info(yo.index)["freq"] == "M").to_numpy() & (yo.index <= rd.period.period)]
        this = _months_of(yo, rd.year)
        last = _months_of(yo, rd.year - 1)
        if this.empty and last.empty:
            lacking.append(name)
            continue
        syn = syn or bool(yo["synthetic"].any())
        frame = pd.DataFrame({
            msg("dashboard.year", language, year=rd.year): this,
            msg("dashboard.year", language, year=rd.year - 1): last,
        })
        cityv = pd.Series(dtype=float)
        if city and city != rd.region:
            cy = ytd_values(rd.real, city, ind, "yoy_pct")
            cityv = _months_of(cy[cy.index <= rd.period.period], rd.year)
            if not cityv.empty:
                frame[city] = cityv
        frame = frame.sort_index()
        frame.index.name = msg("dashboard.col_month", language)
        panels.append((msg("dashboard.panel", language, indicator=name), frame, "%"))
        mm = f"{rd.month:02d}"
        if pd.isna(this.get(mm)) and pd.isna(last.get(mm)) and pd.isna(cityv.get(mm)):
            lacking.append(name)
        else:
            def mark(frame: pd.DataFrame, code: str, value: float) -> object:
                src = str(frame.loc[code, "source"]) if code in frame.index else ""
                return marked(value, grade_of(rd, src), "%", language)  # "5.0*": 非官方来源

            prev = f"{rd.year - 1}-{mm}"
            rows.append((name, mark(yo, rd.period.period, this.get(mm, float("nan"))),
                         mark(yo, prev, last.get(mm, float("nan"))),
                         mark(cy, rd.period.period, cityv.get(mm, float("nan")))
                         if city and city != rd.region else float("nan")))
    when = describe(rd.period, True, language)
    if not panels:
        sec.notes.append(msg("dashboard.no_data", language, region=rd.region, prev_year=rd.year - 1,
                             year=rd.year))
        return sec
    columns = [msg("dashboard.col_indicator", language),
               msg("dashboard.col_ytd", language, when=when),
               msg("dashboard.col_last_year", language)]
    if city and city != rd.region:
        columns.append(msg("dashboard.col_city", language, city=city))
    if rows:
        table = pd.DataFrame([r[:len(columns)] for r in rows], columns=columns)
        sec.tables.append(("", indexed(table)))
        if any(str(x).endswith(UNOFFICIAL_MARK) for r in rows for x in r[1:]):
            sec.notes.append(unofficial_footnote(language))
    sec.figures.append(plots.dashboard(panels, synthetic=syn,
                                       title=msg("dashboard.chart", language, region=rd.region)))
    sec.notes.append(msg("dashboard.ytd_note", language))
    if lacking:
        sec.notes.append(msg("dashboard.lacking", language, when=when,
                             what=msg("common.list_sep", language).join(lacking)))
    if syn:
        sec.synthetic = True
        sec.notes.append(msg("dashboard.demo", language) + f" — {DEMO}")
    return sec
