"""The curated public API (``jinshui_analysis`` top level): every name exists, is the real object
and has a numpydoc docstring; ``make docs`` builds the API reference offline (slow)."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jinshui_analysis as ja

ROOT = Path(__file__).resolve().parents[1]

#: The names the issue promises, besides the rest of ``__all__``.
PROMISED = {"data", "periods", "growth", "benchmark", "forecast", "accounting", "structure",
            "DataError", "render_report", "collect", "sections"}


def _section(doc: str, title: str) -> str | None:
    """Body of a numpydoc section (``Parameters`` / ``Returns`` …), None when absent."""
    m = re.search(rf"^{title}\n-{{3,}}\n(.*?)(?=^\S[^\n]*\n-{{3,}}\n|\Z)", doc, re.S | re.M)
    return None if m is None else m.group(1)


def test_facade_lists_the_promised_names() -> None:
    assert PROMISED <= set(ja.__all__)
    assert len(ja.__all__) == len(set(ja.__all__))
    assert set(dir(ja)) >= set(ja.__all__)


def test_every_facade_name_exists_and_has_a_numpydoc_docstring() -> None:
    bad = []
    for name in ja.__all__:
        obj = getattr(ja, name)  # lazily imported: must resolve
        if name == "__version__":
            assert re.fullmatch(r"\d+\.\d+\.\d+", obj)
            continue
        doc = inspect.getdoc(obj) or ""
        summary = doc.split("\n", 1)[0].strip()
        if not summary:
            bad.append(f"{name}: no docstring")
            continue
        if inspect.isfunction(obj):
            params = [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
            body = _section(doc, "Parameters")
            if params and body is None:
                bad.append(f"{name}: no Parameters section")
            elif params:
                missing = [p for p in params if not re.search(rf"^{p}\b", body, re.M)]
                if missing:
                    bad.append(f"{name}: parameters not described: {missing}")
            if _section(doc, "Returns") is None:
                bad.append(f"{name}: no Returns section")
    assert not bad, "\n".join(bad)


def test_facade_modules_document_their_public_names() -> None:
    """Each module of the facade has a docstring, and so does every function and class it
    lists in ``__all__`` (or defines, without one)."""
    bad = []
    for name in ja.__all__:
        mod = getattr(ja, name)
        if not inspect.ismodule(mod):
            continue
        names = getattr(mod, "__all__", None) or [
            k for k, v in vars(mod).items() if not k.startswith("_")
            and (inspect.isfunction(v) or inspect.isclass(v))
            and getattr(v, "__module__", "") == mod.__name__]
        for k in names:
            v = getattr(mod, k)
            if (inspect.isfunction(v) or inspect.isclass(v)) and not inspect.getdoc(v):
                bad.append(f"{mod.__name__}.{k}")
    assert not bad, "no docstring: " + ", ".join(bad)


def test_the_section_parser_finds_what_it_should() -> None:
    doc = "Sum.\n\nParameters\n----------\nx : int\n    A.\n\nReturns\n-------\nint\n"
    assert _section(doc, "Parameters").startswith("x : int")
    assert _section(doc, "Returns").strip() == "int"
    assert _section("Sum.\n\nx : int", "Parameters") is None


def test_unknown_facade_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'growth_rate'"):
        ja.growth_rate  # noqa: B018


def test_importing_the_facade_loads_no_model() -> None:
    """``import jinshui_analysis`` stays light: names are imported on first use."""
    code = ("import sys, jinshui_analysis; "
            "print(sorted(m for m in sys.modules if m.startswith(('jinshui_analysis.', "
            "'pandas', 'matplotlib'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['jinshui_analysis.exceptions']", out


@pytest.mark.slow
def test_make_docs_builds_the_api_reference_offline(tmp_path: Path) -> None:
    """``make docs`` (pdoc, numpydoc) writes a page for the facade and every model module."""
    if shutil.which("make") is None:
        pytest.fail("make is needed for `make docs`")
    out = tmp_path / "api"
    subprocess.run(["make", "-C", str(ROOT), "docs", f"DOCS_OUT={out}"], check=True,
                   capture_output=True, text=True)
    page = (out / "jinshui_analysis.html").read_text(encoding="utf-8")
    for name in ("render_report", "collect", "read_table", "DataError"):
        assert f'id="{name}"' in page, name
    for module in ("growth", "targets", "catchup", "forecast", "accounting", "structure"):
        assert (out / "jinshui_analysis" / "models" / f"{module}.html").is_file(), module
    assert (out / "jinshui_analysis" / "reports" / "sections.html").is_file()
    # offline: no script, stylesheet or image is loaded from elsewhere
    assert not re.search(r'<(?:script|link|img)[^>]*(?:src|href)="(?:https?:)?//', page)
