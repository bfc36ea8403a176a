"""Every report notebook is stored clean and renders offline with correct key figures.

The monthly report is executed in ``test_report.py``; this file executes the other three
(annual review, benchmark, explore) once each with small parameters.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
from pathlib import Path

import matplotlib.image
import nbformat
import pytest

from jinshui_analysis.render import params
from jinshui_analysis.render.export import external_resources
from jinshui_analysis.reports import sections as S

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks").glob("*.ipynb"))
EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|url\(\s*["']?(?:https?:)?//""",
                      re.IGNORECASE)


def test_all_four_notebooks_exist():
    assert {p.stem for p in NOTEBOOKS} >= {"monthly_report", "annual_review", "benchmark", "explore"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_clean_with_parameters_and_schema(path: Path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "store without outputs"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert params.schema_mismatches(path) == []
    # thin notebooks: no function or class definitions, no loops — logic lives in src/
    for c in code:
        assert not re.search(r"^\s*(def|class|for|while)\s", c.source, re.M), c.source


@pytest.mark.parametrize("name", ["annual_review", "benchmark", "explore"])
def test_renders_offline_with_decodable_charts(rendered, name):
    paths = rendered[name]
    html = paths.html.read_text("utf-8")
    assert EXTERNAL.findall(html) == [] and external_resources(html) == []
    assert "@font-face" in html  # the page's Chinese characters are embedded (webfont)
    imgs = re.findall(r'<img\b[^>]*\bsrc="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert imgs
    for b64 in imgs:
        pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(b64)), format="png")
        assert pixels.shape[0] > 50
    nb = nbformat.read(paths.notebook, as_version=4)
    text = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert not re.search(r"Glyph \d+ .*missing", text)
    assert '"output_type": "error"' not in text


def test_annual_review_figures_equal_direct_computation(rendered):
    figures = {f["name"]: f["value"] for f in json.loads(rendered["annual_review"].json.read_text("utf-8"))["figures"]}
    rd = S.load_report_data("金水区", "2022-12")
    direct = S.annual_overview(rd).figures_dict()
    assert figures["gdp_latest"] == direct["gdp_latest"] == 1932.0
    # no nominal CAGR 2017→2022: it would cross the 2019 census revision, after which 金水区 has
    # one annual level (2022)
    assert "gdp_cagr_nominal" not in figures and "gdp_cagr_nominal" not in direct
    assert any("2019年口径断点" in n for n in S.annual_overview(rd).notes)
    assert figures["threshold_year"] == 2023


def test_benchmark_figures_equal_direct_computation(rendered):
    doc = json.loads(rendered["benchmark"].json.read_text("utf-8"))
    figures = {f["name"]: f["value"] for f in doc["figures"]}
    rd = S.load_report_data("金水区", None)
    direct = S.benchmark_section(rd, "南山区").figures_dict()
    for k in ("benchmark_gdp", "benchmark_ratio", "benchmark_ratio_civil", "catch_up_years",
              "catch_up_years_target"):
        if k not in direct:  # e.g. no trend within one consistent window: not in the report either
            assert k not in figures
            continue
        if math.isfinite(direct[k]):
            assert figures[k] == pytest.approx(direct[k])
        else:  # "never catches up" (infinite years) is null in the JSON, not a number
            assert figures[k] is None
