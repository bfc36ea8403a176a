"""年度目标进度: YTD GDP against the target path and the growth still needed (real basis)."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.data.vintage import revision_between
from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.models import targets
from jinshui_analysis.models.prices import Deflator, deflator_from, to_nominal, to_real
from jinshui_analysis.periods import (
    codes_info,
    describe,
    month_code,
    quarter_code,
    quarter_code_of,
    year_of_code,
)
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import DEMO, GDP, ReportData, source_of
from jinshui_analysis.reports.price_words import change_words, deflator_words
from jinshui_analysis.reports.section import Section, fmt, memoised, tr
from jinshui_analysis.reports.sections.common import (
    annual_before,
    row_of,
    target_goal,
    unofficial,
)
from jinshui_analysis.reports.values import ytd_values

#: Points by which a region's implied deflator may differ from its parent's for the same
#: period before it is read as a change of basis (口径) rather than prices.  Deflators of a city
#: and its province (or a district and its city) move together: 郑州市 2023上半年 −2.18 % beside
#: 河南省's; a gap of more than 3 points within one half-year is a revision or a coverage change.
MAX_DEFLATOR_GAP_PP = 3.0


def region_deflator(rd: ReportData, region: str, quarter: str) -> Deflator | None:
    """The implied deflator of ``region`` for the year-to-date ``quarter`` ("2023Q2"; "2023Q4"
    is the year) from its published levels of this and last year's same period and its
    published real growth (:func:`deflator_from`), or None when a figure is missing, is demo
    data, or the two levels lie across a census revision (:mod:`jinshui_analysis.data.vintage`)."""
    y, k = year_of_code(quarter), int(str(quarter)[-1])
    now, last = month_code(y, 3 * k), month_code(y - 1, 3 * k)
    lv = ytd_values(rd.real, region, GDP, "level")
    g = ytd_values(rd.real, region, GDP, "yoy_pct")
    lv = lv[~lv["synthetic"].astype(bool)]
    g = g[~g["synthetic"].astype(bool) & g["price_basis"].isin(["comparable", ""])]
    if now not in lv.index or last not in lv.index or now not in g.index:
        return None
    keys = [_row_key(rd, region, str(lv.loc[m, "period"])) for m in (now, last)]
    if revision_between(*keys) or float(lv.loc[last, "value"]) <= 0:
        return None
    nominal = (float(lv.loc[now, "value"]) / float(lv.loc[last, "value"]) - 1) * 100
    return Deflator(deflator_from(nominal, float(g.loc[now, "value"])), "derived",
                    str(quarter), region=region)


def _row_key(rd: ReportData, region: str, period: str) -> tuple[str, str, str]:
    f = rd.real
    hit = f[(f["region"] == region) & (f["indicator"] == GDP) & (f["measure"] == "level")
            & (f["period"].astype(str) == period)]
    if hit.empty:
        return period, "", ""
    return period, _text(hit, "published"), _text(hit, "vintage")


def _text(hit: pd.DataFrame, column: str) -> str:
    """The first row's ``column`` as text ("" when the column is absent or the cell empty)."""
    if column not in hit.columns:
        return ""
    v = hit[column].iloc[0]
    return "" if v != v or v is None else str(v)


def deflator_choice(rd: ReportData, deflator_pct: float | None
                    ) -> tuple[Deflator | None, tuple[str, str] | None]:
    """The deflator the data give, and a note (zh, en) where the region's own was set aside.

    In this order: the region's own implied deflator for its latest year-to-date period
    (published real growth and levels on one basis), unless it differs from the parent
    region's for the same period by more than :data:`MAX_DEFLATOR_GAP_PP` points (then a
    change of basis, said and not used); the parent city's implied deflator for the same period;
    the province's; the report parameter ``deflator_pct`` (an assumption, printed); else None
    (the report then says it cannot convert; never a silent 0).
    """
    ytd = ytd_figures(rd)
    periods = [] if ytd is None else list(dict.fromkeys(
        q for q in (ytd["through"], ytd["level_through"]) if q is not None))
    if not periods and rd.month >= 3:
        # the region has no year-to-date GDP of its own: its parents' for the report's latest
        # quarter (a deflator is a price, not a level, and travels to the region)
        periods = [quarter_code_of(rd.year, rd.month // 3)]
    through = periods[0] if periods else None
    parents = [p for p in (getattr(rd.profile, "city", None),
                           getattr(rd.profile, "province", None)) if p and p != rd.region]
    note = None
    if through is not None:
        own = None
        if ytd is not None and ytd["published"] is not None and ytd["nominal_pct"] is not None:
            own = Deflator(deflator_from(ytd["nominal_pct"], float(ytd["published"]["value"])),
                           "derived", str(ytd["through"]), region=rd.region)
        parent_defl = next((d for d in (region_deflator(rd, p, q) for p in parents
                                        for q in periods) if d is not None), None)
        if own is not None:
            if parent_defl is None or abs(own.pct - parent_defl.pct) <= MAX_DEFLATOR_GAP_PP:
                return own, None
            note = (f"{rd.region}{describe(own.period, True)}由总量与已公布实际增速推算的平减指数为{own.pct:.2f}%，与"
                    f"{parent_defl.region}同期的{parent_defl.pct:.2f}%相差超过{MAX_DEFLATOR_GAP_PP:g}个"
                    "百分点，视为总量口径变化而非价格变动，不采用。",
                    f"{rd.region}'s deflator implied for {describe(own.period, True, 'en')} "
                    f"({own.pct:.2f}%) differs from "
                    f"{parent_defl.region}'s for the same period ({parent_defl.pct:.2f}%) by more "
                    f"than {MAX_DEFLATOR_GAP_PP:g} points: read as a change of basis, not prices, "
                    "and not used.")
        if parent_defl is not None:
            return parent_defl, note
    if deflator_pct is not None:
        return Deflator(float(deflator_pct), "assumed"), note
    return None, note


def report_deflator(rd: ReportData, deflator_pct: float | None) -> Deflator | None:
    """The deflator a report uses (:func:`deflator_choice`): the region's own implied deflator,
    else its parent city's or province's for the same period, else the parameter
    ``deflator_pct`` (an assumption, printed), else None."""
    return deflator_choice(rd, deflator_pct)[0]


def threshold_crossing(last_value: float, last_year: int, target_growth: float, threshold: float,
                       deflator: Deflator | None, language: str = "zh",
                       ) -> tuple[targets.CrossingResults, str]:
    """The one answer to "when does GDP pass the (current-price) threshold at the real target?".

    The path grows at the real target, plus the deflator when there is one (then nominal);
    with no deflator it stays at the last year's prices (said, and conservative against a
    current-price threshold).  Returns the :func:`targets.crossing` result and the price-basis
    assumption in words.  Used by the target section and the annual overview.
    """
    if deflator is None:
        cross = targets.crossing(last_value, target_growth, threshold, int(last_year),
                                 growth_basis="real")
        assume = tr("未计价格变动（无平减指数：路径按可比价，对现价门槛偏保守）",
                    "no price change assumed (no deflator: the path is at constant prices, "
                    "conservative against a current-price threshold)", language)
    else:
        cross = targets.crossing(last_value, target_growth, threshold, int(last_year),
                                 growth_basis="real", deflator_pct=deflator.pct)
        assume = deflator_words(deflator, language)
    return cross, assume


def published_real_ytd(rd: ReportData, year: int | None = None) -> pd.DataFrame:
    """The region's published real (可比价) year-to-date GDP growth of ``year`` (default the
    report year) for periods up to the report's month, keyed by quarter code (``2025Q3``; a
    full year is ``2025Q4``, the 1-12月 year to date).  Demo rows are never included."""
    year = rd.year if year is None else int(year)
    got = ytd_values(rd.real, rd.region, GDP, "yoy_pct")
    info = codes_info(got.index)
    quarter_end = ((info["freq"] == "M") & (info["year"] == year)
                   & (info["last_month"] % 3 == 0)).fillna(False).to_numpy(bool)
    keep = quarter_end & (got.index <= rd.period.period) & ~got["synthetic"].astype(bool) \
        & got["price_basis"].isin(["comparable", ""])
    out = got[keep].copy()
    out.index = pd.Index([quarter_code(m) for m in out.index], name="quarter")
    return out


def ytd_figures(rd: ReportData, target_growth: float = 8.0,
                deflator: Deflator | None = None) -> dict | None:
    """The year-to-date period a report's target arithmetic rests on, and its figures.

    Published first: the period is the **latest year-to-date period up to the report's month
    with published real growth** (:func:`published_real_ytd`; a full year counts as 1-12月),
    unless a level is in the data for a later period, then that level's period with its
    nominal growth deflated by ``deflator`` (None → no real growth: ``progress`` is None).
    Weights are last year's levels for that period and last year's total
    (:func:`targets.target_progress`).  Lower bounds (indicators "…(下限)") are never levels.

    Returns None when the data have no level of last year to weight with, else a dict:
    ``cur``/``prev`` (this and last year's YTD levels by quarter, current prices), ``through``
    (quarter code of the period used), ``level`` (this year's level for it, or None),
    ``level_through`` (the latest level's quarter), ``published`` (the published real growth
    row: value, source, grade, period; or None), ``progress`` (:class:`targets.
    TargetProgressResults` or None; None for a full year), ``full_year``, ``nominal_pct``
    (nominal growth of the level, or None) and ``lower_bound`` (a published lower bound of the
    level, 亿元, or None).
    """
    q = rd.quarterly[rd.quarterly["measure"] == "level"]
    cur = q[q["period"].str.startswith(str(rd.year))]
    prev = q[q["period"].str.startswith(str(rd.year - 1))]
    cur_s = pd.Series(cur["value"].to_numpy(float), index=cur["period"].to_list(), dtype=float)
    prev_s = pd.Series(prev["value"].to_numpy(float), index=prev["period"].to_list(), dtype=float)
    pub = published_real_ytd(rd)
    level_q = cur_s.index[-1] if len(cur_s) else None
    g_q = pub.index[-1] if len(pub) else None
    if g_q is not None and (level_q is None or g_q >= level_q):
        through = g_q
        r = pub.loc[g_q]
        published = {"value": float(r["value"]), "source": str(r["source"]),
                     "grade": str(r["grade"]), "period": str(r["period"])}
    elif level_q is not None:
        through, published = level_q, None
    else:
        return None
    last_q = quarter_code_of(rd.year - 1, through[-1])
    full_year = through.endswith("Q4")
    level = float(cur_s[through]) if through in cur_s.index else None
    nominal = None
    basis_break = ""  # a census revision between this year's level and last year's
    if level is not None and last_q in prev_s.index and prev_s[last_q] > 0:
        basis_break = revision_between(level_key(rd, through), level_key(rd, last_q))
        if not basis_break:
            nominal = (level / float(prev_s[last_q]) - 1) * 100
    # the weight's two levels (last year's period and year) on one basis?
    weight_break = ""
    if not full_year and last_q in prev_s.index and quarter_code_of(rd.year - 1, 4) in prev_s.index:
        weight_break = revision_between(level_key(rd, last_q), level_key(rd, quarter_code_of(rd.year - 1, 4)))
    if not full_year and (last_q not in prev_s.index or quarter_code_of(rd.year - 1, 4) not in prev_s.index):
        if published is None:
            return None
    lower = row_of(rd, rd.region, through, indicator=f"{GDP}(下限)", ytd=True)
    progress = None
    if not full_year and last_q in prev_s.index and quarter_code_of(rd.year - 1, 4) in prev_s.index:
        try:
            progress = targets.target_progress(
                float(prev_s[last_q]), float(prev_s[quarter_code_of(rd.year - 1, 4)]),
                target_growth_pct=target_growth,
                ytd_level=None if basis_break else level,
                ytd_real_growth_pct=None if published is None else published["value"],
                deflator=deflator)
        except ParameterError:
            progress = None
    return {"cur": cur_s, "prev": prev_s, "through": through, "last_q": last_q,
            "level": level, "level_through": level_q, "published": published,
            "progress": progress, "full_year": full_year, "nominal_pct": nominal,
            "lower_bound": None if lower is None else float(lower["value"]),
            "basis_break": basis_break, "weight_break": weight_break}


def level_key(rd: ReportData, quarter: str) -> tuple[str, str, str]:
    """(period, published, vintage) of the region's YTD level for ``quarter`` — what
    :func:`jinshui_analysis.data.vintage.census_basis` needs to place it on a basis."""
    q = rd.quarterly
    hit = q[(q["measure"] == "level") & (q["period"] == quarter)]
    if hit.empty:
        return quarter, "", ""
    return quarter, _text(hit, "published"), _text(hit, "vintage")


@memoised
def target(rd: ReportData, target_growth: float = 8.0, threshold: float | None = 2000.0,
           language: str = "zh", *, deflator_pct: float | None = None) -> Section:
    """YTD GDP against the target path and the growth still required this year.

    All target arithmetic is real (按可比价), as targets are: :func:`targets.target_progress`
    ((1+G) = w(1+g_ytd) + (1−w)(1+g_rest), w = last year's YTD level ÷ last year's total) on the
    published real YTD growth where the data have it, else on the nominal growth of the levels
    deflated by ``deflator_pct`` (a report parameter, printed).  The threshold (e.g. 2000亿元) is
    a current-price (nominal) level: the path to it grows at the real target plus the deflator
    (:func:`targets.crossing` with ``deflator_pct``), and the growth needed
    (:func:`targets.required_growth`) is nominal, with its real equivalent under that deflator.
    """
    sec = Section(tr("年度目标进度", "Progress against the annual target", language), language)
    if target_growth is None:
        sec.notes.append(tr("未设定年度增长目标（报告参数 target_growth，或地区档案 jinshui.toml 中的"
                            "target_growth_pct），不测算目标进度。",
                            "No annual growth target is set (report parameter target_growth, or "
                            "target_growth_pct in the region profile jinshui.toml): no progress "
                            "against a target is computed.", language))
        return sec
    found = annual_before(rd, sec)
    if found is None:
        return sec
    last_year, last_value = found
    defl, defl_note = deflator_choice(rd, deflator_pct)
    if defl_note is not None:
        sec.notes.append(tr(*defl_note, language))
    goal, lower = target_goal(rd, target_growth, language)
    row = row_of(rd, rd.region, last_year) or {}
    src = source_of(rd, rd.region, last_year)
    mark = unofficial(str(row.get("grade", "")), language)
    if row.get("qualifier") == "推算":  # derived from published statements: say how
        mark = tr("（推算）", " (derived)", language) + mark
        how = bundled.derivation(rd.region, GDP, str(last_year))
        sec.notes.append(tr(f"{last_year}年地区生产总值{fmt(last_value, 2)}亿元为推算数（未见直接公布）："
                            f"{how.removeprefix('推算：')}",
                            f"GDP {last_year} ({fmt(last_value, 2)}亿元) is derived from published "
                            "statements (no direct release was found); the arithmetic is in the "
                            "data notes (推算).", language))
    level_txt = tr(f"{last_year}年地区生产总值{fmt(last_value, 2)}亿元（现价）{mark}",
                   f"GDP {last_year}: {fmt(last_value, 2)}亿元 (current prices){mark}", language)
    if threshold is None:  # no level of interest in the parameters or the region profile
        pass
    elif last_value >= threshold:
        sec.notes.append(level_txt + tr(f"，已超过{threshold:g}亿元。",
                                        f", already above {threshold:g}亿元.", language))
    else:
        need = targets.required_growth(last_value, threshold, rd.year - int(last_year))
        sec.record("growth_to_threshold", need, "%",
                   tr(f"{rd.year}年达到{threshold:g}亿元所需名义年均增速（现价）",
                      f"nominal growth a year needed to reach {threshold:g}亿元 by {rd.year}",
                      language), src)
        cross, assume = threshold_crossing(last_value, int(last_year), target_growth, threshold,
                                           defl, language)
        need_real = ""
        if defl is not None:
            need_real = tr(f"（按上述平减指数约合实际增长{to_real(need, defl.pct):.2f}%）",
                           f" (about {to_real(need, defl.pct):.2f}% real at that deflator)",
                           language)
        head = tr(f"{level_txt}；若实际增长{target_growth:g}%（目标为实际增速，即{goal}）、{assume}，",
                  f"{level_txt}; at {target_growth:g}% real growth (target: {goal}) and "
                  f"{assume}, ", language)
        if cross.period is None:
            body = tr(f"{cross.horizon}年内达不到{threshold:g}亿元（现价门槛）",
                      f"it does not reach {threshold:g}亿元 (current prices) within "
                      f"{cross.horizon} years", language)
        else:
            sec.record("threshold_year", cross.period, "年",
                       tr(f"按实际增长{target_growth:g}%突破{threshold:g}亿元（现价）的年份",
                          f"year GDP passes {threshold:g}亿元 (current prices) at "
                          f"{target_growth:g}% real growth", language), src)
            lvl = fmt(float(cross.path.iloc[-1]), 2)
            body = tr(f"{cross.period}年地区生产总值约{lvl}亿元（"
                      + ("名义，现价" if defl is not None else f"按{last_year}年价格") +
                      f"），突破{threshold:g}亿元（现价门槛）",
                      f"GDP is about {lvl}亿元 in {cross.period} ("
                      + ("nominal" if defl is not None else f"at {last_year} prices") +
                      f"), passing {threshold:g}亿元 (current prices)", language)
        sec.notes.append(head + body + tr(
            f"；从{last_year}年到{rd.year}年达到{threshold:g}亿元需名义年均增长{need:.2f}%{need_real}。",
            f"; reaching {threshold:g}亿元 by {rd.year} needs {need:.2f}% nominal growth a year"
            f"{need_real}.", language))
    figs = ytd_figures(rd, target_growth, defl)
    if figs is None:
        sec.notes.append(tr("本年季度地区生产总值尚未发布（一季度数据于4月发布）。",
                            "No quarterly GDP for this year yet (Q1 is published in April).",
                            language))
        return sec
    cur_s, prev_s, through = figs["cur"], figs["prev"], figs["through"]
    when = describe(through, True, language)
    syn = "quarterly" in rd.synthetic
    level_syn = syn and figs["level"] is not None and _is_demo(rd, through)
    sec.synthetic = syn
    pub = figs["published"]
    if figs["level"] is not None:
        sec.record("gdp_ytd", figs["level"], "亿元",
                   tr(f"{when}地区生产总值（现价）", f"GDP {when} (current prices)", language),
                   source_of(rd, rd.region, _code(through)), synthetic=level_syn)
    if figs["nominal_pct"] is not None:
        sec.record("gdp_ytd_growth_nominal", figs["nominal_pct"], "%",
                   tr(f"{when}名义增速（现价，由总量推算）",
                      f"nominal growth {when} (current prices, derived from levels)", language),
                   synthetic=level_syn)
    elif figs["lower_bound"] is not None:
        sec.notes.append(tr(
            f"{when}地区生产总值只公布为“超过{figs['lower_bound']:g}亿元”（下限），不作为总量使用。",
            f"GDP {when} is published only as “above {figs['lower_bound']:g}亿元” (a lower bound), "
            "not used as a level.", language))
    res = figs["progress"]
    if figs["basis_break"]:
        lq = figs["last_q"]
        sec.notes.append(tr(
            f"{describe(lq, True)}地区生产总值{fmt(float(prev_s[lq]), 2)}亿元是{figs['basis_break']}"
            f"修订前首次公布的数，与{when}的{fmt(figs['level'], 2)}亿元不在同一口径，不用两者计算增速或"
            "平减指数" + ("，采用已公布的实际增速。" if pub is not None else "。"),
            f"GDP {describe(lq, True, 'en')} ({fmt(float(prev_s[lq]), 2)}亿元) was first published "
            f"before the {figs['basis_break']} revision and is not on the basis of {when}'s "
            f"{fmt(figs['level'], 2)}亿元, so no growth or deflator is computed from the two"
            + ("; the published real growth is used." if pub is not None else "."), language))
    if figs["weight_break"]:
        sec.notes.append(tr(
            f"权重所用{describe(figs['last_q'], True)}总量为{figs['weight_break']}修订前首次公布数，"
            f"{rd.year - 1}年全年总量为修订后数，权重可能略有偏差。",
            f"The weight divides a level first published before the {figs['weight_break']} "
            f"revision ({describe(figs['last_q'], True, 'en')}) by {rd.year - 1}'s revised "
            "annual level, so it may be slightly off.", language))
    if pub is not None:
        mark = unofficial(pub["grade"], language)
        sec.record("gdp_ytd_growth", pub["value"], "%",
                   tr(f"{when}实际增速（按可比价，已公布）",
                      f"real growth {when} (comparable prices, published)", language),
                   source=pub["source"])
        basis_txt = tr(f"测算依据：{when}已公布实际增速{pub['value']:g}%{mark}",
                       f"Based on the published real growth of {when}: {pub['value']:g}%{mark}",
                       language)
        if figs["level_through"] is not None and figs["level_through"] < through:
            basis_txt += tr(f"（晚于数据中最新的总量{describe(figs['level_through'], True)}，"
                            "故不用总量推算）",
                            f" (later than the latest level in the data, "
                            f"{describe(figs['level_through'], True, 'en')}, which is therefore "
                            "not used)", language)
    else:
        basis_txt = ""
    if figs["full_year"]:
        if pub is not None:
            gap = pub["value"] - target_growth
            verdict = (tr(f"高于{goal}的目标{abs(gap):.1f}个百分点",
                          f"{abs(gap):.1f} percentage points above the target ({goal})", language)
                       if gap > 0 else tr(f"达到{goal}的目标", f"on the target ({goal})", language)
                       if gap == 0 else
                       tr(f"低于{goal}的目标{abs(gap):.1f}个百分点",
                          f"{abs(gap):.1f} percentage points below the target ({goal})", language))
            sec.record("target_gap_pp", gap, "百分点",
                       tr(f"{when}已公布实际增速与{goal}目标之差",
                          f"published real growth {when} minus the target ({goal})", language),
                       source=pub["source"])
            sec.notes.append(basis_txt + tr(
                f"。全年数据已公布：{when}实际增长{pub['value']:g}%，{verdict}；无需测算其余时段所需增速。",
                f". The full year is published: {pub['value']:g}% real growth in {when}, "
                f"{verdict}; no growth is needed for the rest of the year.", language))
        elif figs["nominal_pct"] is None:
            sec.notes.append(tr("数据中没有全年已公布的实际增速，不与实际增速目标比较。",
                                "The data hold no published real growth for the year: it is not "
                                "compared with the real target.", language))
        else:
            sec.notes.append(tr(
                f"{when}名义增长{figs['nominal_pct'] or float('nan'):.2f}%（现价，由总量推算）；数据中没有"
                "全年已公布的实际增速，不与实际增速目标比较。",
                f"{when}: {figs['nominal_pct'] or float('nan'):.2f}% nominal growth (derived from "
                "levels); the data hold no published real growth for the year, so it is not "
                "compared with the real target.", language))
    elif res is None:
        if pub is not None:
            prev_s, last_q = figs["prev"], figs["last_q"]
            gone = [w for w, q in ((("同期", "the same period"), last_q),
                                   (("全年", "the full year"), quarter_code_of(rd.year - 1, 4)))
                    if q not in prev_s.index]
            zh_gone = "及".join(w[0] for w in gone) or "同期及全年"
            en_gone = " and ".join(w[1] for w in gone) or "the period and the year"
            bound = _bounded_requirement(rd, figs, target_growth, goal, language)
            if bound is not None:
                sec.record("required_rest_growth_bound", bound[0], "%", bound[1],
                           source=pub["source"])
                sec.notes.append(basis_txt + bound[2])
            else:
                sec.notes.append(basis_txt + tr(
                    f"；数据中没有{rd.year - 1}年{zh_gone}的地区生产总值，无法按上年权重测算其余时段所需增速。",
                    f"; the data lack {rd.year - 1}'s GDP for {en_gone}, so the growth still "
                    "needed cannot be weighted.", language))
        elif figs["nominal_pct"] is None:
            sec.notes.append(tr("数据中没有同期及以后已公布的实际增速，不测算目标所需增速。",
                                "The data hold no published real growth for this or a later "
                                "period: the growth still needed is not computed.", language))
        else:
            sec.notes.append(tr(
                f"{when}名义增长{figs['nominal_pct'] or float('nan'):.2f}%（现价）；数据中没有同期及以后"
                "已公布的实际增速，也未给出GDP平减指数（报告参数 deflator_pct），无法换算实际增速，"
                "故不测算目标所需增速。",
                f"{when}: {figs['nominal_pct'] or float('nan'):.2f}% nominal growth; the data hold no "
                "published real growth for this or a later period and no deflator was given "
                "(report parameter deflator_pct), so the real growth and the growth still needed "
                "are not computed.", language))
    else:
        if res.ytd_origin == "published":
            how = basis_txt
        else:
            how = tr(f"测算依据：{when}地区生产总值{fmt(figs['level'], 2)}亿元，名义增长"
                     f"{figs['nominal_pct']:.2f}%，按{deflator_words(res.deflator, language)}换算为实际增速"
                     "（数据中没有同期及以后已公布的实际增速）",
                     f"Based on GDP {when} of {fmt(figs['level'], 2)}亿元, nominal growth "
                     f"{figs['nominal_pct']:.2f}% deflated: {deflator_words(res.deflator, language)} (the "
                     "data hold no published real growth for this or a later period)", language)
            sec.record("gdp_ytd_growth", res.ytd_growth_pct, "%",
                       tr(f"{when}实际增速（按可比价，由名义增速按平减指数换算）",
                          f"real growth {when} (deflated nominal growth)", language),
                       synthetic=level_syn)
        sec.record("required_rest_growth", res.required_rest_growth_pct, "%",
                   tr(f"完成全年{goal}目标其余时段所需实际增速",
                      f"real growth needed in the rest of the year for {goal}", language),
                   synthetic=level_syn and pub is None)
        w_txt = tr(f"上年同期（{describe(figs['last_q'], True)}{fmt(float(prev_s[figs['last_q']]), 2)}"
                   f"亿元）占上年全年（{fmt(float(prev_s[quarter_code_of(rd.year - 1, 4)]), 2)}亿元）的"
                   f"{res.share * 100:.2f}%",
                   f"last year's same period ({fmt(float(prev_s[figs['last_q']]), 2)}亿元) was "
                   f"{res.share * 100:.2f}% of last year's total "
                   f"({fmt(float(prev_s[quarter_code_of(rd.year - 1, 4)]), 2)}亿元)", language)
        sec.notes.append(tr(
            f"{how}。{when}实际增长{res.ytd_growth_pct:.2f}%；{w_txt}，完成全年{goal}的目标"
            + (f"（按下限{target_growth:g}%测算）" if lower else "") +
            f"，其余时段需实际增长{res.required_rest_growth_pct:.2f}%"
            + ("以上" if lower else "") + "。",
            f"{how}. Real growth {when}: {res.ytd_growth_pct:.2f}%; {w_txt}, so meeting the "
            f"target ({goal}) needs {'at least ' if lower else ''}"
            f"{res.required_rest_growth_pct:.2f}% real growth in the rest of the year.",
            language))
    g_nom = None if defl is None else to_nominal(target_growth, defl.pct)
    prev_s = prev_s.reindex([quarter_code_of(rd.year - 1, k) for k in range(1, 5)]).copy()
    crossed = [k for k in range(1, 5) if quarter_code_of(rd.year, k) in cur_s.index
               and prev_s[quarter_code_of(rd.year - 1, k)] == prev_s[quarter_code_of(rd.year - 1, k)]
               and revision_between(level_key(rd, quarter_code_of(rd.year, k)),
                                    level_key(rd, quarter_code_of(rd.year - 1, k)))]
    for k in crossed:  # last year's level on another basis is not set beside this year's
        prev_s[quarter_code_of(rd.year - 1, k)] = float("nan")
    if crossed:
        names = "、".join(tr(("一季度", "上半年", "前三季度", "全年")[k - 1],
                            ("Q1", "H1", "Q1–Q3", "year")[k - 1], language) for k in crossed)
        sec.notes.append(tr(
            f"下表{names}不列{rd.year - 1}年的总量：其首次公布数在经济普查修订前，与{rd.year}年的总量"
            "不在同一口径。",
            f"The table leaves out {rd.year - 1}'s levels for {names}: they were first published "
            f"before the economic census revision and are not on {rd.year}'s basis.", language))
    path = pd.DataFrame({
        tr("上年累计（现价）", "last year YTD (current prices)", language): prev_s.to_numpy(),
        **({tr("目标路径（现价）", "target path (current prices)", language):
            prev_s.to_numpy() * (1 + g_nom / 100)} if g_nom is not None else {}),
        tr("本年累计（现价）", "this year YTD (current prices)", language): cur_s.reindex(
            [quarter_code_of(rd.year, k) for k in range(1, 5)]).to_numpy(),
    }, index=pd.Index([tr(z, e, language) for z, e in (("一季度", "Q1"), ("上半年", "H1"),
                                                      ("前三季度", "Q1–Q3"), ("全年", "year"))],
                      name="period"))
    sec.tables.append((tr("累计地区生产总值（亿元，现价）", "GDP year to date (亿元, current prices)",
                          language), path.round(2)))
    if g_nom is not None:
        sign = "−" if defl.pct < 0 else "+"
        mag = f"{abs(defl.pct):.2f}%"
        word = change_words(defl)[0]
        said = deflator_words(defl, language) in "".join(sec.notes)  # named once is enough
        which = "" if said else tr(f"；{deflator_words(defl, language)}", f"; {deflator_words(defl, language)}",
                                   language)
        sec.notes.append(tr(f"目标路径 = 上年同期 ×（1 + 实际目标{target_growth:g}%）×（1 {sign} "
                            f"平减指数{word}{mag}），即名义增长{g_nom:.2f}%{which}。",
                            f"Target path = last year's YTD × (1 + {target_growth:g}% real) × (1 "
                            f"{sign} {mag} deflator {'fall' if sign == '−' else 'rise'}), "
                            f"i.e. {g_nom:.2f}% nominal{which}.", language))
        fig = plots.target_path(path.iloc[:, 2], path.iloc[:, 1], threshold=threshold,
                                synthetic=syn,
                                title=tr(f"{rd.region} 累计地区生产总值与目标路径（亿元，现价）",
                                         f"{rd.region}: GDP YTD against the target path "
                                         "(亿元, current prices)", language))
        sec.figures.append(fig)
    if syn:
        sec.notes.append(tr("季度数据除已公布的季度外为示例数据",
                            "Quarterly data are synthetic except the published quarters",
                            language) + f" — {DEMO}")
    return sec


def _bounded_requirement(rd: ReportData, figs: dict, target_growth: float, goal: str,
                         language: str) -> tuple[float, str, str] | None:
    """A bound on the growth still needed when last year's total is published only as a lower
    bound L ("突破6.35万亿元"): the weight w = Y_ytd/Y ≤ Y_ytd/L, and the requirement
    g_rest(w) = (1+G − w(1+g))/(1−w) − 1 moves with w as G − g does (∂g_rest/∂w =
    (G−g)/(1−w)²), so g_rest(Y_ytd/L) is an upper bound of the requirement when G > g and a
    lower bound when G < g.  Returns (value, label, sentence) or None."""
    last_q, pub = figs["last_q"], figs["published"]
    prev = figs["prev"]
    lb = row_of(rd, rd.region, str(rd.year - 1), indicator=f"{GDP}(下限)")
    if pub is None or lb is None or last_q not in prev.index:
        return None
    low, ytd_prev = float(lb["value"]), float(prev[last_q])
    if not 0 < ytd_prev < low:
        return None
    w_max = ytd_prev / low
    g, big_g = float(pub["value"]), float(target_growth)
    need = ((1 + big_g / 100) - w_max * (1 + g / 100)) / (1 - w_max) * 100 - 100
    most = big_g > g
    word = tr("至多" if most else "至少", "at most" if most else "at least", language)
    cross = revision_between(level_key(rd, last_q), (str(rd.year - 1), str(lb.get("published", "")),
                                                     ""))
    caveat = tr(f"（同期总量为{cross}修订前首次公布数，下限为修订后数，界限为近似）",
                f" (the period's level was first published before the {cross} revision, the "
                "bound after it: the bound is approximate)", language) if cross else ""
    text = tr(
        f"；{rd.year - 1}年全年地区生产总值只公布为“超过{low:g}亿元”（下限），上年同期"
        f"（{describe(last_q, True)}{fmt(ytd_prev, 2)}亿元）占全年的比重至多{w_max * 100:.2f}%{caveat}，"
        f"据此完成全年{goal}的目标，其余时段需实际增长{word}{need:.2f}%（已公布下限只能给出界限）。",
        f"; {rd.year - 1}'s GDP is published only as “above {low:g}亿元” (a lower bound), so last "
        f"year's same period ({fmt(ytd_prev, 2)}亿元) was at most {w_max * 100:.2f}% of the year"
        f"{caveat}; meeting the target ({goal}) needs {word} {need:.2f}% real growth in the rest "
        "of the year (a published lower bound gives only a bound).", language)
    label = tr(f"完成全年{goal}目标其余时段所需实际增速（{word}，按上年总量下限）",
               f"real growth needed in the rest of the year for {goal} ({word}, from last year's "
               "lower bound)", language)
    return need, label, text


def _code(quarter: str) -> str:
    """The data's period code of a YTD quarter (a full year is the year)."""
    return str(year_of_code(quarter)) if quarter.endswith("Q4") else quarter


def _is_demo(rd: ReportData, quarter: str) -> bool:
    q = rd.quarterly
    hit = q[(q["measure"] == "level") & (q["period"] == quarter)]
    return bool(len(hit)) and str(hit["source"].iloc[0]).startswith("synthetic")
