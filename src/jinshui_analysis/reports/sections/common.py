"""Small helpers shared by several sections."""

from __future__ import annotations

from jinshui_analysis.reports.inputs import (
    ReportData,
    latest_annual,
)
from jinshui_analysis.reports.section import Section, tr


def annual_before(rd: ReportData, sec: Section) -> tuple[str, float] | None:
    """Latest annual GDP before the report year, or None with a note saying it is missing."""
    found = latest_annual(rd.real, rd.region, before=rd.year)
    if found is None:
        sec.notes.append(tr(f"{rd.year}年以前没有{rd.region}的年度地区生产总值。",
                            f"No annual GDP for {rd.region} before {rd.year}.", sec.language))
    return found
