"""全年预测: year-end projection and the probability of meeting the target."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from jinshui_analysis.exceptions import JinshuiWarning, ParameterError
from jinshui_analysis.models import forecast as forecast_model
from jinshui_analysis.models import targets
from jinshui_analysis.models.prices import to_nominal
from jinshui_analysis.periods import (
    describe,
    in_year,
    month_code,
    month_of_code,
    quarter_code_of,
    year_of_code,
)
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import DEMO, GDP, ReportData
from jinshui_analysis.reports.price_words import deflator_words
from jinshui_analysis.reports.section import Section, memoised
from jinshui_analysis.reports.sections.common import target_goal, unofficial
from jinshui_analysis.reports.sections.target import (
    published_real_ytd,
    report_deflator,
    ytd_figures,
)
from jinshui_analysis.reports.text import msg, pick
from jinshui_analysis.reports.values import ytd_values

#: Years whose change of pace after a year-to-date period says nothing about a normal year:
#: 2020 (the first COVID half-year: 郑州市 上半年 −0.2 %, year +3.0 %) and 2021 (growth on the
#: 2020 low base: 一季度 +18.4 %, year +4.7 %).  Their pace changes (5.9 and −17.9 points) would
#: dominate the spread; they are left out and the report says so.
DISTORTED_YEARS = (2020, 2021)

#: Past years of same-period shares the share-based projection needs for an interval (below,
#: it gives the point only and says why: three shares gave 郑州市 2024 a 95 % range of
#: 10245.7–22773.4亿元, no information).
MIN_SHARE_YEARS = 4

#: Past changes of pace a band needs; with fewer the projection says so and gives no interval
#: or probability.
MIN_PACE_CHANGES = 3


def past_pace_changes(rd: ReportData, *, keep_distorted: bool = False) -> pd.Series:
    """Past changes of pace e = (G − g_ytd)/(1 − w) (百分点) of the region, from its published
    real YTD growth at a quarter end (一季度, 上半年, 前三季度) and its published real growth of
    the same year (:func:`targets.pace_change`), for years before the report year.  *w* is the
    previous year's level share for that quarter where published, else the same year's; pairs
    without a published level share are left out.  Index: quarter code (``2024Q3``)."""
    g = ytd_values(rd.real, rd.region, GDP, "yoy_pct")
    g = g[~g["synthetic"].astype(bool) & g["price_basis"].isin(["comparable", ""])]
    lv = ytd_values(rd.real, rd.region, GDP, "level")
    lv = lv[~lv["synthetic"].astype(bool)]
    out = {}
    for month, row in g.iterrows():
        y, m = year_of_code(month), month_of_code(month)
        if y >= rd.year or m not in (3, 6, 9) or month_code(y, 12) not in g.index:
            continue
        if y in DISTORTED_YEARS and not keep_distorted:
            continue
        share = None
        for yy in (y - 1, y):
            a, b = month_code(yy, m), month_code(yy, 12)
            if a in lv.index and b in lv.index and 0 < lv.loc[a, "value"] < lv.loc[b, "value"]:
                share = float(lv.loc[a, "value"]) / float(lv.loc[b, "value"])
                break
        if share is not None:
            out[quarter_code_of(y, m // 3)] = targets.pace_change(float(g.loc[month_code(y, 12), "value"]),
                                                       float(row["value"]), share)
    return pd.Series(out, dtype=float, name="pace_change_pp")


@memoised
def projection(rd: ReportData, target_growth: float = 8.0, language: str = "zh", *,
               deflator_pct: float | None = None) -> Section:
    """Year-end projection and the probability of meeting the (real) target.

    :func:`forecast.year_end_projection` on the current-price YTD levels; projected growth is
    made real with the report's deflator (:func:`~jinshui_analysis.reports.sections.target.
    report_deflator`: derived from published real and nominal YTD growth where the data have
    both, else the parameter ``deflator_pct``), so the probability compares real with real.
    Without a deflator, or with a single past year (no spread), the probability is not
    estimated and the report says so.
    """
    sec = Section(msg("projection.title", language), language)
    if target_growth is None:
        sec.notes.append(msg("projection.no_target", language))
        return sec
    goal = target_goal(rd, target_growth, language)[0]
    q = rd.quarterly[rd.quarterly["measure"] == "level"]
    cur = q[in_year(q["period"], rd.year)]
    hist = q[~in_year(q["period"], rd.year)]
    if cur.empty or hist.empty:
        sec.notes.append(msg("projection.no_quarters", language))
        return sec
    syn = "quarterly" in rd.synthetic
    sec.synthetic = syn
    defl = report_deflator(rd, deflator_pct)
    figs = ytd_figures(rd, target_growth, defl)
    if figs is not None and figs["full_year"] and figs["published"] is not None:
        pub = figs["published"]
        when = describe(figs["through"], True, language)
        lvl = figs["level"]
        lvl_txt = "" if lvl is None else msg("projection.year_level", language, level=lvl)
        sec.notes.append(msg("projection.year_published", language, when=when, level=lvl_txt,
                             growth=pub["value"], mark=unofficial(pub["grade"], language)))
        return sec
    if figs is not None and figs["published"] is not None and figs["progress"] is not None:
        return _from_published_growth(rd, sec, figs, target_growth, defl, language)
    latest = _latest_published_growth(rd, figs, target_growth)
    if latest is not None:  # a later level without growth (or on another basis) is not used
        return _from_published_growth(rd, sec, latest, target_growth, defl, language)
    if cur["period"].str.endswith("Q4").any():
        level = float(cur.loc[cur["period"].str.endswith("Q4"), "value"].iloc[0])
        sec.notes.append(msg("projection.year_in_data", language, level=level)
                         + (f" — {DEMO}" if syn else ""))
        return sec
    published_real = None
    if figs is not None and figs["published"] is not None:
        published_real = float(figs["published"]["value"])
    ytd = pd.Series(cur["value"].to_numpy(float), index=pd.Index(cur["period"].to_list(), name="period"))
    history = pd.Series(hist["value"].to_numpy(float), index=pd.Index(hist["period"].to_list(), name="period"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JinshuiWarning)  # stated in the notes below
        res = forecast_model.year_end_projection(
            ytd, history, target_growth_pct=target_growth,
            deflator_pct=None if defl is None else defl.pct, ytd_growth_pct=published_real)
    proj = res.projection
    level = float(proj.loc["level", "point"])
    g = float(proj.loc["growth_pct", "point"])
    real = res.growth_basis == "comparable"
    glabel = msg("projection.growth_real" if real else "projection.growth_nominal", language)
    sec.record("projected_gdp", level, "亿元", msg("projection.record_level", language),
               synthetic=syn)
    n_years = len(res.shares)
    no_base = not np.isfinite(g)  # last year's annual level is not in the data
    if n_years < MIN_SHARE_YEARS:  # too short a history: said, not drawn
        sec.notes.append(msg("projection.shares_too_few", language, years=n_years, level=level,
                             need=MIN_SHARE_YEARS) + (f" — {DEMO}" if syn else ""))
        return sec
    if no_base:
        proj = proj.drop(index="growth_pct")
        text = msg("projection.shares_no_base", language, years=n_years, level=level,
                   last_year=rd.year - 1)
    else:
        sec.record("projected_growth" if real else "projected_growth_nominal", g, "%",
                   msg("projection.record_growth", language, growth=glabel), synthetic=syn)
        text = msg("projection.shares", language, years=n_years, level=level, label=glabel,
                   growth=g)
        if defl is not None:
            text += msg("projection.deflator", language, deflator=deflator_words(defl, language))
    prob = res.prob_meet_target
    if not no_base:  # without a base year the sentence above already says why
        if prob is not None and prob == prob:
            sec.record("target_probability", float(prob) * 100, "%",
                       msg("projection.record_probability", language, goal=goal), synthetic=syn)
            text += msg("projection.probability", language, goal=goal,
                        probability=float(prob) * 100)
        elif not real:
            text += msg("projection.nominal_no_deflator", language, goal=goal)
        else:
            text += msg("projection.one_share", language)
    sec.notes.append(text)
    caption = (msg("projection.caption", language) if no_base else
               msg("projection.caption_growth", language, label=glabel))
    sec.tables.append((caption,
                       proj.rename(index={"level": msg("projection.row_level", language),
                                          "growth_pct": msg("projection.row_growth", language,
                                                            label=glabel)},
                                   columns={c: msg(f"projection.col_{c}", language) for c in
                                            ("point", "median", "lower_95", "lower_80",
                                             "upper_80", "upper_95")})
                       .rename_axis(index=None, columns=None).round(2)))
    annual = history[history.index.str.endswith("Q4")]
    annual.index = pd.Index([str(year_of_code(q)) for q in annual.index], name=annual.index.name)
    fan = pd.DataFrame({"mean": [level]} | {c: [float(proj.loc["level", c])] for c in
                                            ["lower_80", "upper_80", "lower_95", "upper_95"]},
                       index=pd.Index([str(rd.year)], name="period"))
    target_level = None  # the target applies to last year's level: none when it is missing
    if str(rd.year - 1) in annual.index and defl is not None:
        target_level = float(annual[str(rd.year - 1)]) * (1 + to_nominal(target_growth, defl.pct)
                                                          / 100)
    sec.figures.append(plots.fan_chart(fan, history=annual, target=target_level, synthetic=syn,
                                       title=msg("projection.chart_title", language,
                                                 region=rd.region)))
    if syn:
        sec.notes.append(msg("projection.demo_quarters", language) + f" — {DEMO}")
    return sec


def _latest_published_growth(rd: ReportData, figs: dict | None, target_growth: float
                             ) -> dict | None:
    """The target figures re-based on this year's latest published real YTD growth, when the
    data have one but the period the target section uses is a later level without published
    growth (e.g. 郑州市 2025 上半年: level 7329.3亿 only, 一季度 +5.6 % published): the projection
    models published growth, never the level's share of past years."""
    pub = published_real_ytd(rd)
    if figs is None or pub.empty:
        return None
    gq = pub.index[-1]
    if gq.endswith("Q4"):
        return None
    last_q, last_y = quarter_code_of(rd.year - 1, gq[-1]), quarter_code_of(rd.year - 1, 4)
    prev = figs["prev"]
    if last_q not in prev.index or last_y not in prev.index:
        return None
    r = pub.loc[gq]
    try:
        progress = targets.target_progress(float(prev[last_q]), float(prev[last_y]),
                                           target_growth_pct=target_growth,
                                           ytd_real_growth_pct=float(r["value"]))
    except ParameterError:
        return None
    return {**figs, "through": gq, "last_q": last_q, "progress": progress,
            "published": {"value": float(r["value"]), "source": str(r["source"]),
                          "grade": str(r["grade"]), "period": str(r["period"])}}


def years_all(changes: pd.Series, language: str) -> str:
    """The periods of past changes of pace in words (2022年上半年、2023年上半年)."""
    return pick(language, zh="、", en=", ").join(describe(q, True, language)
                                                for q in changes.index)


def _from_published_growth(rd: ReportData, sec: Section, figs: dict, target_growth: float,
                           defl, language: str) -> Section:
    """The projection from published real YTD growth (:func:`targets.year_end_growth`)."""
    pub, res = figs["published"], figs["progress"]
    when = describe(figs["through"], True, language)
    goal = target_goal(rd, target_growth, language)[0]
    changes = past_pace_changes(rd)
    left_out = [q for q in past_pace_changes(rd, keep_distorted=True).index
                if q not in changes.index]
    short = len(changes) < MIN_PACE_CHANGES
    proj = targets.year_end_growth(pub["value"], res.share, target_growth_pct=target_growth,
                                   past_changes=None if short else changes)
    sec.record("projected_growth", proj.growth_pct, "%",
               msg("projection.record_from_published", language, when=when),
               source=pub["source"])
    text = msg("projection.from_published", language, when=when, published=pub["value"],
               mark=unofficial(pub["grade"], language), growth=proj.growth_pct)
    prev_annual = float(figs["prev"][quarter_code_of(rd.year - 1, 4)])
    if defl is not None:
        level = prev_annual * (1 + proj.growth_pct / 100) * (1 + defl.pct / 100)
        sec.record("projected_gdp", level, "亿元",
                   msg("projection.record_level_deflated", language,
                       deflator=deflator_words(defl, language)), source=pub["source"])
        text += msg("projection.level_deflated", language, deflator=deflator_words(defl, language),
                    level=level)
    years = years_all(proj.past_changes, language)
    if proj.prob_meet_target is not None and proj.prob_meet_target == proj.prob_meet_target:
        sec.record("target_probability", proj.prob_meet_target * 100, "%",
                   msg("projection.record_probability_changes", language, goal=goal,
                       changes=len(changes)))
        text += msg("projection.probability_from_changes", language, goal=goal,
                    rest=proj.required_rest_growth_pct, changes=len(changes), periods=years,
                    scale=proj.scale, probability=proj.prob_meet_target * 100,
                    lower=proj.lower_80, upper=proj.upper_80)
    else:
        n = len(changes)
        listed = msg("projection.periods_listed", language,
                     periods=years_all(changes, language)) if n else ""
        text += msg("projection.too_few_changes", language, goal=goal,
                    rest=proj.required_rest_growth_pct, changes=n, listed=listed,
                    need=MIN_PACE_CHANGES)
    if left_out:
        text += msg("projection.left_out", language,
                    periods=years_all(pd.Series(index=left_out, dtype=float), language))
    sec.notes.append(text)
    if short:
        return sec
    sec.tables.append((msg("projection.caption_real", language),
                       pd.DataFrame({msg("projection.col_point", language): [proj.growth_pct],
                                     msg("projection.col_lower_80", language): [proj.lower_80],
                                     msg("projection.col_upper_80", language): [proj.upper_80]},
                                    index=[msg("projection.row_real", language)])
                       .round(2)))
    return sec
