"""重点项目序时进度: key projects against the time-proportional schedule."""

from __future__ import annotations

from jinshui_analysis.models.projects import schedule_progress
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr


def key_projects(rd: ReportData, language: str = "zh", n_behind: int = 10) -> Section:
    """Key-project pipeline against 序时进度 (:func:`projects.schedule_progress`)."""
    sec = Section(tr("重点项目序时进度", "Key projects against schedule", language), language)
    if rd.projects is None:
        sec.notes.append(tr("没有重点项目数据。", "No key-project data.", language))
        return sec
    res = schedule_progress(rd.projects.projects, rd.projects.completed, rd.period,
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
    sec.tables.append((tr("按级别", "By level", language),
                       by_level.rename(columns=cols).rename_axis(cols["level"]).round(2)))
    behind = res.furthest_behind(n_behind).drop(columns="behind")
    behind["level"] = behind["level"].map(lambda v: tr(v, levels.get(v, v), language))
    sec.tables.append((tr("落后最多的项目", "Furthest behind", language),
                       behind.rename(columns=cols).rename_axis(tr("编号", "id", language)).round(2)))
    sec.figures.append(plots.project_progress(res))
    sec.notes.extend(str(n) for n in res.summary().notes)
    return sec
