"""The reports-layer modules whose words moved into the text catalogue (issue 20 item 4) ask
the catalogue for them: no ``tr(zh, en)`` call and no ``language == "zh"`` branch is left in
them, and the pieces whose wording is now put together from catalogue keys read as before."""

from __future__ import annotations

import ast
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from jinshui_analysis.exceptions import DEMO_LABEL_EN, DEMO_LABEL_ZH  # noqa: E402
from jinshui_analysis.reports import numbers, plots  # noqa: E402
from jinshui_analysis.reports.labels import project_level, rank_text  # noqa: E402
from jinshui_analysis.reports.section import failed_section  # noqa: E402

REPORTS = Path(numbers.__file__).resolve().parent

#: modules whose words are all in the catalogue (labels.plain is still being moved)
MOVED = [
    "sections/overview.py", "sections/notes.py", "sections/projects.py", "sections/dashboard.py",
    "sections/headline.py", "sections/title.py", "sections/common.py", "sections/commentary.py",
    "section.py", "plots.py", "present.py", "document.py", "numbers.py", "loader.py",
]


def _language_branches(tree: ast.AST) -> list[int]:
    """Lines comparing ``language`` (or ``_LANGUAGE[0]``) with "zh" or "en"."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        names = [ast.unparse(x) for x in (node.left, *node.comparators)]
        if any(n in ("language", "_LANGUAGE[0]", "section.language") for n in names) and \
                any(n in ("'zh'", "'en'") for n in names):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("name", MOVED)
def test_no_tr_call_and_no_language_branch(name):
    tree = ast.parse((REPORTS / name).read_text(encoding="utf-8"))
    calls = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", "") == "tr"]
    assert calls == [], f"{name} calls tr() at lines {calls}"
    if name != "section.py":  # section.py still defines tr() for the sections not yet moved
        assert _language_branches(tree) == [], name


def test_the_branch_check_can_fail():
    tree = ast.parse('x = "a" if language == "zh" else "b"\ny = tr("甲", "a", language)')
    assert _language_branches(tree) == [1]


def test_rank_ordinals():
    # English suffixes: 1st 2nd 3rd, 11th 12th 13th, 21st 22nd 23rd, 101st, 111th
    expected = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th",
                21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th"}
    for position, ordinal in expected.items():
        assert rank_text(position, 9, 16, "en") == f"{ordinal} (9 of 16 units have data)"
        assert rank_text(position, 9, 16, "zh") == f"第{position}位（16个单位中9个有数据）"


def test_project_levels_and_unknown_values():
    assert [project_level(v, "en") for v in ("省级", "市级", "区级", "合计", "乡级", 3)] == \
        ["provincial", "municipal", "district", "total", "乡级", 3]
    assert project_level("省级", "zh") == "省级"


def test_periods_amounts_and_years_in_words():
    assert numbers.period_text("2023-06", "zh", ytd=True) == "2023年1-6月"
    assert numbers.period_text("2023-06", "en", ytd=True) == "January–June 2023"
    assert numbers.period_text("2023-01", "en", ytd=True) == "January 2023"
    assert numbers.quarter_text(2023, 2, "zh") == "2023年二季度"
    assert numbers.quarter_text(2023, 3, "en", ytd=True) == "Q1–Q3 2023"
    # 2086.556 to 2 decimals → 2086.56; English adds the thousands separator
    assert numbers.amount(2086.556, "亿元", "zh") == "2086.56亿元"
    assert numbers.amount(2086.556, "亿元", "en") == "2,086.56 (100 million yuan)"
    assert numbers.amount(3, "个", "en") == "3" and numbers.amount(3, "个", "zh") == "3个"
    # a unit without an English word is kept; 2 decimals, only ".00" is dropped
    assert numbers.amount(5.5, "吨", "en") == "5.50 吨"
    assert numbers.years(1.2, "en") == "about 1 year" and numbers.years(31.6, "en") == "about 32 years"
    assert numbers.change(-2.4, "zh") == "下降2.4%" and numbers.change(8.7, "en") == "grew 8.7%"


def test_failed_section_names_itself_in_both_languages():
    exc = ValueError("series needs at least 5 observations")
    zh, en = failed_section("target", exc, "zh"), failed_section("target", exc, "en")
    assert zh.title == "年度目标进度" and en.title == "Progress against the annual target"
    assert zh.body[0].text == "本节未能计算：数据期数不足（至少需要5期）。其余各节不受影响。"
    assert en.body[0].text.startswith("This section could not be computed: too few periods")
    assert failed_section("no_such", exc, "en").title == "no_such"


def test_an_english_demo_chart_uses_the_demo_label():
    actual = pd.Series([100.0, 120.0], index=["2022", "2023"])
    try:
        plots.use_language("en")
        fig = plots.target_path(actual, actual * 1.1, synthetic=True)
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert DEMO_LABEL_EN in legend and "target path" in legend
        plots.use_language("zh")
        fig_zh = plots.target_path(actual, actual * 1.1, synthetic=True)
        legend_zh = [t.get_text() for t in fig_zh.axes[0].get_legend().get_texts()]
        assert DEMO_LABEL_ZH in legend_zh and "目标路径" in legend_zh
    finally:
        plots.use_language("zh")
        matplotlib.pyplot.close("all")
