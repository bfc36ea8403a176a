"""The sections word their figures from the catalogue (``reports/text/*.toml``): no ``tr()`` and
no ``language == …`` branch in the sections moved there, and what the English report shows is
what the Chinese one shows."""

from __future__ import annotations

import ast
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from jinshui_analysis.reports import sections as S  # noqa: E402
from jinshui_analysis.reports.sections.benchmark import condition_of, years_label  # noqa: E402

SECTIONS = Path(S.__file__).resolve().parent
#: the section modules whose words all come from the catalogue
ON_THE_CATALOGUE = ("benchmark.py", "summary.py", "contributions.py", "compare.py")


def _language_branches(tree: ast.AST) -> list[int]:
    """Lines calling ``tr(…)`` or comparing ``language`` with ``"zh"``/``"en"``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tr":
            lines.append(node.lineno)
        if isinstance(node, ast.Compare):
            names = {getattr(n, "id", None) for n in [node.left, *node.comparators]}
            consts = {getattr(n, "value", None) for n in [node.left, *node.comparators]}
            if "language" in names and consts & {"zh", "en"}:
                lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize("name", ON_THE_CATALOGUE)
def test_no_inline_language_choice(name: str):
    tree = ast.parse((SECTIONS / name).read_text(encoding="utf-8"))
    assert _language_branches(tree) == []


def test_the_check_sees_a_language_branch():
    # the check itself can fail: tr() and both spellings of the comparison are found
    code = 'a = tr("是", "yes", language)\nb = "，" if language == "zh" else ", "\nc = "en" != language\n'
    assert _language_branches(ast.parse(code)) == [1, 2, 3]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_catch_up_condition_reads_back(language: str):
    # the summary repeats a catch-up figure with the condition of the benchmark section's label
    cond = {"zh": "按实际增长8%目标路径（2023年目标）", "en": "on the 8% real target path (2023 target)"}
    label = years_label(cond[language], language)
    assert label == {"zh": "按实际增长8%目标路径（2023年目标）追赶所需年数",
                     "en": "years to catch up on the 8% real target path (2023 target)"}[language]
    assert condition_of(label, language) == cond[language]


def test_english_ranking_marks_unofficial_figures_as_the_chinese_does():
    # 郑州市 2024: units whose figure rests only on a secondary source carry "*" and the table a
    # footnote — in both languages (the English table used to lose both)
    rd = S.load_report_data("郑州市", "2024-12")
    (_, zh), = S.compare(rd, "zh").tables
    (_, en), = S.compare(rd, "en").tables
    starred = (zh.astype(str).apply(lambda col: col.str.endswith("*"))).to_numpy()
    assert starred.any()
    assert ((en.astype(str).apply(lambda col: col.str.endswith("*"))).to_numpy() == starred).all()
    assert any(n.startswith("* Unofficial source") for n in S.compare(rd, "en").notes)
