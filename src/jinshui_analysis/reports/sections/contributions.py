"""产业贡献: sector contributions, pulling and the digital-economy arithmetic."""

from __future__ import annotations

import pandas as pd

from jinshui_analysis.data import bundled
from jinshui_analysis.models import growth
from jinshui_analysis.reports import plots
from jinshui_analysis.reports.inputs import (
    DEMO,
    ReportData,
)
from jinshui_analysis.reports.section import Section, tr


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


def contributions(rd: ReportData, target_growth: float = 8.0, language: str = "zh") -> Section:
    """Sector contributions and pulling points, and what the digital-economy figures imply.

    Digital economy: 42% of GDP and 46.5% of growth (大象新闻 2023-02-13) → implied growth
    g_d = g × 46.5 / 42 (:func:`growth.implied_growth`) and its pulling g × 46.5% (百分点).
    """
    sec = Section(tr("产业贡献", "Contributions to growth", language), language)
    art = rd.real[(rd.real["region"] == rd.region)]
    share = art[art["indicator"] == "数字经济规模占地区生产总值比重"]
    contrib = art[art["indicator"] == "数字经济对经济增长贡献率"]
    if not share.empty and not contrib.empty:
        s, c = float(share["value"].iloc[0]), float(contrib["value"].iloc[0])
        g_d = growth.implied_growth(s, c, target_growth)
        path = growth.share_path(s, g_d, target_growth, 5, start_period=int(share["period"].iloc[0]))
        src = str(share["source"].iloc[0])
        sec.record("digital_share", s, "%", tr("数字经济占GDP比重", "digital economy share of GDP", language), src)
        sec.record("digital_contribution", c, "%", tr("数字经济对增长贡献率", "digital economy contribution", language), src)
        sec.record("digital_implied_growth", g_d, "%",
                   tr(f"GDP增长{target_growth}%时数字经济隐含增速", f"implied digital growth at {target_growth}% GDP growth", language), src)
        sec.record("digital_pulling", target_growth * c / 100, "百分点",
                   tr("数字经济拉动", "digital economy pulling", language), src)
        sec.notes.append(tr(
            f"数字经济占比{s}%、贡献率{c}%：若GDP增长{target_growth}%，数字经济需增长{g_d:.2f}%"
            f"（= {target_growth}×{c}/{s}），拉动GDP增长{target_growth * c / 100:.2f}个百分点；"
            f"若持续，{path.index[-1]}年占比约{float(path['share_pct'].iloc[-1]):.1f}%。"
            "（贡献率口径未注明，按名义计算）",
            f"Digital economy {s}% of GDP and {c}% of growth: at {target_growth}% GDP growth it must grow "
            f"{g_d:.2f}% (= {target_growth}×{c}/{s}), pulling {target_growth * c / 100:.2f} pp; "
            "price basis of the published contribution not stated (treated as nominal).", language))
        path = path.to_frame() if isinstance(path, pd.Series) else path
        path = path.rename(columns={
            "share_pct": tr("占比（%）", "share (%)", language),
            "component_growth_pct": tr("数字经济增速（%）", "digital growth (%)", language),
            "total_growth_pct": tr("GDP增速（%）", "GDP growth (%)", language)})
        sec.tables.append((tr("若持续：数字经济占比路径", "If it persists: digital-economy share path", language),
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
