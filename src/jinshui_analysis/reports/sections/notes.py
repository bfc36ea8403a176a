"""数据说明: where the numbers come from, which inputs are demo data, and reading notes."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.exceptions import TableWarning
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.labels import msg, plain
from jinshui_analysis.reports.section import Section, tr


def data_notes(rd: ReportData, language: str = "zh", *, demo_shown: bool = True) -> Section:
    """Where the numbers come from, and which inputs are demo data.

    ``demo_shown=False`` for reports whose sections use published figures only (benchmark).
    """
    sec = Section(tr("数据说明", "Data notes", language), language)
    rows = rd.real[rd.real["region"] == rd.region].copy()
    rows["address"] = rows["source"].astype(str).str.replace(r"\s*\[.*\]$", "", regex=True)
    for col in ("grade", "publisher", "published"):
        if col not in rows:
            rows[col] = ""
        rows[col] = rows[col].fillna("").astype(str)
    rows["grade"] = rows["grade"].replace("", "unknown")
    order = {"official": 0, "press": 1, "secondary": 2, "unknown": 3}
    names = {"official": tr("官方", "official", language), "press": tr("媒体转载官方发布", "press", language),
             "secondary": tr("非官方来源", "secondary (unofficial)", language),
             "unknown": tr("用户数据/未分级", "user data / ungraded", language)}
    g = rows.groupby(["grade", "publisher", "published", "address"]).size().reset_index(name="n")
    g = g.sort_values(["grade", "n"], key=lambda c: c.map(order) if c.name == "grade" else -c)
    table = pd.DataFrame({
        tr("等级", "grade", language): g["grade"].map(names).to_numpy(),
        tr("发布者", "publisher", language): g["publisher"].to_numpy(),
        tr("发布日期", "date", language): g["published"].replace("", "—").to_numpy(),
        tr("地址", "address", language): g["address"].to_numpy(),
        tr("数据条数", "figures", language): g["n"].to_numpy()})
    sec.tables.append((tr(f"{rd.region}已公布数据来源（按来源等级）",
                          f"Sources of published figures for {rd.region} (by grade)", language),
                       table.set_index(tr("等级", "grade", language))))
    n_sec = int((rows["grade"] == "secondary").sum())
    if n_sec:
        sec.notes.append(tr(f"{n_sec}条数据仅见于非官方来源（聚合网站、博客、镜像），正文中标注“非官方来源”。",
                            f"{n_sec} figures rest only on secondary sources (aggregators, blogs, "
                            "mirrors); marked 'unofficial source' where shown.", language))
    if rd.synthetic and demo_shown:
        sec.synthetic = True
        sec.notes.append(tr("以下部分使用示例数据（由 jinshui_analysis.demo 生成，按已公布总量校准）：",
                            "These inputs are synthetic (jinshui_analysis.demo, calibrated to published totals): ",
                            language) + ", ".join(sorted(rd.synthetic)) + f" — {DEMO}")
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    for note in rd.notes:  # reader warnings and loader notes: objects with .text(language)
        text = plain(note, language)
        sec.notes.append(msg("warn.reading", language, text=text)
                         if isinstance(note, TableWarning) else text)
    sec.notes.append(tr(f"输入数据哈希 SHA-256: {rd.data_hash[:16]}…", f"Input data SHA-256: {rd.data_hash[:16]}…", language))
    return sec
