"""The sourced year-to-date panel (data/regional/ytd_panel.csv): rows equal their sources,
sources agree or their conflicts are recorded, YTD levels agree with published YTD growth,
and level growth is computed within one vintage only."""

from __future__ import annotations

import pandas as pd
import pytest

from jinshui_analysis.data import bundled, load_bundled, provenance
from jinshui_analysis.exceptions import DataError


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return load_bundled()


def value(data: pd.DataFrame, region: str, indicator: str, period: str,
          measure: str = "level") -> float:
    sel = data[(data.region == region) & (data.indicator == indicator)
               & (data.measure == measure) & (data.period == period)]
    assert len(sel) == 1, (region, indicator, period, measure)
    return float(sel["value"].iloc[0])


def test_panel_file_rows_have_full_provenance():
    raw = pd.read_csv(bundled.DATA_DIR / "regional/ytd_panel.csv", dtype=str,
                      keep_default_na=False)
    assert list(raw.columns) == ["region", "indicator", "period", "value", "unit",
                                 "price_basis", "source_url", "publisher", "published", "grade",
                                 "vintage", "note"]
    assert len(raw) >= 100
    for col in ["source_url", "publisher", "grade", "vintage"]:
        assert raw[col].str.len().gt(0).all(), col
    assert set(raw["grade"]) <= set(provenance.GRADES)
    assert set(raw["vintage"]) <= set(provenance.VINTAGES)
    assert raw["published"].str.fullmatch(r"(\d{4}-\d{2}-\d{2})?").all()
    # the stated grade is the one the domain table gives the address (one rule for all files)
    derived = raw["source_url"].map(lambda u: provenance.grade_of(u)[0])
    assert (raw["grade"] == derived).all(), raw.loc[raw["grade"] != derived, "source_url"].tolist()


def test_panel_rows_are_loaded_and_cumulative(data):
    panel = data[data["source"].str.contains(r"\[regional/ytd_panel\.csv row")]
    assert len(panel) >= 250
    # 2023-01~2023-06 style periods stay cumulative (YTD)
    ytd = panel[panel["period"].str.fullmatch(r"\d{4}-\d{2}")]
    assert len(ytd) > 100 and ytd["cumulative"].all()
    h1 = data[(data.region == "郑州市") & (data.period == "2023Q2")]
    assert len(h1) > 0 and h1["cumulative"].all()


# ----------------------------------------------------------------- rows equal their sources
def test_zhengzhou_rows_equal_sources(data):
    # hn.cri.cn 2023-03-29: "1—2月,全市规模以上工业增加值同比增长8.5%" … "全市固定资产投资同比增长7%"
    # … "全市社会消费品零售总额926.6亿元,同比增长6.6%"
    assert value(data, "郑州市", "规模以上工业增加值", "2023-02", "yoy_pct") == 8.5
    assert value(data, "郑州市", "固定资产投资", "2023-02", "yoy_pct") == 7
    assert value(data, "郑州市", "社会消费品零售总额", "2023-02") == 926.6
    assert value(data, "郑州市", "社会消费品零售总额", "2023-02", "yoy_pct") == 6.6
    # big5.cri.cn 2023-08-14: "上半年,鄭州市實現地區生産總值7008.6億元,按不變價格計算,同比增長6.3%"
    assert value(data, "郑州市", "地区生产总值", "2023Q2") == 7008.6
    assert value(data, "郑州市", "地区生产总值", "2023Q2", "yoy_pct") == 6.3
    # hho98.cn: "一季度全市實現地區生產總值(GDP)3537.9億元…同比增長6.2%" … "財政一般公共預算收入同比增長1.0%"
    assert value(data, "郑州市", "地区生产总值", "2024Q1") == 3537.9
    assert value(data, "郑州市", "一般公共预算收入", "2024Q1", "yoy_pct") == 1.0
    # toutiao: "省会郑州以1155.04亿元继续稳坐头把交椅,但-0.9%的负增长"
    assert value(data, "郑州市", "一般公共预算收入", "2024") == 1155.04
    assert value(data, "郑州市", "一般公共预算收入", "2024", "yoy_pct") == -0.9
    # zynews 2023-01-05: "初步测算,2022年…社会消费品零售总额完成5185.7亿元、下降4%" — a 预计 figure
    row = data[(data.region == "郑州市") & (data.indicator == "社会消费品零售总额(预计)")
               & (data.period == "2022") & (data.measure == "level")].iloc[0]
    assert row["value"] == 5185.7 and row["qualifier"] == "预计"


def test_henan_rows_equal_sources(data):
    # cwan.com 2023-04-28: "一季度全省地区生产总值(GDP)14968.97亿元,按不变价格计算,同比增长5.0%"
    # … "全省社会消费品零售总额6524.29亿元,同比增长8.2%"
    assert value(data, "河南省", "地区生产总值", "2023Q1") == 14968.97
    assert value(data, "河南省", "地区生产总值", "2023Q1", "yoy_pct") == 5.0
    assert value(data, "河南省", "社会消费品零售总额", "2023Q1") == 6524.29
    assert value(data, "河南省", "规模以上工业增加值", "2023Q1", "yoy_pct") == 4.2
    # hn.cri.cn 2022-07-27: "2022年上半年,河南省规上工业增加值同比增长5.4%"
    assert value(data, "河南省", "规模以上工业增加值", "2022Q2", "yoy_pct") == 5.4
    # toutiao: "2024年财政收入完成4398.91亿…同比下降2.5%"
    assert value(data, "河南省", "一般公共预算收入", "2024") == 4398.91


def test_national_rows_equal_sources(data):
    # www.gov.cn 2023-03-15 (统计局网站): "1—2月份,全國規模以上工業增加值同比增長2.4%"
    row = data[(data.region == "全国") & (data.indicator == "规模以上工业增加值")
               & (data.measure == "yoy_pct") & (data.period == "2023-02")].iloc[0]
    assert row["value"] == 2.4 and row["grade"] == "official"
    # 证券日报 2024-03-19: "社会消费品零售总额81307亿元,同比增长5.5%;全国固定资产投资(不含农户)50847亿元,同比增长4.2%"
    assert value(data, "全国", "社会消费品零售总额", "2024-02") == 81307
    assert value(data, "全国", "固定资产投资", "2024-02") == 50847
    assert value(data, "全国", "固定资产投资", "2024-02", "yoy_pct") == 4.2
    # nbs-retail-total.json: {"period": "2024-12", …, "ytd": 487895, "ytd_yoy": 3.5, "src": "rel:20250117"}
    assert value(data, "全国", "社会消费品零售总额", "2024") == 487895
    # nbs-gdp.json: {"period": "2023-Q2", …, "ytd": 608606.3, …}
    assert value(data, "全国", "国内生产总值", "2023Q2") == 608606.3


# ------------------------------------------------------------ agreement between sources
def test_independent_sources_agree(data):
    """Where two sources give a figure they agree (identical rows collapse onto one)."""
    raw = pd.concat([bundled._read_raw(f) for f in bundled.REGIONAL_FILES + bundled.PANEL_FILES])
    key = ["region", "indicator", "period"]
    multi = raw.groupby(key).filter(lambda g: g["source_url"].nunique() > 1)
    conflicts = multi.groupby(key)["value"].agg(lambda s: len({float(v) for v in s}) > 1)
    conflicting = set(conflicts[conflicts].index)
    alt = bundled.alternatives()
    recorded = set(zip(alt["region"], alt["indicator"], alt["period"], strict=True))
    # every disagreement is recorded in alternatives() with its reason …
    assert conflicting <= recorded, conflicting - recorded
    # … and the press/official vs GitHub-mirror cross-checks agree exactly
    assert value(data, "全国", "规模以上工业增加值", "2022-02", "yoy_pct") == 7.5  # 人民政协报 = NBS export
    assert value(data, "全国", "规模以上工业增加值", "2024-02", "yoy_pct") == 7.0  # 证券日报 = NBS export
    assert value(data, "全国", "固定资产投资", "2021-02", "yoy_pct") == 35.0  # 央视网 = NBS export
    n_agree = len(multi.groupby(key)) - len(conflicting)
    assert n_agree >= 10


def test_conflicts_have_reasons():
    alt = bundled.alternatives()
    nat = alt[(alt.region == "全国") & (alt.indicator == "国内生产总值")]
    assert set(nat["period"]) >= {"2020", "2020H1", "2023H1"}
    assert nat["reason"].str.startswith("older vintage (initial) superseded by census-revised").all()


# --------------------------------------------------------- YTD growth vs YTD levels
#: (region, indicator, later period) excluded from the level/growth check, with the reason.
LEVEL_GROWTH_EXCLUSIONS = {
    ("全国", "社会消费品零售总额", year_period): (
        "2025 growth as published differs from the 2024→2025 level ratio by a uniform ~1 pp in "
        "every month of 2025: the published rate is on a comparable basis that the 2024 levels "
        "in the export do not restate (basis change, not a transcription error)"
    )
    for year_period in ["2025", *(f"2025-{m:02d}" for m in range(3, 12))]
} | {
    ("郑州市", "社会消费品零售总额", "2025-02"): (
        "1116亿 (2025 1-2月, +5.2%, 中原经济网) against 975.1亿 (2024 1-2月, 河南日报 via a mirror) "
        "is +14.4%; 975.1 itself agrees with 926.6亿 (2023 1-2月) and its own +5.2%, so the 2025 "
        "growth is on a restated 2024 base that was not found (basis change, not a typo)"
    ),
}


def test_ytd_growth_agrees_with_levels(data):
    """(L_t / L_{t-1} − 1)·100 vs the published nominal YTD growth, same period a year apart."""
    checked = 0
    for (region, indicator), sel in data[data.indicator.isin(
            ["社会消费品零售总额", "一般公共预算收入"])].groupby(["region", "indicator"]):
        lv = sel[sel.measure == "level"].set_index("period")["value"]
        g = sel[sel.measure == "yoy_pct"].set_index("period")["value"]
        for p in lv.index:
            prev = f"{int(p[:4]) - 1}{p[4:]}"
            if prev not in lv.index or p not in g.index:
                continue
            calc = (lv[p] / lv[prev] - 1) * 100
            if (region, indicator, p) in LEVEL_GROWTH_EXCLUSIONS:
                assert abs(calc - g[p]) > 0.6  # the exclusion is still needed
                continue
            assert calc == pytest.approx(g[p], abs=0.6), (region, indicator, prev, p, calc, g[p])
            checked += 1
    assert checked >= 15


# ------------------------------------------------------------------------- vintages
def test_growth_from_levels_refuses_mixed_vintages():
    # 河南省 2022 (61345.05, 2022 bulletin, initial) → 2023 (59132.39, 2023 figures): the two
    # are different publications; naive growth would be −3.6 % against +4.1 % real growth.
    with pytest.raises(DataError, match="different vintages"):
        bundled.growth_from_levels("河南省", "地区生产总值", "2022", "2023")
    assert (59132.39 / 61345.05 - 1) * 100 == pytest.approx(-3.607, abs=1e-3)  # what it refuses
    # 全国 2020 (census-revised export) → 2022 (initial, 新华社) also refused
    with pytest.raises(DataError, match="different vintages"):
        bundled.growth_from_levels("全国", "国内生产总值", "2020", "2022")


def test_growth_from_levels_within_one_vintage():
    # nbs-gdp.json (one export, census-revised): 2022-Q2 ytd 576287.3, 2023-Q2 ytd 608606.3
    g = bundled.growth_from_levels("全国", "国内生产总值", "2022H1", "2023H1")
    assert g == pytest.approx((608606.3 / 576287.3 - 1) * 100)
    # the initial H1 2020 figure (456614, 文汇) is an alternative of another vintage; the pair
    # 2020H1→2021H1 is found on the export's vintage
    g = bundled.growth_from_levels("全国", "国内生产总值", "2020H1", "2021H1")
    assert g == pytest.approx((543034.4 / 463121.1 - 1) * 100)
    with pytest.raises(DataError, match="no published level"):
        bundled.growth_from_levels("金水区", "地区生产总值", "2019", "2020")


# ------------------------------------------- rows added in the second collection (issue 12)
def test_second_collection_rows_equal_sources(data):
    # rdfzl.org.cn (河南日报 2024-10-30): "实现地区生产总值10702.7亿元,同比增长5.5%;规上工业增加值同比增长11.0%"
    assert value(data, "郑州市", "地区生产总值", "2024Q3") == 10702.7
    assert value(data, "郑州市", "地区生产总值", "2024Q3", "yoy_pct") == 5.5
    # zhengguannews.cn: "2024年前11个月,郑州市规上工业增加值增长11.2%"
    assert value(data, "郑州市", "规模以上工业增加值", "2024-11", "yoy_pct") == 11.2
    # bananarepublicaccessories.com (河南日报 2024-03-30): "前兩個月,鄭州市社會消費品零售總額975.1億元,同比增長5.2%"
    assert value(data, "郑州市", "社会消费品零售总额", "2024-02") == 975.1
    assert value(data, "郑州市", "固定资产投资", "2024-02", "yoy_pct") == 4.5
    # lyredcross.com (大河财立方): "一季度,鄭州市GDP為3459.5億元,按不變價格計算,同比增長5.6%"
    assert value(data, "郑州市", "地区生产总值", "2025Q1") == 3459.5
    # ihenan.top (HICC 2024-10-21): "第二产业增加值18610.39亿元,同比增长7.3%"
    assert value(data, "河南省", "第二产业增加值", "2024Q3") == 18610.39
    assert value(data, "河南省", "第二产业增加值", "2024Q3", "yoy_pct") == 7.3
    # en.dahe.cn 2024-11-27: "今年前10个月,全省社会消费品零售总额22393亿元,同比增长5.9%"
    assert value(data, "河南省", "社会消费品零售总额", "2024-10") == 22393
    # m.zmdtvw.cn (河南日报): "1月至5月,全省固定资产投资同比增长10.5%"
    assert value(data, "河南省", "固定资产投资", "2022-05", "yoy_pct") == 10.5
    # news.dahe.cn 2024-10-29: "地区生产总值完成1177.7亿元,同比增长13.0%…固定资产投资完成318.1亿元,同比增长10.2%"
    assert value(data, "航空港区", "地区生产总值", "2024Q3") == 1177.7
    assert value(data, "航空港区", "地区生产总值", "2024Q3", "yoy_pct") == 13.0
    assert value(data, "航空港区", "固定资产投资", "2024Q3") == 318.1
    # baike.com: "2023年,二七区完成生产总值831.9亿元,同比增长6.8%"
    assert value(data, "二七区", "地区生产总值", "2023") == 831.9


def test_second_collection_cross_checks(data):
    """Press copies agree with the mirrors already bundled; the one rounding conflict is recorded."""
    # 郑州观察 (press) = 央视网 via taobao833 (secondary): 2024H1 7252.4, +5.3 %
    row = data[(data.region == "郑州市") & (data.indicator == "地区生产总值")
               & (data.measure == "level") & (data.period == "2024Q2")].iloc[0]
    assert row["value"] == 7252.4 and row["grade"] == "press"
    # 郑州 2025: 15244.57 (dcwnkz) vs 15244.6 (大象新闻 via 网易号) — one figure, CHOICES keeps 15244.57
    assert value(data, "郑州市", "地区生产总值", "2025") == 15244.57
    alt = bundled.alternatives()
    sel = alt[(alt.region == "郑州市") & (alt.indicator == "地区生产总值") & (alt.period == "2025")]
    assert sel["value"].astype(float).tolist() == [15244.6]
    assert sel["reason"].iloc[0].startswith("same figure at another precision")
    # 郑州 社零: 2023 1-2月 926.6 → 2024 1-2月 975.1 matches the published +5.2 % …
    assert (975.1 / 926.6 - 1) * 100 == pytest.approx(5.2, abs=0.05)
    # … but 2025 1-2月 1116 (+5.2 %) does not: a restated base, listed in LEVEL_GROWTH_EXCLUSIONS
    assert ("郑州市", "社会消费品零售总额", "2025-02") in LEVEL_GROWTH_EXCLUSIONS


def test_third_collection_rows_equal_sources(data):
    # henan.china.com 2023-01-09 (郑州市政府工作报告): "上半年完成生产总值6740亿元、增长2.5%"
    assert value(data, "郑州市", "地区生产总值", "2022Q2") == 6740
    assert value(data, "郑州市", "地区生产总值", "2022Q2", "yoy_pct") == 2.5
    # m.gotohui.com: "2022年郑州市完成生产总值达到12934.7亿元,按不变价格计算,同比增长1.0%"
    # … "第二产业增加值为5174.6亿元,同比增长2.0%"
    assert value(data, "郑州市", "地区生产总值", "2022", "yoy_pct") == 1.0
    assert value(data, "郑州市", "第二产业增加值", "2022") == 5174.6
    # gc.mysteel.com 2023-03-31: "2022年,郑州市规模以上工业增加值同比增长4.4%…低于全省(5.1%)"
    # — the final figure; the 3.5 % of the January plan report stays a separate (预计) series
    assert value(data, "郑州市", "规模以上工业增加值", "2022", "yoy_pct") == 4.4
    assert value(data, "郑州市", "规模以上工业增加值(预计)", "2022", "yoy_pct") == 3.5
    # etk56.com (2024年政府工作报告): "一般公共预算收入增长3.1%"
    assert value(data, "郑州市", "一般公共预算收入", "2023", "yoy_pct") == 3.1
    # taobao833.com (央视网): "第二產業增加值2920.0億元,同比增長9.8%"
    assert value(data, "郑州市", "第二产业增加值", "2024Q2") == 2920.0
    # kjzch.com 2026-02-11 (2026年政府工作报告): "规上工业增加值增长9%…社会消费品零售总额增长5%,
    # 一般公共预算…2.3%"
    assert value(data, "郑州市", "规模以上工业增加值", "2025", "yoy_pct") == 9
    assert value(data, "郑州市", "社会消费品零售总额", "2025", "yoy_pct") == 5
    assert value(data, "郑州市", "一般公共预算收入", "2025", "yoy_pct") == 2.3
    # 91haoming.cn: "鄭州航空港區前6個月實現地區生產總值(GDP)771.5億元,同比增長14.5%"
    assert value(data, "航空港区", "地区生产总值", "2024Q2") == 771.5
    assert value(data, "航空港区", "地区生产总值", "2024Q2", "yoy_pct") == 14.5
    # sina (中原网 2024-08-27): 高新区 "2024年上半年,实现GDP307.3亿元,同比增长3.1%"
    assert value(data, "高新区", "地区生产总值", "2024Q2", "yoy_pct") == 3.1
    # yaliqi.com (中新网河南 2025-02-17): "惠济区2024年地区生产总值完成380亿元,增长5.5%"
    assert value(data, "惠济区", "地区生产总值", "2024") == 380
    # public.huiji.gov.cn 2024-01-22: "全年地区生产总值预计增长6%" — a 预计 figure, official grade
    row = data[(data.region == "惠济区") & (data.indicator == "地区生产总值(预计)")
               & (data.period == "2023")].iloc[0]
    assert row["value"] == 6 and row["qualifier"] == "预计" and row["grade"] == "official"
    # bx2200.com (新密市政府工作报告 2023): "2022年,全市地区生产总值实现735.8亿元,同比增长2%"
    assert value(data, "新密市", "地区生产总值", "2022") == 735.8
    # yexian114.com (河南省2025年经济运行新闻发布会): "社会消费品零售总额达29090.50亿元增长5.6%"
    assert value(data, "河南省", "社会消费品零售总额", "2025") == 29090.50


def test_third_collection_cross_checks(data):
    """Figures given by two sources are one row (the better grade) and agree."""
    raw = pd.read_csv(bundled.DATA_DIR / "regional/ytd_panel.csv", dtype=str,
                      keep_default_na=False)

    def sources_of(region, indicator, period):
        sel = raw[(raw.region == region) & (raw.indicator == indicator) & (raw.period == period)]
        return sel["value"].astype(float).tolist(), sel["source_url"].tolist()

    # 郑州 2025 规上 9%: government work report (kjzch mirror) and 郑州日报 e-paper (press)
    values, urls = sources_of("郑州市", "规模以上工业增加值增速", "2025")
    assert values == [9.0, 9.0] and any("zzrbnews.com" in u for u in urls)
    row = data[(data.region == "郑州市") & (data.indicator == "规模以上工业增加值")
               & (data.measure == "yoy_pct") & (data.period == "2025")].iloc[0]
    assert row["grade"] == "press" and "zzrbnews.com" in row["source"]
    # 航空港区 2023 1295亿元 (新华丝路 and a Q&A page); 新郑市 2023 838.7亿元 (two copies of the
    # 2024 work report)
    assert sources_of("航空港区", "地区生产总值", "2023")[0] == [1295.0, 1295.0]
    assert sources_of("新郑市", "地区生产总值", "2023")[0] == [838.7, 838.7]
    # 2024H1 sectors sum to the published total (7252.4) within rounding: 78.0+2920.0+4254.4
    parts = sum(value(data, "郑州市", f"第{k}产业增加值", "2024Q2") for k in "一二三")
    assert parts == pytest.approx(value(data, "郑州市", "地区生产总值", "2024Q2"), abs=0.05)


def test_city_report_does_not_rank_2_of_16_units():
    """郑州市 2024-06: 航空港区 (+14.5 %, 规上 +26.2 %) and 高新区 (+3.1 %, +12.7 %) published
    their 上半年 figures — 2 of the 16 units, fewer than half: the report shows their growth,
    gives no rank ("2/2" would say nothing about the 14 others) and says why in a sentence."""
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("郑州市", "2024-06", demo=False)
    sec = S.compare(rd, "zh")
    (title, table), = sec.tables
    assert "不排位次" in title and "排位" not in title.replace("不排位次", "")
    assert not [c for c in table.columns if "位次" in c]
    gdp = [c for c in table.columns if c.startswith("地区生产总值（")][0]
    # secondary pages only: each cell carries the 非官方 marker and the table its footnote
    assert table[gdp].to_dict() == {"航空港区": "14.5*", "高新区": "3.1*"}
    ind = [c for c in table.columns if c.startswith("规模以上工业增加值（")][0]
    assert table[ind].to_dict() == {"航空港区": "26.2*", "高新区": "12.7*"}
    assert "* 非官方来源：该数值仅见于聚合网站、博客或镜像等非官方来源。" in sec.notes
    assert "郑州市16个下属单位中只有2个（高新区、航空港区）有2024年上半年地区生产总值累计增速，" \
           "不足半数，不排位次。" in sec.notes
    assert "gdp_q_district_top" not in sec.figures_dict()


# ----------------------------------------------------------------- coverage (jinshui coverage)
def test_coverage_counts_periods_once_and_best_grade():
    from jinshui_analysis.data.coverage import coverage, period_count

    def row(ind, measure, period, cumulative, grade, qualifier=""):
        return {"region": "甲市", "indicator": ind, "measure": measure, "period": period,
                "cumulative": cumulative, "value": 1.0, "grade": grade, "qualifier": qualifier}

    d = pd.DataFrame([
        row("地区生产总值", "level", "2023Q1", False, "secondary"),   # Q1 single = YTD
        row("地区生产总值", "yoy_pct", "2023Q1", False, "press"),
        row("地区生产总值", "yoy_pct", "2023Q2", True, "secondary"),   # 上半年
        row("地区生产总值", "yoy_pct", "2023Q2", False, "official"),   # single Q2: not YTD
        row("社会消费品零售总额", "yoy_pct", "2023-02", True, "press"),  # 1-2月
        row("社会消费品零售总额", "yoy_pct", "2023-02", True, "official"),  # same figure, 2nd source
        row("社会消费品零售总额", "level", "2023-05", False, "press"),  # 当月: not YTD
        row("社会消费品零售总额(预计)", "yoy_pct", "2022", False, "press", "预计"),
    ])
    c = coverage("甲市", data=d).set_index(["indicator", "year"])
    assert c.loc[("地区生产总值", 2023), "months"] == "3,6"
    assert c.loc[("地区生产总值", 2023), "levels"] == 1
    assert c.loc[("地区生产总值", 2023), "growth"] == 2
    # by period, the best grade held for it: Q1 press (beats secondary), H1 secondary
    assert c.loc[("地区生产总值", 2023), "grades"] == "press 1, secondary 1"
    assert c.loc[("社会消费品零售总额", 2023), "months"] == "2"
    assert c.loc[("社会消费品零售总额", 2023), "grades"] == "official 1"
    assert c.loc[("社会消费品零售总额", 2022), "qualified"] == "预计"
    # distinct periods: 2022 全年, 1-2月, 一季度, 上半年 (the 当月 May and single Q2 do not count)
    assert period_count("甲市", data=d) == 4
    assert period_count("甲市", start=2023, data=d) == 3
    assert coverage("乙市", data=d).empty


def test_zhengzhou_panel_coverage(data):
    """The periods the issue asked for (2022-01 … 2025-12): what is held, by through-month."""
    from jinshui_analysis.data.coverage import coverage, period_count

    c = coverage("郑州市", start=2022, end=2025, data=data).set_index(["indicator", "year"])
    assert c.loc[("地区生产总值", 2022), "months"] == "6,12"
    assert c.loc[("地区生产总值", 2024), "months"] == "3,6,9,12"
    assert c.loc[("规模以上工业增加值", 2024), "months"] == "2,3,6,9,11,12"
    # 2023 一季度 and 前三季度 are derived (推算, issue 19) from the 2024 一季度 release's
    # increments over the same quarters of 2023: 16 published periods + 2 derived
    assert c.loc[("地区生产总值", 2023), "months"] == "3,6,9,12"
    assert period_count("郑州市", start=2022, end=2025, data=data) == 18
