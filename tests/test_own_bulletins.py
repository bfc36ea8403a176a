"""Issue 10: an analyst's own bulletins give a correct monthly report — every layout, 当月 and 累计
apart, nothing hidden — and the report side of issue 12 (郑州市 on published figures only).

The folder below is written the way district offices publish (GBK CSV with a title row, XLSX
with merged headers, 万元, “—”, 当月 and 累计 side by side, periods as rows, a table naming no
region).  It holds only this year's bulletins of 二七区 (no annual GDP of last year anywhere),
and is rendered ONCE (module scope) to a report whose key figures (the JSON beside the HTML)
are checked against the files by hand below.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import openpyxl
import pytest

from jinshui_analysis.exceptions import MissingValuesWarning, ShortSeriesWarning
from jinshui_analysis.periods import describe
from jinshui_analysis.reports.labels import plain, pp_comparison

REGION = "二七区"


def _csv(path: Path, lines: list[str]) -> None:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("own") / "二七区报表"
    (d / "2023" / "季度").mkdir(parents=True)
    # (1) GBK CSV, title row, 当月 and 累计 side by side, 万元, “—”
    _csv(d / "2023" / "2023年1-6月主要指标.csv", [
        "2023年1-6月二七区主要经济指标,,,,",
        "指标,单位,6月,1-6月,同比增长%",
        "社会消费品零售总额,万元,712345,4053000,5.2",   # 71.2345亿元 in June; 405.3亿元 Jan–Jun
        "一般公共预算收入,万元,—,303000,6.1",            # 30.3亿元 Jan–Jun; June not given
        "固定资产投资,亿元,—,—,7.1",                      # growth only
        "规模以上工业增加值,%,—,—,4.4",                   # growth only
        "注：同比增长为累计增速。,,,,",
    ])
    # (2) XLSX, merged two-row header 5月 / 1-5月 over 绝对值 / 同比增长%
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["2023年1-5月二七区主要经济指标"],
                ["指标", "单位", "5月", None, "1-5月", None],
                [None, None, "绝对值", "同比增长%", "绝对值", "同比增长%"],
                ["一般公共预算收入", "万元", "—", "—", 261500, 5.9],  # 26.15亿元 Jan–May
                ["社会消费品零售总额", "万元", 690000, 4.2, 3340655, 5.0]]:
        ws.append(row)
    for rng in ("A1:F1", "C2:D2", "E2:F2"):
        ws.merge_cells(rng)
    wb.save(d / "2023" / "2023年1-5月.xlsx")
    # (3) periods as rows, growth column “同比”, region only in the title
    _csv(d / "2023" / "季度" / "gdp.csv", [
        "二七区分季度地区生产总值（单位：亿元）",
        "时期,地区生产总值,同比",
        "2023年一季度,230.15,4.1",
        "2023年上半年,470.60,4.5",
    ])
    # (4) header variants (指标名称, 计量单位, 本月, 比上年同期增长（%）) for 1-3月
    _csv(d / "2023" / "2023年1-3月.csv", [
        "二七区2023年1-3月主要经济指标",
        "指标名称,计量单位,本月,1-3月,比上年同期增长（%）",
        "社会消费品零售总额,万元,650000,1980000,4.0",
    ])
    # (5) a table naming no region: the report's region is the fall-back (--region)
    _csv(d / "2023" / "财政.csv", [
        "2023年1-6月财政收入情况",
        "指标,单位,1-6月,同比增长%",
        "税收收入,万元,180000,3.5",  # 18.0亿元
    ])
    return d


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rendered(folder: Path, tmp_path_factory: pytest.TempPathFactory):
    """The one rendered report of the folder, with the folder's digest before and after."""
    from jinshui_analysis import render_report

    before = _digest(folder)
    paths = render_report("monthly_report", {"region": REGION, "period": "2023-06",
                                             "data": str(folder)},
                          tmp_path_factory.mktemp("own_out"))
    doc = json.loads(Path(paths.json).read_text("utf-8"))
    figures = {f["name"]: f for f in doc["figures"]}
    return paths, figures, before, _digest(folder)


def test_inputs_unchanged(rendered):
    _, _, before, after = rendered
    assert before == after and len(before) == 5


def test_key_figures_equal_the_files(rendered):
    _, f, _, _ = rendered
    v = {k: x["value"] for k, x in f.items()}
    # 社会消费品零售总额: 6月 712345万元 = 71.2345亿元 (当月), 1-6月 4053000万元 = 405.3亿元 (累计), 5.2%
    assert v["retail_month"] == pytest.approx(71.2345)
    assert v["retail_ytd"] == pytest.approx(405.3)
    assert v["retail_ytd_yoy"] == pytest.approx(5.2)
    # 一般公共预算收入: 1-6月 303000万元 = 30.3亿元; June not published → derived from the XLSX's
    # 1-5月 261500万元: 30.3 − 26.15 = 4.15亿元, and said to be derived
    assert v["revenue_ytd"] == pytest.approx(30.3)
    assert v["revenue_month"] == pytest.approx(4.15)
    assert "推算" in f["revenue_month"]["label_zh"] and "推算" not in f["revenue_ytd"]["label_zh"]
    assert v["revenue_ytd_yoy"] == pytest.approx(6.1)
    # growth-only rows
    assert v["investment_ytd_yoy"] == pytest.approx(7.1)
    assert v["industry_ytd_yoy"] == pytest.approx(4.4)
    assert "investment_ytd" not in v and "industry_ytd" not in v
    # quarterly GDP from the periods-as-rows table: 上半年 470.60亿元, 4.5%
    assert v["gdp_q_ytd"] == pytest.approx(470.60) and v["gdp_q_ytd_yoy"] == pytest.approx(4.5)
    assert "上半年" in f["gdp_q_ytd"]["label_zh"] and "可比价" in f["gdp_q_ytd_yoy"]["label_zh"]
    # the table naming no region belongs to the report's region: 180000万元 = 18.0亿元
    assert v["tax_ytd"] == pytest.approx(18.0) and v["tax_ytd_yoy"] == pytest.approx(3.5)
    # 12 cells of 二七区 from the files: retail 3, revenue 3, investment 1, industry 1, GDP 2, tax 2
    assert v["data_figures"] == 12
    # every label says 当月 or 累计; nothing from the files is demo data
    for name in ("retail_month", "revenue_month"):
        assert "当月" in f[name]["label_zh"]
    for name in ("retail_ytd", "retail_ytd_yoy", "tax_ytd", "gdp_q_ytd"):
        assert "累计" in f[name]["label_zh"]
    assert not any(x["synthetic"] for x in f.values())


def test_city_comparison_uses_the_same_period(rendered):
    _, f, _, _ = rendered
    # 郑州市 上半年 2023 (bundled ytd_panel, 郑州市统计局 via 国际在线): retail 6.3 %, industry 7.9 %,
    # GDP 6.3 % — compared with 二七区's 累计 growth of the same period
    assert f["retail_parent_yoy"]["value"] == pytest.approx(6.3)
    assert f["retail_gap_pp"]["value"] == pytest.approx(5.2 - 6.3)
    assert f["industry_gap_pp"]["value"] == pytest.approx(4.4 - 7.9)
    assert f["gdp_q_gap_pp"]["value"] == pytest.approx(4.5 - 6.3)


def test_report_text_plain_chinese(rendered):
    paths, _, _, _ = rendered
    html = Path(paths.html).read_text("utf-8")
    text = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    assert 'class="jinshui-demo-banner"' not in html
    # the headline table is there, with both 当月 and 累计 columns, and this year's figures
    assert "二七区2023年1-6月主要经济指标" in text and "405.30" in text and "71.23" in text
    # nothing hidden: no annual GDP of last year is said in one sentence, the table still shows
    assert "数据中没有二七区2022年及以前的年度地区生产总值" in text
    # reading notes in Chinese, no developer English, no nan, no period codes in prose
    assert "按缺失处理" in text
    for bad in ("nan%", "概率约nan", "placeholder", "MissingValuesWarning", "falling back",
                "2023Q2", "w=0."):
        assert bad not in text, bad


def test_all_missing_report_is_empty_in_the_batch(tmp_path: Path):
    from jinshui_analysis.render.batch import render_grid

    d = tmp_path / "blank"
    d.mkdir()
    _csv(d / "中原区.csv", ["2023年1-6月中原区主要经济指标", "指标,单位,6月,1-6月,同比增长%",
                            "社会消费品零售总额,万元,—,—,—", "固定资产投资,亿元,—,—,—"])
    before = _digest(d)
    result = render_grid("monthly_report", regions=["中原区"], periods=["2023-06"], data=str(d),
                         out_dir=tmp_path / "out", jobs=1, progress=False)
    assert [r.status for r in result.results] == ["empty"]
    assert "no figure of 中原区" in result.results[0].error.evalue
    assert result.exit_code == 3  # written, but no figure from the data
    assert "empty" in result.index_html.read_text("utf-8")
    assert _digest(d) == before


def test_empty_reason_rules():
    from jinshui_analysis.render.empty import empty_reason

    demo = [{"name": "x", "value": 1.0, "unit": "%", "synthetic": True},
            {"name": "gdp_latest_year", "value": 2022, "unit": "年", "synthetic": False}]
    assert empty_reason(demo, {"region": "金水区"})
    real = demo + [{"name": "gdp_latest", "value": 1932.0, "unit": "亿元", "synthetic": False}]
    assert empty_reason(real, {"region": "金水区"}) is None
    # a user-data report whose headline found nothing of the region in the user's files
    user = real + [{"name": "data_figures", "value": 0, "unit": "个", "synthetic": False}]
    assert empty_reason(user, {"region": "金水区", "data": "/x"})
    assert empty_reason(user, {"region": "金水区", "data": "bundled"}) is None


# --------------------------------------------------------------------------- 郑州市 (issue 12)
def test_zhengzhou_default_report_is_latest_panel_month():
    from jinshui_analysis.data import load_bundled
    from jinshui_analysis.data.profiles import default_reports
    from jinshui_analysis.periods import parse_period

    entries = [p for nb, p in default_reports() if nb == "monthly_report" and p.get("region") == "郑州市"]
    # published figures only: demo is off by default and these entries do not ask for it
    assert entries and all(set(e) == {"region", "period"} for e in entries)
    f = load_bundled()
    panel = f[(f["region"] == "郑州市") & f["source"].str.contains("ytd_panel.csv")]
    last = max((parse_period(c) for c in panel["period"]), key=lambda p: (p.year, p.last_month))
    assert entries[0]["period"] == f"{last.year}-{last.last_month:02d}"


@pytest.fixture(scope="module")
def zhengzhou(tmp_path_factory: pytest.TempPathFactory):
    from jinshui_analysis import render_report
    from jinshui_analysis.data.profiles import default_reports

    params = next(p for nb, p in default_reports() if nb == "monthly_report"
                  and p.get("region") == "郑州市")
    paths = render_report("monthly_report", params, tmp_path_factory.mktemp("zz"))
    return paths, json.loads(Path(paths.json).read_text("utf-8"))


def test_zhengzhou_report_has_no_synthetic_figure(zhengzhou):
    paths, doc = zhengzhou
    assert doc["figures"] and not doc["synthetic"]
    assert not any(f["synthetic"] for f in doc["figures"])
    html = Path(paths.html).read_text("utf-8")
    assert 'class="jinshui-demo-banner"' not in html
    assert "本报告只用已公布数据" in html


def test_compare_sentences_the_bureau_way():
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("郑州市", "2023-06", demo=False)
    notes = " ".join(S.compare(rd).notes)
    # 郑州市 上半年 2023 GDP +6.3 % (bundled ytd_panel) vs 全国 上半年 +5.5 % (NBS): 0.8 pp higher
    assert "2023年上半年，郑州市地区生产总值累计增长6.3%，高于全国0.8个百分点" in notes
    assert pp_comparison(4.9, 5.6, "全省") == "低于全省0.7个百分点"
    assert pp_comparison(5.0, 5.04, "全国") == "与全国持平"
    assert pp_comparison(6.2, 4.1, "nation", "en") == "2.1 percentage points above the nation"


def test_dashboard_and_headline_never_mix_month_and_ytd(folder: Path):
    from jinshui_analysis.reports import sections as S
    from jinshui_analysis.reports.values import month_values, ytd_values

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning escapes into the report
        rd = S.load_report_data(REGION, "2023-06", folder)
    ytd = ytd_values(rd.monthly, REGION, "社会消费品零售总额")
    single = month_values(rd.monthly, REGION, "社会消费品零售总额")
    # 累计: 1-3月 198.0, 1-5月 334.0655, 1-6月 405.3; 当月: 3月 65.0, 5月 69.0, 6月 71.2345
    assert ytd["value"].round(4).to_dict() == {"2023-03": 198.0, "2023-05": 334.0655, "2023-06": 405.3}
    assert single["value"].round(4).to_dict() == {"2023-03": 65.0, "2023-05": 69.0, "2023-06": 71.2345}
    dash = S.dashboard(rd)
    table = dash.tables[0][1]
    assert table.loc["社会消费品零售总额"].iloc[0] == pytest.approx(5.2)  # 累计 growth, not 当月
    assert not all(isinstance(n, str) for n in rd.notes)  # reader warnings kept as objects
    assert any(isinstance(n, MissingValuesWarning) for n in rd.notes)


def test_report_uses_only_periods_up_to_its_month():
    from jinshui_analysis.reports import sections as S
    from jinshui_analysis.reports.inputs import PLAN_WORDS

    rd = S.load_report_data("郑州市", "2023-06", demo=False)
    figures = rd.real[~rd.real["indicator"].str.contains(PLAN_WORDS)]  # targets are set in advance
    per = figures["period"].astype(str)
    assert not per.str.startswith(("2024", "2025")).any()
    assert not (per == "2023").any() and not (per == "2023Q3").any()  # not known in June
    assert (per == "2023Q2").any() and (per == "2022").any()


# --------------------------------------------------------------------------- words
@pytest.mark.parametrize("code,cum,zh,en", [
    ("2023-06", True, "2023年1-6月", "Jan–Jun 2023"),
    ("2023-06", False, "2023年6月", "Jun 2023"),
    ("2023Q2", True, "2023年上半年", "H1 2023"),
    ("2023Q2", False, "2023年二季度", "Q2 2023"),
    ("2023Q1", None, "2023年一季度", "Q1 2023"),
    ("2023Q3", True, "2023年前三季度", "Q1–Q3 2023"),
    ("2023", None, "2023年", "2023"),
])
def test_describe(code, cum, zh, en):
    assert describe(code, cum, "zh") == zh and describe(code, cum, "en") == en


def test_plain_turns_warnings_into_report_language():
    w = ShortSeriesWarning("series 'gdp' has 4 observations; model 'ets' needs at least 6: "
                           "falling back to 'drift'", code="short_series", name="gdp", n=4,
                           model="ets", need=6, fallback="drift")
    zh = plain(w, "zh")
    assert zh == "序列“gdp”只有4个观测值，指数平滑模型至少需要6个，改用漂移（按平均增量外推）模型。"
    assert "needs at least 6" in plain(w, "en") or "at least 6" in plain(w, "en")
    assert not re.search(r"[A-Za-z]{4,}", plain(UserWarning("some developer message"), "zh")
                         .replace("UserWarning", ""))
    assert plain("已是中文", "zh") == "已是中文"


def test_data_notes_cite_the_office_files_by_name(folder: Path):
    """The cited-figures table names the office's own file (no path, no 'row 6 col B') and
    lists the published values as read: 社零 1-6月 405.3亿元 (4053000万元), growth 5.2 %."""
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("二七区", "2023-06", str(folder), demo=False)
    head = {r["name"]: r for r in S.headline(rd, "zh").records}
    # 当月 and 累计 share the period code 2023-06: each keeps its own cell (6月 is column C)
    assert head["retail_month"]["source"] == "2023年1-6月主要指标.csv row 3 col C"
    assert head["retail_ytd"]["source"] == "2023年1-6月主要指标.csv row 3 col D"
    compare = " ".join(S.compare(rd, "zh").notes)
    assert "固定资产投资累计增长7.1%，高于全国3.3个百分点" in compare
    notes = S.data_notes(rd, "zh")
    (_, table), = [(t, f) for t, f in notes.tables if "已公布数字" in t]
    rows = table.reset_index()
    retail = rows[rows["数字"].str.startswith("社会消费品零售总额累计（")]
    assert retail["数值"].tolist() == ["405.30亿元"]
    assert retail["发布者、日期"].tolist() == ["2023年1-6月主要指标.csv"]
    month = rows[rows["数字"].str.startswith("社会消费品零售总额当月（")]
    assert month["数值"].tolist() == ["71.23亿元"]  # 712345万元
    assert "5.2%" in rows["数值"].tolist()
    # the comparison's other side is cited too: 全国 固投 1-6月 +3.8 % (NBS export mirror)
    nation = rows[rows["数字"].str.startswith("全国固定资产投资累计同比增速")]
    assert nation["数值"].tolist() == ["3.8%"] and nation["等级"].tolist() == ["非官方"]
    assert not rows["发布者、日期"].str.contains(r"row|col|\\").any()
    # the per-grade list names the office's files, not "发布者不详"
    bullets = " ".join(i for b in notes.body for i in getattr(b, "items", []))
    assert "2023年1-6月主要指标.csv（" in bullets and "发布者不详" not in bullets
