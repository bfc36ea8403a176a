"""Issue 18 item 7: CLI and error messages in the user's language — Chinese by default, English
with ``--lang en`` or an English locale — each one line naming file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from jinshui_analysis import cli
from jinshui_analysis.exceptions import DataError, ParameterError, RenderError, zh_message

TINY = Path(__file__).parent / "fixtures" / "notebooks" / "tiny.ipynb"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err  # one line, never a traceback
    return code, lines[0]


def test_language_choice() -> None:
    assert cli.language([], {}) == "zh"
    assert cli.language([], {"LANG": "C.UTF-8"}) == "zh"
    assert cli.language([], {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert cli.language([], {"LANG": "en_US.UTF-8"}) == "en"
    assert cli.language([], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"  # LC_ALL first
    assert cli.language(["render", "x", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}) == "en"
    assert cli.language(["--lang=zh"], {"LANG": "en_GB"}) == "zh"


def test_data_error_names_file_sheet_row_and_column() -> None:
    exc = DataError("unknown unit '单位'; known units: %, 万元, 亿元", file="book.xlsx!9月", row=10,
                    column="单位", text="单位")
    assert exc.text_in("zh") == "文件 book.xlsx，工作表“9月”，第10行，“单位”列：无法识别的单位 '单位'"
    assert exc.text_in("en") == str(exc)
    assert str(exc).startswith("file book.xlsx!9月, row 10, column '单位': unknown unit")
    # a message with no Chinese wording keeps its text, the place is still said in Chinese
    odd = DataError("something new", file="a.csv", row=3)
    assert odd.text_in("zh") == "文件 a.csv，第3行：something new"
    assert DataError("x", file="a.csv", zh="自定义").text_in("zh") == "文件 a.csv：自定义"


def test_wrapped_messages_are_translated_whole() -> None:
    inner = DataError("region unknown: pass region=… or give it in a title row (e.g. "
                      "'金水区主要经济指标')", file="/d/表.csv")
    outer = ParameterError(f"cannot read the data: {inner}", parameter="data")
    assert outer.text_in("zh") == ("参数“data”：无法读取数据：文件 /d/表.csv：无法确定地区：请用 --region "
                                   "指定，或在标题行写明（如“金水区主要经济指标”）")
    err = RenderError("report 'x' failed: ModelError: boom", cell_index=4, notebook="/o/x.failed.ipynb")
    assert err.text_in("zh") == "报告 'x' 失败：ModelError: boom（第4个单元格）——已执行的笔记本保存在 /o/x.failed.ipynb"
    assert zh_message("not a known message") == "not a known message"


@pytest.mark.parametrize("argv, code, zh, en", [
    (["--data", "/nonexistent/x.csv"], 2,
     "错误：参数“data”：找不到数据文件或文件夹 '/nonexistent/x.csv'（自带数据请写 bundled）",
     "error: parameter 'data': data file or folder not found"),
    (["--period", "2023-13"], 2, "错误：参数“period”：需要月份 YYYY-MM，给的是 '2023-13'（月份为01–12）",
     "error: parameter 'period': expected a month YYYY-MM, got '2023-13'"),
    (["--jobs", "0"], 2, "错误：参数 --jobs/-j：需要不小于1的整数，给的是 '0'",
     "error: argument --jobs/-j: expected a whole number ≥ 1, got '0'"),
    (["--param", "colour=red"], 2, "错误：参数“colour”：未知参数；该笔记本声明的参数有：",
     "error: parameter 'colour': unknown parameter; the notebook declares:"),
])
def test_cli_errors_in_chinese_by_default(argv: list[str], code: int, zh: str, en: str,
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    base = ["render", str(TINY), "--out", str(tmp_path / "o"), "--no-progress"]
    got, line = _run(capsys, *base, *argv)
    assert got == code and line.startswith(zh), line
    got, line = _run(capsys, *base, *argv, "--lang", "en")
    assert got == code and line.startswith(en), line
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # an English locale
    got, line = _run(capsys, *base, *argv)
    assert got == code and line.startswith(en), line
    assert not (tmp_path / "o").exists()


def test_unreadable_table_named_in_chinese(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A table whose title names no known region: file, what is wrong and what to do."""
    d = tmp_path / "表"
    d.mkdir()
    f = d / "指标.csv"
    f.write_bytes("某某开发区主要经济指标,,\r\n指标,单位,1-6月\r\n地区生产总值,亿元,10.5\r\n".encode("gbk"))
    argv = ["render", "monthly_report", "--data", str(d), "--period", "2023-06",
            "--out", str(tmp_path / "o")]
    code, line = _run(capsys, *argv)
    assert code == 2
    assert line == (f"错误：参数“data”：无法读取数据：文件 {f}，第2行，“1-6月”列：时期 '1-6月' 没有年份："
                    "请在标题行（如“2023年1-3月主要经济指标”）或列标题中写明年份"), line
    f.write_bytes("某某开发区2023年1-6月主要经济指标,,\r\n指标,单位,1-6月\r\n地区生产总值,亿元,10.5\r\n"
                  .encode("gbk"))
    from jinshui_analysis.data import read_table

    with pytest.raises(DataError) as info:
        read_table(f)
    assert info.value.text_in("zh") == (f"文件 {f}：标题中的 '某某开发区' 不是已知地区：请用 --region 写明该地区"
                                        "名称后再读取"), info.value.text_in("zh")
