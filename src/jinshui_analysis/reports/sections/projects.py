"""重点项目序时进度: key projects against the time-proportional schedule."""

from __future__ import annotations

import re

import pandas as pd

from jinshui_analysis.models.projects import schedule_progress
from jinshui_analysis.reports import numbers, plots
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.labels import project_level
from jinshui_analysis.reports.present import schedule_band
from jinshui_analysis.reports.section import Section, memoised
from jinshui_analysis.reports.text import msg


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
    if not m:
        return text
    if m.group(2):
        return msg("projects.demo_name_sector", language, n=m.group(1), sector=m.group(2))
    return msg("projects.demo_name", language, n=m.group(1))


@memoised
def key_projects(rd: ReportData, language: str = "zh", n_behind: int = 5) -> Section:
    """Key-project pipeline against 序时进度 (:func:`projects.schedule_progress`)."""
    sec = Section(msg("projects.title", language), language)
    if rd.projects is None:
        sec.notes.append(msg("projects.no_data", language))
        return sec
    res = schedule_progress(rd.projects.projects, rd.projects.completed, rd.period.period,
                            synthetic=rd.projects.synthetic)
    syn = res.synthetic
    sec.synthetic = syn
    sec.record("projects_count", len(res.table), "个", msg("projects.count_label", language), synthetic=syn)
    sec.record("projects_planned", float(res.table["planned"].sum()), "亿元",
               msg("projects.planned_label", language), synthetic=syn)
    sec.record("projects_completion_pct", res.completion_pct, "%",
               msg("projects.completion_label", language), synthetic=syn)
    sec.record("projects_gap_pp", res.gap_pp, "百分点", msg("projects.gap_label", language),
               synthetic=syn)
    sec.record("projects_behind", int(res.table["behind"].sum()), "个",
               msg("projects.behind_label", language), synthetic=syn)
    cols = {"projects": msg("projects.col_projects", language),
            "planned": msg("projects.col_planned", language),
            "completed": msg("projects.col_completed", language),
            "behind": msg("projects.col_behind", language),
            "completion_pct": msg("projects.col_completion", language),
            "gap_pp": msg("projects.col_gap", language),
            "name": msg("projects.col_name", language),
            "level": msg("projects.col_level", language)}
    by_level = res.by_level.rename(index=lambda v: project_level(v, language))
    by_level = by_level.astype({c: int for c in ("projects", "behind") if c in by_level})
    level_table = by_level.rename(columns=cols).rename_axis(cols["level"]).round(2)
    level_table.attrs["bands"] = _bands(by_level, res.schedule_pct)
    sec.tables.append((msg("projects.by_level", language), level_table))
    behind = res.furthest_behind(n_behind).drop(columns="behind")
    behind["level"] = behind["level"].map(lambda v: project_level(v, language))
    if "name" in behind.columns:
        behind["name"] = behind["name"].map(lambda v: _project_name(v, language))
    behind_table = behind.rename(columns=cols).rename_axis(msg("projects.col_id", language)).round(2)
    behind_table.attrs["bands"] = _bands(behind, res.schedule_pct)
    sec.tables.append((msg("projects.furthest_behind", language), behind_table))
    sec.figures.append(plots.project_progress(res))
    gap = res.gap_pp
    where = (msg("projects.ahead", language, pp=numbers.pp(gap, language)) if gap >= 0 else
             msg("projects.behind", language, pp=numbers.pp(-gap, language)))
    sec.notes.append(msg("projects.progress", language,
                         when=numbers.period_text(res.through, language),
                         schedule=numbers.pct(res.schedule_pct), n=len(res.table),
                         completion=numbers.pct(res.completion_pct), where=where))
    sec.notes.append(msg("projects.units", language))
    if syn:
        sec.notes.append(msg("projects.demo", language))
    return sec
