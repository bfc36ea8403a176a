"""Gathering a report's inputs as of its period: :func:`load_report_data` (published figures,
the user's tables — a key-project table read with
:func:`~jinshui_analysis.data.projects.read_projects` — and demo data where nothing is
published, when asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jinshui_analysis.data import TIDY_COLUMNS, demo_projects, load_bundled
from jinshui_analysis.data import demo as demo_data
from jinshui_analysis.data.profiles import profile
from jinshui_analysis.data.projects import read_projects
from jinshui_analysis.data.regions import same_region
from jinshui_analysis.data.source import open_source
from jinshui_analysis.exceptions import (
    DataError,
    ModelError,
    ParameterError,
    PeriodError,
)
from jinshui_analysis.models.ytd import single_to_ytd
from jinshui_analysis.periods import (
    Period,
    code_freq,
    codes_info,
    in_year,
    month_code,
    month_of_code,
    month_period,
    parse_period,
    quarter_code,
    quarter_code_of,
    to_timestamp,
    year_of_code,
)
from jinshui_analysis.reports.inputs import (
    GDP,
    MONTHLY_INDICATORS,
    PLAN_WORDS,
    ReportData,
    latest_annual,
)
from jinshui_analysis.reports.labels import Note
from jinshui_analysis.reports.text import msg

_KEY = ["region", "indicator", "measure", "period", "cumulative", "price_basis"]


def _latest_annual(real: pd.DataFrame, region: str, before: int | None = None) -> tuple[str, float]:
    found = latest_annual(real, region, before)
    if found is None:
        when = f" before {before}" if before is not None else ""
        raise DataError(f"no annual {GDP} for region {region!r}{when} in the data")
    return found


def _gdp_named(frame: pd.DataFrame) -> pd.DataFrame:
    """A country's 国内生产总值 is its 地区生产总值 here (one indicator name for GDP)."""
    frame = frame.copy()
    frame.loc[frame["indicator"] == "国内生产总值", "indicator"] = GDP
    return frame


def up_to(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """Rows of ``frame`` whose period ends no later than the month ``period`` ("YYYY-MM").

    A report for June uses what was known for periods up to June: 1-6月, 上半年, 2022, but not
    the year 2023 nor 1-9月.  Rows whose period cannot be dated are dropped.  Targets and plans
    (indicators named …目标, …计划, …全年预算) are set before their year and are kept.
    """
    if frame.empty:
        return frame
    end = to_timestamp(period, "end")
    plans = frame["indicator"].astype(str).str.contains(PLAN_WORDS)
    ends: dict[str, bool] = {}
    for code in frame["period"].astype(str).unique():
        try:
            ends[code] = to_timestamp(code, "end") <= end
        except PeriodError:
            ends[code] = False
    return frame[frame["period"].astype(str).map(ends) | plans].reset_index(drop=True)


def _renamed(frame: pd.DataFrame, names: frozenset[str], region: str) -> pd.DataFrame:
    """``frame`` with the rows of ``names`` (another name of ``region``) under ``region``."""
    hit = frame["region"].isin(list(names))
    if not hit.any():
        return frame
    frame = frame.copy()
    frame.loc[hit, "region"] = region
    return frame


def other_regions(frame: pd.DataFrame, region: str) -> list[str]:
    """The regions the user's tables name when none of their figures is of ``region`` (most
    figures first); empty when some are."""
    names = frame["region"].dropna().astype(str)
    if names.empty or (names == region).any():
        return []
    return list(names.value_counts().index)


def _other_regions_hint(frame: pd.DataFrame, region: str) -> Note | None:
    named = other_regions(frame, region)
    if not named:
        return None
    return Note(*(msg("loader.other_regions", language, region=region, first=named[0],
                      shown=msg("common.list_sep", language).join(named[:5]))
                  for language in ("zh", "en")))


def _as_quarters(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Year-to-date GDP levels of ``frame`` as quarters: 一季度/1-3月 → Q1, 上半年/1-6月 → Q2 …,
    a year → Q4.  Single quarters (二季度 alone) are not year to date and are left out (a year
    whose single quarters are all given is added up)."""
    lv = frame[(frame["indicator"] == GDP) & (frame["measure"] == "level")].copy()
    if lv.empty:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    per = lv["period"].astype(str)
    cum = lv["cumulative"].fillna(False).astype(bool)
    info = codes_info(per)
    freq, last = info["freq"], info["last_month"]
    quarters = lv[(freq == "Q") & (cum | per.str.endswith("Q1"))]
    months = lv[((freq == "M") & (last % 3 == 0)).fillna(False)
                & (cum | per.str.endswith("-03"))].copy()
    months["period"] = [quarter_code(c) for c in months["period"]]
    annual = lv[freq == "Y"].copy()
    annual["period"] = [quarter_code(c) for c in annual["period"]]  # a year is its Q4
    singles = lv[((freq == "Q") & (last > 3)).fillna(False) & ~cum]
    summed = []
    for y, block in singles.groupby(singles["period"].map(year_of_code)):
        q1 = quarters[quarters["period"] == quarter_code_of(y, 1)]
        if q1.empty:
            continue
        s = pd.Series(np.r_[q1["value"].to_numpy(float)[:1], block["value"].to_numpy(float)],
                      index=pd.Index([quarter_code_of(y, 1), *block["period"]], name="period")).sort_index()
        try:
            ytd = single_to_ytd(s)
        except (ModelError, PeriodError):
            continue
        rows = block.set_index("period").reindex(ytd.index[1:]).reset_index()
        rows["value"] = ytd.iloc[1:].to_numpy()
        rows["source"] = rows["source"].astype(str) + " [累计由各季度相加]"
        summed.append(rows)
    out = pd.concat([quarters, months, annual, *summed])
    out["cumulative"] = (codes_info(out["period"])["last_month"] != 3).fillna(True).to_numpy(bool)
    out = out.drop_duplicates("period", keep="first")
    return out[out["period"] <= quarter_code_of(year, 4)].sort_values("period").reset_index(drop=True)


def _sub_annual(frame: pd.DataFrame) -> pd.DataFrame:
    per = frame["period"].astype(str)
    return frame[codes_info(per)["freq"].isin(["Q", "M"])]


def _quarterly_in_view(quarterly: pd.DataFrame, p: Period) -> pd.DataFrame:
    if p.month < 3:
        return quarterly[~in_year(quarterly["period"], p.year)].reset_index(drop=True)
    return quarterly[quarterly["period"] <= quarter_code_of(p.year, p.month // 3)].reset_index(drop=True)


def _published_gdp(real: pd.DataFrame, region: str, p) -> pd.DataFrame:
    """The region's published GDP levels for periods up to the report's period ``p``."""
    lv = real[(real["region"] == region) & (real["indicator"] == GDP) & (real["measure"] == "level")]
    per = lv["period"].astype(str)
    last_q = quarter_code_of(p.year, p.month // 3) if p.month >= 3 else quarter_code_of(p.year - 1, 4)
    info = codes_info(per)
    annual_ok = ((info["freq"] == "Y") & (info["year"] < p.year + (p.month == 12))).fillna(False)
    quarter_ok = (info["freq"] == "Q") & (per <= last_q)
    return lv[annual_ok | quarter_ok]


def _reference_annual(real: pd.DataFrame, city: str | None, p) -> dict[int, float]:
    """year → the reference region's (parent city's) published annual GDP up to the period."""
    if not city:
        return {}
    lv = _published_gdp(real, city, p)
    return {int(a): float(v) for a, v in zip(lv["period"].astype(str), lv["value"]) if a.isdigit()}


def _reference_shares(real: pd.DataFrame, city: str | None, p) -> dict[tuple[int, int], float]:
    """(year, month) → the reference region's (parent city's) published YTD share of its year."""
    if not city:
        return {}
    lv = _published_gdp(real, city, p)
    per = lv["period"].astype(str)
    annual = {int(a): float(v) for a, v in zip(per, lv["value"]) if a.isdigit()}
    out = {}
    for a, v in zip(per, lv["value"]):
        if code_freq(a) == "Q" and year_of_code(a) in annual:
            out[(year_of_code(a), month_of_code(a))] = float(v) / annual[year_of_code(a)]
    return out


def load_report_data(region: str, period: str | None, data: str | Path = "bundled",
                     *, seed: int = 2023, profile_path: str | Path | None = None,
                     demo: bool = False) -> ReportData:
    """Gather a report's inputs (see :class:`ReportData`).

    Parameters
    ----------
    region : str
        Region name as in the data, e.g. "金水区".  With ``data=FOLDER`` it is also the region
        of the tables that name none (title, file name or region column).
    period : str or None
        Report month "YYYY-MM"; None: December of the latest year with published annual GDP
        for ``region`` (else the latest month of its data).
    data : "bundled" or path
        The bundled data, or the user's bulletin table / folder of tables (read with
        :func:`~jinshui_analysis.data.read_folder`: CSV and XLSX, subfolders too; two files giving
        different values for one figure raise :class:`DataError` naming both; a ``projects.csv``
        is read with :func:`~jinshui_analysis.data.projects.read_projects`).
    seed : int
        Seed of the demo generators (bundled mode only).
    profile_path : path, optional
        A region-profile TOML file (:mod:`jinshui_analysis.data.profiles`) on top of the bundled
        profiles and ``./jinshui.toml``.
    demo : bool
        Bundled mode: fill what is not published with labelled demo data.  False (default):
        published figures only; what is not published stays empty.  Demo data are shown only
        when asked for (the showcase 金水区 report of the default set, or ``demo=true``).

    Notes
    -----
    Only figures for periods up to ``period`` are used (a June report sees 1-6月 and 2022, not
    1-9月 nor the year 2023).

    Bundled mode uses the region's published figures wherever they exist (the sourced
    year-to-date panel, the regional tables).  Demo data (:mod:`jinshui_analysis.data.demo`) fill
    an indicator only when *nothing* of it is published for the region in the report year or
    the year before, so a demo figure never replaces, nor sits beside, a published one of the
    same indicator (no growth rate computed from a published level over a demo one).  Demo data
    are calibrated to the region's latest published annual GDP before the report year (a
    December report may use that year's own total); regions other than 金水区 get 金水区's
    published anchors scaled by the ratio of the two regions' GDP (said in the notes).  A region
    with no published annual GDP before the report year gets no demo data.
    """
    bundled_all = _gdp_named(load_bundled())
    source = open_source(data, region=region)  # validated, listed, hashed, read: once
    notes: list[Any] = list(source.notes)
    user_frame = None
    if source.path is not None:
        user_frame = _gdp_named(source.frame)
    # the name the user gave: its profile's other names (管城回族区 / 管城区) are this region
    others = same_region(region) - {region}
    if others:
        bundled_all = _renamed(bundled_all, others, region)
        if user_frame is not None:
            user_frame = _renamed(user_frame, others, region)
    if user_frame is not None and not user_frame.empty:
        hint = _other_regions_hint(user_frame, region)
        if hint is not None:
            notes.insert(0, hint)
    if period is None:
        frame = bundled_all if user_frame is None else pd.concat([bundled_all, user_frame])
        found = latest_annual(frame, region)
        if found is not None:
            period = month_code(found[0], 12)
        else:
            mine = _sub_annual(frame[frame["region"] == region])
            if mine.empty:
                _latest_annual(frame, region)  # raises, naming the region
            last = max((parse_period(c) for c in mine["period"].astype(str).unique()),
                       key=lambda q: q.sort_key)
            period = month_code(last.year, last.last_month)
    p = parse_period(period)
    if p.freq != "M":
        raise ParameterError(f"need a month 'YYYY-MM', got {period!r}", parameter="period")
    real = up_to(bundled_all, p.period)
    synthetic: set[str] = set()
    projects = None
    sectors = None
    scale_note = ""
    if user_frame is None:
        if region not in set(bundled_all["region"]):
            raise ParameterError(f"unknown region {region!r} (not in the bundled data)",
                                 parameter="region")
        mine = _sub_annual(real[(real["region"] == region)
                                & codes_info(real["period"])["year"].isin([p.year - 1, p.year])])
        published_monthly = sorted(set(mine["indicator"]) & set(MONTHLY_INDICATORS))
        monthly = _sub_annual(real[real["region"] == region]).reset_index(drop=True)
        quarterly = _quarterly_in_view(_as_quarters(real[real["region"] == region], p.year), p)
        last = latest_annual(real, region, before=p.year + 1 if p.month == 12 else p.year)
        if not demo:
            notes.append(Note.of("note.no_demo"))
        elif last is None:
            notes.append(Note.of("loader.no_calibration", region=region, year=p.year, gdp=GDP))
        else:
            last_year, last_value = int(last[0]), last[1]
            scale = last_value / demo_data.JINSHUI_GDP_2022
            anchor = demo_data.ANCHOR_REGION
            if region != anchor:
                scale_note = (f"示例数据按{anchor}已公布总量并按GDP比例缩放（{region} {last_year}年 "
                              f"{last_value:,.2f}亿元 ÷ {anchor}2022年{demo_data.JINSHUI_GDP_2022:g}亿元 = "
                              f"{scale:.3f}） / demo data are {anchor}'s published anchors scaled by "
                              "this GDP ratio")
            fill = [ind for ind in MONTHLY_INDICATORS if ind not in published_monthly]
            if fill:
                generated = demo_data.monthly_indicators(region, years=(p.year - 1, p.year),
                                                         through=p.period, seed=seed, warn=False,
                                                         scale=scale)
                generated = generated[generated["indicator"].isin(fill)]
                monthly = pd.concat([monthly, generated], ignore_index=True)
                synthetic.add("monthly")
                names = "、".join(fill)
                notes.append(Note.of("note.demo_rows", what=names))
                if published_monthly:
                    notes.append(Note.of("note.published_rows", what="、".join(published_monthly)))
            # one demo world calibrated to every published figure up to the report's period
            # (published quarters are reproduced exactly, with their own sources)
            city = profile(region, profile_path).city
            world = demo_data.demo_world(region, _published_gdp(real, region, p),
                                         range(last_year - 3, p.year + 1),
                                         reference_shares=_reference_shares(real, city, p),
                                         reference_annual=_reference_annual(real, city, p),
                                         seed=seed + p.year)
            quarterly = _quarterly_in_view(world.quarterly, p)
            if quarterly["source"].astype(str).str.startswith("synthetic").any():
                synthetic.add("quarterly")
            n = max(10, round(demo_projects.PROJECT_COUNT_2023 * scale)) \
                if region != demo_data.ANCHOR_REGION else demo_projects.PROJECT_COUNT_2023
            projects = demo_projects.key_projects(
                p.year, n_projects=n,
                total_investment=round(demo_projects.PROJECT_TOTAL_INVESTMENT_2023 * scale, 1),
                planned=round(demo_projects.PROJECT_PLAN_2023 * scale, 1), seed=seed, warn=False)
            sectors = demo_data.sector_accounts(region, total_last=last_value, last_year=last_year,
                                                seed=seed, totals=world.annual)
            synthetic |= {"projects", "sectors"}
    else:
        for f in source.projects:
            projects = read_projects(f)
        known = set(user_frame["region"]) | set(bundled_all["region"])
        if region not in known:
            raise ParameterError(f"unknown region {region!r} (not in {data} nor the bundled data)",
                                 parameter="region")
        user_frame = up_to(user_frame, p.period)
        real = pd.concat([real, user_frame], ignore_index=True).drop_duplicates(
            _KEY, keep="last").reset_index(drop=True)
        mine = user_frame[user_frame["region"] == region]
        monthly = _sub_annual(mine).reset_index(drop=True)
        # the user's own GDP levels first; published levels of the region (last year's total,
        # say) fill the quarters the user's tables lack
        published = real[(real["region"] == region)
                         & ~real["source"].astype(str).isin(set(mine["source"].astype(str)))]
        both = pd.concat([_as_quarters(mine, p.year), _as_quarters(published, p.year)])
        both = both.drop_duplicates("period", keep="first").sort_values("period")
        quarterly = _quarterly_in_view(both.reset_index(drop=True), p)
    return ReportData(region=region, period=month_period(p.year, p.last_month), data=str(data), real=real, monthly=monthly,
                      quarterly=quarterly, projects=projects, sectors=sectors,
                      synthetic=frozenset(synthetic),
                      data_hash=source.sha256,
                      notes=tuple(notes), scale_note=scale_note,
                      profile=profile(region, profile_path), source=source)
