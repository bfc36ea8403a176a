"""Parameter schema and validation: no notebook is executed here."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from jinshui_analysis.exceptions import ParameterError
from jinshui_analysis.render import params

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"
MONTHLY = ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks" / "monthly_report.ipynb"
NOTEBOOKS = sorted((ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", [TINY, *NOTEBOOKS], ids=lambda p: p.name)
def test_schema_matches_parameters_cell(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    if "parameters" not in nb.metadata.get("jinshui", {}):
        pytest.skip("notebook declares no parameters")
    assert params.schema_mismatches(nb) == []
    # and every notebook's defaults pass its own validation
    values = params.validate(nb, {})
    assert values == {k: s.default for k, s in params.load_schema(nb).items()}


def test_monthly_defaults_and_coercion() -> None:
    values = params.validate(MONTHLY, {"target_growth": "7.5", "period": "2023-01"})
    assert values["target_growth"] == 7.5 and isinstance(values["target_growth"], float)
    assert values["period"] == "2023-01"
    assert values["region"] == "金水区"
    assert values["data"] == "bundled"
    # declared order, not the sorted order of the JSON metadata
    assert list(values)[:2] == ["region", "period"]


@pytest.mark.parametrize(
    ("bad", "parameter", "fragment"),
    [
        ({"period": "2023-13"}, "period", "13"),
        ({"period": "2023-00"}, "period", "01–12"),
        ({"period": "2023/06"}, "period", "YYYY-MM"),
        ({"region": "火星区"}, "region", "火星区"),
        ({"data": "/no/such/file.csv"}, "data", "not found"),
        ({"language": "fr"}, "language", "zh, en"),
        ({"target_growth": 99}, "target_growth", "maximum"),
        ({"target_growth": "fast"}, "target_growth", "number"),
        ({"threshold": float("nan")}, "threshold", "finite"),
        ({"colour": "red"}, "colour", "unknown parameter"),
    ],
)
def test_bad_parameter_names_the_parameter(bad: dict, parameter: str, fragment: str) -> None:
    with pytest.raises(ParameterError) as info:
        params.validate(MONTHLY, bad)
    assert info.value.parameter == parameter
    assert fragment in str(info.value)
    assert f"parameter {parameter!r}" in str(info.value)


def test_region_from_user_data_file(tmp_path: Path) -> None:
    table = tmp_path / "mine.csv"
    pd.DataFrame({
        "region": ["测试新区", "测试新区"], "indicator": ["地区生产总值"] * 2,
        "period": ["2021", "2022"], "value": [9.0, 10.0], "unit": ["亿元"] * 2,
    }).to_csv(table, index=False)
    with pytest.raises(ParameterError, match="测试新区"):
        params.validate(MONTHLY, {"region": "测试新区"})  # not in the bundled data
    values = params.validate(MONTHLY, {"region": "测试新区", "data": str(table)})
    assert values["data"] == str(table.resolve())
    # a folder of tables works too
    values = params.validate(MONTHLY, {"region": "测试新区", "data": str(tmp_path)})
    assert values["data"] == str(tmp_path.resolve())


def test_bundled_regions_include_the_districts() -> None:
    from jinshui_analysis.data.regions import known_regions

    regions = known_regions()  # the one list of names (bundled data, profiles, aliases)
    assert {"金水区", "中原区", "二七区", "南山区"} <= regions


def test_data_must_be_a_table(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(ParameterError, match=r"\.csv") as info:
        params.validate(MONTHLY, {"data": str(other)})
    assert info.value.parameter == "data"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ParameterError, match="no .csv") as info:
        params.validate(MONTHLY, {"data": str(empty)})
    assert info.value.parameter == "data"


def test_month_range() -> None:
    assert params.month_range("2023-01:2023-12") == [f"2023-{m:02d}" for m in range(1, 13)]
    assert params.month_range("2022-11:2023-02") == ["2022-11", "2022-12", "2023-01", "2023-02"]
    assert params.month_range("2023-01,2023-06") == ["2023-01", "2023-06"]
    assert params.month_range("2019:2021") == ["2019", "2020", "2021"]
    # list items are kept as given (each job validates them); range ends are checked now
    assert params.month_range("2023-13") == ["2023-13"]
    with pytest.raises(ParameterError, match="13"):
        params.month_range("2023-01:2023-13")
    with pytest.raises(ParameterError, match="empty range"):
        params.month_range("2023-05:2023-01")


def test_bool_and_int_types() -> None:
    spec_b = params.ParamSpec("flag", "bool", False)
    assert params._coerce(spec_b, "yes") is True
    assert params._coerce(spec_b, "0") is False
    with pytest.raises(ParameterError):
        params._coerce(spec_b, "maybe")
    spec_i = params.ParamSpec("n", "int", 1, min=0, max=10)
    assert params._coerce(spec_i, "3") == 3
    with pytest.raises(ParameterError, match="integer"):
        params._coerce(spec_i, "2.5")
    with pytest.raises(ParameterError, match="minimum"):
        params._coerce(spec_i, -1)


def test_format_schema_lists_every_parameter() -> None:
    text = params.format_schema(MONTHLY)
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["name", "type", "default", "allowed"]
    names = [line.split()[0] for line in lines[1:]]
    assert names == list(params.load_schema(MONTHLY))
    assert "YYYY-MM" in text and "zh, en" in text and "[-20, 50]" in text


def test_resolve_notebook_by_name() -> None:
    assert params.resolve_notebook("monthly_report") == MONTHLY
    with pytest.raises(ParameterError) as info:
        params.resolve_notebook("no_such_report")
    assert info.value.parameter == "notebook"
