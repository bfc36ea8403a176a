"""产业贡献: sector contributions, pulling and the digital-economy arithmetic."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.models import growth
from jinshui_analysis.periods import codes_info
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr
from jinshui_analysis.reports.sections.common import unofficial


def national_contributions() -> growth.ContributionResults:
    """NBS three-industry contributions 2017–2020 recomputed from the bundled official inputs.

    Inputs: current-price values and the 1978=100 volume indices
    (:func:`jinshui_analysis.data.bundled.national_accounts`); convention of
    :func:`growth.contributions` (constant 2015 prices).  The 2015 level of the 1978=100 index is not in the table; it is
    derived as VI_2016 / (I_2016 / 100) from 2016's 上年=100 index, so 2016 is less exact
    (the 上年=100 index is rounded to 0.1) than 2017–2020.
    """
    acc = bundled.national_accounts()
    levels = acc["levels"].loc["2015":"2020"]
    vi = acc["volume_index"].loc["2015":"2020"].copy()
    # 2015 index level from 2016's level and its 上年=100 index: VI_2015 = VI_2016 / (I_2016/100)
    vi.loc["2015"] = vi.loc["2016"] / (acc["volume_index_prev"].loc["2016"] / 100)
    res = growth.contributions(levels, volume_index=vi, total="GDP")
    return res


def digital_economy(rd: ReportData, target_growth: float = 8.0) -> dict | None:
    """What the published digital-economy figures imply for the next year, with their conditions.

    Share *s* (数字经济规模占GDP比重, current prices, possibly a lower bound "突破42%") and
    contribution *c* (对经济增长贡献率) published for year *t*.  For year *t* + 1 the contribution
    relates growth to the **previous-year** share, which is the published share of year *t*:
    :math:`c = s_t g_d / g`, so :math:`g_d = g c / s_t` (:func:`growth.implied_growth`:
    8 × 46.5 / 42 = 8.86 % for 2023 at the 8 % target) and the digital economy pulls
    :math:`g c` (8 × 0.465 = 3.72 points).  A lower-bound share gives an upper-bound growth.  No
    share is backed out for year *t* − 1 (that would need the growth of year *t*, which the
    source does not give: assuming the target's 8 % for 2022, when 郑州市 grew 1.0 %, invents it).
    """
    art = rd.real[rd.real["region"] == rd.region]
    ind = art["indicator"].astype(str)
    share = art[ind.str.startswith("数字经济规模占地区生产总值比重")]
    contrib = art[ind.str.startswith("数字经济对经济增长贡献率")]
    if share.empty or contrib.empty:
        return None
    share = share[(codes_info(share["period"])["year"] <= rd.year).fillna(False).to_numpy(bool)]
    if share.empty:
        return None
    s_row = share.iloc[-1]
    c_row = contrib.iloc[-1]
    s, c, g = float(s_row["value"]), float(c_row["value"]), float(target_growth)
    lower = str(s_row.get("qualifier", "")) == "下限" or "(下限)" in str(s_row["indicator"])
    g_d = growth.implied_growth(s, c, g)  # base: the published share of the year before
    return {"share": s, "contribution": c, "share_prev": s, "implied": g_d,
            "pulling": g * c / 100, "lower": lower, "year": str(s_row["period"]),
            "source": str(s_row["source"]), "grade": str(s_row.get("grade", ""))}


def contributions(rd: ReportData, target_growth: float = 8.0, language: str = "zh") -> Section:
    """Sector contributions and pulling points, and what the digital-economy figures imply.

    Digital economy (:func:`digital_economy`): the statement is conditional on the contribution
    rate staying at its published value, uses the previous-year share, and carries the share's
    lower bound through (implied growth 不高于…).
    """
    sec = Section(tr("产业贡献", "Contributions to growth", language), language)
    d = digital_economy(rd, target_growth) if target_growth is not None else None
    if d is not None:
        s, c, g_d, sp = d["share"], d["contribution"], d["implied"], d["share_prev"]
        src = d["source"]
        mark = unofficial(d["grade"], language)
        sec.record("digital_share", s, "%", tr(f"数字经济占GDP比重（{d['year']}年，现价"
                                               + ("，下限" if d["lower"] else "") + "）",
                                               "digital economy share of GDP", language), src)
        sec.record("digital_contribution", c, "%", tr("数字经济对增长贡献率", "digital economy contribution", language), src)
        sec.record("digital_implied_growth", g_d, "%",
                   tr(f"若贡献率保持{c:g}%、GDP实际增长{target_growth:g}%时数字经济隐含增速"
                      + ("（上限）" if d["lower"] else ""),
                      f"implied digital growth if the contribution stays {c:g}% at {target_growth:g}% "
                      "GDP growth" + (" (upper bound)" if d["lower"] else ""), language), src)
        sec.record("digital_pulling", d["pulling"], "百分点",
                   tr("数字经济拉动", "digital economy pulling", language), src)
        bound = tr("不高于约" if d["lower"] else "约", "at most about " if d["lower"] else "about ", language)
        share_txt = tr(f"{'突破' if d['lower'] else ''}{s:g}%", f"{'over ' if d['lower'] else ''}{s:g}%",
                       language)
        y0 = int(d["year"])
        y1 = y0 + 1
        sec.notes.append(tr(
            f"{y0}年数字经济规模占地区生产总值比重{share_txt}{mark}、对经济增长贡献率{c:g}%。"
            f"若{y1}年数字经济对增长的贡献率保持{c:g}%、地区生产总值实际增长{target_growth:g}%（目标），"
            f"以上年（{y0}年）公布的占比{s:g}%为基数，数字经济需增长{bound}{g_d:.2f}%"
            f"（= {target_growth:g}×{c:g}/{s:g}），拉动地区生产总值增长{d['pulling']:.2f}个百分点"
            f"（= {target_growth:g}×{c / 100:g}）。"
            + (f"占比“突破{s:g}%”是下限，故所需增速是上限。" if d["lower"] else "")
            + "贡献率按官方惯例理解为可比价口径，与实际增长目标一致；占比为现价，二者价格口径不完全相同，结果为近似。",
            f"Digital economy {y0}: {share_txt} of GDP{mark}, {c:g}% of growth.  If in {y1} its "
            f"contribution stays at {c:g}% and GDP grows {target_growth:g}% (real target), then on the "
            f"previous year's ({y0}) published share of {s:g}% the digital economy must grow "
            f"{bound}{g_d:.2f}% (= {target_growth:g}×{c:g}/{s:g}), pulling {d['pulling']:.2f} pp "
            f"(= {target_growth:g}×{c / 100:g})."
            + (f" The share is a lower bound (over {s:g}%), so the growth is an upper bound." if d["lower"] else "")
            + " The contribution is read as real (the official convention), like the target; the "
            "share is at current prices, so the result is approximate.", language))
        # the path starts at the published share of year t; no growth is written for year t
        path = growth.share_path(sp, g_d, target_growth, 5, start_period=y0)
        path = path.rename(columns={
            "share_pct": tr("占比（%）", "share (%)", language),
            "component_growth_pct": tr("数字经济增速（%）", "digital growth (%)", language),
            "total_growth_pct": tr("GDP实际增速（%）", "GDP real growth (%)", language)})
        sec.tables.append((tr(f"若贡献率保持{c:g}%、GDP实际增长{target_growth:g}%：数字经济占比路径"
                              f"（自{y0}年公布占比{s:g}%起）",
                              f"If the contribution stays {c:g}% at {target_growth:g}% growth: share "
                              f"path (from the published {y0} share of {s:g}%)", language),
                           path.round(2)))
    if rd.sectors is not None:
        levels, real_growth = rd.sectors
        res = growth.contributions(levels, real_growth=real_growth, total="GDP")
        last = res.rate.index[-1]
        for comp in res.rate.columns:
            sec.record(f"contribution_{comp}", float(res.rate.loc[last, comp]), "%",
                       tr(f"{comp}贡献率（{last}）", f"{comp} contribution rate ({last})", language),
                       synthetic="sectors" in rd.synthetic)
        names = {"第一产业": "primary", "第二产业": "secondary", "第三产业": "tertiary"}
        wide = pd.concat({tr("贡献率（%）", "contribution rate (%)", language): res.rate,
                          tr("拉动（百分点）", "pulling (pp)", language): res.pulling}, axis=1)
        wide = wide.rename(columns=lambda c: tr(c, names.get(c, c), language), level=1)
        wide = wide.rename_axis(index=tr("年份", "year", language), columns=[None, None])
        sec.tables.append((tr("三次产业贡献率与拉动", "Contribution and pulling by industry", language),
                           wide.round(2)))
        sec.figures.append(plots.contributions(res, synthetic="sectors" in rd.synthetic,
                                               title=tr(f"{rd.region} 三次产业拉动（百分点）",
                                                        f"{rd.region}: pulling by industry (pp)", language)))
        if "sectors" in rd.synthetic:
            sec.synthetic = True
            sec.notes.append(tr("三次产业数据为示例数据（未公开发布）", "Sector accounts are synthetic", language)
                             + f" — {DEMO}")
    if not sec.records:
        sec.notes.append(tr("数据中没有产业或数字经济数据。", "No sector or digital-economy data.", language))
    return sec
