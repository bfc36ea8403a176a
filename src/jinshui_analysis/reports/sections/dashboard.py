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
from jinshui_analysis.reports.section import Section, indexed, tr
from jinshui_analysis.reports.sections.common import (
    UNOFFICIAL_FOOTNOTE,
    UNOFFICIAL_MARK,
    grade_of,
    marked,
)
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
    sec = Section(tr("月度指标", "Monthly indicators", language), language)
    panels = []
    rows = []
    syn = False
    lacking = []
    own = monthly_with_years(rd, list(MONTHLY_INDICATORS))  # a full year counts as 1-12月
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        yo = ytd_values(own, rd.region, ind, "yoy_pct")
        yo = yo[(codes_info(yo.index)["freq"] == "M").to_numpy() & (yo.index <= rd.period.period)]
        this = _months_of(yo, rd.year)
        last = _months_of(yo, rd.year - 1)
        if this.empty and last.empty:
            lacking.append(ind if language == "zh" else en)
            continue
        syn = syn or bool(yo["synthetic"].any())
        frame = pd.DataFrame({
            tr(f"{rd.year}年", str(rd.year), language): this,
            tr(f"{rd.year - 1}年", str(rd.year - 1), language): last,
        })
        cityv = pd.Series(dtype=float)
        if city and city != rd.region:
            cy = ytd_values(rd.real, city, ind, "yoy_pct")
            cityv = _months_of(cy[cy.index <= rd.period.period], rd.year)
            if not cityv.empty:
                frame[city] = cityv
        frame = frame.sort_index()
        frame.index.name = tr("月份（1至该月累计）", "month (Jan to month, cumulative)", language)
        panels.append((tr(ind + "累计增速", en + " YTD growth", language), frame, "%"))
        mm = f"{rd.month:02d}"
        if pd.isna(this.get(mm)) and pd.isna(last.get(mm)) and pd.isna(cityv.get(mm)):
            lacking.append(ind if language == "zh" else en)
        else:
            def mark(frame: pd.DataFrame, code: str, value: float) -> object:
                src = str(frame.loc[code, "source"]) if code in frame.index else ""
                return marked(value, grade_of(rd, src), "%", language)  # "5.0*": 非官方来源

            prev = f"{rd.year - 1}-{mm}"
            rows.append((tr(ind, en, language), mark(yo, rd.period.period, this.get(mm, float("nan"))),
                         mark(yo, prev, last.get(mm, float("nan"))),
                         mark(cy, rd.period.period, cityv.get(mm, float("nan")))
                         if city and city != rd.region else float("nan")))
    when = describe(rd.period, True, language)
    if not panels:
        sec.notes.append(tr(f"数据中没有{rd.region}{rd.year - 1}—{rd.year}年的月度累计增速。",
                            f"The data have no monthly YTD growth of {rd.region} for "
                            f"{rd.year - 1}–{rd.year}.", language))
        return sec
    columns = [tr("指标", "indicator", language),
               tr(f"{when}累计增速（%）", f"YTD growth {when} (%)", language),
               tr("上年同期（%）", "same period last year (%)", language)]
    if city and city != rd.region:
        columns.append(tr(f"{city}（%）", f"{city} (%)", language))
    if rows:
        table = pd.DataFrame([r[:len(columns)] for r in rows], columns=columns)
        sec.tables.append(("", indexed(table)))
        if any(str(x).endswith(UNOFFICIAL_MARK) for r in rows for x in r[1:]):
            sec.notes.append(tr(*UNOFFICIAL_FOOTNOTE, language))
    sec.figures.append(plots.dashboard(panels, synthetic=syn,
                                       title=tr(f"{rd.region} 月度指标累计增速（%）",
                                                f"{rd.region}: monthly indicators, YTD growth (%)", language)))
    sec.notes.append(tr("各月数值均为1月至该月的累计同比增速（1-2月合并发布）。",
                        "Every value is year-to-date growth from January to that month "
                        "(January and February are published together).", language))
    if lacking:
        sep = "、" if language == "zh" else ", "
        sec.notes.append(tr(f"数据中没有{when}的{sep.join(lacking)}累计增速。",
                            f"The data have no YTD growth of {sep.join(lacking)} for {when}.",
                            language))
    if syn:
        sec.synthetic = True
        sec.notes.append(tr("本地区月度指标含示例数据；城市对比为已公布数据（如有）。",
                            "The region's monthly indicators include synthetic data; city values are "
                            "published figures where they exist.", language) + f" — {DEMO}")
    return sec
