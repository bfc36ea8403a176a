"""Tests of jinshui_analysis.data.read_table / tidy / normalise_unit.

Fixtures are built by tests/fixtures/bulletins/make_fixtures.py (bulletin-shaped tables with
published 郑州市/金水区 figures; the monthly 金水区 table is 示例数据 / synthetic).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import warnings
from importlib.resources import files
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from jinshui_analysis.data import TIDY_COLUMNS, read_table
from jinshui_analysis.data.tables.units import KNOWN_UNITS, normalise_unit
from jinshui_analysis.data.tables.validate import tidy
from jinshui_analysis.exceptions import (
    ConflictingValuesWarning,
    DataError,
    MissingValuesWarning,
    ParameterError,
    PeriodError,
    SkippedDataWarning,
    TableNotesWarning,
)

HERE = Path(__file__).parent
# the bundled raw copies of the shared, sourced regional tables (identical files)
SHARED = Path(str(files("jinshui_analysis") / "data" / "regional"))


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", HERE / "fixtures" / "bulletins" / "make_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MF = _load_builder()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return MF.build(tmp_path_factory.mktemp("bulletins"))


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValuesWarning)
        warnings.simplefilter("ignore", SkippedDataWarning)
        return read_table(path, **kw)


def _value(df, indicator, measure="level", period=None, cumulative=None):
    sel = (df.indicator == indicator) & (df.measure == measure)
    if period is not None:
        sel &= df.period == period
    if cumulative is not None:
        sel &= df.cumulative == cumulative
    rows = df[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# --------------------------------------------------------------------------- layouts
def test_output_columns_and_dtypes(files):
    df = _read(files["zz_2021q1_xlsx"])
    assert list(df.columns) == TIDY_COLUMNS
    assert df["value"].dtype == "float64"
    assert df["cumulative"].dtype == bool
    for c in ("region", "indicator", "measure", "period", "unit", "price_basis", "source"):
        assert pd.api.types.is_string_dtype(df[c]), c
    pd.testing.assert_frame_equal(tidy(df), df)


def test_wide_quarterly_xlsx_with_title_growth_column_and_footnote(files):
    with pytest.warns(MissingValuesWarning) as record:
        df = read_table(files["zz_2021q1_xlsx"])
    missing = [w.message for w in record if isinstance(w.message, MissingValuesWarning)]
    assert len(missing) == 1  # ONE warning listing every placeholder
    msg = str(missing[0])
    assert "zhengzhou_2021Q1.xlsx" in msg and "规模以上工业增加值 一季度" in msg
    assert missing[0].text("zh").startswith("zhengzhou_2021Q1.xlsx!Sheet1：1个单元格为“—”（未公布）")
    # the foot note is kept as a note, not data
    assert df.attrs["notes"] == [MF.ZZ_2021Q1_NOTE]
    notes = [w.message for w in record if isinstance(w.message, TableNotesWarning)]
    assert notes[0].notes == (MF.ZZ_2021Q1_NOTE,)
    assert set(df.region) == {"郑州市"}  # from the title "2021年一季度郑州市主要经济指标"
    assert set(df.period) == {"2021Q1"} and not df.cumulative.any()
    gdp = _value(df, "地区生产总值")
    assert (gdp.value, gdp.unit) == (2969.8, "亿元")
    assert gdp.source == "zhengzhou_2021Q1.xlsx!Sheet1 row 4 col C"
    assert _value(df, "地区生产总值", "yoy_pct").value == 18.4
    assert _value(df, "地区生产总值", "yoy_pct").unit == "%"
    # enumerations "一、", "其中：" and indentation are stripped
    assert _value(df, "第一产业增加值").value == 18.3
    assert _value(df, "第二产业增加值", "yoy_pct").value == 20.8
    assert _value(df, "第三产业增加值").value == 1882.4
    assert math.isnan(_value(df, "规模以上工业增加值").value)
    assert _value(df, "规模以上工业增加值", "yoy_pct").value == 29.0
    assert len(df) == 10  # 5 indicators × (level, yoy); the foot note is not a row
    # the three industries add up to GDP (published: 18.3 + 1069.1 + 1882.4 = 2969.8)
    levels = df[(df.measure == "level") & df.indicator.str.endswith("产业增加值")]
    assert levels.value.sum() == pytest.approx(2969.8)


@pytest.mark.parametrize("key", ["zz_2023m02_utf8", "zz_2023m02_utf8_bom", "zz_2023m02_gb18030"])
def test_wide_monthly_csv_all_encodings(files, key):
    with pytest.warns(MissingValuesWarning) as record:
        df = read_table(files[key])
    assert len(record) == 1
    msg = str(record[0].message)
    for cell in ("固定资产投资 1-2月", "规模以上工业增加值 1-2月", "货物进出口总额 同比增长%"):
        assert cell in msg
    assert record[0].message.n == 3 and str(files[key].parent) not in msg
    assert set(df.region) == {"郑州市"}
    assert set(df.period) == {"2023-02"} and df.cumulative.all()  # 1—2月 (em dash in title)
    assert _value(df, "社会消费品零售总额").value == 926.6
    assert _value(df, "社会消费品零售总额", "yoy_pct").value == 6.6
    assert _value(df, "固定资产投资", "yoy_pct").value == 7.0  # "7.0%" accepted
    assert _value(df, "规模以上工业增加值", "yoy_pct").value == 8.5
    assert _value(df, "货物进出口总额").value == 1127.7  # "1,127.7"
    assert _value(df, "货物进出口总额").source.endswith(".csv row 6 col C")


def test_encodings_give_identical_frames(files):
    frames = [_read(files[k]).drop(columns="source")
              for k in ("zz_2023m02_utf8", "zz_2023m02_utf8_bom", "zz_2023m02_gb18030")]
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], frames[2])


def test_periods_as_columns(files):
    df = _read(files["js_years_csv"])
    assert set(df.region) == {"金水区"}  # title "金水区主要经济指标"
    gdp = df[(df.indicator == "地区生产总值") & (df.measure == "level")]
    assert dict(zip(gdp.period, gdp.value)) == {"2017": 1203.43, "2018": 1378.8}
    assert _value(df, "地区生产总值", "yoy_pct", "2018").value == 9.5
    assert _value(df, "一般公共预算收入", "level", "2018").value == 61.4
    assert _value(df, "一般公共预算收入", "yoy_pct", "2018").value == 10.7
    assert _value(df, "第三产业增加值", "level", "2018").value == 1221.0
    pop = _value(df, "常住人口", "level", "2017")
    assert (pop.value, pop.unit) == (130.02, "万人")
    assert not df.cumulative.any()


def test_two_row_header_monthly_xlsx_sheet_and_units(files):
    with pytest.warns(SkippedDataWarning, match="研发投入强度 1-3月 增长%"):
        with pytest.warns(MissingValuesWarning):
            df = read_table(files["js_monthly_xlsx"], sheet="3月")
    assert set(df.region) == {"金水区"}  # last region in "郑州市金水区2023年3月主要经济指标"
    # "3月" columns: single month; "1-3月" columns: year-to-date
    assert _value(df, "社会消费品零售总额", "level", "2023-03", False).value == 71.2
    assert _value(df, "社会消费品零售总额", "yoy_pct", "2023-03", False).value == 5.1
    assert _value(df, "社会消费品零售总额", "level", "2023-03", True).value == 205.3
    assert _value(df, "社会消费品零售总额", "yoy_pct", "2023-03", True).value == 4.8
    assert _value(df, "工业投资", "yoy_pct", "2023-03", True).value == -3.2  # growth may be < 0
    # 万元 → 亿元: 41500万元 = 4.15亿元, 152300万元 = 15.23亿元
    rev = _value(df, "一般公共预算收入", "level", "2023-03", True)
    assert (rev.value, rev.unit) == (pytest.approx(15.23), "亿元")
    assert _value(df, "一般公共预算收入", "level", "2023-03", False).value == pytest.approx(4.15)
    assert _value(df, "一般公共预算收入", "yoy_pct", "2023-03", True).value == 6.1  # "6.1%"
    # the heading row "二、固定资产投资" (no unit, no values) gives no rows
    assert "固定资产投资" not in set(df.indicator)
    # a rate's "增长" column (here 0.3, a 百分点 change) is not read as yoy_pct
    assert df[(df.indicator == "研发投入强度") & (df.measure == "yoy_pct")].empty
    assert _value(df, "研发投入强度", "level", "2023-03", True).value == 2.4
    assert _value(df, "研发投入强度", "level", "2023-03", True).unit == "%"
    # same by index, and the default (first) sheet is the same sheet
    pd.testing.assert_frame_equal(_read(files["js_monthly_xlsx"], sheet=0), df)
    pd.testing.assert_frame_equal(_read(files["js_monthly_xlsx"]), df)


def test_region_argument_is_a_fallback(files):
    # the title names a known region (郑州市): region= does not relabel it
    df = _read(files["zz_2021q1_xlsx"], region="金水区")
    assert set(df.region) == {"郑州市"}


def test_sheet_selection_errors(files):
    with pytest.raises(DataError, match="no sheet 'nope'"):
        read_table(files["zz_2021q1_xlsx"], sheet="nope")
    with pytest.raises(DataError, match="out of range"):
        read_table(files["zz_2021q1_xlsx"], sheet=5)
    with pytest.raises(ParameterError):
        read_table(files["tidy_csv"], sheet="Sheet1")


@pytest.mark.parametrize("key", ["tidy_csv", "tidy_xlsx"])
def test_tidy_layout(files, key):
    df = _read(files[key])
    assert len(df) == len(MF.TIDY_ROWS)
    gdp18 = _value(df, "地区生产总值", "level", "2018")
    assert (gdp18.value, gdp18.price_basis) == (1378.8, "current")
    name = files[key].name + ("!data" if key.endswith("xlsx") else "")
    assert gdp18.source == f"http://henandmxh.org.cn/search_show.html?ID=379965 ({name} row 3)"
    # 增速 in % → yoy_pct of the base indicator
    g = _value(df, "地区生产总值", "yoy_pct", "2018")
    assert (g.value, g.unit, g.price_basis, g.source) == (9.5, "%", "comparable", f"{name} row 4")
    h1 = _value(df, "地区生产总值", "level", "2020Q2")
    assert (h1.value, bool(h1.cumulative)) == (841.12, True)
    assert not _value(df, "地区生产总值", "level", "2021Q1").cumulative
    # 614000万元 → 61.4亿元
    rev = _value(df, "一般公共预算收入", "level", "2018")
    assert (rev.value, rev.unit) == (pytest.approx(61.4), "亿元")
    inv = _value(df, "固定资产投资", "yoy_pct", "2023-02")
    assert (inv.value, bool(inv.cumulative)) == (7.0, True)
    assert _value(df, "社会消费品零售总额", "level", "2023-02").cumulative
    # per-capita 万元 stays 万元 (per person), not converted to 亿元
    pc = _value(df, "人均地区生产总值", "level", "2025")
    assert (pc.value, pc.unit) == (13.67, "万元/人")


def test_tidy_output_reads_back(tmp_path, files):
    df = _read(files["js_monthly_xlsx"])
    out = tmp_path / "out.csv"
    df.to_csv(out, index=False)
    again = _read(out)
    pd.testing.assert_frame_equal(again.drop(columns="source"), df.drop(columns="source"))


def test_tidy_measure_and_cumulative_columns(tmp_path):
    p = _write_csv(tmp_path / "m.csv", (
        "region,indicator,measure,period,cumulative,value,unit\n"
        "金水区,社会消费品零售总额,level,2023-03,True,205.3,亿元\n"
        "金水区,社会消费品零售总额,level,2023-03,False,71.2,亿元\n"
        "金水区,社会消费品零售总额,yoy_pct,2023-03,True,4.8,%\n"
    ))
    df = read_table(p)
    assert list(df.cumulative) == [True, False, True]
    assert list(df.measure) == ["level", "level", "yoy_pct"]


def test_growth_like_names_that_are_not_yoy(tmp_path):
    p = _write_csv(tmp_path / "g.csv", (
        "region,indicator,period,value,unit,price_basis\n"
        "金水区,地区生产总值增速目标,2023,8,%,comparable\n"
        "南山区,地区生产总值年均增速(下限),2025,5.8,%,comparable\n"
        "金水区,地区生产总值名义增速,2025,3.99,%,\n"
        "金水区,地区生产总值增长(%),2017,9.5,%,comparable\n"
        "郑州市,地区生产总值增速(预计),2018,8,%,comparable\n"
    ))
    df = read_table(p)
    assert list(df.indicator) == ["地区生产总值增速目标", "地区生产总值年均增速(下限)",
                                  "地区生产总值", "地区生产总值", "地区生产总值(预计)"]
    assert list(df.measure) == ["level", "level", "yoy_pct", "yoy_pct", "yoy_pct"]
    assert df.price_basis.iloc[2] == "current"  # 名义 = nominal


def test_number_formats(tmp_path):
    p = _write_csv(tmp_path / "n.csv", (
        "region,indicator,period,value,unit\n"
        'A区,地区生产总值,2020,"1,932.5",亿元\n'
        "A区,地区生产总值,2021,1，932,亿元\n"
        "A区,地区生产总值,2022,１９３２,亿元\n"
        "A区,地区生产总值增速,2022,-1.5%,%\n"
        "A区,地区生产总值,2019,19325000,万元\n"
        "A区,地区生产总值,2018,193250000000,元\n"
    ))
    df = read_table(p)
    assert list(df.value) == pytest.approx([1932.5, 1932.0, 1932.0, -1.5, 1932.5, 1932.5])
    assert list(df.unit) == ["亿元", "亿元", "亿元", "%", "亿元", "亿元"]


def test_placeholders_become_nan_in_one_warning(tmp_path):
    rows = ["—", "–", "-", "…", "...", "", "/", "－", "——"]
    text = "region,indicator,period,value,unit\n" + "".join(
        f"A区,地区生产总值,{2000 + k},{v},亿元\n" for k, v in enumerate(rows)
    )
    p = _write_csv(tmp_path / "p.csv", text)
    with pytest.warns(MissingValuesWarning) as record:
        df = read_table(p)
    assert len(record) == 1
    msg = str(record[0].message)
    assert msg.startswith("p.csv: 9 cell(s) hold a placeholder") and str(p) not in msg
    for k in range(len(rows)):
        assert f"地区生产总值 {2000 + k}" in msg
    assert record[0].message.text("zh").startswith("p.csv：9个单元格为")
    assert df.value.isna().all() and len(df) == len(rows)


def test_identical_duplicates_dropped_silently(tmp_path):
    p = _write_csv(tmp_path / "d.csv", (
        "region,indicator,period,value,unit,source_url\n"
        "郑州市,地区生产总值,2022,12934.70,亿元,a\n"
        "郑州市,地区生产总值,2022,12934.7,亿元,b\n"
    ))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = read_table(p)
    assert len(df) == 1 and df.source.iloc[0] == "a (d.csv row 2)"


def test_conflicting_duplicates_keep_option(tmp_path):
    p = _write_csv(tmp_path / "c.csv", (
        "region,indicator,period,value,unit\n"
        "金水区,地区生产总值,2025,3548.97,亿元\n"
        "金水区,地区生产总值,2025,2272.28,亿元\n"
    ))
    with pytest.warns(ConflictingValuesWarning, match="2025 \\(3548.97 and 2272.28\\)"):
        df = read_table(p, on_duplicate="keep")
    assert list(df.value) == [3548.97, 2272.28]


def test_bad_period_skip_option(tmp_path):
    p = _write_csv(tmp_path / "u.csv", (
        "region,indicator,period,value,unit\n"
        "金水区,街道数,(undated),17,个\n"
        "南山区,地区生产总值年均增速(下限),2021~2025,5.8,%\n"
        "金水区,地区生产总值,2018,1378.8,亿元\n"
    ))
    with pytest.warns(SkippedDataWarning) as record:
        df = read_table(p, on_bad_period="skip")
    msg = str(record[0].message)
    assert "街道数 (undated)" in msg and "2021~2025" in msg and "period is not recognised" in msg
    assert "时期无法识别" in record[0].message.text("zh")
    assert list(df.period) == ["2018"]


def test_shared_regional_files_read():
    frames = []
    for f in sorted(SHARED.glob("*.csv")):
        if f.name == "targets.csv":  # growth targets by year (data.targets), not a figure table
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frames.append(read_table(f, on_bad_period="skip", on_duplicate="keep"))
    df = tidy(pd.concat(frames, ignore_index=True), on_duplicate="keep")
    js = df[df.region == "金水区"]
    gdp = js[(js.indicator == "地区生产总值") & (js.measure == "level")].set_index("period")
    assert gdp.loc["2017", "value"] == 1203.43 and gdp.loc["2018", "value"] == 1378.8
    assert gdp.loc["2021Q1", "value"] == 470.15
    assert bool(gdp.loc["2020Q2", "cumulative"]) is True  # 2020H1
    real = js[(js.indicator == "地区生产总值") & (js.measure == "yoy_pct")
              & (js.price_basis == "comparable")]
    assert dict(zip(real.period, real.value)) == {"2017": 9.5, "2018": 9.5}
    assert set(df.unit) <= {info.unit for info in KNOWN_UNITS.values()}
    # the documented conflicts raise by default
    with pytest.raises(DataError, match="duplicate"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read_table(SHARED / "zhengzhou_districts.csv")


# --------------------------------------------------------------------------- errors
def _assert_located(exc: DataError, path: Path, row: int, column: str | None) -> None:
    msg = str(exc)
    assert str(path) in msg, msg
    assert f"row {row}" in msg, msg
    assert exc.row == row
    if column is not None:
        assert column in msg, msg
        assert column in exc.column


TIDY_HEAD = "region,indicator,period,value,unit\n"


@pytest.mark.parametrize(
    ("body", "row", "column", "match", "text"),
    [
        ("A区,地区生产总值,2020,abc,亿元\n", 2, "value", "not a number", "abc"),
        ("A区,地区生产总值,2020,1,93,亿元\n", 2, None, None, None),  # shifted columns
        ("A区,地区生产总值,2020,12.5x,亿元\n", 2, "value", "not a number", "12.5x"),
        ("A区,地区生产总值,2020,\"1,93\",亿元\n", 2, "value", "thousands", "1,93"),
        ("A区,地区生产总值,2020,5%,亿元\n", 2, "value", "%", "5%"),
        ("A区,地区生产总值,2020,1,亿美元\n", 2, "unit", "unknown unit", "亿美元"),
        ("A区,地区生产总值,2020,1,\n", 2, "unit", "unit missing", None),
        ("A区,地区生产总值,2020,-5,亿元\n", 2, "value", "negative", "-5"),
        ("A区,常住人口,2020,-1,万人\n", 2, "value", "negative", "-1"),
        ("A区,社会消费品零售总额,2020,-3,亿元\n", 2, "value", "negative", "-3"),
        ("A区,地区生产总值,2020,1,亿元\nA区,地区生产总值,2020,2,亿元\n", 3, "value",
         "row 2", "2"),
        ("A区,地区生产总值,2020,1,亿元\nA区,地区生产总值,(undated),2,亿元\n", 3, "period",
         "unknown period label", "(undated)"),
        ("A区,地区生产总值,2020年3-5月,2,亿元\n", 2, "period", "3–5", None),
        (",地区生产总值,2020,2,亿元\n", 2, "region", "region missing", None),
    ],
)
def test_tidy_errors_name_file_row_column(tmp_path, body, row, column, match, text):
    p = _write_csv(tmp_path / "bad.csv", TIDY_HEAD + body)
    with pytest.raises(DataError) as info:
        read_table(p)
    if column is None:  # "1,93" unquoted shifts the unit into the value column's neighbour
        assert str(p) in str(info.value)
        return
    _assert_located(info.value, p, row, column)
    assert match in str(info.value)
    if text is not None:
        assert text in str(info.value)


def test_negative_allowed_for_growth_and_net_quantities(tmp_path):
    p = _write_csv(tmp_path / "neg.csv", TIDY_HEAD + (
        "A区,地区生产总值增速,2020,-0.2,%\n"
        "A区,净出口,2020,-12.5,亿元\n"
        "A区,利润总额,2020,-3,亿元\n"
    ))
    assert list(read_table(p).value) == [-0.2, -12.5, -3.0]


def test_bad_period_raises_period_error(tmp_path):
    p = _write_csv(tmp_path / "bp.csv", TIDY_HEAD + "A区,地区生产总值,(约2020),2,亿元\n")
    with pytest.raises(PeriodError) as info:
        read_table(p)
    _assert_located(info.value, p, 2, "period")


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    return MF.write_xlsx(path, rows)


def test_wide_errors_name_excel_row_and_column(tmp_path):
    title = ["2023年1-3月金水区主要经济指标"]
    head = ["指标名称", "计量单位", "1-3月", "比上年同期增长(%)"]
    # non-numeric value: Excel row 4, column C
    p = _xlsx(tmp_path / "w1.xlsx", [title, head, ["地区生产总值", "亿元", 470.15, 4.1],
                                     ["社会消费品零售总额", "亿元", "约200", 5.0]])
    with pytest.raises(DataError) as info:
        read_table(p)
    _assert_located(info.value, p, 4, "C (1-3月)")
    assert "约200" in str(info.value) and "w1.xlsx!Sheet1" in str(info.value)
    # unknown unit in the 计量单位 column
    p = _xlsx(tmp_path / "w2.xlsx", [title, head, ["地区生产总值", "亿美元", 70, 4.1]])
    with pytest.raises(DataError, match="unknown unit") as info:
        read_table(p)
    _assert_located(info.value, p, 3, "B (计量单位)")
    # missing unit for a level
    p = _xlsx(tmp_path / "w3.xlsx", [title, head, ["地区生产总值", None, 470.15, 4.1]])
    with pytest.raises(DataError, match="unit missing") as info:
        read_table(p)
    _assert_located(info.value, p, 3, "B (计量单位)")
    # negative level
    p = _xlsx(tmp_path / "w4.xlsx", [title, head, ["一般公共预算收入", "亿元", -3.2, 4.1]])
    with pytest.raises(DataError, match="negative") as info:
        read_table(p)
    _assert_located(info.value, p, 3, "C (1-3月)")
    # a header period without a year anywhere
    p = _xlsx(tmp_path / "w5.xlsx", [["金水区主要经济指标"], head, ["地区生产总值", "亿元", 1, 2]])
    with pytest.raises(PeriodError, match="no year") as info:
        read_table(p)
    _assert_located(info.value, p, 2, "C (1-3月)")
    # 本月 without a period in the title
    p = _xlsx(tmp_path / "w6.xlsx", [["金水区主要经济指标"], ["指标", "单位", "本月"],
                                     ["地区生产总值", "亿元", 1]])
    with pytest.raises(DataError, match="title row") as info:
        read_table(p)
    _assert_located(info.value, p, 2, "C (本月)")
    # unrecognised column header
    p = _xlsx(tmp_path / "w7.xlsx", [title, ["指标", "单位", "1-3月", "占全市比重"],
                                     ["地区生产总值", "亿元", 1, 2]])
    with pytest.raises(DataError, match="unrecognised column header") as info:
        read_table(p)
    _assert_located(info.value, p, 2, "D (占全市比重)")
    # conflicting duplicate rows in a wide table
    p = _xlsx(tmp_path / "w8.xlsx", [title, head, ["地区生产总值", "亿元", 470.15, 4.1],
                                     ["地区生产总值", "亿元", 471.0, 4.1]])
    with pytest.raises(DataError, match="duplicate") as info:
        read_table(p)
    _assert_located(info.value, p, 4, "C (1-3月)")


def test_wide_without_region(tmp_path):
    p = _xlsx(tmp_path / "nr.xlsx", [["2023年1-3月主要经济指标"], ["指标", "单位", "1-3月"],
                                     ["地区生产总值", "亿元", 470.15]])
    with pytest.raises(DataError, match="region unknown"):
        read_table(p)
    assert read_table(p, region="金水区").region.iloc[0] == "金水区"


def test_file_level_errors(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_table(tmp_path / "none.csv")
    p = _write_csv(tmp_path / "x.json", "{}")
    with pytest.raises(DataError, match="unsupported"):
        read_table(p)
    p = _write_csv(tmp_path / "noheader.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match="no header row"):
        read_table(p)
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\x81\x30\xff\xfe\xfd" * 10)
    with pytest.raises(DataError, match="decode"):
        read_table(p)
    p = tmp_path / "fake.xlsx"
    p.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="xlsx"):
        read_table(p)
    with pytest.raises(ParameterError):
        read_table(tmp_path / "none.csv", on_bad_period="ignore")
    with pytest.raises(ParameterError):
        read_table(tmp_path / "none.csv", on_duplicate="first")


def test_input_files_are_never_modified(files):
    for key, path in files.items():
        before = _fingerprint(path)
        _read(path)
        try:
            _read(path, region="金水区", on_duplicate="keep")
        except DataError:
            pass
        assert _fingerprint(path) == before, key
    # and the workbook still opens with its merged cells intact
    wb = openpyxl.load_workbook(files["js_monthly_xlsx"])
    assert "C3:D3" in {str(r) for r in wb["3月"].merged_cells.ranges}


def test_file_unchanged_after_error(tmp_path):
    p = _write_csv(tmp_path / "e.csv", TIDY_HEAD + "A区,地区生产总值,2020,abc,亿元\n", "gb18030")
    before = _fingerprint(p)
    with pytest.raises(DataError):
        read_table(p)
    assert _fingerprint(p) == before


# --------------------------------------------------------------------------- helpers
def test_normalise_unit():
    assert normalise_unit(614000, "万元") == (pytest.approx(61.4), "亿元")
    assert normalise_unit(1.2, "万亿元") == (pytest.approx(12000.0), "亿元")
    assert normalise_unit(5e8, "元") == (5.0, "亿元")
    assert normalise_unit(1932, "（亿元）") == (1932.0, "亿元")
    assert normalise_unit(8.5, "％") == (8.5, "%")
    assert normalise_unit(130.02, "万人") == (130.02, "万人")
    assert normalise_unit(135.3, "平方公里") == (135.3, "平方公里")
    assert normalise_unit(15.95, "万元", indicator="人均地区生产总值") == (15.95, "万元/人")
    assert normalise_unit(46012, "元", indicator="城镇居民人均可支配收入") == (46012.0, "元/人")
    with pytest.raises(DataError, match="unknown unit"):
        normalise_unit(1, "亿美元")


def test_tidy_validator(files):
    df = _read(files["tidy_csv"])
    assert tidy(df[list(reversed(TIDY_COLUMNS))]).columns.tolist() == TIDY_COLUMNS
    with pytest.raises(DataError, match="missing tidy column"):
        tidy(df.drop(columns="unit"))
    with pytest.raises(DataError, match="unexpected column"):
        tidy(df.assign(note=""))
    bad = df.copy()
    bad.loc[0, "period"] = "2017年"
    with pytest.raises(DataError, match="not canonical") as info:
        tidy(bad)
    assert info.value.column == "period" and "frame row 1" in str(info.value)
    bad = df.copy()
    bad.loc[1, "unit"] = "万元"
    with pytest.raises(DataError, match="unit"):
        tidy(bad)
    bad = df.copy()
    bad.loc[0, "measure"] = "growth"
    with pytest.raises(DataError, match="measure"):
        tidy(bad)
    bad = df.copy()
    bad.loc[0, "cumulative"] = True  # a year is never cumulative
    with pytest.raises(DataError, match="cannot be cumulative"):
        tidy(bad)
    bad = df.copy()
    bad.loc[0, "value"] = -1.0
    with pytest.raises(DataError, match="negative"):
        tidy(bad)
    dup = pd.concat([df.iloc[[0]], df.iloc[[0]].assign(value=1.0)], ignore_index=True)
    with pytest.raises(DataError, match="duplicate"):
        tidy(dup)
    assert len(tidy(dup, on_duplicate="keep")) == 2
    obj = df.astype({"region": object, "value": object})
    out = tidy(obj)
    assert out["value"].dtype == "float64" and pd.api.types.is_string_dtype(out["region"])


def test_wide_current_month_cumulative_and_last_year_columns(tmp_path):
    # 统计月报 shape: 本月 | 累计 | 上年同期 | 增长% (growth refers to 累计, not to 上年同期)
    p = _write_csv(tmp_path / "m.csv", (
        "2023年3月金水区主要经济指标,,,,,\n"
        "指标,单位,本月,累计,上年同期,增长%\n"
        "社会消费品零售总额,亿元,71.2,205.3,195.9,4.8\n"
    ))
    df = read_table(p)
    assert _value(df, "社会消费品零售总额", "level", "2023-03", False).value == 71.2
    assert _value(df, "社会消费品零售总额", "level", "2023-03", True).value == 205.3
    assert _value(df, "社会消费品零售总额", "level", "2022-03", True).value == 195.9
    assert _value(df, "社会消费品零售总额", "yoy_pct", "2023-03", True).value == 4.8
    assert len(df) == 4


# --------------------------------------------------------------------------- growth-only rows
def test_wide_row_with_growth_only_and_placeholder_unit(tmp_path):
    """规模以上工业增加值 is published only as a growth rate: unit "—" and level "—"."""
    p = _write_csv(tmp_path / "g1.csv", "2023年1-3月金水区主要经济指标\n"
                   "指标名称,计量单位,1-3月,同比增长%\n规模以上工业增加值,—,—,3.2\n"
                   "工业投资,,,-3.2\n地区生产总值,亿元,470.15,4.1\n")
    with pytest.warns(MissingValuesWarning, match="规模以上工业增加值 1-3月"):
        df = read_table(p)
    row = _value(df, "规模以上工业增加值", "yoy_pct", "2023-03", True)
    assert (row.value, row.unit) == (3.2, "%")
    assert df[(df.indicator == "规模以上工业增加值") & (df.measure == "level")].empty
    assert _value(df, "工业投资", "yoy_pct", "2023-03", True).value == -3.2
    assert _value(df, "地区生产总值", "level", "2023-03", True).value == 470.15
    # a placeholder unit does not excuse a level number: units are never guessed
    p = _write_csv(tmp_path / "g2.csv", "2023年1-3月金水区主要经济指标\n"
                   "指标名称,计量单位,1-3月,同比增长%\n地区生产总值,—,470.15,4.1\n")
    with pytest.raises(DataError, match="unit missing"):
        read_table(p)


def test_wide_growth_indicator_in_percent_is_read_as_yoy(tmp_path):
    """Unit % with only the growth column: a growth indicator is yoy_pct; a rate is skipped."""
    p = _write_csv(tmp_path / "g3.csv", "2023年1-3月金水区主要经济指标\n"
                   "指标名称,计量单位,同比增长%\n规模以上工业增加值,%,3.2\n研发投入强度,%,0.2\n")
    with pytest.warns(SkippedDataWarning, match="研发投入强度 同比增长%"):
        df = read_table(p)
    assert len(df) == 1
    row = _value(df, "规模以上工业增加值", "yoy_pct", "2023-03", True)
    assert (row.value, row.unit) == (3.2, "%")
    # with a level column: a placeholder level in % is not a rate level; a number is
    p = _write_csv(tmp_path / "g4.csv", "2023年1-3月金水区主要经济指标\n"
                   "指标名称,计量单位,1-3月,同比增长%\n规模以上工业增加值,%,—,3.2\n"
                   "城镇化率,%,80.1,0.6\n")
    with pytest.warns(SkippedDataWarning, match="城镇化率"):
        with pytest.warns(MissingValuesWarning, match="规模以上工业增加值 1-3月"):
            df = read_table(p)
    assert _value(df, "规模以上工业增加值", "yoy_pct", "2023-03", True).value == 3.2
    assert df[(df.indicator == "规模以上工业增加值") & (df.measure == "level")].empty
    assert _value(df, "城镇化率", "level", "2023-03", True).value == 80.1
    assert df[(df.indicator == "城镇化率") & (df.measure == "yoy_pct")].empty
