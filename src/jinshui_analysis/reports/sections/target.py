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
    in_year,
    month_code,
    quarter_code,
    quarter_code_of,
    year_of_code,
)
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import DEMO, GDP, ReportData, source_of
from jinshui_analysis.reports.price_words import deflator_words
from jinshui_analysis.reports.section import Section, fmt, memoised
from jinshui_analysis.reports.sections.common import (
    annual_before,
    row_of,
    target_goal,
    unofficial,
)
from jinshui_analysis.reports.text import LANGUAGES, msg, pick
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
            zh, en = (msg("target.deflator_set_aside", lang, region=rd.region,
                          period=describe(own.period, True, lang), own=own.pct,
                          parent=parent_defl.region, parent_pct=parent_defl.pct,
                          gap=MAX_DEFLATOR_GAP_PP) for lang in LANGUAGES)
            note = (zh, en)
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
        assume = msg("target.no_price_change", language)
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
    cur = q[in_year(q["period"], rd.year)]
    prev = q[in_year(q["period"], rd.year - 1)]
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
    sec = Section(msg("target.title", language), language)
    if target_growth is None:
        sec.notes.append(msg("target.no_target", language))
        return sec
    found = annual_before(rd, sec)
    if found is None:
        return sec
    last_year, last_value = found
    defl, defl_note = deflator_choice(rd, deflator_pct)
    if defl_note is not None:
        sec.notes.append(pick(language, zh=defl_note[0], en=defl_note[1]))
    goal, lower = target_goal(rd, target_growth, language)
    row = row_of(rd, rd.region, last_year) or {}
    src = source_of(rd, rd.region, last_year)
    mark = unofficial(str(row.get("grade", "")), language)
    if row.get("qualifier") == "推算":  # derived from published statements: say how
        mark = msg("target.derived_mark", language) + mark
        how = bundled.derivation(rd.region, GDP, str(last_year))  # Chinese: in the zh text only
        sec.notes.append(msg("target.derived_level", language, year=last_year,
                             level=fmt(last_value, 2))
                         + pick(language, zh=how.removeprefix("推算："), en=""))
    level_txt = msg("target.last_level", language, year=last_year, level=fmt(last_value, 2),
                    mark=mark)
    if threshold is None:  # no level of interest in the parameters or the region profile
        pass
    elif last_value >= threshold:
        sec.notes.append(level_txt + msg("target.above_threshold", language, threshold=threshold))
    else:
        need = targets.required_growth(last_value, threshold, rd.year - int(last_year))
        sec.record("growth_to_threshold", need, "%",
                   msg("target.record_growth_to_threshold", language, year=rd.year,
                       threshold=threshold), src)
        cross, assume = threshold_crossing(last_value, int(last_year), target_growth, threshold,
                                           defl, language)
        need_real = ""
        if defl is not None:
            need_real = msg("target.need_real", language, real=to_real(need, defl.pct))
        head = msg("target.at_target", language, level=level_txt, target=target_growth,
                   goal=goal, assume=assume)
        if cross.period is None:
            body = msg("target.not_reached", language, horizon=cross.horizon,
                       threshold=threshold)
        else:
            sec.record("threshold_year", cross.period, "年",
                       msg("target.record_threshold_year", language, target=target_growth,
                           threshold=threshold), src)
            lvl = fmt(float(cross.path.iloc[-1]), 2)
            basis = (msg("target.path_nominal", language) if defl is not None else
                     msg("target.path_at_prices", language, year=last_year))
            body = msg("target.reached", language, year=cross.period, level=lvl, basis=basis,
                       threshold=threshold)
        sec.notes.append(head + body + msg("target.need_nominal", language, last_year=last_year,
                                           year=rd.year, threshold=threshold, need=need,
                                           need_real=need_real))
    figs = ytd_figures(rd, target_growth, defl)
    if figs is None:
        sec.notes.append(msg("target.no_quarters", language))
        return sec
    cur_s, prev_s, through = figs["cur"], figs["prev"], figs["through"]
    when = describe(through, True, language)
    syn = "quarterly" in rd.synthetic
    level_syn = syn and figs["level"] is not None and _is_demo(rd, through)
    sec.synthetic = syn
    pub = figs["published"]
    if figs["level"] is not None:
        sec.record("gdp_ytd", figs["level"], "亿元",
                   msg("target.record_ytd_level", language, when=when),
                   source_of(rd, rd.region, _code(through)), synthetic=level_syn)
    if figs["nominal_pct"] is not None:
        sec.record("gdp_ytd_growth_nominal", figs["nominal_pct"], "%",
                   msg("target.record_ytd_nominal", language, when=when),
                   synthetic=level_syn)
    elif figs["lower_bound"] is not None:
        sec.notes.append(msg("target.ytd_lower_bound", language, when=when,
                             bound=figs["lower_bound"]))
    res = figs["progress"]
    if figs["basis_break"]:
        lq = figs["last_q"]
        sec.notes.append(msg("target.basis_break", language, period=describe(lq, True, language),
                             last=fmt(float(prev_s[lq]), 2), revision=figs["basis_break"],
                             when=when, level=fmt(figs["level"], 2))
                         + msg("target.use_published" if pub is not None else "target.full_stop",
                               language))
    if figs["weight_break"]:
        sec.notes.append(msg("target.weight_break", language,
                             period=describe(figs["last_q"], True, language),
                             revision=figs["weight_break"], last_year=rd.year - 1))
    if pub is not None:
        mark = unofficial(pub["grade"], language)
        sec.record("gdp_ytd_growth", pub["value"], "%",
                   msg("target.record_ytd_real", language, when=when), source=pub["source"])
        basis_txt = msg("target.based_on_published", language, when=when, growth=pub["value"],
                        mark=mark)
        if figs["level_through"] is not None and figs["level_through"] < through:
            basis_txt += msg("target.level_older", language,
                             period=describe(figs["level_through"], True, language))
    else:
        basis_txt = ""
    if figs["full_year"]:
        if pub is not None:
            gap = pub["value"] - target_growth
            verdict = msg("target.above" if gap > 0 else "target.on" if gap == 0 else
                          "target.below", language, goal=goal, gap=abs(gap))
            sec.record("target_gap_pp", gap, "百分点",
                       msg("target.record_gap", language, when=when, goal=goal),
                       source=pub["source"])
            sec.notes.append(basis_txt + msg("target.year_published", language, when=when,
                                             growth=pub["value"], verdict=verdict))
        elif figs["nominal_pct"] is None:
            sec.notes.append(msg("target.year_no_real", language))
        else:
            sec.notes.append(msg("target.year_nominal_only", language, when=when,
                                 nominal=figs["nominal_pct"]))
    elif res is None:
        if pub is not None:
            prev_s, last_q = figs["prev"], figs["last_q"]
            gone = tuple(q not in prev_s.index
                         for q in (last_q, quarter_code_of(rd.year - 1, 4)))
            gone_words = msg({(True, True): "target.lack_both", (True, False): "target.lack_period",
                              (False, True): "target.lack_year",
                              (False, False): "target.lack_unknown"}[gone], language)
            bound = _bounded_requirement(rd, figs, target_growth, goal, language)
            if bound is not None:
                sec.record("required_rest_growth_bound", bound[0], "%", bound[1],
                           source=pub["source"])
                sec.notes.append(basis_txt + bound[2])
            else:
                sec.notes.append(basis_txt + msg("target.cannot_weight", language,
                                                 last_year=rd.year - 1, what=gone_words))
        elif figs["nominal_pct"] is None:
            sec.notes.append(msg("target.no_real", language))
        else:
            sec.notes.append(msg("target.nominal_no_deflator", language, when=when,
                                 nominal=figs["nominal_pct"]))
    else:
        if res.ytd_origin == "published":
            how = basis_txt
        else:
            how = msg("target.based_on_deflated", language, when=when,
                      level=fmt(figs["level"], 2), nominal=figs["nominal_pct"],
                      deflator=deflator_words(res.deflator, language))
            sec.record("gdp_ytd_growth", res.ytd_growth_pct, "%",
                       msg("target.record_ytd_deflated", language, when=when),
                       synthetic=level_syn)
        sec.record("required_rest_growth", res.required_rest_growth_pct, "%",
                   msg("target.record_required", language, goal=goal),
                   synthetic=level_syn and pub is None)
        w_txt = msg("target.weight", language, period=describe(figs["last_q"], True, language),
                    last=fmt(float(prev_s[figs["last_q"]]), 2),
                    year=fmt(float(prev_s[quarter_code_of(rd.year - 1, 4)]), 2),
                    share=res.share * 100)
        sec.notes.append(msg(
            "target.required", language, how=how, when=when, growth=res.ytd_growth_pct,
            weight=w_txt, goal=goal, rest=res.required_rest_growth_pct,
            floor=msg("target.at_floor", language, target=target_growth) if lower else "",
            at_least=msg("target.at_least", language) if lower else ""))
    g_nom = None if defl is None else to_nominal(target_growth, defl.pct)
    prev_s = prev_s.reindex([quarter_code_of(rd.year - 1, k) for k in range(1, 5)]).copy()
    crossed = [k for k in range(1, 5) if quarter_code_of(rd.year, k) in cur_s.index
               and prev_s[quarter_code_of(rd.year - 1, k)] == prev_s[quarter_code_of(rd.year - 1, k)]
               and revision_between(level_key(rd, quarter_code_of(rd.year, k)),
                                    level_key(rd, quarter_code_of(rd.year - 1, k)))]
    for k in crossed:  # last year's level on another basis is not set beside this year's
        prev_s[quarter_code_of(rd.year - 1, k)] = float("nan")
    if crossed:
        names = pick(language, zh="、", en=", ").join(msg(f"target.ytd_q{k}", language)
                                                      for k in crossed)
        sec.notes.append(msg("target.table_breaks", language, periods=names,
                             last_year=rd.year - 1, year=rd.year))
    path = pd.DataFrame({
        msg("target.col_last_year", language): prev_s.to_numpy(),
        **({msg("target.col_path", language):
            prev_s.to_numpy() * (1 + g_nom / 100)} if g_nom is not None else {}),
        msg("target.col_this_year", language): cur_s.reindex(
            [quarter_code_of(rd.year, k) for k in range(1, 5)]).to_numpy(),
    }, index=pd.Index([msg(f"target.ytd_q{k}", language) for k in range(1, 5)], name="period"))
    sec.tables.append((msg("target.table_caption", language), path.round(2)))
    if g_nom is not None:
        sign = "−" if defl.pct < 0 else "+"
        mag = f"{abs(defl.pct):.2f}%"
        said = deflator_words(defl, language) in "".join(sec.notes)  # named once is enough
        which = "" if said else msg("target.which_deflator", language,
                                    deflator=deflator_words(defl, language))
        sec.notes.append(msg("target.path_formula", language, target=target_growth, sign=sign,
                             change=msg("target.deflator_fall" if defl.pct < 0 else
                                        "target.deflator_rise", language),
                             size=mag, nominal=g_nom, which=which))
        fig = plots.target_path(path.iloc[:, 2], path.iloc[:, 1], threshold=threshold,
                                synthetic=syn,
                                title=msg("target.chart_title", language, region=rd.region))
        sec.figures.append(fig)
    if syn:
        sec.notes.append(msg("target.demo_quarters", language) + f" — {DEMO}")
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
    word = msg("target.bound_most" if most else "target.bound_least", language)
    cross = revision_between(level_key(rd, last_q), (str(rd.year - 1), str(lb.get("published", "")),
                                                     ""))
    caveat = msg("target.bound_caveat", language, revision=cross) if cross else ""
    text = msg("target.bound", language, last_year=rd.year - 1, low=low,
               period=describe(last_q, True, language), last=fmt(ytd_prev, 2),
               share=w_max * 100, caveat=caveat, goal=goal, word=word, need=need)
    label = msg("target.record_bound", language, goal=goal, word=word)
    return need, label, text


def _code(quarter: str) -> str:
    """The data's period code of a YTD quarter (a full year is the year)."""
    return str(year_of_code(quarter)) if quarter.endswith("Q4") else quarter


def _is_demo(rd: ReportData, quarter: str) -> bool:
    q = rd.quarterly
    hit = q[(q["measure"] == "level") & (q["period"] == quarter)]
    return bool(len(hit)) and str(hit["source"].iloc[0]).startswith("synthetic")
