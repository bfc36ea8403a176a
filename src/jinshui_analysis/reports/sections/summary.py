"""要点: the one-page summary at the head of a report — the headline figures and what they mean.

One question, one function, one answer: the summary computes nothing itself.  It calls the same
section functions the rest of the report shows (:func:`headline`, :func:`target`,
:func:`projection`, :func:`key_projects`, :func:`benchmark_section`) and writes their recorded
key figures into sentences, each with its condition (the target growth, the assumption) and its
status (示例数据 where the figure is demo data).  A figure a section did not record is left out;
nothing is generated in its place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from jinshui_analysis.periods import describe, quarter_code_of
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import Bullets, Paragraph
from jinshui_analysis.reports.inputs import ReportData
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.sections.benchmark import condition_of
from jinshui_analysis.reports.sections.common import grade_of, target_goal, unofficial
from jinshui_analysis.reports.sections.target import report_deflator
from jinshui_analysis.reports.text import demo_label, msg

#: the core indicators of the lead, by record key (their names are in the catalogue)
_INDICATORS = {"industry": "summary.industry", "retail": "summary.retail",
               "investment": "summary.investment", "revenue": "summary.revenue"}


def _records(sections: list[Section]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for sec in sections:
        for r in sec.records:
            out[r["name"]] = r
    return out


def _close(sections: list[Section]) -> None:
    import matplotlib.pyplot as plt

    for sec in sections:
        for fig in sec.figures:
            plt.close(fig)


def summary(rd: ReportData, target_growth: float = 8.0, threshold: float = 2000.0,
            language: str = "zh", *, deflator_pct: float | None = None,
            sections: list[Callable[[], Section]] | None = None) -> Section:
    """The 要点 of a monthly report from the key figures of its own sections.

    It opens with the report's own period: GDP so far (level and real growth) against this
    year's target (``target_growth``, the target of the report's year) and the growth the rest of
    the year needs, then the core indicators (规上工业, 固投, 社零, revenue); growth to one
    decimal, as bureaus print it; a figure resting only on a secondary source says
    （非官方来源）, a demo figure （示例数据）.  The previous year's level, the projection, key
    projects and the benchmark follow as bullets.

    Parameters
    ----------
    rd : the report's data.
    target_growth : annual real GDP growth target (%), as passed to :func:`target`.
    threshold : GDP level of interest (亿元), as passed to :func:`target`.
    deflator_pct : the price assumption passed to :func:`target` and :func:`projection`
        (the same value as the report's cells, so the summary repeats their answers).
    language : "zh" or "en".
    sections : the section calls to summarise (default: headline, target, projection,
        key projects, benchmark — with the same arguments as the report's cells).

    Returns
    -------
    Section
        Title 要点 / Highlights; body: one paragraph per topic, the demo status on every figure
        that is demo data.  Records nothing (the sections record their own figures).
    """
    from jinshui_analysis.reports.sections.benchmark import benchmark_section
    from jinshui_analysis.reports.sections.headline import headline
    from jinshui_analysis.reports.sections.projection import projection
    from jinshui_analysis.reports.sections.projects import key_projects
    from jinshui_analysis.reports.sections.target import target

    calls = sections or [
        lambda: headline(rd, language),
        lambda: target(rd, target_growth, threshold, language, deflator_pct=deflator_pct),
        lambda: projection(rd, target_growth, language, deflator_pct=deflator_pct),
        lambda: key_projects(rd, language),
        lambda: benchmark_section(rd, language=language, lag_growth=target_growth),
    ]
    done = [call() for call in calls]
    _close(done)
    r = _records(done)
    sec = Section(msg("summary.title", language), language)
    region = numbers.region_text(rd.region, language)
    stop = msg("summary.stop", language)

    def v(name: str) -> float | None:
        rec = r.get(name)
        value = rec.get("value") if rec else None
        return value if isinstance(value, int | float) and value == value else None

    def demo(*names: str) -> str:
        if any(r.get(n, {}).get("synthetic") for n in names):
            return msg("summary.demo", language, label=demo_label(language))
        return ""

    def mark(*names: str) -> str:
        """（非官方来源） after a figure resting only on a secondary source."""
        if any(grade_of(rd, str(r.get(n, {}).get("source", ""))) == "secondary" for n in names):
            return unofficial("secondary", language)
        return ""

    paras: list[str] = []
    # 1. THIS period first: GDP so far against this year's target and what the rest of the year
    #    needs, then the core indicators — growth to one decimal, as bureaus print it
    lead = ""
    ytd, ytd_g, rest = v("gdp_ytd"), v("gdp_ytd_growth"), v("required_rest_growth")
    ytd_nominal = v("gdp_ytd_growth_nominal")
    converted = ytd_g is not None  # the target section's real rate may be converted
    if ytd_g is None:
        # the headline's published year-to-date growth (and level), never demo data
        ytd_g = v("gdp_q_ytd_yoy") if not r.get("gdp_q_ytd_yoy", {}).get("synthetic") else None
    if ytd is None and ytd_g is not None and not r.get("gdp_q_ytd", {}).get("synthetic"):
        ytd = v("gdp_q_ytd")
    # the year's own target with its qualifier (6%左右) or labelled as the configured fallback
    goal = target_goal(rd, target_growth, language)[0] if target_growth is not None else ""
    target_words = (msg("summary.year_target", language, goal=goal)
                    if target_growth is not None else "")
    if ytd_g is not None:
        lab = str(r.get("gdp_ytd_growth", r.get("gdp_q_ytd_yoy", {})).get("label", ""))
        # GDP is published by quarter: 上半年 rather than 1-6月
        when = lab[:lab.index("实际增速")] if "实际增速" in lab else (
            describe(quarter_code_of(rd.year, rd.month // 3), True, language) if rd.month % 3 == 0
            else numbers.period_text(rd.period, language, ytd=True))
        lvl = (msg("summary.gdp_level", language, amount=numbers.amount(ytd, "亿元", language))
               if ytd is not None else msg("summary.gdp", language))
        src = ("gdp_ytd", "gdp_ytd_growth", "gdp_q_ytd_yoy")
        # a real rate converted from nominal (not published) says so, as the target section does
        how = "" if not converted or "已公布" in lab or "published" in lab or not lab else \
            msg("summary.converted", language)
        lead = msg("summary.gdp_ytd", language, when=when, region=region, level=lvl,
                   change=numbers.change(ytd_g, language), how=how, mark=mark(*src),
                   demo=demo(*src))
        if target_growth is not None:
            gap = v("target_gap_pp")
            gap = round(ytd_g - target_growth, 1) if gap is None else round(gap, 1)
            full_year = rd.month == 12
            if full_year or rest is None:
                lead += (msg("summary.above_target", language, target=target_words,
                             pp=numbers.pp(gap, language)) if gap > 0 else
                         msg("summary.below_target", language, target=target_words,
                             pp=numbers.pp(-gap, language)) if gap < 0 else
                         msg("summary.on_target", language, target=target_words))
            if not full_year and rest is not None:
                lead += msg("summary.rest_needs", language, target=target_words,
                            rest=numbers.pct(rest))
            elif not full_year:
                lead += msg("summary.rest_not_computed", language)
        lead += stop
    elif ytd is not None and ytd_nominal is not None:
        # only the nominal rate exists: say so; it is not compared with the real target
        lead = msg("summary.gdp_ytd_nominal", language,
                   when=numbers.period_text(rd.period, language, ytd=True), region=region,
                   amount=numbers.amount(ytd, "亿元", language),
                   change=numbers.change(ytd_nominal, language), mark=mark("gdp_ytd"),
                   demo=demo("gdp_ytd", "gdp_ytd_growth_nominal"))
    items = []
    for key, indicator in _INDICATORS.items():
        g = v(f"{key}_ytd_yoy")
        if g is None:
            continue
        name = f"{key}_ytd_yoy"
        items.append(msg("summary.indicator_ytd", language, indicator=msg(indicator, language),
                         change=numbers.change(g, language), mark=mark(name), demo=demo(name)))
    if items:
        joined = msg("summary.items_sep", language).join(items)
        if lead:  # after the GDP sentence
            lead += msg("summary.indicators_after", language, items=joined)
        else:
            lead = msg("summary.indicators_alone", language, region=region, items=joined,
                       when=numbers.period_text(rd.period, language, ytd=True))
    if lead:
        paras.append(lead)
    # 3. the projection
    proj, proj_g, prob = v("projected_gdp"), v("projected_growth"), v("target_probability")
    real = proj_g is not None
    proj_g = proj_g if real else v("projected_growth_nominal")
    from_growth = "已公布实际增速" in str(r.get("projected_growth", {}).get("label", ""))

    def chance() -> str:
        if prob is None:
            return ""
        return msg("summary.probability", language, target=target_growth,
                   prob=numbers.pct(prob, 0))

    if from_growth and proj_g is not None:
        paras.append(msg("summary.projected_pace", language, growth=numbers.pct(proj_g))
                     + chance() + stop)
    elif proj is not None and proj_g is not None:
        basis = "" if real else msg("summary.nominal", language)
        paras.append(msg("summary.projected_shares", language,
                         amount=numbers.amount(proj, "亿元", language, nd=1),
                         growth=numbers.pct(proj_g), basis=basis)
                     + chance() + demo("projected_gdp") + stop)
    # 4. the latest annual level and the threshold arithmetic (context, after this period)
    gdp, year = v("gdp_latest"), v("gdp_latest_year")
    if gdp is not None:
        yr = int(year) if year is not None else rd.year - 1
        text = msg("summary.latest_level", language, year=yr, region=region,
                   amount=numbers.amount(gdp, "亿元", language), mark=mark("gdp_latest"))
        cross, need = v("threshold_year"), v("growth_to_threshold")
        thr = numbers.amount(threshold, "亿元", language) if threshold is not None else ""
        if cross is not None:
            # the threshold is a current-price level, the target a real growth rate: the
            # sentence states the price assumption it rests on (as the target section does)
            defl = report_deflator(rd, deflator_pct)
            if defl is None:
                cond = msg("summary.prices_unchanged", language, year=yr)
            else:
                word = msg("summary.deflator_fall" if defl.pct < 0 else "summary.deflator_rise",
                           language)
                cond = msg("summary.deflator_assumed" if defl.origin == "assumed"
                           else "summary.deflator_derived", language, word=word,
                           size=abs(defl.pct))
            text += msg("summary.threshold_year", language, target=target_growth, prices=cond,
                        threshold=thr, year=int(cross))
            if need is not None:
                text += msg("summary.threshold_needs", language, year=rd.year, threshold=thr,
                            need=numbers.pct(need))
            else:
                text += stop
        elif threshold is not None and gdp >= threshold:
            text += msg("summary.threshold_passed", language, threshold=thr)
        paras.append(text)
    # 5. key projects against the schedule
    comp, gap, behind = v("projects_completion_pct"), v("projects_gap_pp"), v("projects_behind")
    if comp is not None and gap is not None:
        where = (msg("summary.ahead_of_schedule", language, pp=numbers.pp(gap, language))
                 if gap > 0 else
                 msg("summary.behind_schedule", language, pp=numbers.pp(-gap, language)))
        text = msg("summary.projects", language, completion=numbers.pct(comp), schedule=where)
        if behind is not None and gap < 0:
            text += msg("summary.projects_behind", language, n=int(behind))
        text += demo("projects_completion_pct") + stop
        paras.append(text)
    # 6. the benchmark: both catch-up answers of the benchmark section, each with its condition
    #    as the section states it (the record's label), never one figure under the other's
    #    assumption
    ratio = v("benchmark_ratio")
    if ratio is not None:
        bench = numbers.region_text(rd.profile.benchmark, language) if rd.profile.benchmark \
            else msg("summary.the_benchmark", language)
        # the year compared, which may lie well before the report's (the latest year both
        # regions published on one 口径)
        y = v("benchmark_year")
        when = msg("summary.in_year", language, year=int(y)) if y is not None else ""
        text = msg("summary.benchmark_ratio", language, when=when, region=region,
                   benchmark=bench, ratio=numbers.pct(ratio))
        civil = v("benchmark_ratio_civil")
        if civil is not None:  # the like-for-like basis, as the benchmark section says
            text += msg("summary.benchmark_ratio_civil", language, benchmark=bench,
                        ratio=numbers.pct(civil))
        for name in ("catch_up_years", "catch_up_years_target"):
            years = v(name)
            if years is None and not (r.get(name) and r[name].get("value") == float("inf")):
                continue
            cond = condition_of(str(r[name].get("label", "")), language)
            value = float(r[name]["value"])
            answer = numbers.catch_up_text(value, language)
            said = (answer if math.isinf(value) else  # 追不上 / never
                    msg("summary.catches_up_beyond", language, answer=answer) if value > 100 else
                    msg("summary.catches_up_in", language, answer=answer))
            text += msg("summary.catch_up", language, condition=cond, answer=said)
        paras.append(text + stop)
    if not paras:
        sec.notes.append(msg("summary.no_data", language))
        return sec
    sec.body.append(Paragraph(paras[0], "summary"))
    if len(paras) > 1:
        sec.body.append(Bullets(paras[1:]))
    return sec
