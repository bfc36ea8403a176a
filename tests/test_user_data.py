"""The main path: a report built from the user's own bulletin tables, with no demo data mixed in."""

from __future__ import annotations

import hashlib
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from jinshui_analysis.exceptions import DataError, ParameterError  # noqa: E402
from jinshui_analysis.reports import sections as S  # noqa: E402


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "tables"
    d.mkdir()
    # quarterly YTD GDP in bulletin period labels (values made up for the test, shaped like
    # 郑州市统计局 releases); 2022 sums to the published 1932亿
    rows = ["region,indicator,period,value,unit,price_basis,source_url",
            "金水区,地区生产总值,2022年一季度,450.00,亿元,current,test",
            "金水区,地区生产总值,2022年上半年,930.00,亿元,current,test",
            "金水区,地区生产总值,2022年前三季度,1400.00,亿元,current,test",
            "金水区,地区生产总值,2022年,1932.00,亿元,current,test",
            "金水区,地区生产总值,2023年一季度,486.00,亿元,current,test",
            "金水区,地区生产总值,2023年上半年,1004.40,亿元,current,test"]
    (d / "gdp.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # a monthly bulletin in the wide layout, GB18030, 万元 levels
    bulletin = ("2023年1-6月金水区主要经济指标\n"
                "指标,单位,1-6月,同比增长%\n"
                "社会消费品零售总额,万元,4123456,6.1\n"
                "固定资产投资,亿元,—,4.2\n")
    (d / "bulletin_2023-06.csv").write_bytes(bulletin.encode("gb18030"))
    projects = pd.DataFrame({"project_id": ["A", "B"], "name": ["项目甲", "项目乙"],
                             "level": ["省级", "区级"], "planned": [100.0, 50.0]})
    for m in range(1, 7):
        projects[f"2023-{m:02d}"] = [10.0, 2.0]
    projects.to_csv(d / "projects.csv", index=False)
    return d


def test_user_tables_are_used_without_demo(folder: Path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    rd = S.load_report_data("金水区", "2023-06", folder)
    assert rd.synthetic == frozenset()
    assert not rd.real["source"].astype(str).str.startswith("synthetic").any()
    # levels only, no published real growth: the deflator the data give is 郑州市's for 2023
    # 上半年 (issue 19): 7008.6/6740 nominal against +6.3 % real → −2.18 %, before any assumption
    city = (7008.6 / 6740 / 1.063 - 1) * 100
    t = S.target(rd, 8.0, 2000.0, deflator_pct=2.0).figures_dict()
    assert t == S.target(rd, 8.0, 2000.0).figures_dict()
    assert t["gdp_ytd_growth_nominal"] == pytest.approx((1004.40 / 930.00 - 1) * 100)  # 8.0%
    g_ytd = (1004.40 / 930.00 / (1 + city / 100) - 1) * 100  # 8.0 % nominal, city deflator
    w = 930.00 / 1932.00
    assert t["gdp_ytd_growth"] == pytest.approx(g_ytd)
    assert t["required_rest_growth"] == pytest.approx(((1.08 - w * (1 + g_ytd / 100)) / (1 - w) - 1) * 100)
    h = S.headline(rd).figures_dict()
    assert h["retail_ytd"] == pytest.approx(412.3456)  # 4123456万元 → 亿元
    assert h["retail_ytd_yoy"] == pytest.approx(6.1)
    p = S.key_projects(rd).figures_dict()
    assert p["projects_completion_pct"] == pytest.approx(72 / 150 * 100)  # 48%
    sec = S.key_projects(rd)
    assert not sec.synthetic and not any("示例数据" in n for n in sec.notes)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert before == after  # inputs never modified


def test_missing_inputs_are_said_not_invented(tmp_path: Path):
    d = tmp_path / "only_annual"
    d.mkdir()
    (d / "a.csv").write_text("region,indicator,period,value,unit\n新区,地区生产总值,2022,500,亿元\n",
                             encoding="utf-8")
    rd = S.load_report_data("新区", "2023-06", d)
    assert rd.projects is None and rd.monthly.empty
    assert "没有重点项目数据" in S.key_projects(rd).notes[0]
    assert S.dashboard(rd).notes and not S.dashboard(rd).figures
    assert S.target(rd).figures_dict()["threshold_year"] is not None


def test_bad_user_file_names_file_row_column(tmp_path: Path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "t.csv").write_text("region,indicator,period,value,unit\n金水区,地区生产总值,2022,abc,亿元\n",
                             encoding="utf-8")
    with pytest.raises(DataError) as err:
        S.load_report_data("金水区", "2023-06", d)
    msg = str(err.value)
    assert "t.csv" in msg and "row 2" in msg and "abc" in msg


def test_missing_data_path():
    with pytest.raises(ParameterError, match="data"):
        S.load_report_data("金水区", "2023-06", "/nonexistent/tables")


def test_rendered_report_from_user_tables_has_no_demo_banner(folder: Path, tmp_path: Path,
                                                             rendered):
    from jinshui_analysis import render_report

    paths = render_report("monthly_report", {"period": "2023-06", "data": str(folder)},
                          tmp_path / "out")
    html = paths.html.read_text("utf-8")
    assert 'class="jinshui-demo-banner"' not in html
    assert "412.35" in html  # the user's 社零 (4123456万元) in 亿元
    # the reader's warning (a "—" cell) is a data note, not a Python warning on the page
    assert "MissingValuesWarning" not in html and "placeholder" in html
    bundled_html = rendered["monthly_report"].html
    assert 'class="jinshui-demo-banner"' in bundled_html.read_text("utf-8")
