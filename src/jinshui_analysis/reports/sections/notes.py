"""数据说明: where the numbers come from, which inputs are demo data, and reading notes."""

from __future__ import annotations

import re

import pandas as pd

from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr


def data_notes(rd: ReportData, language: str = "zh", *, demo_shown: bool = True) -> Section:
    """Where the numbers come from, and which inputs are demo data.

    ``demo_shown=False`` for reports whose sections use published figures only (benchmark).
    """
    sec = Section(tr("数据说明", "Data notes", language), language)
    urls = pd.Series([re.sub(r"\s*\[.*\]$", "", x) for x in rd.sources])
    src = urls.value_counts().rename_axis(tr("来源", "source", language)).to_frame(
        tr("数据条数", "figures", language))
    sec.tables.append((tr(f"{rd.region}已公布数据来源", f"Sources of published figures for {rd.region}", language), src))
    if rd.synthetic and demo_shown:
        sec.synthetic = True
        sec.notes.append(tr("以下部分使用示例数据（由 jinshui_analysis.demo 生成，按已公布总量校准）：",
                            "These inputs are synthetic (jinshui_analysis.demo, calibrated to published totals): ",
                            language) + ", ".join(sorted(rd.synthetic)) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    for note in rd.notes:
        sec.notes.append(tr("读取数据时：", "While reading the data: ", language) + note)
    sec.notes.append(tr(f"输入数据哈希 SHA-256: {rd.data_hash[:16]}…", f"Input data SHA-256: {rd.data_hash[:16]}…", language))
    return sec
