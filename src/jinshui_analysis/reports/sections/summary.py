"""要点: the one-page summary at the head of a report — the headline figures and what they mean.

One question, one function, one answer: the summary computes nothing itself.  It calls the same
section functions the rest of the report shows (:func:`headline`, :func:`target`,
:func:`projection`, :func:`key_projects`, :func:`benchmark_section`) and writes their recorded
key figures into sentences, each with its condition (the target growth, the assumption) and its
status (示例数据 where the figure is demo data).  A figure a section did not record is left out;
nothing is generated in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinshui_analysis.periods import describe, quarter_code_of
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import Bullets, Paragraph
from jinshui_analysis.reports.inputs import ReportData
from jinshui_analysis.reports.price_words import change_words
from jinshui_analysis.reports.section import Section, tr
from jinshui_analysis.reports.sections.common import grade_of, target_goal, unofficial
from jinshui_analysis.reports.sections.target import report_deflator

_INDICATORS = {"industry": ("规模以上工业增加值", "industrial value added (above designated size)"),
               "retail": ("社会消费品零售总额", "retail sales of consumer goods"),
               "investment": ("固定资产投资", "fixed-asset investment"),
               "revenue": ("一般公共预算收入", "general public budget revenue")}


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
    sec = Section(tr("要点", "Highlights", language), language)
    region = numbers.region_text(rd.region, language)

    def v(name: str) -> float | None:
        rec = r.get(name)
        value = rec.get("value") if rec else None
        return value if isinstance(value, int | float) and value == value else None

    def demo(*names: str) -> str:
        if any(r.get(n, {}).get("synthetic") for n in names):
            return tr("（示例数据）", " (synthetic demo data)", language)
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
    target_words = (tr(f"全年{goal}的目标", f"the year's target ({goal})", language)
                    if target_growth is not None else "")
    if ytd_g is not None:
        lab = str(r.get("gdp_ytd_growth", r.get("gdp_q_ytd_yoy", {})).get("label", ""))
        # GDP is published by quarter: 上半年 rather than 1-6月
        when = lab[:lab.index("实际增速")] if "实际增速" in lab else (
            describe(quarter_code_of(rd.year, rd.month // 3), True, language) if rd.month % 3 == 0
            else numbers.period_text(rd.period, language, ytd=True))
        lvl = (tr(f"地区生产总值{numbers.amount(ytd, '亿元', language)}，",
                  f"GDP {numbers.amount(ytd, '亿元', language)}, ", language)
               if ytd is not None else tr("地区生产总值", "GDP ", language))
        src = ("gdp_ytd", "gdp_ytd_growth", "gdp_q_ytd_yoy")
        # a real rate converted from nominal (not published) says so, as the target section does
        how = "" if not converted or "已公布" in lab or "published" in lab or not lab else \
            tr("（由名义增速换算）", " (converted from nominal growth)", language)
        lead = tr(f"{when}，{region}{lvl}实际{numbers.change(ytd_g)}{how}{mark(*src)}{demo(*src)}",
                  f"{when}: {region}'s {lvl}{numbers.change(ytd_g, 'en')} in real terms"
                  f"{how}{mark(*src)}{demo(*src)}", language)
        if target_growth is not None:
            gap = v("target_gap_pp")
            gap = round(ytd_g - target_growth, 1) if gap is None else round(gap, 1)
            full_year = rd.month == 12
            if full_year or rest is None:
                side = (tr(f"，高于{target_words}{numbers.pp(gap, language)}",
                           f", {numbers.pp(gap, language)} above {target_words}", language)
                        if gap > 0 else
                        tr(f"，低于{target_words}{numbers.pp(-gap, language)}",
                           f", {numbers.pp(-gap, language)} below {target_words}", language)
                        if gap < 0 else
                        tr(f"，与{target_words}持平", f", on {target_words}", language))
                lead += side
            if not full_year and rest is not None:
                lead += tr(f"；完成{target_words}，其余时段需增长{numbers.pct(rest)}",
                           f"; meeting {target_words} needs {numbers.pct(rest)} in the rest of "
                           "the year", language)
            elif not full_year:
                lead += tr("（其余时段所需增速：数据中没有可作基数的上年全年总量，未算）",
                           " (the growth the rest of the year needs is not computed: no base-year "
                           "level in the data)", language)
        lead += tr("。", ".", language)
    elif ytd is not None and ytd_nominal is not None:
        # only the nominal rate exists: say so; it is not compared with the real target
        lead = tr(
            f"{numbers.period_text(rd.period, language, ytd=True)}，{region}地区生产总值"
            f"{numbers.amount(ytd, '亿元', language)}，按现价计算{numbers.change(ytd_nominal)}"
            f"（名义增速，未扣除价格因素，不与实际增速目标比较）"
            f"{mark('gdp_ytd')}{demo('gdp_ytd', 'gdp_ytd_growth_nominal')}。",
            f"{numbers.period_text(rd.period, language, ytd=True)}: {region}'s GDP "
            f"{numbers.amount(ytd, '亿元', language)}, {numbers.change(ytd_nominal, 'en')} at "
            f"current prices (nominal, not comparable with the real growth target)"
            f"{mark('gdp_ytd')}{demo('gdp_ytd', 'gdp_ytd_growth_nominal')}.", language)
    items = []
    for key, (ind_zh, ind_en) in _INDICATORS.items():
        g = v(f"{key}_ytd_yoy")
        if g is None:
            continue
        name = f"{key}_ytd_yoy"
        items.append(tr(f"{ind_zh}累计{numbers.change(g)}{mark(name)}{demo(name)}",
                        f"{ind_en} {numbers.change(g, 'en')}{mark(name)}{demo(name)}", language))
    if items:
        if not lead:
            lead = tr(f"{numbers.period_text(rd.period, language, ytd=True)}，{region}",
                      f"{numbers.period_text(rd.period, language, ytd=True)}, {region}: ",
                      language)
        lead += tr("，".join(items) + "。", (" Year to date: " if lead.endswith(".") else "")
                   + "; ".join(items) + ".", language)
    if lead:
        paras.append(lead)
    # 3. the projection
    proj, proj_g, prob = v("projected_gdp"), v("projected_growth"), v("target_probability")
    real = proj_g is not None
    proj_g = proj_g if real else v("projected_growth_nominal")
    from_growth = "已公布实际增速" in str(r.get("projected_growth", {}).get("label", ""))
    if from_growth and proj_g is not None:
        text = tr(f"按已公布的累计实际增速、其余时段保持同样增速推算，全年实际增长约"
                  f"{numbers.pct(proj_g)}",
                  f"With the rest of the year at the published year-to-date real pace, real "
                  f"growth for the year is about {numbers.pct(proj_g)}", language)
        if prob is not None:
            text += tr(f"；完成{target_growth:g}%目标的概率约{numbers.pct(prob, 0)}",
                       f"; the probability of meeting {target_growth:g}% is about "
                       f"{numbers.pct(prob, 0)}", language)
        paras.append(text + tr("。", ".", language))
    elif proj is not None and proj_g is not None:
        basis = tr("", "", language) if real else tr("（现价，名义）", " (nominal)", language)
        text = tr(f"按往年同期累计占全年比重推算，全年地区生产总值约"
                  f"{numbers.amount(proj, '亿元', language, nd=1)}，增长"
                  f"{numbers.pct(proj_g)}{basis}",
                  f"Projected from past years' shares of the year to date, annual GDP is about "
                  f"{numbers.amount(proj, '亿元', language, nd=1)}, up "
                  f"{numbers.pct(proj_g)}{basis}", language)
        if prob is not None:
            text += tr(f"；完成{target_growth:g}%目标的概率约{numbers.pct(prob, 0)}",
                       f"; the probability of meeting {target_growth:g}% is about "
                       f"{numbers.pct(prob, 0)}", language)
        text += demo("projected_gdp") + tr("。", ".", language)
        paras.append(text)
    # 4. the latest annual level and the threshold arithmetic (context, after this period)
    gdp, year = v("gdp_latest"), v("gdp_latest_year")
    if gdp is not None:
        yr = int(year) if year is not None else rd.year - 1
        text = tr(f"{yr}年{region}地区生产总值{numbers.amount(gdp, '亿元', language)}"
                  f"{mark('gdp_latest')}。",
                  f"{region}'s GDP in {yr} was {numbers.amount(gdp, '亿元', language)}"
                  f"{mark('gdp_latest')}.", language)
        cross, need = v("threshold_year"), v("growth_to_threshold")
        thr = numbers.amount(threshold, "亿元", language) if threshold is not None else ""
        if cross is not None:
            # the threshold is a current-price level, the target a real growth rate: the
            # sentence states the price assumption it rests on (as the target section does)
            defl = report_deflator(rd, deflator_pct)
            if defl is None:
                cond = tr(f"按{yr}年价格（价格不变）", f"at {yr} prices (no price change)", language)
            elif defl.origin == "assumed":
                word, size = change_words(defl)
                cond = tr(f"GDP平减指数{word}按{size}假设", f"an assumed GDP deflator of "
                          f"{defl.pct:g}%", language)
            else:
                word, size = change_words(defl)
                cond = tr(f"GDP平减指数{word}按已公布数据推算为{size}",
                          f"a GDP deflator of {defl.pct:.2f}% derived from published figures",
                          language)
            text += tr(f"若实际增长{target_growth:g}%（年度目标）、{cond}，"
                       f"{int(cross)}年突破{thr}（现价）",
                       f" At the {target_growth:g}% real growth target and {cond}, "
                       f"it passes {thr} (current prices) in {int(cross)}", language)
            if need is not None:
                text += tr(f"；{rd.year}年达到{thr}需名义增长{numbers.pct(need)}。",
                           f"; reaching {thr} in {rd.year} needs {numbers.pct(need)} nominal "
                           "growth.", language)
            else:
                text += tr("。", ".", language)
        elif threshold is not None and gdp >= threshold:
            text += tr(f"已超过{thr}。", f" It is already above {thr}.", language)
        paras.append(text)
    # 5. key projects against the schedule
    comp, gap, behind = v("projects_completion_pct"), v("projects_gap_pp"), v("projects_behind")
    if comp is not None and gap is not None:
        where = (tr(f"快于序时进度{numbers.pp(gap, language)}", f"{numbers.pp(gap, language)} "
                    "ahead of schedule", language) if gap > 0 else
                 tr(f"落后序时进度{numbers.pp(-gap, language)}",
                    f"{numbers.pp(-gap, language)} behind schedule", language))
        text = tr(f"重点项目完成年度计划{numbers.pct(comp)}，{where}",
                  f"Key projects have completed {numbers.pct(comp)} of the annual plan, {where}",
                  language)
        if behind is not None and gap < 0:
            text += tr(f"，{int(behind)}个项目落后", f"; {int(behind)} projects are behind",
                       language)
        text += demo("projects_completion_pct") + tr("。", ".", language)
        paras.append(text)
    # 6. the benchmark: both catch-up answers of the benchmark section, each with its condition
    #    as the section states it (the record's label), never one figure under the other's
    #    assumption
    ratio = v("benchmark_ratio")
    if ratio is not None:
        bench = numbers.region_text(rd.profile.benchmark, language) if rd.profile.benchmark \
            else tr("对标地区", "the benchmark", language)
        # the year compared, which may lie well before the report's (the latest year both
        # regions published on one 口径)
        y = v("benchmark_year")
        when = tr(f"{int(y)}年", f"In {int(y)}, ", language) if y is not None else ""
        text = tr(f"{when}{region}地区生产总值相当于{bench}的{numbers.pct(ratio)}（现价）",
                  f"{when}{region}'s GDP was {numbers.pct(ratio)} of {bench}'s (current prices)",
                  language)
        civil = v("benchmark_ratio_civil")
        if civil is not None:  # the like-for-like basis, as the benchmark section says
            text += tr(f"（管理口径；按与{bench}全区数据可比的民政口径为{numbers.pct(civil)}）",
                       f" (management basis; {numbers.pct(civil)} on the administrative-area basis, "
                       f"like for like with {bench}'s whole-district figure)", language)
        for name in ("catch_up_years", "catch_up_years_target"):
            years = v(name)
            if years is None and not (r.get(name) and r[name].get("value") == float("inf")):
                continue
            label = str(r[name].get("label", ""))
            cond = (label.removesuffix("追赶所需年数") if language == "zh"
                    else label.removeprefix("years to catch up "))
            answer = numbers.catch_up_text(r[name]["value"], language)
            said = (f"{answer}可以追上" if answer.startswith("约") else
                    f"追上{answer}" if answer.startswith("需") else answer)
            text += tr(f"；{cond}，{said}", f"; {cond}: {answer}", language)
        paras.append(text + tr("。", ".", language))
    if not paras:
        sec.notes.append(tr("数据不足，无法概括要点。", "Not enough data for highlights.", language))
        return sec
    sec.body.append(Paragraph(paras[0], "summary"))
    if len(paras) > 1:
        sec.body.append(Bullets(paras[1:]))
    return sec
