"""Published figures first, the right period, consistent price bases (issues 10/11/12).

郑州市 figures are those of the bundled data (``load_bundled()``, region 郑州市, 地区生产总值):
2024 14532.1, 2024 前三季度 10702.7, 2024 上半年 7252.4, 2024 一季度 3537.9 (亿元, current prices);
real growth 2024 5.7, 2024Q1 6.2, 2024Q2 5.3, 2024Q3 5.5; 2025 15244.57 亿元 and 5.4 % real;
2025 一季度 3459.5 / 5.6 %; 2025 上半年 7329.3 (level only); 2025 前三季度 5.4 % real, level
only as the lower bound "地区生产总值(下限)" 11000; 河南省 2025 前三季度 and 2025 5.6 % real.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scipy import stats

from jinshui_analysis.data.profiles import profile
from jinshui_analysis.models import targets
from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.section import Section

TARGET = profile("郑州市").target_growth_pct  # 7 % (data/profiles.toml)
W_Q3 = 10702.7 / 14532.1  # 2024 前三季度 ÷ 2024 全年 = 0.73649


def figs(sec) -> dict:
    return {r["name"]: r for r in sec.records}


@pytest.fixture(scope="module")
def sep():
    return S.load_report_data("郑州市", "2025-09", demo=False)


@pytest.fixture(scope="module")
def dec():
    return S.load_report_data("郑州市", "2025-12", demo=False)


def test_profile_target_is_seven():
    assert TARGET == 7.0


def test_september_target_rests_on_published_q1_q3_growth(sep):
    sec = S.target(sep, TARGET, 2000.0, deflator_pct=2.0)
    f = figs(sec)
    assert round(W_Q3, 5) == 0.73649
    need = ((1 + TARGET / 100) - W_Q3 * 1.054) / (1 - W_Q3) * 100 - 100
    assert round(need, 2) == 11.47
    assert f["required_rest_growth"]["value"] == pytest.approx(need)
    assert f["gdp_ytd_growth"]["value"] == 5.4 and "已公布" in f["gdp_ytd_growth"]["label"]
    text = "".join(sec.notes)
    assert "2025年前三季度已公布实际增速5.4%" in text
    assert "73.65%" in text and "11.47%" in text
    # the doubtful H1 level is not what the growth rests on: no deflated −0.92 %, no H1 level
    # as this year's YTD GDP, and the lower bound 11000 is no level
    assert "gdp_ytd" not in f and "gdp_ytd_growth_nominal" not in f
    assert "-0.92" not in text
    assert "超过11000亿元" in text and "下限" in text
    assert not any(r["value"] == 11000 for r in sec.records)


def test_september_projection_from_published_growth(sep):
    sec = S.projection(sep, TARGET, deflator_pct=2.0)
    f = figs(sec)
    assert f["projected_growth"]["value"] == 5.4
    # past changes of pace e = (G − g_ytd)/(1 − w), w the published level share of the period
    # (the year before where published, else the same year): by hand from the bundled rows
    # (2020 上半年 and 2021 一季度 — COVID shock, low base — are left out: DISTORTED_YEARS)
    e = [(1.0 - 2.5) / (1 - 6740 / 12934.7),          # 2022 上半年 (no 2021 H1: same year)
         (7.4 - 6.3) / (1 - 6740 / 12934.7),          # 2023 上半年 (w of 2022)
         # 2024: w of 2023 (its 一季度 3384.9, 前三季度 10435.9 and year 13617.8 derived
         # from the 2024 一季度 release, issue 19)
         (5.7 - 6.2) / (1 - 3384.9 / 13617.8),        # 2024 一季度
         (5.7 - 5.3) / (1 - 7008.6 / 13617.8),        # 2024 上半年
         (5.7 - 5.5) / (1 - 10435.9 / 13617.8)]       # 2024 前三季度
    s = math.sqrt(sum(x * x for x in e) / len(e))
    need = ((1.07 - W_Q3 * 1.054) / (1 - W_Q3) - 1) * 100
    p = stats.t.sf((need - 5.4) / s, len(e)) * 100
    assert f["target_probability"]["value"] == pytest.approx(p)
    assert 0 < p < 50
    # the level projection states its deflator assumption: 14532.1 × 1.054 × 1.02
    assert f["projected_gdp"]["value"] == pytest.approx(14532.1 * 1.054 * 1.02)
    assert "假设" in f["projected_gdp"]["label"]
    assert not any(r["synthetic"] for r in sec.records)


def test_december_full_year_is_the_published_year(dec):
    head = figs(S.headline(dec))
    assert head["gdp_q_ytd_yoy"]["value"] == 5.4
    assert "全年" in head["gdp_q_ytd_yoy"]["label"] and "可比价" in head["gdp_q_ytd_yoy"]["label"]
    assert head["gdp_q_ytd"]["value"] == 15244.57
    assert head["gdp_q_ytd_yoy_change"]["value"] == pytest.approx(5.4 - 5.7)
    assert "可比价" in head["gdp_q_parent_yoy"]["label"]
    assert "现价" not in head["gdp_q_parent_yoy"]["label"]
    assert head["gdp_q_gap_pp"]["value"] == pytest.approx(5.4 - 5.6)

    cmp = S.compare(dec)
    c = figs(cmp)
    assert c["gdp_q_vs_province_pp"]["value"] == pytest.approx(-0.2)
    assert "可比价" in c["gdp_q_vs_province_pp"]["label"]
    assert "低于全省0.2个百分点（均按可比价，实际增速；全省数据为非官方来源）" in "".join(cmp.notes)

    # the year is judged against ITS target: 郑州市 2025 "6%左右" (regional/targets.csv), not
    # the profile's 7 % (2023's): 5.4 − 6 = −0.6 points
    g25, _ = S.profile_targets(dec, required=False)
    assert g25 == 6.0
    tsec = S.target(dec, g25, 2000.0, deflator_pct=2.0)
    t = figs(tsec)
    assert t["gdp_ytd_growth"]["value"] == 5.4
    assert "required_rest_growth" not in t
    assert t["target_gap_pp"]["value"] == pytest.approx(5.4 - 6.0)
    text = "".join(tsec.notes)
    assert "全年数据已公布" in text and "低于实际增长6%左右（非官方来源）的目标0.6个百分点" in text
    assert "1.6个百分点" not in text
    # deflator derived from the published real and the levels: 15244.57/14532.1 = +4.903 %
    # nominal, (1.04903/1.054 − 1) = −0.472 %
    nominal = (15244.57 / 14532.1 - 1) * 100
    assert t["gdp_ytd_growth_nominal"]["value"] == pytest.approx(nominal)
    fall = 100 - (1 + nominal / 100) / 1.054 * 100
    assert f"（1 − 平减指数降幅{fall:.2f}%）" in text  # a fall, written as one (not "+ -0.47%")

    psec = S.projection(dec, TARGET, deflator_pct=2.0)
    ptext = "".join(psec.notes)
    assert "全年数据已公布" in ptext and "15,244.57亿元" in ptext and "实际增长5.4%" in ptext
    assert not psec.records


@pytest.fixture
def levels_only(tmp_path: Path) -> Path:
    """A district folder with current-price levels only (no growth published), GBK, title row.

    2021/2022: no parent (郑州市, 河南省) deflator exists for 2022 上半年, so the report's
    parameter is the deflator (issue 19: a parent's same-period deflator would come first)."""
    d = tmp_path / "tables"
    d.mkdir()
    rows = ["金水区地区生产总值",
            "region,indicator,period,value,unit,price_basis,source_url",
            "金水区,地区生产总值,2021年上半年,480,亿元,current,office",
            "金水区,地区生产总值,2021年,1000,亿元,current,office",
            "金水区,地区生产总值,2022年上半年,528,亿元,current,office"]
    (d / "gdp.csv").write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    return d


def test_levels_only_deflates_and_says_so(levels_only: Path):
    before = (levels_only / "gdp.csv").read_bytes()
    rd = S.load_report_data("金水区", "2022-06", levels_only)
    sec = S.target(rd, 8.0, 3000.0, deflator_pct=2.0)
    f = figs(sec)
    # 10 % nominal; the province's 2022 上半年 deflator (30757.20/28927.96/1.031 − 1 = +3.126 %)
    # comes before the assumed 2 %: real = 1.10/1.03126 − 1 = 6.665 %
    p = (30757.20 / 28927.96 / 1.031 - 1) * 100
    real = 1.10 / (1 + p / 100) * 100 - 100
    assert round(real, 3) == 6.665
    need = ((1.08 - 0.48 * (1 + real / 100)) / 0.52 - 1) * 100
    assert f["gdp_ytd_growth"]["value"] == pytest.approx(real)
    assert f["gdp_ytd_growth_nominal"]["value"] == pytest.approx(10.0)
    assert f["required_rest_growth"]["value"] == pytest.approx(need)
    text = "".join(sec.notes)
    assert "由河南省2022年上半年" in text and "没有同期及以后已公布的实际增速" in text
    assert "假设为2%" not in text
    assert f"{need:.2f}%" in text
    assert (levels_only / "gdp.csv").read_bytes() == before


def test_year_end_growth_by_hand():
    r = targets.year_end_growth(5.4, W_Q3, target_growth_pct=7)
    assert round(r.required_rest_growth_pct, 2) == 11.47
    assert math.isnan(r.prob_meet_target) and math.isnan(r.lower_80)  # no past changes
    e = [0.5, -0.5]
    r2 = targets.year_end_growth(6.0, 0.5, target_growth_pct=6.0, past_changes=e)
    assert r2.scale == pytest.approx(0.5)
    # g_rest needed = 6 %, equal to the pace → probability one half
    assert r2.prob_meet_target == pytest.approx(0.5)
    q = stats.t.ppf(0.9, 2)
    assert r2.lower_80 == pytest.approx(6.0 - 0.5 * q * 0.5)
    assert targets.pace_change(5.7, 5.5, 0.75) == pytest.approx(0.8)
    with pytest.raises(Exception, match="share"):
        targets.year_end_growth(5.0, 1.2)


@pytest.fixture(scope="module")
def september_report(tmp_path_factory: pytest.TempPathFactory):
    from jinshui_analysis import render_report

    params = {"region": "郑州市", "period": "2025-09", "demo": False, "target_growth": TARGET}
    paths = render_report("monthly_report", params, tmp_path_factory.mktemp("pf"))
    return paths, json.loads(Path(paths.json).read_text("utf-8"))


def test_rendered_september_report(september_report):
    paths, doc = september_report
    f = {r["name"]: r for r in doc["figures"]}
    need = ((1.07 - W_Q3 * 1.054) / (1 - W_Q3) - 1) * 100
    assert f["required_rest_growth"]["value"] == pytest.approx(need)
    assert f["gdp_ytd_growth"]["value"] == 5.4
    assert not doc["synthetic"] and not any(r["synthetic"] for r in doc["figures"])
    assert not any(r["value"] == 11000 for r in doc["figures"])
    html = Path(paths.html).read_text("utf-8")
    assert "11.47%" in html and "-0.92%" not in html and "16.89%" not in html


def test_data_notes_give_each_cited_figure_its_publisher_and_date(sep):
    """The 数据说明 table lists the published figures the sections show — publisher, date,
    grade — and leaves out derived ones (the Q4 growth needed is computed, not published)."""
    S.headline(sep, "zh")
    S.compare(sep, "zh")
    S.target(sep, TARGET, None, "zh")
    # a figure computed from a published one carries that one's source: it is not listed
    src = S.compare(sep, "zh").records[0]["source"]
    derived = Section("derived", "zh")
    derived.record("derived_pct", 12.345, "%", "由已公布数推算", src)
    sep.memo[("test", "derived")] = derived
    notes = S.data_notes(sep, "zh")
    del sep.memo[("test", "derived")]
    (title, table), = [(t, f) for t, f in notes.tables if "已公布数字" in t]
    rows = table.reset_index()
    by_value = {r["数值"]: r for _, r in rows.iterrows()}
    # ytd_panel.csv: reportify.ai 2025-11-01 "a growth rate of 5.4%" (前三季度) and 8.8% (规上)
    q3 = by_value["5.4%"]
    assert "前三季度" in q3["数字"] and q3["发布者、日期"].endswith(" 2025-11-01")
    assert q3["发布者、日期"].startswith("reportify.ai") and q3["等级"] == "非官方"
    assert "规模以上工业增加值" in by_value["8.8%"]["数字"]
    assert "14,532.10亿元" in by_value  # the latest annual level, from zhengzhou_city.csv
    figures = S.target(sep, TARGET, None, "zh").figures_dict()
    need = f"{figures['required_rest_growth']:.1f}%"
    assert need not in by_value  # derived: 11.5% is not a published figure
    assert "12.3%" not in by_value and src
    assert len(rows) == len(set(zip(rows["数值"], rows["发布者、日期"])))  # each once


def test_june_2024_projection_rests_on_published_growth():
    """郑州市 2024-06: the 2023 annual level (13617.8亿, 推算) weights the published 上半年 +5.3 %;
    the projection says the history is too short (2022/2023 上半年 only, 2020/2021 left out) and
    draws no interval — no 95 % range of 10245.7–22773.4亿 from three half-year shares."""
    rd = S.load_report_data("郑州市", "2024-06", demo=False)
    sec = S.projection(rd, 7.0, "zh")
    text = " ".join(sec.notes)
    f = sec.figures_dict()
    assert f["projected_growth"] == 5.3
    w = 7008.6 / 13617.8
    assert f"{((1.07 - w * 1.053) / (1 - w) - 1) * 100:.2f}%" in text  # 8.80 %
    assert "只有2个" in text and "不给出区间和达标概率" in text
    assert "target_probability" not in f and not sec.tables and not sec.figures
    assert "10245" not in text and "22773" not in text and "nan" not in text.lower()
