"""The report's title block."""

from __future__ import annotations

from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr


def heading(rd: ReportData, language: str = "zh", kind: str = "monthly") -> Section:
    """The report's title line, and a note when the report shows demo data."""
    if kind == "monthly":
        title = tr(f"{rd.region} {rd.year}年{rd.month}月经济运行报告",
                   f"{rd.region}: economic report, {rd.period}", language)
    elif kind == "annual":
        title = tr(f"{rd.region} {rd.year}年度经济回顾", f"{rd.region}: annual review {rd.year}", language)
    else:
        title = tr(f"{rd.region} 对标分析", f"{rd.region}: benchmarking", language)
    sec = Section(title, language)
    if rd.synthetic and kind != "benchmark":
        sec.notes.append(tr("本报告部分内容使用示例数据（已标注），其余为已公布数据并注明来源。",
                            "Parts of this report use synthetic demo data (marked); the rest are "
                            "published figures with their sources.", language))
    return sec
