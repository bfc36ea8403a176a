"""Small helpers shared by several sections."""

from __future__ import annotations

from jinshui_analysis.reports.inputs import (
    ReportData,
    latest_annual,
)
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.text import msg

GDP_NAME = "地区生产总值"


def annual_before(rd: ReportData, sec: Section) -> tuple[str, float] | None:
    """Latest annual GDP before the report year, or None with a note saying it is missing."""
    found = latest_annual(rd.real, rd.region, before=rd.year)
    if found is None:
        sec.notes.append(msg("common.no_annual_gdp_before", sec.language, year=rd.year,
                             region=rd.region))
    return found


def last_full_year(rd: ReportData) -> int:
    """Latest year a report for ``rd.period`` may use annual figures of (no look-ahead)."""
    return rd.year if rd.month == 12 else rd.year - 1


def row_of(rd: ReportData, region: str, period: str, indicator: str = GDP_NAME,
           measure: str = "level", *, ytd: bool | None = None) -> dict | None:
    """The published row (value, source, grade, publisher, published, qualifier) of one figure.

    ``ytd=True`` keeps year-to-date rows (a first quarter or January counts as both).
    """
    f = rd.real
    sel = f[(f["region"] == region) & (f["indicator"] == indicator) & (f["measure"] == measure)
            & (f["period"].astype(str) == str(period))]
    if ytd is not None and "cumulative" in sel.columns and len(sel):
        first = str(period).endswith(("Q1", "-01", "-02"))
        sel = sel[(sel["cumulative"].fillna(False).astype(bool) == ytd) | first]
    if sel.empty:
        return None
    r = sel.iloc[0]
    return {k: (r[k] if k in sel.columns and not _missing(r[k]) else "")
            for k in ("value", "source", "grade", "publisher", "published", "qualifier",
                      "price_basis")}


def _missing(x: object) -> bool:
    try:
        return bool(x != x)  # NaN
    except (TypeError, ValueError):
        return False


def unofficial(grade: str, language: str = "zh") -> str:
    """"（非官方来源）" after a figure resting only on a secondary source (else empty)."""
    if grade != "secondary":
        return ""
    return msg("common.unofficial", language)


def grade_of(rd: ReportData, source: str) -> str:
    """The grade (official / press / secondary) of the published row a figure was read from,
    found by its ``source`` text; "" for demo figures, derived figures and unknown sources."""
    if not source or source.startswith("synthetic"):
        return ""
    sel = rd.real.loc[rd.real["source"].astype(str) == source, "grade"] \
        if "grade" in rd.real else []
    return str(sel.iloc[0]) if len(sel) and not _missing(sel.iloc[0]) else ""


#: The cell marker of a figure resting only on a secondary source, and its footnote.
UNOFFICIAL_MARK = "*"


def unofficial_footnote(language: str = "zh") -> str:
    """The footnote under a table with a :data:`UNOFFICIAL_MARK` cell."""
    return msg("common.unofficial_footnote", language)


def marked(value: object, grade: str, column: str = "", language: str = "zh") -> object:
    """A table cell with the 非官方 marker: ``"5.4*"`` when ``grade`` is secondary (formatted as
    the column formats numbers), else the value unchanged."""
    from jinshui_analysis.reports import numbers

    if grade != "secondary":
        return value
    text = numbers.cell(value, column, language)
    return f"{text}{UNOFFICIAL_MARK}" if text else value


#: Growth observations (within consistent windows) a GDP forecast needs.
MIN_GROWTH_OBS = 2


def gdp_outlook(rd: ReportData, region: str | None = None, horizon: int = 3):
    """The one GDP forecast every report shows: :func:`models.forecast.growth_forecast` on the
    region's annual GDP levels (管理口径, current prices) up to the report's last full year,
    skipping growth across the breaks declared in ``data/breaks.csv``
    (:func:`jinshui_analysis.data.bundled.breaks`).

    Returns (result, levels), or (None, levels) when fewer than :data:`MIN_GROWTH_OBS` growth
    observations lie within consistent windows (a forecast resting on one year's growth, e.g.
    金水区 2017→2018 when 2018→2022 crosses the 2019 census revision, is not made).
    """
    from jinshui_analysis.data import bundled
    from jinshui_analysis.exceptions import DataError
    from jinshui_analysis.models.forecast import growth_forecast

    region = region or rd.region
    lv = bundled.series(region, GDP_NAME, data=rd.real)
    lv = lv[lv.index.astype(int) <= last_full_year(rd)]
    try:  # growth across a declared break (口径 change, census revision) is left out
        res = growth_forecast(lv, horizon, breaks=bundled.breaks(region, GDP_NAME))
    except DataError:
        return None, lv
    return (res if res.n_growth >= MIN_GROWTH_OBS else None), lv


def profile_targets(rd: ReportData, target_growth: float | None = None,
                    threshold: float | None = None, *,
                    required: bool = True) -> tuple[float | None, float | None]:
    """The report's real GDP growth target (%) and GDP level of interest (亿元, current prices).

    The target is, in this order: the notebook parameter ``target_growth`` when given; the
    region's **published target for the report year** (:func:`jinshui_analysis.data.targets.
    target_for`, ``regional/targets.csv``); the region profile's ``target_growth_pct`` (a
    fallback, labelled as such wherever the target is written: :func:`target_goal`).  The
    threshold is the parameter, else the profile's ``threshold``.  A missing target is a
    :class:`ParameterError` (no silent default) unless ``required`` is False (then None: the
    benchmark report leaves out its target-path scenario); a missing threshold is None (its
    sentences are left out)."""
    from jinshui_analysis.data.targets import target_for
    from jinshui_analysis.exceptions import ParameterError

    g = target_growth
    if g is None:
        fact = target_for(rd.region, rd.year)
        g = fact.value if fact is not None else rd.profile.target_growth_pct
    thr = threshold if threshold is not None else rd.profile.threshold
    if g is None and not required:
        return None, (None if thr is None else float(thr))
    if g is None:
        raise ParameterError(
            f"no growth target for {rd.region}: pass target_growth=… or set target_growth_pct "
            "in its region profile (jinshui.toml)", parameter="target_growth")
    return float(g), (None if thr is None else float(thr))


def target_goal(rd: ReportData, target_growth: float, language: str = "zh",
                year: int | None = None) -> tuple[str, bool]:
    """The target as the report writes it, and whether it is a floor ("以上").

    Where ``target_growth`` is the region's published target for ``year`` (default the report
    year) the phrase carries its qualifier ("实际增长6%左右"), and a secondary source its
    非官方 mark; otherwise it is labelled as the configured fallback ("实际增长7%（未找到2025年
    目标，按配置7%）"), or, where a different target was published for the year, says so.
    """
    from jinshui_analysis.data.targets import target_for
    from jinshui_analysis.reports.phrases import target_phrase

    year = rd.year if year is None else int(year)
    g = float(target_growth)
    fact = target_for(rd.region, year)
    if fact is not None and fact.value == g:
        return (target_phrase(g, qualifier=fact.qualifier, language=language)
                + unofficial(fact.grade, language)), fact.lower_bound
    plain = target_phrase(g, language=language)
    if fact is not None:
        pub = target_phrase(fact.value, qualifier=fact.qualifier, language=language)
        return plain + msg("common.target_configured_published", language, year=year, published=pub), False
    return plain + msg("common.target_configured_none", language, year=year, target=g), False
