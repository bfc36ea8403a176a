"""The deflator the data give (issue 19, item 3).

Own published real and nominal → the parent city's implied deflator for the same period → the
province's → a stated assumption; the report names which and its sign.

郑州市 2023 上半年 7008.6亿 (国际在线, Aug 2023) against 2022 上半年 6740亿 (2023 work report):
nominal 7008.6/6740 − 1 = +3.985 %; published real +6.3 % → deflator 1.03985/1.063 − 1 = −2.18 %.
金水区 2023 上半年 (demo levels 1006.88 vs 929.76 = +8.29 % nominal) is converted with it:
1.0829/0.9782 − 1 ≈ 10.7 % real — not 6.17 % at an assumed +2 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jinshui_analysis.reports import sections as S
from jinshui_analysis.reports.price_words import deflator_words
from jinshui_analysis.reports.sections.target import deflator_choice, region_deflator

CITY_H1 = (7008.6 / 6740 / 1.063 - 1) * 100


def test_hand_arithmetic():
    assert round((7008.6 / 6740 - 1) * 100, 2) == 3.99
    assert round(CITY_H1, 2) == -2.18


def test_city_deflator_for_the_half_year():
    rd = S.load_report_data("郑州市", "2023-06", demo=False)
    d = region_deflator(rd, "郑州市", "2023Q2")
    assert d.pct == pytest.approx(CITY_H1) and d.region == "郑州市" and d.origin == "derived"


def test_jinshui_uses_the_city_deflator_not_an_assumed_two_percent():
    # without 金水区's own half-year figures the city's deflator is used all the same
    bare = S.load_report_data("金水区", "2023-06", demo=False)
    d, note = deflator_choice(bare, 2.0)
    assert d.pct == pytest.approx(CITY_H1) and d.region == "郑州市" and note is None
    rd = S.load_report_data("金水区", "2023-06", demo=True)  # the showcase report
    d, note = deflator_choice(rd, 2.0)
    assert d.pct == pytest.approx(CITY_H1) and d.region == "郑州市" and note is None
    sec = S.target(rd, 8.0, 2000.0, deflator_pct=2.0)
    f = {r["name"]: r["value"] for r in sec.records}
    nominal = f["gdp_ytd_growth_nominal"]
    assert f["gdp_ytd_growth"] == pytest.approx(((1 + nominal / 100) / (1 + CITY_H1 / 100) - 1)
                                                * 100)
    assert f["gdp_ytd_growth"] > 10  # about 10.7 %, the verdict flips against 8%以上
    text = "".join(sec.notes)
    assert "GDP平减指数降幅2.18%（由郑州市2023年上半年已公布的名义增速与实际增速推算）" in text
    assert "假设为2%" not in text


def test_own_deflator_far_from_the_city_is_a_basis_change(tmp_path: Path):
    # 金水区 own levels 480 → 528 (+10 %) with published +5 % real: 1.10/1.05 − 1 = +4.76 %,
    # 6.94 points from 郑州市's −2.18 % for the same half-year: not used, said
    d = tmp_path / "t"
    d.mkdir()
    (d / "gdp.csv").write_text("\n".join([
        "region,indicator,period,value,unit,price_basis,source_url",
        "金水区,地区生产总值,2022年上半年,480,亿元,current,test",
        "金水区,地区生产总值,2022年,1000,亿元,current,test",
        "金水区,地区生产总值,2023年上半年,528,亿元,current,test",
        "金水区,地区生产总值增速,2023年上半年,5.0,%,comparable,test"]) + "\n", encoding="utf-8")
    rd = S.load_report_data("金水区", "2023-06", d)
    defl, note = deflator_choice(rd, 2.0)
    assert defl.region == "郑州市" and defl.pct == pytest.approx(CITY_H1)
    assert "4.76%" in note[0] and "-2.18%" in note[0] and "口径变化" in note[0]


def test_no_data_falls_back_to_the_stated_assumption():
    rd = S.load_report_data("郑州市", "2025-09", demo=False)
    d, _ = deflator_choice(rd, 2.0)
    assert d.origin == "assumed" and "假设" in deflator_words(d, "zh")
    d0, _ = deflator_choice(rd, None)
    assert d0 is None
    # without any deflator the target path is not converted: no nominal path, said, never 0
    sec = S.target(rd, 6.0, 2000.0, deflator_pct=None)
    assert len(sec.tables[0][1].columns) == 2 and not sec.figures


def test_headline_never_mixes_real_and_nominal_in_one_column():
    """金水区 2023-06: GDP growth derived from (demo) levels 1006.88/929.76 − 1 = +8.29 % is
    nominal; it sits in the 现价 column, the city's published real +6.3 % in the 可比价 one, and
    no gap is computed between them (issue 19, item 4)."""
    rd = S.load_report_data("金水区", "2023-06", demo=True)
    (_, table), = S.headline(rd).tables
    gdp = [i for i in table.index if i.startswith("地区生产总值")][0]
    real, nominal = "同比增长（%，可比价）", "同比增长（%，现价）"
    assert table.loc[gdp, nominal] == pytest.approx((1006.88 / 929.76 - 1) * 100, abs=1e-3)
    assert table.loc[gdp, real] != table.loc[gdp, real]  # NaN: no real figure
    assert table.loc[gdp, "全市同比增长（%，可比价）"] == 6.3
    assert "与全市差距（百分点）" not in table.columns or \
        table.loc[gdp, "与全市差距（百分点）"] != table.loc[gdp, "与全市差距（百分点）"]
    # every row's growth is in exactly one of the two columns, matching its basis
    for ind in table.index:
        assert table.loc[ind, real] != table.loc[ind, real] or \
            table.loc[ind, nominal] != table.loc[ind, nominal]
    # 社零 (published nominal) is in the 现价 column, 规上 (published real) in the 可比价 one
    assert table.loc["社会消费品零售总额", real] != table.loc["社会消费品零售总额", real]
    assert table.loc["规模以上工业增加值", nominal] != table.loc["规模以上工业增加值", nominal]
