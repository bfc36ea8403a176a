"""The reading list (issue 18 item 3): ``data.inspect`` and ``jinshui inspect``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jinshui_analysis.cli import main
from jinshui_analysis.data import Inspection, inspect
from jinshui_analysis.data.tables.schema import NOT_READ_COLUMNS


def gbk(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    gbk(d / "新郑市2024年6月主要经济指标.csv", [
        "新郑市2024年6月主要经济指标,,,,,",
        "指标,单位,本月,本年累计,上年同期累计,累计增长%",
        "地区生产总值,亿元,—,436.2,414.1,5.3",
        "=HYPERLINK(\"x\")<script>alert(1)</script>,亿元,1,2,1.9,3",
        "注：上年同期累计栏中，增速指标为上年同期增速。,,,,,",
    ])
    (d / "会议纪要.docx").write_bytes(b"PK")
    return d


def test_inspect_lists_read_and_not_read(folder):
    res = inspect(folder)
    assert isinstance(res, Inspection)
    gdp = res.read[(res.read.indicator == "地区生产总值") & (res.read.period == "2024-06")
                   & res.read.value.notna()]  # 本月 “—” is read as missing
    # 上半年 GDP: 436.2亿元 (累计) and 5.3 % — each with where it was read
    assert set(zip(gdp.span, gdp.measure, gdp.value)) == {("累计", "level", 436.2),
                                                           ("累计", "growth %", 5.3)}
    assert set(gdp.row) == {3} and set(gdp.file) == {"新郑市2024年6月主要经济指标.csv"}
    assert list(res.not_read.columns) == NOT_READ_COLUMNS
    assert set(res.not_read.file) == {"新郑市2024年6月主要经济指标.csv", "会议纪要.docx"}
    assert res.n_read == len(res.read) and res.n_not_read == 2
    frame = res.to_frame()
    assert set(frame.status) == {"read", "not_read"}


def test_period_and_region_filters(folder):
    assert set(inspect(folder, period="2023年1-6月").read.period) == {"2023-06"}
    res = inspect(folder, region="管城区")
    assert res.read.empty
    assert any("新郑市" in n for n in res.notes)  # the region the files name


def test_cli_inspect_writes_csv_and_html_escaped(folder, tmp_path, capsys):
    out_csv, out_html = tmp_path / "r.csv", tmp_path / "r.html"
    code = main(["inspect", str(folder), "--csv", str(out_csv), "--html", str(out_html)])
    assert code == 0
    shown = capsys.readouterr().out
    assert "已读取" in shown and "未读取" in shown and "436.2" in shown
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not any(c.startswith("=") for c in cells)  # formula text neutralised
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    page = out_html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_cli_inspect_bad_period_is_one_line(folder, capsys):
    assert main(["inspect", str(folder), "--period", "2024年13月"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "period" in err


def test_control_characters_not_sent_to_the_terminal(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    gbk(d / "js\x1b[2J.csv", ["金水区2025年1-3月主要经济指标,,", "指标,单位,1-3月",
                              "社会消费品零售总额,亿元,305.8"])
    (d / "x\x1b]0;title\x07.pdf").write_bytes(b"%PDF")
    text = str(inspect(d).summary())
    assert "\x1b" not in text and "\x07" not in text and "305.8" in text


def test_a_file_that_cannot_be_read_is_listed_not_fatal(folder):
    gbk(folder / "坏表.csv", ["金水区2025年1-3月主要经济指标,,", "指标,单位,1-3月",
                             "社会消费品零售总额,亿美元,3"])
    res = inspect(folder)
    assert (res.read.value == 436.2).any()  # the good file is still listed
    bad = res.not_read[res.not_read.file == "坏表.csv"]
    assert len(bad) == 1 and "unknown unit" in bad.reason_en.iloc[0]
    assert any("refused" in n for n in res.notes)
