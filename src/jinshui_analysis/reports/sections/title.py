"""The report's title block: title, region, period, issuing unit, date (Beijing time), and the
report's one demo-data notice."""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo

from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import default_demo_notice
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr

BEIJING = ZoneInfo("Asia/Shanghai")


def issue_date(language: str = "zh", today: _dt.date | None = None) -> str:
    """Today's date in Beijing time: ``2023年7月15日`` / ``15 July 2023``."""
    d = today or _dt.datetime.now(BEIJING).date()
    if language == "en":
        return f"{d.day} {d.strftime('%B')} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def heading(rd: ReportData, language: str = "zh", kind: str = "monthly", *,
            today: _dt.date | None = None) -> Section:
    """The report's title block (shown instead of a section heading, and sent to Word/PDF).

    ``kind`` is ``"monthly"`` (经济运行分析 for the year to date), ``"annual"`` or
    ``"benchmark"``.  The issuing unit is the region profile's ``issuer``; the date is today in
    Beijing time (``today`` overrides it).  A report that shows demo data carries one notice here
    (its charts carry a watermark); the sections do not repeat it.
    """
    from jinshui_analysis.reports import plots

    plots.use_language(language)  # chart labels of this report in its language
    region = numbers.region_text(rd.region, language)
    full_region = rd.region
    if rd.profile.city and rd.profile.level in ("district", "zone") and \
            not rd.region.startswith(rd.profile.city):
        full_region = rd.profile.city + rd.region
    if kind == "monthly":
        period = numbers.period_text(rd.period, language, ytd=True)
        title = tr(f"{rd.region}{period}经济运行分析",
                   f"{region}: economic performance, {period}", language)
    elif kind == "annual":
        period = tr(f"{rd.year}年", str(rd.year), language)
        title = tr(f"{rd.region}{rd.year}年经济运行回顾", f"{region}: annual review {rd.year}",
                   language)
    else:
        period = ""
        title = tr(f"{rd.region}对标分析", f"{region}: benchmarking", language)
    demo = bool(rd.synthetic) and kind != "benchmark"
    sec = Section(title, language)
    sec.meta = {
        "title": title,
        "region": full_region if language == "zh" else region,
        "period_label": period,
        "issuer": numbers.issuer_text(rd.profile.issuer, rd.region, language),
        "date": issue_date(language, today),
        "language": "en" if language == "en" else "zh",
        "demo": demo,
        "demo_notice": default_demo_notice(language) if demo else "",
    }
    return sec
