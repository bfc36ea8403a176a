"""主要指标: the headline table of a report."""

from __future__ import annotations

import calendar

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.reports.inputs import (
    DEMO,
    GDP,
    MONTHLY_INDICATORS,
    ReportData,
    source_of,
)
from jinshui_analysis.reports.section import Section, indexed, tr
from jinshui_analysis.reports.sections.common import annual_before


def headline(rd: ReportData, language: str = "zh") -> Section:
    """Headline numbers: the latest published annual GDP and the month's YTD indicators."""
    sec = Section(tr("主要指标", "Headline figures", language), language)
    found = annual_before(rd, sec)
    if found is None:
        return sec
    year, value = found
    g = bundled.series(rd.region, GDP, measure="yoy_pct", data=rd.real)
    src = source_of(rd, rd.region, year)
    published = tr("已公布", "published", language) if rd.data == "bundled" else \
        tr("用户数据", "user data", language)
    sec.record("gdp_latest", value, "亿元", tr(f"{year}年地区生产总值", f"GDP {year}", language), src)
    sec.record("gdp_latest_year", int(year), "年", tr("最新年度", "latest year", language), src,
               headline=False)
    rows = [(tr(f"地区生产总值（{year}年）", f"GDP ({year})", language), value, "亿元",
             g.get(year, float("nan")), published)]
    syn = "monthly" in rd.synthetic
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        lv = bundled.series(rd.region, ind, measure="level", freq="M", data=rd.monthly)
        yo = bundled.series(rd.region, ind, measure="yoy_pct", freq="M", data=rd.monthly)
        if rd.period not in yo.index:
            continue
        level = lv.get(rd.period, float("nan"))
        growth_pct = float(yo[rd.period])
        key = {"规模以上工业增加值": "industry", "社会消费品零售总额": "retail",
               "固定资产投资": "investment", "一般公共预算收入": "revenue"}[ind]
        label = tr(ind, en, language)
        sec.record(f"{key}_ytd_yoy", growth_pct, "%", label + tr("累计增速", " YTD growth", language),
                   synthetic=syn)
        if pd.notna(level):
            sec.record(f"{key}_ytd", float(level), "亿元", label + tr("累计", " YTD", language),
                       synthetic=syn)
        rows.append((label + tr(f"（1-{rd.month}月）", f" (Jan–{calendar.month_abbr[rd.month]})",
                                language), level,
                     "亿元" if pd.notna(level) else "—", growth_pct,
                     DEMO if syn else tr("用户数据", "user data", language)))
    table = pd.DataFrame(rows, columns=[tr("指标", "indicator", language), tr("数值", "value", language),
                                        tr("单位", "unit", language), tr("同比增长（%）", "YoY growth (%)", language),
                                        tr("来源", "source", language)])
    sec.tables.append(("", indexed(table)))
    sec.notes.append(tr(f"{year}年地区生产总值来源：{src}", f"Source of GDP {year}: {src}", language))
    if syn:
        sec.synthetic = True
        sec.notes.append(tr("月度指标为示例数据（未公开发布，按已公布年度总量校准）",
                            "Monthly indicators are synthetic demo data calibrated to published annual totals",
                            language) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    return sec
