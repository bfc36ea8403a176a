"""月度指标: the monthly indicators dashboard."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    MONTHLY_INDICATORS,
    ReportData,
)
from jinshui_analysis.reports.section import Section, indexed, tr


def dashboard(rd: ReportData, language: str = "zh", city: str | None = None) -> Section:
    """Monthly indicator dashboard: YTD growth this year vs last year, and vs the city."""
    city = city or rd.profile.parent
    sec = Section(tr("月度指标", "Monthly indicators", language), language)
    syn = "monthly" in rd.synthetic
    panels = []
    rows = []
    for ind, (en, _) in MONTHLY_INDICATORS.items():
        yo = bundled.series(rd.region, ind, measure="yoy_pct", freq="M", data=rd.monthly)
        if yo.empty:
            continue
        this = yo[yo.index.str.startswith(str(rd.year))]
        last = yo[yo.index.str.startswith(str(rd.year - 1))]
        frame = pd.DataFrame({
            tr(f"{rd.year}年", str(rd.year), language): this.set_axis(this.index.str[5:]),
            tr(f"{rd.year - 1}年", str(rd.year - 1), language): last.set_axis(last.index.str[5:]),
        })
        cityv = bundled.series(city, ind, measure="yoy_pct", freq="M", data=rd.real)
        cityv = cityv[cityv.index.str.startswith(str(rd.year))]
        if not cityv.empty:
            frame[tr(city, city, language)] = cityv.set_axis(cityv.index.str[5:])
        frame.index.name = tr("月份", "month", language)
        panels.append((tr(ind + "累计增速", en + " YTD growth", language), frame, "%"))
        rows.append((tr(ind, en, language), this.get(rd.period, float("nan")),
                     last.get(f"{rd.year - 1}-{rd.month:02d}", float("nan")),
                     cityv.get(rd.period, float("nan"))))
    if not panels:
        sec.notes.append(tr("数据中没有月度指标。", "No monthly indicators in the data.", language))
        return sec
    sec.tables.append(("", indexed(pd.DataFrame(rows, columns=[
        tr("指标", "indicator", language), tr("本年累计增速（%）", "YTD growth this year (%)", language),
        tr("上年同期（%）", "same period last year (%)", language), tr(f"{city}（%）", f"{city} (%)", language)]))))
    sec.figures.append(plots.dashboard(panels, synthetic=syn,
                                       title=tr(f"{rd.region} 月度指标累计增速（%）",
                                                f"{rd.region}: monthly indicators, YTD growth (%)", language)))
    if syn:
        sec.synthetic = True
        sec.notes.append(tr("月度指标为示例数据；城市对比为已公布数据（如有）。",
                            "Monthly indicators are synthetic; city values are published figures where they exist.",
                            language) + f" — {DEMO}")
    return sec
