"""Models return numbers and codes; the words are the reports layer's.  In the model files below
no function takes a ``language``, and no string (docstrings aside) is a "中文 / English" pair:
summaries are technical English, a Chinese term at most in parentheses as a glossary word."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jinshui_analysis

MODELS = Path(jinshui_analysis.__file__).resolve().parent / "models"
FILES = sorted([*MODELS.glob("forecast/*.py"), *MODELS.glob("estimate/*.py"),
                *(MODELS / f"{n}.py" for n in ("scenarios", "accounting", "structure",
                                               "projects", "ytd", "rates", "prices"))])
PAIR = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff/]{0,12} / [A-Za-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(MODELS).as_posix())
def test_no_language_and_no_bilingual_pairs(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args + node.args.kwonlyargs]
            if "language" in names:
                found.append(f"{node.lineno}: {node.name}(language)")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docs and PAIR.search(node.value):
            found.append(f"{node.lineno}: {node.value[:60]!r}")
    assert found == []


def test_the_pattern_finds_a_pair() -> None:
    assert PAIR.search("情景 / GDP scenarios") and PAIR.search("合计 / total")
    assert not PAIR.search("ICOR (增量资本产出比) = investment")
