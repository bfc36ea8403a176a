"""The one text catalogue (``reports/text/zh.toml`` and ``en.toml``): same keys, same fields,
every key the code asks for exists, and the wording stays out of the models."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from jinshui_analysis.reports import text

SRC = Path(text.__file__).resolve().parents[2]


def test_both_languages_have_the_same_keys():
    zh, en = text.catalogue("zh"), text.catalogue("en")
    assert set(zh) - set(en) == set(), "keys only in zh.toml"
    assert set(en) - set(zh) == set(), "keys only in en.toml"
    assert len(zh) >= 40


def test_same_fields_in_both_languages():
    zh, en = text.catalogue("zh"), text.catalogue("en")
    differ = {k: (text.fields_of(zh[k]), text.fields_of(en[k])) for k in zh
              if text.fields_of(zh[k]) != text.fields_of(en[k])}
    assert differ == {}


def test_msg_fills_fields_and_rejects_unknown_language():
    assert text.msg("cmp.lower", "en", who="province", pp="1.2") == \
        "1.2 percentage points below the province"
    assert text.msg("cmp.lower", "zh", who="全省", pp="1.2") == "低于全省1.2个百分点"
    with pytest.raises(KeyError):
        text.msg("no.such_key", "zh")
    with pytest.raises(Exception, match="language"):
        text.msg("col.unit", "fr")


def _literal_keys() -> dict[str, str]:
    """Every ``msg("…")`` / ``Note.of("…")`` key written as a literal in the package."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name not in ("msg", "of"):
                continue
            a = node.args[0]
            if isinstance(a, ast.Constant) and isinstance(a.value, str) and "." in a.value:
                found[a.value] = f"{path.relative_to(SRC)}:{node.lineno}"
    return found


def test_every_key_asked_for_exists():
    keys = set(text.catalogue("zh"))
    used = _literal_keys()
    assert len(used) >= 20
    missing = {k: where for k, where in used.items() if k not in keys}
    assert missing == {}


def test_fields_of_reads_format_specs():
    assert text.fields_of("{a:.1f}与{b}、{{c}}") == {"a", "b"}


def test_catalogue_ships_with_the_package():
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"reports/text/\*\.toml"', pyproject)


def _branches_on_language(tree: ast.AST) -> list[int]:
    """Lines comparing ``language`` with "zh"/"en", or calling a ``tr(zh, en, language)``."""
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            names = [n.id for n in (node.left, *node.comparators) if isinstance(n, ast.Name)]
            consts = [n.value for n in (node.left, *node.comparators) if isinstance(n, ast.Constant)]
            if "language" in names and {"zh", "en"} & set(consts):
                bad.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tr":
            bad.append(node.lineno)
    return bad


def test_sections_take_every_word_from_the_catalogue():
    found = {p.name: _branches_on_language(ast.parse(p.read_text(encoding="utf-8")))
             for p in (SRC / "reports" / "sections").glob("*.py")}
    assert len(found) >= 15
    assert {k: v for k, v in found.items() if v} == {}


def test_language_branch_check_catches():
    assert _branches_on_language(ast.parse('x = "a" if language == "zh" else "b"')) == [1]
    assert _branches_on_language(ast.parse('x = tr("甲", "a", language)')) == [1]
    assert _branches_on_language(ast.parse('x = msg("a.b", language)')) == []
