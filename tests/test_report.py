"""Rendering one report: offline HTML, key figures, provenance, failures.

Notebook executions in this file: tiny (fork engine), tiny failing, tiny (Jupyter kernel engine),
monthly_report — four, sharing one warm zygote per test process.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import matplotlib.image
import nbformat
import numpy as np
import pytest

from jinshui_analysis import __version__, collect, render_report
from jinshui_analysis.data.files import data_fingerprint
from jinshui_analysis.exceptions import ParameterError, RenderError
from jinshui_analysis.render.export import external_resources, figures_of
from jinshui_analysis.render.jobs import RenderPaths, default_stem
from jinshui_analysis.render.outputs import index
from jinshui_analysis.reports.document import default_demo_notice
from jinshui_analysis.reports.record import (
    BANNER_CLASS,
    FIGURE_MIME,
    clear_recorded,
    demo_banner,
    record,
    recorded,
    watermark,
)

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"
MONTHLY = ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks" / "monthly_report.ipynb"

# anything the browser would fetch from the network
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _images(html: str) -> list[bytes]:
    """The charts: every ``<img>`` with a PNG data URI (the lab CSS has a tiny one of its own)."""
    found = re.findall(r"<img\b[^>]*\bsrc=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"", html)
    return [base64.b64decode(m) for m in found]


def _all_output_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(json.dumps(out.get("data", {}), ensure_ascii=False))
            parts.append("\n".join(out.get("traceback", [])))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> RenderPaths:
    out = tmp_path_factory.mktemp("tiny")
    return render_report(TINY, {"scale": 2, "period": "2023-04"}, out)


@pytest.fixture(scope="module")
def monthly(rendered) -> RenderPaths:
    return rendered["monthly_report"]


# ---------------------------------------------------------------- HTML
@pytest.mark.parametrize("which", ["tiny", "monthly"])
def test_html_is_offline_and_images_decode(which: str, request: pytest.FixtureRequest) -> None:
    paths = request.getfixturevalue(which)
    html = paths.html.read_text("utf-8")
    assert EXTERNAL.findall(html) == []
    assert external_resources(html) == []
    assert "<script" not in html.lower()  # no require.js, MathJax, mermaid, widgets
    assert "Content-Security-Policy" in html
    images = _images(html)
    assert images, "the report has at least one chart"
    assert len(images) == html.count("<img"), "every image is an embedded PNG"
    for png in images:
        assert png.startswith(PNG_SIGNATURE)
        pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
        assert pixels.ndim == 3 and pixels.shape[0] > 50 and pixels.shape[1] > 50
    # no code, no injected-parameters cell, but a parameters table and a provenance footer
    assert "record(" not in html and "import matplotlib" not in html
    assert "# Parameters" not in html and "injected-parameters" not in html
    assert 'class="jinshui-params"' in html
    assert 'class="jinshui-provenance"' in html
    assert f"jinshui-analysis {__version__}" in html


@pytest.mark.parametrize("which", ["tiny", "monthly"])
def test_no_missing_glyphs_or_errors(which: str, request: pytest.FixtureRequest) -> None:
    paths = request.getfixturevalue(which)
    nb = nbformat.read(paths.notebook, as_version=4)
    text = _all_output_text(nb)
    assert not re.search(r"Glyph \d+ .*missing", text)
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    # the executed notebook carries papermill's injected-parameters cell
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_tiny_html_content(tiny: RenderPaths) -> None:
    html = tiny.html.read_text("utf-8")
    # parameters table: the values actually used
    table = html[html.index('class="jinshui-params"'):html.index("</table>")]
    assert "<th>scale</th><td>2.0</td>" in table
    assert "<th>period</th><td>2023-04</td>" in table
    # printed text and the demo banner survive, the key-figure outputs do not
    assert "金水区 2023-04: 合计 29.00 亿元" in html
    assert BANNER_CLASS in html and "示例数据" in html
    assert FIGURE_MIME not in html and "合计 = 29.0 亿元" not in html


def test_key_figures_json(tiny: RenderPaths) -> None:
    doc = json.loads(tiny.json.read_text("utf-8"))
    figures = {f["name"]: f for f in doc["figures"]}
    # the fixture records total = scale * 12.5 + month and share = 100 * month / 12
    assert figures["total"]["value"] == 2 * 12.5 + 4
    assert figures["total"]["unit"] == "亿元" and figures["total"]["synthetic"] is False
    assert figures["share"]["value"] == round(100 * 4 / 12, 4)
    assert figures["share"]["synthetic"] is True
    assert doc["synthetic"] is True
    assert doc["parameters"] == {"region": "金水区", "period": "2023-04", "scale": 2.0,
                                 "mode": "normal", "sleep": 0.0, "data": "bundled",
                                 "fail_at": "none"}
    prov = doc["provenance"]
    assert prov["version"] == __version__
    assert prov["sources"] == ["fixture formula", "示例数据 synthetic"]
    assert len(prov["data"]) == 1 and re.fullmatch(r"[0-9a-f]{64}", prov["data"][0]["sha256"])
    assert prov["data"][0]["sha256"] == data_fingerprint("bundled")["sha256"]
    assert prov["data"][0]["sha256"] in tiny.html.read_text("utf-8")
    # the executed notebook holds the same figures
    assert figures_of(nbformat.read(tiny.notebook, as_version=4)) == doc["figures"]


def test_data_fingerprint_tracks_content(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("region,value\n金水区,1\n", encoding="utf-8")
    first = data_fingerprint(str(f))
    import hashlib

    assert first["files"] == [{"path": "t.csv",
                               "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}]
    f.write_text("region,value\n金水区,2\n", encoding="utf-8")
    assert data_fingerprint(str(f))["sha256"] != first["sha256"]


def test_monthly_key_figures_equal_direct_computation(monthly: RenderPaths) -> None:
    doc = json.loads(monthly.json.read_text("utf-8"))
    figures = {f["name"]: f["value"] for f in doc["figures"]}
    # 金水区 2022 GDP, 1932 亿元 (大象新闻 2023-02-13, bundled regional/jinshui_article_2023.csv)
    assert figures["gdp_latest"] == 1932.0
    # growth needed from 1932 to the 2000 亿元 threshold in one year: (2000 / 1932 - 1) * 100
    assert figures["growth_to_threshold"] == pytest.approx((2000 / 1932 - 1) * 100, rel=1e-9)
    # with the 8% target, 1932 * 1.08 = 2086.56 ≥ 2000: the threshold is passed in 2023
    assert figures["threshold_year"] == 2023
    assert doc["parameters"]["region"] == "金水区" and doc["parameters"]["period"] == "2023-06"


# ---------------------------------------------------------------- failures
def test_bad_parameters_rejected_before_anything(tmp_path: Path) -> None:
    out = tmp_path / "never"
    for bad, name in [({"period": "2023-13"}, "period"), ({"region": "火星区"}, "region"),
                      ({"data": str(tmp_path / "missing.csv")}, "data"),
                      ({"language": "fr"}, "language")]:
        with pytest.raises(ParameterError) as info:
            render_report(MONTHLY, bad, out)
        assert info.value.parameter == name
    assert not out.exists()


def test_failing_cell_keeps_notebook(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render_report(TINY, {"mode": "fail"}, tmp_path)
    err = info.value
    failed = tmp_path / "notebooks" / "tiny_金水区_2023-06.failed.ipynb"
    assert err.notebook == str(failed) and failed.is_file()
    assert "故意失败" in err.traceback and "ValueError" in err.traceback
    nb = nbformat.read(failed, as_version=4)
    assert "raise ValueError" in nb.cells[err.cell_index].source
    assert nb.cells[err.cell_index].outputs[-1].output_type == "error"
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob("*.json"))
    assert not list(tmp_path.rglob(".*.tmp-*"))


# ---------------------------------------------------------------- engines agree
def test_kernel_engine_gives_same_figures(tiny: RenderPaths, tmp_path: Path) -> None:
    paths = render_report(TINY, {"scale": 2, "period": "2023-04"}, tmp_path, engine="kernel")
    fork_doc = json.loads(tiny.json.read_text("utf-8"))
    kernel_doc = json.loads(paths.json.read_text("utf-8"))
    assert kernel_doc["figures"] == fork_doc["figures"]
    assert kernel_doc["provenance"]["job_key"] == fork_doc["provenance"]["job_key"]
    assert external_resources(paths.html.read_text("utf-8")) == []


# ---------------------------------------------------------------- collect / index / record
def test_collect_and_index(tiny: RenderPaths) -> None:
    out = tiny.html.parent
    frame = collect(out)
    assert frame.index.name == "row"
    rows = frame[frame["report"] == "tiny_金水区_2023-04"].set_index("figure")
    assert rows.loc["total", "value"] == 29.0 and rows.loc["total", "unit"] == "亿元"
    assert rows.loc["total", "scale"] == 2.0 and rows.loc["total", "region"] == "金水区"
    assert bool(rows.loc["share", "synthetic"]) is True
    page = index(out, {"tiny_金水区_2023-04": "skipped", "ghost": "failed"}).read_text(
        "utf-8")
    assert EXTERNAL.findall(page) == []
    assert 'href="tiny_金水区_2023-04.html"' in page
    assert '<td class="skipped">skipped</td>' in page
    assert "ghost" in page and '<td class="failed">failed</td>' in page
    assert "合计: <b>29.00</b> 亿元" in page


def test_record_outside_a_kernel() -> None:
    clear_recorded()
    entry = record("x", np.float64(1.5), unit="%", label_zh="增速")
    assert entry["value"] == 1.5 and type(entry["value"]) is float
    record("y", float("nan"), unit="亿元")
    record("x", 2, unit="%")  # replaces
    assert [(e["name"], e["value"]) for e in recorded()] == [("y", None), ("x", 2)]
    with pytest.raises(TypeError):
        record("z", 1)  # unit is required
    with pytest.raises(ParameterError):
        record("z", [1, 2], unit="%")
    clear_recorded()
    assert recorded() == []


def test_external_resources_detector() -> None:
    html = """<script src="https://cdn.example/require.js"></script>
    <link rel="stylesheet" href="//fonts.example/css">
    <style>@import url(http://x.example/a.css); .a{background:url('https://y.example/b.png')}</style>
    <a href="https://example.org/source">a source link is not a load</a>
    <img src="data:image/png;base64,AAAA">"""
    assert external_resources(html) == [
        "//fonts.example/css", "http://x.example/a.css", "https://cdn.example/require.js",
        "https://y.example/b.png",
    ]


def test_demo_banner_and_watermark() -> None:
    banner = demo_banner("en", what="monthly indicators")
    assert banner.text.startswith("Synthetic demo data: figures that are not published")
    assert "示例数据：本报告中未公开发布的数据" in banner.text and banner.text.endswith("(monthly indicators)")
    # one notice: the banner says what the title block says
    assert default_demo_notice("en") in banner.text and default_demo_notice("zh") in banner.text
    assert BANNER_CLASS in banner._repr_html_()
    with pytest.raises(ParameterError):
        demo_banner("fr")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    watermark(fig)
    assert any("示例数据" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_stems_keep_distinct_reports_apart() -> None:
    zh = default_stem("monthly_report", {"region": "金水区", "period": "2023-06",
                                                "language": "zh", "data": "bundled"})
    en = default_stem("monthly_report", {"region": "金水区", "period": "2023-06",
                                                "language": "en", "data": "bundled"})
    mine = default_stem("monthly_report", {"region": "金水区", "period": "2023-06",
                                                  "data": "/home/a/tables"})
    assert zh == "monthly_report_金水区_2023-06"
    assert en == "monthly_report_金水区_2023-06_language-en"
    assert mine == "monthly_report_金水区_2023-06_data-tables"
    assert default_stem("benchmark", {"region": "金水区", "benchmark": "郑州市"}) != \
        default_stem("benchmark", {"region": "金水区", "benchmark": "南山区"})


def _specificity(selector: str) -> tuple[int, int, int]:
    """CSS specificity (ids, classes/attributes/pseudo-classes, elements) of a simple selector
    (enough for the rules compared below: no attribute values with spaces, no pseudo-elements)."""
    inner = re.findall(r":not\(([^)]*)\)", selector)
    sel = re.sub(r":not\([^)]*\)", " ", selector)
    ids = sel.count("#")
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!not)[\w-]+", sel))
    elements = len(re.findall(r"(?:^|[\s>+~])([a-z][\w-]*)", sel))
    for part in inner:
        i, c, e = _specificity(part)
        ids, classes, elements = ids + i, classes + c, elements + e
    return ids, classes, elements


def test_report_table_alignment_beats_jupyterlab_css(monthly: RenderPaths) -> None:
    """JupyterLab's stylesheet right-aligns every cell of rendered HTML tables and sets tables
    flush left; the report's own rules (text columns left, numbers right, tables centred) must be
    more specific, or the bureau table reads right-aligned (as it did)."""
    html = monthly.html.read_text("utf-8")
    css = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S))
    css = re.sub(r"url\([^)]*\)", "url()", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    theirs = [s.strip() for sel, body in rules if re.search(r"text-align|margin-left", body)
              and "jinshui" not in sel for s in sel.split(",")
              if re.search(r"jp-RenderedHTMLCommon\s+(td|th|tr|table)\b", s)]
    ours = [s.strip() for sel, body in rules if re.search(r"text-align|margin:", body)
            for s in sel.split(",") if "table.jinshui-table" in s and "thead {" not in s]
    assert theirs and len(ours) >= 4
    top = max(_specificity(s) for s in theirs)
    weak = [s for s in ours if _specificity(s) <= top]
    assert not weak, (top, weak)
    assert _specificity(":not(.a).b td") == (0, 2, 1) and _specificity("body .w t.x .r") == (0, 3, 2)
