"""The report's title block: title, region, period, issuing unit (or the analysis-draft label),
the generation date (Beijing time) beside the data's cut-off date, and the report's one demo-data
notice."""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo

import pandas as pd

from jinshui_analysis.periods import to_timestamp
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import default_demo_notice
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.text import msg, pick

BEIJING = ZoneInfo("Asia/Shanghai")


def issue_date(language: str = "zh", today: _dt.date | None = None) -> str:
    """Today's date in Beijing time: ``2023年7月15日`` / ``15 July 2023``."""
    return _day(today or _dt.datetime.now(BEIJING).date(), language)


#: Shown instead of an issuing unit when the user's profile names none: the bundled profiles
#: name no issuer (a report built on public, partly secondary data is not a bureau's release).
#: Its words are the catalogue's ``title.draft``.
DRAFT_LABEL = "title.draft"


def _day(d: _dt.date, language: str) -> str:
    """A date as the report writes it (a date format, not a message)."""
    form = pick(language, zh="{d.year}年{d.month}月{d.day}日", en="{d.day} {month} {d.year}")
    return form.format(d=d, month=d.strftime("%B"))


def data_cutoff(rd: ReportData) -> tuple[_dt.date, str] | None:
    """The data's cut-off date: the latest publication date among the figures the report uses
    (the region's, its parent units', benchmark's and peers' rows up to the report's period),
    ``(date, "published")``; where a figure's publication date is not recorded and its period
    ends later, or for the user's own tables, the end of the latest period, ``(date, "period")``.
    None when the report has no figure."""
    pr = rd.profile
    names = {rd.region, pr.city, pr.province, pr.benchmark, *pr.peers, *pr.districts} - {""}
    real = rd.real[rd.real["region"].isin(names)]
    if rd.data != "bundled":
        real = real[~real["source"].astype(str).str.startswith("synthetic")]
    ends = []
    for code in real["period"].astype(str).unique():
        try:
            ends.append((code, to_timestamp(code, "end").date()))
        except Exception:  # noqa: BLE001 - a code that is not a period (a target year label)
            continue
    if not ends:
        return None
    end_of = dict(ends)
    published = pd.to_datetime(real["published"], errors="coerce", format="%Y-%m-%d") \
        if "published" in real else pd.Series(pd.NaT, index=real.index)
    dated = published.notna()
    best: tuple[_dt.date, str] | None = None
    if dated.any():
        best = (published[dated].max().date(), "published")
    # a target's "period" is the year it aims at, not when its figure was known
    undated_rows = real[~dated & ~real["indicator"].astype(str).str.contains("目标")]
    # …nor is a plan for the report's year (重点项目 2023 in a June report): capped at its end
    last = to_timestamp(rd.period, "end").date()
    undated = [min(end_of[c], last) for c in undated_rows["period"].astype(str) if c in end_of]
    if undated and (best is None or max(undated) > best[0]):
        best = (max(undated), "period")
    return best


def cutoff_text(rd: ReportData, language: str = "zh") -> str:
    """``数据截至2026年1月19日（所用数据的最晚发布日期）`` or, by period,
    ``数据截至2025年12月31日（所用数据的最晚统计期末，发布日期未记录）``."""
    found = data_cutoff(rd)
    if found is None:
        return ""
    d, kind = found
    key = "title.cutoff_published" if kind == "published" else "title.cutoff_period"
    return msg(key, language, day=_day(d, language))


def heading(rd: ReportData, language: str = "zh", kind: str = "monthly", *,
            today: _dt.date | None = None) -> Section:
    """The report's title block (shown instead of a section heading, and sent to Word/PDF).

    ``kind`` is ``"monthly"`` (经济运行分析 for the year to date), ``"annual"`` or
    ``"benchmark"``.  The issuing unit is the region profile's ``issuer``, which only the
    user's own profile (``jinshui.toml`` / ``--profile``) sets; without one the block says
    分析稿（基于公开数据，非官方发布） (:data:`DRAFT_LABEL`).  The date is the generation date, today
    in Beijing time (``today`` overrides it), beside the data's cut-off date
    (:func:`cutoff_text`).  A report that shows demo data carries one notice here (its charts
    carry a watermark); the sections do not repeat it.
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
        title = msg("title.monthly", language, region=region, period=period)
    elif kind == "annual":
        period = msg("title.year", language, year=rd.year)
        title = msg("title.annual", language, region=region, year=rd.year)
    else:
        period = ""
        title = msg("title.benchmark", language, region=region)
    demo = bool(rd.synthetic) and kind != "benchmark"
    generated = msg("title.generated", language, date=issue_date(language, today))
    sec = Section(title, language)
    sec.meta = {
        "title": title,
        "region": pick(language, zh=full_region, en=region),
        "period_label": period,
        "issuer": (numbers.issuer_text(rd.profile.issuer, rd.region, language)
                   if rd.profile.issuer else msg("title.draft", language)),
        "date": msg("title.date_sep", language).join(
            x for x in (generated, cutoff_text(rd, language)) if x),
        "language": language,
        "demo": demo,
        "demo_notice": default_demo_notice(language) if demo else "",
    }
    return sec
