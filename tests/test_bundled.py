"""The bundled data: real published figures only, each with its source."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from jinshui_analysis.data import TIDY_COLUMNS, bundled, load_bundled, provenance, sources


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return load_bundled()


def test_tidy_columns_and_unique_keys(data):
    assert list(data.columns) == TIDY_COLUMNS + provenance.PROVENANCE_COLUMNS
    assert not data.duplicated(["region", "indicator", "measure", "period"]).any()
    assert set(data["measure"]) <= {"level", "yoy_pct"}


def test_every_row_has_a_source(data):
    src = data["source"].astype(str)
    assert (src.str.len() > 0).all()
    assert src.str.contains(r"\[regional/[a-z_0-9]+\.csv row \d+\]").all()
    # every source is an address or the bundled article, never synthetic
    assert src.str.match(r"^(https?://|data/sources/)").all()
    assert not src.str.startswith("synthetic").any()


def test_covers_required_regions(data):
    regions = set(data["region"])
    for r in ["金水区", "郑州市", "中原区", "二七区", "管城区", "惠济区", "南山区", "河南省", "全国"]:
        assert r in regions, r


def test_published_figures_by_hand(data):
    gdp = bundled.series("金水区")
    assert gdp["2017"] == pytest.approx(1203.43)
    assert gdp["2018"] == pytest.approx(1378.80)
    assert gdp["2022"] == pytest.approx(1932.0)  # 大象新闻 2023-02-13
    # nominal growth 2017→2018 from the published levels: 1378.8/1203.43 − 1
    assert (gdp["2018"] / gdp["2017"] - 1) * 100 == pytest.approx(14.5725, abs=1e-3)
    growth = bundled.series("金水区", measure="yoy_pct")
    assert growth["2018"] == pytest.approx(9.5)
    assert bundled.series("南山区")["2022"] == pytest.approx(8035.88)


def test_half_year_and_ytd_periods_are_cumulative(data):
    row = data[(data.region == "金水区") & (data.period == "2020Q2")].iloc[0]
    assert row["value"] == pytest.approx(841.12) and bool(row["cumulative"])
    q1 = data[(data.region == "金水区") & (data.period == "2021Q1")].iloc[0]
    assert q1["value"] == pytest.approx(470.15)


def test_statistical_bases_are_kept_apart(data):
    j = data[(data.region == "金水区") & (data.period == "2025") & (data.measure == "level")]
    by_ind = j.set_index("indicator")["value"]
    assert by_ind["地区生产总值"] == pytest.approx(2272.28)  # 管理口径
    assert by_ind["地区生产总值(民政口径)"] == pytest.approx(3548.97)


def test_units_normalised(data):
    # per-capita in 万元 → 元/人; aggregates stay 亿元
    pc = data[(data.region == "金水区") & (data.indicator == "人均地区生产总值") & (data.measure == "level")]
    assert pc["unit"].eq("元/人").all()
    assert pc["value"].iloc[0] == pytest.approx(136700.0)
    assert data.loc[(data.indicator == "地区生产总值") & (data.measure == "level"), "unit"].eq("亿元").all()


def test_conflicts_resolved_with_reasons():
    alt = bundled.alternatives()
    assert alt["reason"].str.len().gt(0).all()
    assert alt["reason"].str.contains("not chosen|older vintage|lower grade").all()
    assert {"chosen_value", "chosen_source"} <= set(alt.columns)
    # every CHOICES entry is applied (or pre-empted by vintage) and leaves its loser here
    for (region, indicator, period), (value, _why) in provenance.CHOICES.items():
        sel = alt[(alt.region == region) & (alt.indicator == indicator) & (alt.period == period)]
        assert len(sel) == 1 and sel["chosen_value"].iloc[0] == pytest.approx(value), (region, period)
    assert len(bundled.excluded()) > 0


def test_every_row_is_graded(data):
    assert set(data["grade"]) <= set(provenance.GRADES)
    assert set(data["vintage"]) <= set(provenance.VINTAGES)
    assert data["publisher"].astype(str).str.len().gt(0).all()
    q = data[data["qualifier"] != ""]
    assert set(q["qualifier"]) <= set(provenance.QUALIFIERS)
    # the qualifier stays in the indicator name too, except for targets ("8%以上" is a lower
    # bound of the target, which keeps its plain name so that the target arithmetic finds it)
    # bound of the target, which keeps its plain name so that the target arithmetic finds it),
    # and except derived figures (推算: a level computed from published statements, issue 19,
    # whose arithmetic bundled.derivation() gives)
    assert all(f"({r.qualifier})" in r.indicator or r.indicator.endswith("目标")
               or (r.qualifier == "推算" and bundled.derivation(r.region, r.indicator, r.period))
               for r in q.itertuples())
    plain = data[~data["indicator"].str.contains(r"\((?:下限|约数|预计)\)")
                 & ~data["indicator"].str.endswith("目标") & (data["qualifier"] != "推算")]
    assert (plain["qualifier"] == "").all()


def test_domain_grades():
    assert provenance.grade_of("http://tjj.zhengzhou.gov.cn/x")[0] == "official"
    assert provenance.grade_of("https://wheto.gov.hk/sc/doing_business/henan.html")[0] == "official"
    assert provenance.grade_of("https://m.zynews.cn/zz/x")[0] == "press"
    assert provenance.grade_of("https://big5.cri.cn/gate/x")[0] == "press"
    assert provenance.grade_of("sources/dxnews_2023-02-13_jinshui.txt") == ("press", "大象新闻")
    for url in ["http://1689878.com/a", "http://www.360doc.com/a", "https://github.com/a/b",
                "http://tc.wangchao.net.cn/x", "https://unknown.example/x"]:
        assert provenance.grade_of(url)[0] == "secondary", url


def test_grade_decides_before_choices():
    # 郑州 2020 一产占比: 中原网 (press) 1.3 beats hnrzz.com (secondary) 1.2
    alt = bundled.alternatives()
    row = alt[(alt.region == "郑州市") & (alt.indicator == "第一产业占比")].iloc[0]
    assert float(row["value"]) == pytest.approx(1.2) and "lower grade" in row["reason"]


def test_vintage_decides_first():
    alt = bundled.alternatives()
    # 河南省 2019: initial 54259.20 superseded by the census-revised 53717.75
    row = alt[(alt.region == "河南省") & (alt.period == "2019")].iloc[0]
    assert float(row["value"]) == pytest.approx(54259.20)
    assert row["reason"].startswith("older vintage (initial) superseded by census-revised")
    assert bundled.series("河南省")["2019"] == pytest.approx(53717.75)
    # 全国 2020: initial 1015986 (香港商报) → post-census 1034867.6 (NBS export, GitHub mirror)
    assert bundled.series("全国", "国内生产总值")["2020"] == pytest.approx(1034867.6)
    nat = alt[(alt.region == "全国") & (alt.period == "2020")].iloc[0]
    assert float(nat["value"]) == pytest.approx(1015986) and "older vintage" in nat["reason"]


def test_sources_table():
    s = sources()
    assert {"source_url", "grade", "publisher", "published", "files", "regions",
            "n_rows"} <= set(s.columns)
    assert set(s["grade"]) <= set(provenance.GRADES)
    # the official national-accounts tables cite a code-hosting mirror: kept, graded secondary
    gh = s[s["source_url"].str.startswith("https://github.com/")]
    assert len(gh) > 0 and (gh["grade"] == "secondary").all()
    assert s["n_rows"].sum() > 400
    assert s["source_url"].str.len().gt(0).all()
    assert not s["indicators"].astype(str).str.contains("nan").any()


def test_loading_does_not_modify_raw_files():
    paths = [bundled.DATA_DIR / f for f in bundled.REGIONAL_FILES + bundled.PANEL_FILES]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    bundled._curate.cache_clear()
    load_bundled()
    after = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    assert before == after


def test_official_table_loads():
    off = bundled.load_official("cn_nbs_annual_v2026")
    gdp2020 = off[(off.component == "GDP") & (off.year == "2020") & (off.measure == "current_value")]
    assert gdp2020["value"].iloc[0] == pytest.approx(1034867.6)
