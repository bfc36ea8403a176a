"""Report sections compute the article's numbers by hand-checkable formulas."""

from __future__ import annotations

import math

import matplotlib
import pytest

matplotlib.use("Agg")

from jinshui_analysis.data import bundled  # noqa: E402
from jinshui_analysis.exceptions import ParameterError  # noqa: E402
from jinshui_analysis.reports import sections as S  # noqa: E402


@pytest.fixture(scope="module")
def rd():
    return S.load_report_data("金水区", "2023-06", demo=True)  # the showcase


def test_report_data_marks_synthetic_inputs(rd):
    assert rd.synthetic == {"monthly", "quarterly", "projects", "sectors"}
    # 金水区 publishes no monthly indicator: those rows are all demo; its published sub-annual
    # GDP (2020H1, 2021Q1) stays as published, and no indicator mixes the two
    demo_rows = rd.monthly["source"].str.startswith("synthetic")
    assert set(rd.monthly.loc[demo_rows, "indicator"]) == set(S.MONTHLY_INDICATORS)
    assert not set(rd.monthly.loc[~demo_rows, "indicator"]) & set(S.MONTHLY_INDICATORS)
    assert not rd.real["source"].str.startswith("synthetic").any()


def test_target_section_article_numbers(rd):
    # the deflator the data give (issue 19): no 金水区 real growth is published, so 郑州市's
    # implied deflator for 2023 上半年 is used: 7008.6/6740 = +3.985 % nominal against +6.3 % real
    # → 1.03985/1.063 − 1 = −2.18 % (not an assumed +2 %)
    city = (7008.6 / 6740 / 1.063 - 1) * 100
    sec = S.target(rd, 8.0, 2000.0)
    f = sec.figures_dict()
    assert f["threshold_year"] == 2023  # 1932 × 1.08 × 0.97818 = 2041.12 ≥ 2000
    assert f["growth_to_threshold"] == pytest.approx((2000 / 1932 - 1) * 100)  # 3.5197%
    assert any(f"{1932 * 1.08 * (1 + city / 100):,.2f}" in n for n in sec.notes)
    # growth still needed in the rest of the year, by hand from the (demo) quarterly levels
    q = rd.quarterly.set_index("period")["value"]
    g_nom = (q["2023Q2"] / q["2022Q2"] - 1) * 100
    assert f["gdp_ytd_growth_nominal"] == pytest.approx(g_nom)
    g_ytd = ((1 + g_nom / 100) / (1 + city / 100) - 1) * 100
    w = q["2022Q2"] / q["2022Q4"]
    rest = ((1.08) - w * (1 + g_ytd / 100)) / (1 - w) * 100 - 100
    assert f["gdp_ytd_growth"] == pytest.approx(g_ytd)
    assert f["required_rest_growth"] == pytest.approx(rest)
    # the data's deflator comes before the parameter's assumption
    f2 = S.target(rd, 8.0, 2000.0, deflator_pct=2.0).figures_dict()
    assert f2["gdp_ytd_growth"] == pytest.approx(g_ytd)
    assert sec.synthetic


def test_digital_economy_implied_growth(rd):
    f = S.contributions(rd, 8.0).figures_dict()
    assert f["digital_share"] == 42 and f["digital_contribution"] == 46.5
    # for 2023 the previous-year share is 2022's published 42 % (a lower bound):
    # 8 × 46.5 / 42 = 8.857… → at most 8.86 %; no 2021 share is backed out of an assumed 2022 growth
    assert f["digital_implied_growth"] == pytest.approx(8 * 46.5 / 42)
    assert round(f["digital_implied_growth"], 2) == 8.86
    sec = S.contributions(rd, 8.0)
    notes = "".join(sec.notes)
    assert "若2023年数字经济对增长的贡献率保持46.5%" in notes and "不高于约8.86%（= 8×46.5/42）" in notes
    assert "41.64" not in notes and "8.93" not in notes and "按名义计算" not in notes
    assert f["digital_pulling"] == pytest.approx(8 * 0.465)  # 3.72 pp
    assert "3.72个百分点（= 8×0.465）" in notes
    # the share path starts at 2022's published 42 % with no growth written for 2022 (the city
    # grew 1.0 % that year; 8 % would be invented); 2023: 42 × 1.0886 / 1.08 = 42.33
    caption, path = [(c, t) for c, t in sec.tables if "占比路径" in c][0]
    assert path.index[0] == 2022 and path.iloc[0, 0] == 42.0 and path.iloc[0, 1:].isna().all()
    assert path.loc[2023].tolist() == [42.33, 8.86, 8.0]
    shares = [f[k] for k in f if k.startswith("contribution_")]
    assert sum(shares) == pytest.approx(100.0, abs=0.01)


def test_benchmark_section_against_nanshan(rd):
    f = S.benchmark_section(rd, "南山区", lag_growth=8.0).figures_dict()
    assert f["benchmark_gdp"] == pytest.approx(8035.88)
    assert f["benchmark_ratio"] == pytest.approx(1932 / 8035.88 * 100)  # 24.04%
    g_lead = bundled.series("南山区", measure="yoy_pct")["2022"]
    years = math.log(8035.88 / 1932) / math.log(1.08 / (1 + g_lead / 100))
    assert f["catch_up_years_target"] == pytest.approx(years)  # real 8 % vs real 3.3 %: 32 years
    # the path starts in 2023 and uses 2023's published target (8 %)
    sec = S.benchmark_section(rd, "南山区", lag_growth=8.0)
    assert "按目标实际增长8%（2023年目标）" in sec.notes[0]
    # no trend: 金水区 2017→2022 would cross the 2019 census revision, and 金水区 has one annual
    # level (2022) since it — the old "金水区2017—2022年、南山区2019—2022年" windows are gone
    assert "catch_up_years" not in f
    assert "不足两个年度总量" in sec.notes[0] and "两地同受影响" not in "".join(sec.notes)


def test_projects_section_uses_article_totals(rd):
    f = S.key_projects(rd).figures_dict()
    assert f["projects_count"] == 242
    assert f["projects_planned"] == pytest.approx(587.7)
    assert f["projects_gap_pp"] == pytest.approx(f["projects_completion_pct"] - 50.0)


def test_headline_latest_published_gdp(rd):
    sec = S.headline(rd)
    f = sec.figures_dict()
    assert f["gdp_latest"] == 1932.0 and f["gdp_latest_year"] == 2022
    gdp_record = next(r for r in sec.records if r["name"] == "gdp_latest")
    assert "大象新闻" in gdp_record["source"] and not gdp_record["synthetic"]
    assert any("示例数据" in n for n in sec.notes)


def test_unknown_region_and_bad_period():
    with pytest.raises(ParameterError, match="region"):
        S.load_report_data("火星区", "2023-06")
    with pytest.raises(ParameterError, match="period"):
        S.load_report_data("金水区", "2023Q2")


def test_national_contributions_reproduce_published():
    res = S.national_contributions()
    pub = bundled.national_accounts()["rate"]
    for y in ["2017", "2018", "2019", "2020"]:
        for c in ["primary", "secondary", "tertiary"]:
            assert res.rate.loc[y, c] == pytest.approx(pub.loc[y, c], abs=0.1)


def test_english_labels(rd):
    sec = S.headline(rd, "en")
    assert sec.title == "Headline figures" and sec.language == "en"
    assert all("示例数据" not in r["label"] for r in sec.records)


def test_headline_table_orders_sectors_and_drops_blank_columns():
    """郑州市 2024-06 (published only): no 当月, province, rank or schedule figure exists, so
    those columns are left out; the three sectors come in their own order."""
    rd = S.load_report_data("郑州市", "2024-06", demo=False)
    (_, table), = S.headline(rd).tables
    assert list(table.columns) == ["单位", "累计", "同比增长（%，可比价）", "比上年同期（百分点）"]
    sectors = [i for i in table.index if "产业" in i]
    assert sectors == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    # ytd_panel.csv (央视网 via taobao833, a secondary mirror): marked 非官方
    assert table.loc["第二产业增加值", "累计"] == "2920.00*"


def test_provenance_names_bundled_data_not_a_path_fragment():
    from jinshui_analysis.render.export import provenance_items

    prov = {"data": [{"data": "bundled (jinshui_analysis/data)", "sha256": "ab" * 32,
                      "files": [{}, {}]},
                     {"data": "/home/me/tables/金水区2023.csv", "sha256": "cd" * 32, "files": [{}]}],
            "sources": [], "notebook": "monthly_report.ipynb", "notebook_sha256": "0" * 64,
            "version": "0", "python": "3", "rendered_at": "now",
            "parameters": {"target_growth": None, "commentary": "", "period": "2023-06"}}
    items = dict(provenance_items(prov, "zh"))
    data = items["数据"]
    # a parameter left out says so (the profile's value is used), never "None"
    assert items["参数"] == "target_growth=未指定（按地区配置）; commentary=—; period=2023-06"
    assert data.startswith("内置数据 (jinshui_analysis/data) — SHA-256 " + "ab" * 32)
    assert "金水区2023.csv — SHA-256" in data and "/home/me" not in data and "data)" not in \
        data.replace("(jinshui_analysis/data)", "")


def test_headline_parent_column_is_a_growth_rate():
    """The province/city column holds growth rates: its header says so, so it is shown with one
    decimal like the region's own growth (河南省 2025 规上 8.4 %, ytd_panel.csv)."""
    from jinshui_analysis.reports import numbers

    rd = S.load_report_data("郑州市", "2025-12", demo=False)
    (_, table), = S.headline(rd).tables
    assert "全省同比增长（%，可比价）" in table.columns
    assert table.loc["规模以上工业增加值", "全省同比增长（%，可比价）"] == "8.4*"  # a secondary page
    assert numbers.decimals_for("全省同比增长（%，可比价）") == 1


def test_dashboard_and_headline_give_one_answer_for_the_full_year():
    """郑州市 2025-12: the published 2025 growth rates (规上 9 %, 社零 5 %, revenue 2.3 %; annual
    rows of ytd_panel.csv) are the 1-12月 figures in both the headline table and the monthly
    dashboard (the dashboard used to leave them blank beside the province's)."""
    rd = S.load_report_data("郑州市", "2025-12", demo=False)
    (_, head), = S.headline(rd).tables
    (_, dash), = S.dashboard(rd).tables
    ytd = [c for c in dash.columns if "累计增速" in c][0]
    for ind, value in (("规模以上工业增加值", 9.0), ("社会消费品零售总额", "5.0*"),
                       ("一般公共预算收入", "2.3*")):  # * 非官方来源 (secondary pages)
        col = "同比增长（%，可比价）" if ind == "规模以上工业增加值" else "同比增长（%，现价）"
        assert head.loc[ind, col] == value
        assert dash.loc[ind, ytd] == value
    assert dash.loc["规模以上工业增加值", "上年同期（%）"] == "10.5*"  # 2024 annual, rongxingtoys


# --------------------------------------------------------------------------- no borrowed authority
def test_title_block_claims_no_bureau_without_the_users_issuer(tmp_path):
    import datetime as dt
    import tomllib

    from jinshui_analysis.data.profiles import BUNDLED_PROFILES

    bundled = tomllib.loads(BUNDLED_PROFILES.read_text("utf-8"))
    assert not [n for n, r in bundled["regions"].items() if "issuer" in r]
    day = dt.date(2026, 12, 5)
    rd = S.load_report_data("郑州市", "2025-12")
    meta = S.heading(rd, "zh", today=day).meta
    assert meta["issuer"] == "分析稿（基于公开数据，非官方发布）"
    # the latest publication date among the figures used: 2026-02-11 (a row of the 2025 panel)
    dated = rd.real[rd.real["region"].isin({"郑州市", "河南省", "深圳市", *rd.profile.districts})]
    latest = max(d for d in dated["published"].astype(str) if d)
    assert latest == "2026-02-11"
    assert meta["date"] == "2026年12月5日生成，数据截至2026年2月11日（所用数据的最晚发布日期）"
    en = S.heading(rd, "en", today=day).meta
    assert en["issuer"].startswith("Analysis draft") and "11 February 2026" in en["date"]
    # the user's own profile names the issuer
    prof = tmp_path / "jinshui.toml"
    prof.write_text('[regions."郑州市"]\nissuer = "郑州市统计局"\n', "utf-8")
    own = S.load_report_data("郑州市", "2025-12", profile_path=prof)
    assert S.heading(own, "zh", today=day).meta["issuer"] == "郑州市统计局"


def test_cutoff_of_user_tables_is_their_period_end(tmp_path):
    import datetime as dt

    from jinshui_analysis.reports.sections.title import data_cutoff

    (tmp_path / "gdp.csv").write_text(
        "金水区2023年上半年主要指标\n指标,单位,1-6月,同比增长%\n地区生产总值,亿元,1000.5,6.1\n",
        "utf-8")
    rd = S.load_report_data("金水区", "2023-06", str(tmp_path))
    # the user's table records no publication date: its period 1-6月 ends on 30 June 2023, later
    # than any dated row of 金水区, 郑州市, 河南省, 南山区 or the peers up to June 2023
    assert data_cutoff(rd) == (dt.date(2023, 6, 30), "period")


# --------------------------------------------------------------------------- ranks among units with data
def test_rank_words_and_the_half_rule():
    from jinshui_analysis.reports.labels import rank_text, rankable

    assert rank_text(2, 2, 16) == "第2位（16个单位中2个有数据）"
    assert rank_text(2, 9, 16, "en") == "2nd (9 of 16 units have data)"
    assert rank_text(11, 12, 16, "en").startswith("11th")
    # fewer than half: 7 of 16 no, 8 of 16 yes; one unit alone is never ranked
    assert not rankable(2, 16) and not rankable(7, 16) and rankable(8, 16) and not rankable(1, 1)


def _unit_growth(folder, values: dict[str, float]):
    lines = ["region,indicator,measure,period,cumulative,value,unit,price_basis,source"]
    lines += [f"{r},地区生产总值,yoy_pct,2024Q2,True,{v},%,comparable,区县通报" for r, v in values.items()]
    (folder / "units.csv").write_text("\n".join(lines) + "\n", "utf-8")
    return str(folder)


def test_ranks_among_units_with_data(tmp_path):
    from jinshui_analysis.reports.sections.headline import headline_table

    # 8 units from the user's table + the bundled 航空港区 14.5 and 高新区 3.1 = 10 of 16 units
    folder = _unit_growth(tmp_path, {"中原区": 6.1, "二七区": 5.2, "管城区": 4.0, "金水区": 7.3,
                                     "上街区": 3.5, "惠济区": 5.9, "巩义市": 6.5, "荥阳市": 2.2})
    rd = S.load_report_data("金水区", "2024-06", folder)
    table = headline_table(rd)
    # 金水区 7.3: only 航空港区 14.5 is higher → 第2位 among 10 of 16
    assert table["全市位次"].tolist() == ["第2位（16个单位中10个有数据）"]
    assert S.headline(rd).figures_dict()["gdp_q_rank"] == 2
    city = S.compare(S.load_report_data("郑州市", "2024-06", folder))
    (title, t), = city.tables
    assert title.endswith("排位")
    col = [c for c in t.columns if c.startswith("地区生产总值位次")][0]
    assert col == "地区生产总值位次（16个单位中10个有数据）"
    assert t[col].to_dict()["荥阳市"] == "第10位" and t[col].to_dict()["航空港区"] == "第1位"
    # 规上 has 2 of 16 (航空港区, 高新区): no rank, a sentence
    assert any("只有2个" in n and "规模以上工业增加值" in n and "不排位次" in n for n in city.notes)


def test_no_rank_with_fewer_than_half(tmp_path):
    from jinshui_analysis.reports.sections.headline import headline_table

    folder = _unit_growth(tmp_path, {"金水区": 7.3, "中原区": 6.1})  # + 航空港区, 高新区 = 4 of 16
    rd = S.load_report_data("金水区", "2024-06", folder)
    sec = S.headline(rd)
    assert "全市位次" not in headline_table(rd).columns and "gdp_q_rank" not in sec.figures_dict()
    assert "全市16个下属单位中只有4个（金水区、中原区、高新区、航空港区）有2024年上半年地区生产总值" \
           "累计增速，不足半数，不排位次。" in sec.notes


# --------------------------------------------------------------------------- the lead (要点)
def test_lead_opens_with_this_period_against_the_target():
    import warnings

    rd = S.load_report_data("郑州市", "2025-12")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sec = S.summary(rd, 6.0, None, "zh")
    lead = sec.body[0].text
    # 2025: 15244.57亿元, +5.4% real (published on a secondary page); 5.4 − 6 = −0.6 points
    assert lead.startswith("2025年全年，郑州市地区生产总值15244.57亿元，实际增长5.4%（非官方来源），"
                           "低于全年实际增长6%左右（非官方来源）的目标0.6个百分点。")
    # then the core indicators, one decimal: 规上 +9.0% (郑州日报, press: no mark), 社零 +5.0%
    assert "规模以上工业增加值累计增长9.0%，社会消费品零售总额累计增长5.0%（非官方来源）" in lead
    assert "2024年" not in lead  # last year's level is context, not the lead
    # …marked: 14532.10 rests on chaxiaohao.com only
    assert "2024年郑州市地区生产总值14532.10亿元（非官方来源）。" in sec.body[1].items


def test_lead_says_what_the_rest_of_the_year_needs(tmp_path):
    (tmp_path / "gdp.csv").write_text(
        "region,indicator,measure,period,cumulative,value,unit,price_basis,source\n"
        "二七区,地区生产总值,level,2022,True,1000,亿元,current,区统计局\n"
        "二七区,地区生产总值,level,2022Q2,True,480,亿元,current,区统计局\n"
        "二七区,地区生产总值,level,2023Q2,True,520,亿元,current,区统计局\n"
        "二七区,地区生产总值,yoy_pct,2023Q2,True,6.0,%,comparable,区统计局\n", "utf-8")
    rd = S.load_report_data("二七区", "2023-06", str(tmp_path))
    lead = S.summary(rd, 8.0, None, "zh").body[0].text
    # H1 was 480/1000 = 48% of 2022; the rest needs (8 − 0.48 × 6.0) / 0.52 = 9.846… → 9.8%
    # no target is published for 二七区 2023: the configured 8% is labelled as such
    assert lead == ("2023年上半年，二七区地区生产总值520亿元，实际增长6.0%；完成全年实际增长8%"
                    "（未找到2023年目标，按配置8%）的目标，其余时段需增长9.8%。")


def test_headline_marks_secondary_figures():
    from jinshui_analysis.reports.sections.headline import headline_table

    rd = S.load_report_data("郑州市", "2025-12")
    table = headline_table(rd).set_index("指标")
    gdp = [i for i in table.index if i.startswith("地区生产总值")][0]
    real = "同比增长（%，可比价）"
    assert table.loc[gdp, real] == "5.4*"                  # secondary page
    assert table.loc["规模以上工业增加值", real] == 9.0      # 郑州日报 (press)
    assert "* 非官方来源：该数值仅见于聚合网站、博客或镜像等非官方来源。" in S.headline(rd).notes


def test_comparison_sentence_marks_secondary_figures():
    rd = S.load_report_data("郑州市", "2025-12")
    notes = S.compare(rd, "zh").notes
    # 郑州市 GDP +5.4 % (网易号 repost, secondary) against 河南省 +5.6 % (yexian114, secondary):
    # 5.4 − 5.6 = −0.2 points
    assert ("2025年全年，郑州市地区生产总值累计增长5.4%（非官方来源），低于全省0.2个百分点"
            "（均按可比价，实际增速；全省数据为非官方来源）。") in notes
