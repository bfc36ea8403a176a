"""The package's shape: layers import only downwards, no module imports another's private names,
library code names no region, and a wheel carries everything a report needs."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "jinshui_analysis"

#: base ← data ← models ← reports ← render ← cli; the facade (the package's ``__init__``, whose
#: names are imported lazily) sits on top.
LAYERS = {"base": 0, "data": 1, "models": 2, "reports": 3, "render": 4, "cli": 5, "api": 6}
BASE = {"periods", "exceptions", "results", "checks"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "api"
    if parts[0] in BASE:
        return "base"
    if parts[0] in ("data", "models", "reports", "render"):
        return parts[0]
    if parts[0] in ("cli", "__main__"):
        return "cli"
    raise AssertionError(f"module {module} is in no layer: add it to LAYERS in this test")


def _sources() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PKG.rglob("*.py"))}


def _imports(tree: ast.Module, here: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported, line) of every jinshui_analysis import."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("jinshui_analysis"):
            names = [a.name for a in node.names]
            # "from jinshui_analysis.x import y": y may be a submodule
            subs = [f"{node.module}.{n}" for n in names]
            out.append((node.module, names, node.lineno))
            out.extend((s, [], node.lineno) for s in subs)
        elif isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names
                       if a.name.startswith("jinshui_analysis"))
    return out


def test_layers_import_only_downwards():
    sources = _sources()
    bad = []
    for module, tree in sources.items():
        mine = LAYERS[_layer(module)]
        for target, _, line in _imports(tree, module):
            if target not in sources or target == "jinshui_analysis":
                continue
            theirs = LAYERS[_layer(target)]
            if theirs > mine:
                bad.append(f"{module}:{line} imports {target} ({_layer(module)} → {_layer(target)})")
    assert not bad, "\n".join(bad)


def test_import_graph_is_acyclic():
    sources = _sources()
    graph = {m: {t for t, _, _ in _imports(tree, m) if t in sources and t != m
                 and t != "jinshui_analysis"}
             for m, tree in sources.items()}
    # a package's __init__ re-exporting its modules is not a cycle with them
    for m in graph:
        graph[m] = {t for t in graph[m] if not m.startswith(t + ".")}
    seen, stack, cycles = set(), [], []

    def visit(node: str) -> None:
        if node in stack:
            cycles.append(" → ".join([*stack[stack.index(node):], node]))
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    assert not cycles, "\n".join(cycles)


def test_no_module_imports_another_modules_private_names():
    bad = []
    for module, tree in _sources().items():
        for target, names, line in _imports(tree, module):
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            if private and target != module:
                bad.append(f"{module}:{line} imports {private} from {target}")
    assert not bad, "\n".join(bad)


def _docstring_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_library_code_names_no_region():
    """Region names live in profiles, bundled data and demo calibration, not in library code."""
    regions = {"金水区", "南山区", "郑州市", "中原区", "二七区", "管城区", "惠济区", "深圳市", "河南省"}
    allowed = ("jinshui_analysis.data",)  # bundled data, demo calibration, profiles, readers
    bad = []
    for module, tree in _sources().items():
        if module.startswith(allowed):
            continue
        docs = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docs:
                hit = [r for r in regions if r in node.value]
                if hit:
                    bad.append(f"{module}:{node.lineno} {hit}: {node.value[:60]!r}")
    assert not bad, "\n".join(bad)


#: Period-string parsing outside ``periods``: a 4-digit-year regex or a slice of a period code.
_PERIOD_PARSING = re.compile(r"\\d\{4\}|\[:4\]|\[5:7\]|\[5:\]|\.str\[:4\]|\.str\[5:")
#: (file relative to the package, text of the line) that may match and are not period parsing.
_PERIOD_PARSING_ALLOWED = {
    # a publication *date* (YYYY-MM-DD) in a source address, not a period label
    ("reports/sections/notes.py", r'_DATE_IN_ADDRESS = r"(\d{4}-\d{2}-\d{2})"'),
    # the first four headline figures of a document, a list slice
    ("render/outputs.py", 'if f.get("headline", True)][:4]'),
}


def test_only_periods_parses_period_labels():
    """``periods`` is the one parser of period labels: reports, render, models and the CLI ask
    it (year_of_code, codes_info …) instead of slicing codes or matching years by regex."""
    files = [p for d in ("reports", "render", "models") for p in (PKG / d).rglob("*.py")]
    files.extend((PKG / "cli").rglob("*.py"))
    assert len(files) > 20  # the scan sees the package
    bad = []
    for path in files:
        rel = path.relative_to(PKG).as_posix()
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _PERIOD_PARSING.search(line) and not any(
                    rel == f and text in line for f, text in _PERIOD_PARSING_ALLOWED):
                bad.append(f"{rel}:{k}: {line.strip()}")
    assert not bad, "period labels parsed outside periods.py:\n" + "\n".join(bad)
    # the pattern does catch what it forbids
    assert all(_PERIOD_PARSING.search(s) for s in
               ('int(p[:4])', 'p[5:7]', 'x.str[5:]', r're.fullmatch(r"\d{4}", s)'))


#: A constant that, after a formatted value, makes a quarter or a month code: ``Q`` followed by
#: another formatted value, ``Q1``…``Q4``, or a two-digit month (``-12``, ``-01``).
_QUARTER_TAIL = re.compile(r"Q[1-4]")
_MONTH_TAIL = re.compile(r"-\d{2}")


def _hand_built_period_codes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of every period code built by hand in ``tree``: f-strings
    ``f"{y}Q{k}"``, ``f"{y}Q4"``, ``f"{y}-{m:02d}"``, ``f"{y}-12"``, and ``+ "Q4"`` / ``+ "-12"``
    / ``str(y) + "Q"`` concatenations."""
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            for i in range(1, len(parts)):
                prev, here = parts[i - 1], parts[i]
                nxt = parts[i + 1] if i + 1 < len(parts) else None
                if not (isinstance(prev, ast.FormattedValue) and isinstance(here, ast.Constant)
                        and isinstance(here.value, str)):
                    continue
                text = here.value
                if text == "Q" and isinstance(nxt, ast.FormattedValue) \
                        or _QUARTER_TAIL.match(text) and not text[2:3].isdigit():
                    hits.append((node.lineno, "quarter code f-string"))
                elif text == "-" and isinstance(nxt, ast.FormattedValue) \
                        and isinstance(nxt.format_spec, ast.JoinedStr) \
                        and [getattr(v, "value", None) for v in nxt.format_spec.values] == ["02d"]:
                    hits.append((node.lineno, "month code f-string"))
                elif _MONTH_TAIL.match(text) and not text[3:4].isdigit():
                    hits.append((node.lineno, "month code f-string"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) \
                and isinstance(node.right, ast.Constant) and isinstance(node.right.value, str) \
                and not isinstance(node.left, ast.Constant):
            text = node.right.value
            if text == "Q" or _QUARTER_TAIL.fullmatch(text) or _MONTH_TAIL.fullmatch(text):
                hits.append((node.lineno, "period code concatenation"))
    return hits


def test_no_hand_built_period_codes_outside_periods():
    """``periods`` is the one builder of period codes: the rest of the package asks it
    (``quarter_code_of``, ``month_code``, ``quarter_code``, ``through_month`` …) instead of
    writing ``f"{year}Q{k}"`` or ``f"{year}-{month:02d}"`` itself (checked on the syntax tree,
    so that no spelling of the f-string slips through a regex)."""
    files = [p for p in sorted(PKG.rglob("*.py")) if "periods" not in p.relative_to(PKG).parts]
    assert len(files) > 40  # the scan sees the package
    bad = [f"{p.relative_to(PKG).as_posix()}:{line}: {what}"
           for p in files for line, what in _hand_built_period_codes(
               ast.parse(p.read_text(encoding="utf-8")))]
    assert not bad, "period codes built by hand outside periods:\n" + "\n".join(bad)


@pytest.mark.parametrize("snippet", [
    'f"{y}Q{k}"', 'f"{rd.year - 1}Q{k}"', 'f"{y}Q4"', 'f"{y}-{m:02d}"', 'f"{p.year}-{3 * k:02d}"',
    'f"{y}-12"', 'f"{per}-01"', 'str(y) + "Q"', 'df["period"] + "Q4"', 'str(y) + "-12"',
    'f"need {year}-01 (or {year}-02)"',
])
def test_hand_built_period_code_check_catches(snippet: str):
    assert _hand_built_period_codes(ast.parse(snippet))


@pytest.mark.parametrize("snippet", [
    'f"{v:.10g}"', 'f"{m:02d}"', 'f"{y}.{m:02d}"', 'f"{a}-{b}"', 'f"{name}Quarterly"',
    'f"{x}-2023"', 'f"{a} - {b:02d}"', 'x + "Q1 text"', 'f"{n}-123"', '"2023" + "Q4"',
])
def test_hand_built_period_code_check_lets_pass(snippet: str):
    assert not _hand_built_period_codes(ast.parse(snippet))


def test_no_top_level_alias_modules():
    """The package's top level holds the base modules, the CLI and the layer folders only: the
    first build's alias modules (``growth.py`` as a ``sys.modules`` alias, ``report.py``'s
    re-exports) are gone, and ``import jinshui_analysis.growth`` fails."""
    top = {p.stem for p in PKG.glob("*.py")}
    packages = {p.name for p in PKG.iterdir() if (p / "__init__.py").is_file()}
    real = (BASE - packages) | {"__init__", "__main__"}
    assert top == real, sorted(top ^ real)
    assert "cli" in packages  # the command line is a package of the cli layer
    assert BASE <= top | packages  # periods is a package of the base layer
    for name in ("growth", "benchmark", "report", "sections"):
        with pytest.raises(ModuleNotFoundError):
            __import__(f"jinshui_analysis.{name}")
    # nor does any module stand in for another through sys.modules
    swaps = [f"{module}:{node.lineno}" for module, tree in _sources().items()
             for node in ast.walk(tree) if isinstance(node, ast.Assign)
             and any(isinstance(t, ast.Subscript) and ast.unparse(t.value) == "sys.modules"
                     for t in node.targets)]
    assert not swaps, swaps


def test_facade_names_are_the_real_objects():
    """``from jinshui_analysis import growth, benchmark …`` gives the real modules (no copy)."""
    import jinshui_analysis.models.catchup as catchup
    import jinshui_analysis.models.growth as mgrowth
    from jinshui_analysis import (
        DataError,
        accounting,
        benchmark,
        collect,
        data,
        forecast,
        growth,
        periods,
        render_report,
        sections,
        structure,
    )
    from jinshui_analysis.exceptions import DataError as RealDataError
    from jinshui_analysis.models import accounting as maccounting
    from jinshui_analysis.render.outputs import collect as real_collect
    from jinshui_analysis.render.single import render

    assert growth is mgrowth and benchmark is catchup and accounting is maccounting
    assert render_report is render and collect is real_collect and DataError is RealDataError
    assert data.__name__ == "jinshui_analysis.data" and periods.__name__ == "jinshui_analysis.periods"
    assert sections.__name__ == "jinshui_analysis.reports.sections"
    assert structure.__name__ == "jinshui_analysis.models.structure"
    assert forecast.__name__.startswith("jinshui_analysis.models.forecast")
    with pytest.raises(AttributeError, match="no attribute 'report'"):
        import jinshui_analysis

        jinshui_analysis.report  # noqa: B018


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("jinshui_analysis-*.whl"))


def test_wheel_carries_data_notebooks_and_templates(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("data/regional/jinshui.csv", "data/official/published_contribution_tables.csv",
                "data/sources/dxnews_2023-02-13_jinshui.txt", "data/profiles.toml",
                "reports/notebooks/monthly_report.ipynb", "reports/notebooks/annual_review.ipynb",
                "templates/jinshui_report/index.html.j2"):
        assert f"jinshui_analysis/{rel}" in names, rel
    bundled = {p for p in (PKG / "data").rglob("*") if p.is_file() and p.suffix != ".pyc"
               and "__pycache__" not in p.parts}
    missing = sorted(str(p.relative_to(PKG)) for p in bundled
                     if f"jinshui_analysis/{p.relative_to(PKG).as_posix()}" not in names)
    assert not missing, f"data files left out of the wheel: {missing}"


@pytest.mark.notebook
def test_wheel_installed_alone_renders_from_an_empty_folder(wheel: Path, tmp_path: Path):
    """The wheel unpacked into a fresh venv (dependencies from this one, not the source tree)
    loads the bundled data and renders a report from an empty working folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    zipfile.ZipFile(wheel).extractall(site)
    # the dependencies, but not this checkout's editable install (a .pth line adds the folder
    # without processing the .pth files inside it)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "empty"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JINSHUI_NOTEBOOKS")}
    # the dependencies' data files (nbconvert's templates) as a real install would have them
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    code = ("import jinshui_analysis as j, jinshui_analysis.data as d;"
            "assert 'src' not in j.__file__, j.__file__;"
            "print(len(d.load_bundled()), j.__file__)")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=work, env=env,
                          capture_output=True, text=True, check=True)
    assert int(done.stdout.split()[0]) > 400
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "jinshui_analysis", "render",
                           "benchmark", "--out", "out", "--no-progress", "--jobs", "1"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert list((work / "out").glob("benchmark_金水区*.html"))


def test_no_period_prefix_matching_outside_periods():
    """``codes.str.startswith(str(year))`` takes "20230" and "2023年" for codes of 2023:
    filters by year use :func:`jinshui_analysis.periods.in_year`."""
    bad = []
    for path in PKG.rglob("*.py"):
        if "periods" in path.relative_to(PKG).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "startswith" and node.args
                    and isinstance(node.args[0], ast.Call)
                    and getattr(node.args[0].func, "id", "") == "str"):
                bad.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert bad == []
