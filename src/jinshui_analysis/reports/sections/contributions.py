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
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.sections.common import unofficial
from jinshui_analysis.reports.text import msg


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
    sec = Section(msg("contributions.title", language), language)
    d = digital_economy(rd, target_growth) if target_growth is not None else None
    if d is not None:
        s, c, g_d, sp = d["share"], d["contribution"], d["implied"], d["share_prev"]
        src = d["source"]
        mark = unofficial(d["grade"], language)
        y0 = int(d["year"])
        y1 = y0 + 1
        lower = d["lower"]
        sec.record("digital_share", s, "%",
                   msg("contributions.share_label_lower" if lower else "contributions.share_label",
                       language, year=d["year"]), src)
        sec.record("digital_contribution", c, "%", msg("contributions.contribution_label", language),
                   src)
        sec.record("digital_implied_growth", g_d, "%",
                   msg("contributions.implied_label_upper" if lower
                       else "contributions.implied_label", language,
                       contribution=c, target=target_growth), src)
        sec.record("digital_pulling", d["pulling"], "百分点",
                   msg("contributions.pulling_label", language), src)
        fields = {"contribution": c, "target": target_growth, "share": s}
        sec.notes.append(
            msg("contributions.digital_note", language, **fields, year=y0, next_year=y1,
                share_text=msg("contributions.share_over" if lower else "contributions.share",
                               language, share=s),
                mark=mark, implied=g_d, pulling=d["pulling"], contribution_share=c / 100,
                bound=msg("contributions.at_most_about" if lower else "contributions.about",
                          language))
            + (msg("contributions.digital_note_lower", language, share=s) if lower else "")
            + msg("contributions.digital_note_prices", language))
        # the path starts at the published share of year t; no growth is written for year t
        path = growth.share_path(sp, g_d, target_growth, 5, start_period=y0)
        path = path.rename(columns={
            "share_pct": msg("contributions.col_share", language),
            "component_growth_pct": msg("contributions.col_digital_growth", language),
            "total_growth_pct": msg("contributions.col_gdp_growth", language)})
        sec.tables.append((msg("contributions.share_path_caption", language, **fields, year=y0),
                           path.round(2)))
    if rd.sectors is not None:
        levels, real_growth = rd.sectors
        res = growth.contributions(levels, real_growth=real_growth, total="GDP")
        last = res.rate.index[-1]
        for comp in res.rate.columns:
            sec.record(f"contribution_{comp}", float(res.rate.loc[last, comp]), "%",
                       msg("contributions.sector_rate_label", language, sector=comp, year=last),
                       synthetic="sectors" in rd.synthetic)
        names = {"第一产业": "contributions.primary", "第二产业": "contributions.secondary",
                 "第三产业": "contributions.tertiary"}
        wide = pd.concat({msg("contributions.col_rate", language): res.rate,
                          msg("contributions.col_pulling", language): res.pulling}, axis=1)
        wide = wide.rename(columns=lambda c: msg(names[c], language) if c in names else c, level=1)
        wide = wide.rename_axis(index=msg("contributions.col_year", language), columns=[None, None])
        sec.tables.append((msg("contributions.sectors_caption", language), wide.round(2)))
        sec.figures.append(plots.contributions(
            res, synthetic="sectors" in rd.synthetic,
            title=msg("contributions.sectors_chart", language, region=rd.region)))
        if "sectors" in rd.synthetic:
            sec.synthetic = True
            sec.notes.append(msg("contributions.sectors_demo", language, demo=DEMO))
    if not sec.records:
        sec.notes.append(msg("contributions.no_data", language))
    return sec
