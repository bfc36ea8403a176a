"""重点项目序时进度: key projects against the time-proportional schedule."""

from __future__ import annotations

import re

import pandas as pd

from jinshui_analysis.models.projects import schedule_progress
from jinshui_analysis.reports import numbers, plots
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.present import schedule_band
from jinshui_analysis.reports.section import Section, memoised, tr


def _bands(frame: pd.DataFrame, schedule_pct: float, column: str = "completion_pct") -> pd.DataFrame:
    """Schedule bands of ``frame``: the completion column coloured by
    :func:`~jinshui_analysis.reports.present.schedule_band`, other cells none."""
    bands = pd.DataFrame(None, index=frame.index, columns=frame.columns, dtype=object)
    bands[column] = [schedule_band(v, schedule_pct) for v in frame[column]]
    return bands


def _project_name(name: object, language: str) -> str:
    """A demo project's name in English: ``示例项目229（数字经济）`` → ``demo project 229
    (数字经济)``; other names as given."""
    text = str(name)
    m = re.fullmatch(r"示例项目(\d+)(?:（(.+)）)?", text)
    if language != "en" or not m:
        return text
    return f"demo project {m.group(1)}" + (f" ({m.group(2)})" if m.group(2) else "")


@memoised
def key_projects(rd: ReportData, language: str = "zh", n_behind: int = 5) -> Section:
    """Key-project pipeline against 序时进度 (:func:`projects.schedule_progress`)."""
    sec = Section(tr("重点项目序时进度", "Key projects against schedule", language), language)
    if rd.projects is None:
        sec.notes.append(tr("没有重点项目数据。", "No key-project data.", language))
        return sec
    res = schedule_progress(rd.projects.projects, rd.projects.completed, rd.period.period,
                            synthetic=rd.projects.synthetic)
    syn = res.synthetic
    sec.synthetic = syn
    sec.record("projects_count", len(res.table), "个", tr("重点项目个数", "key projects", language), synthetic=syn)
    sec.record("projects_planned", float(res.table["planned"].sum()), "亿元",
               tr("年度计划投资", "planned investment", language), synthetic=syn)
    sec.record("projects_completion_pct", res.completion_pct, "%",
               tr("完成年度计划", "completion of annual plan", language), synthetic=syn)
    sec.record("projects_gap_pp", res.gap_pp, "百分点", tr("与序时进度之差", "gap to schedule", language),
               synthetic=syn)
    sec.record("projects_behind", int(res.table["behind"].sum()), "个",
               tr("落后序时进度项目数", "projects behind schedule", language), synthetic=syn)
    cols = {"projects": tr("项目数", "projects", language), "planned": tr("年度计划（亿元）", "planned (亿元)", language),
            "completed": tr("累计完成（亿元）", "completed (亿元)", language),
            "behind": tr("落后项目数", "behind", language), "completion_pct": tr("完成率（%）", "completion (%)", language),
            "gap_pp": tr("与序时进度差（百分点）", "gap to schedule (pp)", language),
            "name": tr("项目", "project", language), "level": tr("级别", "level", language)}
    levels = {"省级": "provincial", "市级": "municipal", "区级": "district", "合计": "total"}
    by_level = res.by_level.rename(index=lambda v: tr(v, levels.get(v, v), language))
    by_level = by_level.astype({c: int for c in ("projects", "behind") if c in by_level})
    level_table = by_level.rename(columns=cols).rename_axis(cols["level"]).round(2)
    level_table.attrs["bands"] = _bands(by_level, res.schedule_pct)
    sec.tables.append((tr("按级别", "By level", language), level_table))
    behind = res.furthest_behind(n_behind).drop(columns="behind")
    behind["level"] = behind["level"].map(lambda v: tr(v, levels.get(v, v), language))
    if "name" in behind.columns:
        behind["name"] = behind["name"].map(lambda v: _project_name(v, language))
    behind_table = behind.rename(columns=cols).rename_axis(tr("编号", "id", language)).round(2)
    behind_table.attrs["bands"] = _bands(behind, res.schedule_pct)
    sec.tables.append((tr("落后最多的项目", "Furthest behind", language), behind_table))
    sec.figures.append(plots.project_progress(res))
    gap = res.gap_pp
    where = (tr(f"快于序时进度{numbers.pp(gap, language)}", f"{numbers.pp(gap, language)} ahead of "
                "schedule", language) if gap >= 0 else
             tr(f"落后序时进度{numbers.pp(-gap, language)}", f"{numbers.pp(-gap, language)} behind "
                "schedule", language))
    sec.notes.append(tr(
        f"截至{numbers.period_text(res.through, language)}，序时进度（已过时间占全年的比例）为"
        f"{numbers.pct(res.schedule_pct)}；{len(res.table)}个重点项目完成年度计划"
        f"{numbers.pct(res.completion_pct)}，{where}。",
        f"By {numbers.period_text(res.through, language)} the time-proportional schedule is "
        f"{numbers.pct(res.schedule_pct)}; the {len(res.table)} key projects have completed "
        f"{numbers.pct(res.completion_pct)} of their annual plan, {where}.", language))
    sec.notes.append(tr("金额单位：亿元；完成率为累计完成占年度计划的百分比，与序时进度差以百分点计。",
                        "Amounts in 100 million yuan; completion is the share of the annual plan "
                        "(%), the gap to schedule is in percentage points.", language))
    if syn:
        sec.notes.append(tr("项目数据为示例数据（按已公布的项目个数与计划投资校准），非官方统计。",
                            "Project data are synthetic demo data (calibrated to the published "
                            "number of projects and planned investment), not official statistics.",
                            language))
    return sec
