"""Issue 18 item 6: no report lost to one section.

新郑市's June table (GB18030, 指标 | 单位 | 本月 | 本年累计 | 上年同期累计 | 累计增长%, with the
上半年 GDP row) used to fail the whole report with ``ModelError: history has no past year with
both a cumulative value through month 6 and a full-year total`` (the year-end projection: the
folder holds 1-6月 of 2023 but no full year 2023 of its own).  Now the projection says why in one
sentence, every other section is written (HTML, Word, PDF), and the batch lists the report as
``partial`` with the section concerned, exit code 3.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jinshui_analysis.exceptions import DataError, ModelError
from jinshui_analysis.reports.section import Section, failure_reason, guarded, memoised

XINZHENG = [
    "新郑市2024年6月主要经济指标,,,,,",
    "指标,单位,本月,本年累计,上年同期累计,累计增长%",
    "地区生产总值,亿元,—,436.2,412.5,5.3",            # 上半年: 436.2亿元, +5.3%
    "规模以上工业增加值,%,—,—,—,6.1",
    "固定资产投资,%,—,—,—,4.8",
    "社会消费品零售总额,亿元,24.61,146.35,139.10,5.2",
    "一般公共预算收入,万元,52310,356200,341500,4.3",  # 35.62亿元 = 356200万元 / 10000
    "注：地区生产总值为上半年数据，增速按可比价格计算。,,,,,",
]


def _folder(root: Path, region: str = "新郑市") -> Path:
    """The table as 新郑市 publishes it; with another ``region`` the same shape under that
    unit's name (登封市: no full year 2023 in the bundled data, so the projection cannot be
    computed and the report is ``partial``)."""
    d = root / region
    d.mkdir(parents=True)
    (d / f"{region}2024年6月主要经济指标.csv").write_bytes(
        ("\r\n".join(XINZHENG) + "\r\n").replace("新郑市", region).encode("gb18030"))
    return d


# --------------------------------------------------------------------------- the wrapper
def test_guarded_section_says_why_in_the_report_language() -> None:
    def projection(rd: object, language: str = "zh") -> Section:
        raise ModelError("history has no past year with both a cumulative value through month 6 "
                         "and a full-year total")

    zh = guarded(projection)(None)
    assert zh.title == "全年预测与目标达成概率"
    assert [b.text for b in zh.body] == [
        "本节未能计算：往年数据中没有哪一年同时有1-6月累计值和全年总量，无法按往年同期占全年的比重"
        "推算全年。其余各节不受影响。"]
    assert zh.failed["section"] == "projection" and zh.failed["error"].startswith("ModelError")
    en = guarded(projection)(None, language="en")
    assert en.body[0].text.startswith("This section could not be computed: no past year")
    # an unknown reason: a plain general sentence in Chinese, the detail in English in `failed`
    assert failure_reason(DataError("x", file="a.csv")) == ("所需数据有误或不全", "file a.csv: x")

    def buggy(rd: object, language: str = "zh") -> Section:
        raise KeyError("bug")  # a programming error still fails loudly

    with pytest.raises(KeyError):
        guarded(buggy)(None)


def test_memoised_failure_is_remembered() -> None:
    calls = []

    class RD:
        memo: dict = {}

    @memoised
    def target(rd: object, language: str = "zh") -> Section:
        calls.append(1)
        raise ValueError("no data")

    rd = RD()
    a, b = target(rd), target(rd)
    assert a is b and a.failed and len(calls) == 1


# --------------------------------------------------------------------------- 新郑市 June
def test_xinzheng_sections(tmp_path: Path) -> None:
    """新郑市: the table's 上年同期累计 (2023 上半年 412.5) and the bundled full year 2023
    (838.7, 新郑市统计公报) give last year's weight, so nothing fails: w = 412.5 / 838.7 =
    0.49183; the rest of the year needs (1.07 − 0.49183 × 1.053) / 0.50817 − 1 = 8.65%."""
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("新郑市", "2024-06", str(_folder(tmp_path)), demo=False)
    assert S.projection(rd, 7.0, "zh").failed is None
    target = {r["name"]: r["value"] for r in S.target(rd, 7.0, None, "zh").records}
    w = 412.5 / 838.7
    assert target["required_rest_growth"] == pytest.approx(((1.07 - w * 1.053) / (1 - w) - 1)
                                                           * 100)
    assert round(target["required_rest_growth"], 2) == 8.65
    head = S.headline(rd, "zh")
    figs = {r["name"]: r["value"] for r in head.records}
    assert figs["gdp_q_ytd"] == pytest.approx(436.2) and figs["gdp_q_ytd_yoy"] == 5.3
    assert figs["revenue_ytd"] == pytest.approx(35.62)
    summary = S.summary(rd, 7.0, None, "zh")
    text = " ".join(str(getattr(b, "text", getattr(b, "items", ""))) for b in summary.body)
    assert "2024年上半年，新郑市地区生产总值436.20亿元，实际增长5.3%" in text
    assert "其余时段需增长8.6%" in text


def test_dengfeng_projection_fails_alone(tmp_path: Path) -> None:
    from jinshui_analysis.reports import sections as S

    rd = S.load_report_data("登封市", "2024-06", str(_folder(tmp_path, "登封市")), demo=False)
    proj = S.projection(rd, 7.0, "zh")
    assert proj.failed and proj.failed["section"] == "projection"
    summary = S.summary(rd, 7.0, None, "zh")
    assert summary.failed is None  # the summary leaves the projection out
    text = " ".join(str(getattr(b, "text", getattr(b, "items", ""))) for b in summary.body)
    assert "2024年上半年，登封市地区生产总值436.20亿元，实际增长5.3%" in text


@pytest.fixture(scope="module")
def partial_batch(tmp_path_factory: pytest.TempPathFactory):
    from jinshui_analysis.render.batch import render_grid

    root = tmp_path_factory.mktemp("dengfeng")
    result = render_grid("monthly_report", regions=["登封市"], periods=["2024-06"],
                         data=str(_folder(root, "登封市")), out_dir=root / "out", jobs=1, progress=False,
                         formats="html,docx,pdf")
    return result


def test_xinzheng_report_is_written_and_partial(partial_batch) -> None:
    result = partial_batch
    (r,) = result.results
    assert r.status == "partial", r.error
    assert [f["section"] for f in r.sections_failed] == ["projection"]
    assert result.exit_code == 3
    assert result.summary.loc[r.stem, "status"] == "partial"
    out = result.out_dir
    doc = json.loads((out / f"{r.stem}.json").read_text("utf-8"))
    assert doc["status"] == "partial"
    assert [f["section"] for f in doc["sections_failed"]] == ["projection"]
    figs = {f["name"]: f["value"] for f in doc["figures"]}
    assert figs["gdp_q_ytd"] == pytest.approx(436.2) and figs["gdp_q_ytd_yoy"] == 5.3
    html = (out / f"{r.stem}.html").read_text("utf-8")
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert "436.2" in text and "5.3" in text
    assert "本节未能计算：往年数据中没有哪一年同时有1-6月累计值和全年总量" in text
    assert "Traceback" not in text and "ModelError" not in text
    for fmt in ("docx", "pdf"):
        assert (out / f"{r.stem}.{fmt}").stat().st_size > 1000
    index = (out / "index.html").read_text("utf-8")
    assert 'class="partial">partial<' in index and "全年预测与目标达成概率" in index


def test_xinzheng_docx_says_why(partial_batch) -> None:
    import docx

    (r,) = partial_batch.results
    d = docx.Document(str(partial_batch.out_dir / f"{r.stem}.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "本节未能计算" in text and "436.20亿元" in text


def test_skipped_partial_report_stays_partial(partial_batch) -> None:
    from jinshui_analysis.render.batch import render_grid

    (r,) = partial_batch.results
    again = render_grid("monthly_report", regions=["登封市"], periods=["2024-06"],
                        data=r.parameters["data"], out_dir=partial_batch.out_dir, jobs=1,
                        progress=False, formats="html,docx,pdf")
    assert [x.status for x in again.results] == ["partial"] and again.exit_code == 3
