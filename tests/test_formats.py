"""Reports as a statistics bureau hands them over: HTML, Word and PDF from one rendering.

Two notebook executions (module fixtures): the monthly report in Chinese and in English, each
written as HTML, .docx and .pdf.  The rest are unit tests of the number style, the section →
document blocks conversion, the commentary file and the job key.
"""

from __future__ import annotations

import html as _html
import json
import re
from pathlib import Path

import nbformat
import pytest

from jinshui_analysis import report
from jinshui_analysis.data.profiles import load_profiles
from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.render.export import document_of
from jinshui_analysis.render.jobs import check_formats, prepare_job
from jinshui_analysis.reports import numbers, present
from jinshui_analysis.reports.document import Bullets, Heading, Image, Paragraph, Table
from jinshui_analysis.reports.record import BANNER_CLASS
from jinshui_analysis.reports.section import Section
from jinshui_analysis.reports.sections.commentary import commentary, parse_commentary

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
COMMENTARY = """# 金水区2023年上半年经济运行分析意见

## 形势判断

上半年经济运行总体平稳，消费恢复较快。<script>alert(1)</script>

## 存在问题

- 重点项目投资进度慢于序时进度；
- 工业增长**动力不足**。

## 下一步建议

1. 加快项目建设 #set page(width: 1cm)
2. 稳住消费
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("formats_zh")
    note = out / "commentary.md"
    note.write_text(COMMENTARY, "utf-8")
    paths = report.render("monthly_report", {"commentary": str(note), "demo": True}, out,
                          formats="html,docx,pdf")
    return {"paths": paths, "json": json.loads(paths.json.read_text("utf-8"))}


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("formats_en")
    paths = report.render("monthly_report", {"language": "en", "demo": True}, out,
                          formats=["docx", "pdf"])
    return {"paths": paths, "json": json.loads(paths.json.read_text("utf-8"))}


def _figures(doc: dict) -> dict:
    return {f["name"]: f for f in doc["figures"]}


def _pdf_text(path: Path) -> tuple[list[str], object]:
    reader = pypdf.PdfReader(str(path))
    return [p.extract_text() for p in reader.pages], reader


def _docx_text(path: Path) -> tuple[str, object]:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts), document


def _html_text(path: Path) -> str:
    page = path.read_text("utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<img\b[^>]*>", " ", page)
    page = re.sub(r"<title>.*?</title>", " ", page, flags=re.S)
    return _html.unescape(re.sub(r"<[^>]+>", "\n", page))


# ----------------------------------------------------------------------------- all formats
def test_files_written_beside_the_html(zh):
    paths = zh["paths"]
    for p in (paths.html, paths.docx, paths.pdf, paths.json):
        assert p is not None and p.is_file() and p.stat().st_size > 10_000, p
    assert paths.docx.with_suffix(".html") == paths.html == paths.pdf.with_suffix(".html")
    assert zh["json"]["formats"] == ["html", "docx", "pdf"]
    assert paths.docx.read_bytes()[:2] == b"PK" and paths.pdf.read_bytes()[:5] == b"%PDF-"


def test_pdf_a4_fonts_embedded_key_figures_at_most_seven_pages(zh):
    pages, reader = _pdf_text(zh["paths"].pdf)
    # six pages were full before the 本季度地区生产总值测算 section (issue 23) added a third of one
    assert 1 <= len(pages) <= 7, f"{len(pages)} pages"
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.3) < 1
        assert abs(float(page.mediabox.height) - 841.9) < 1
    text = _squash("\n".join(pages))
    figs = _figures(zh["json"])
    # the key figures, in Chinese number style, as recorded in the report's JSON
    gdp = figs["gdp_latest"]["value"]
    assert gdp == 1932.0
    assert "地区生产总值1932亿元" in text
    done = numbers.pct(figs["projects_completion_pct"]["value"])
    assert f"完成年度计划{done}" in text
    gap = numbers.pp(-figs["projects_gap_pp"]["value"], "zh")
    assert f"落后序时进度{gap}" in text
    assert "要点" in text and "第1页" in _squash(pages[0])
    assert text.count("示例数据：本报告") == 1  # one demo notice, in the title block
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            fonts[str(font.get("/BaseFont"))] = desc.get_object() if desc else None
    assert any("NotoSansCJK" in name for name in fonts)
    for name, desc in fonts.items():
        assert desc is not None and {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc), name


def test_docx_text_tables_east_asian_fonts(zh):
    from docx.oxml.ns import qn

    text, document = _docx_text(zh["paths"].docx)
    assert "金水区2023年1-6月经济运行分析" in document.paragraphs[0].text
    assert "地区生产总值1932亿元" in text and "分析稿（基于公开数据，非官方发布）" in text
    assert text.count("示例数据：本报告") == 1
    assert len(document.tables) >= 3
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert any("指标" in h and "同比增长（%，可比价）" in "".join(h) for h in headers), headers
    fonts = document.styles.element.xpath(".//w:rFonts")
    assert fonts and all(f.get(qn("w:eastAsia")) in {"SimSun", "SimHei"} for f in fonts)
    assert len(document.inline_shapes) >= 4  # the charts


def test_sections_in_order_and_provenance_at_the_end(zh):
    pages, _ = _pdf_text(zh["paths"].pdf)
    text = _squash("\n".join(pages))
    order = ["经济运行分析", "要点", "主要指标", "年度目标进度", "形势判断", "存在问题",
             "下一步建议", "数据说明", "数据来源与可追溯信息"]
    at = [text.find(w) for w in order]
    assert all(i >= 0 for i in at), dict(zip(order, at))
    assert at == sorted(at), dict(zip(order, at))
    # the analyst's text is placed literally: no markup, no emphasis markers
    assert "<script>alert(1)</script>" in text and "#setpage(width:1cm)" in text
    assert "动力不足" in text and "**" not in text


def test_html_layout(zh):
    page = zh["paths"].html.read_text("utf-8")
    body = _html_text(zh["paths"].html)
    # title block on top, parameters only in the provenance block at the end
    assert page.index("jinshui-titleblock") < page.index("要点") < page.index('class="jinshui-params"')
    assert page.index('class="jinshui-params"') > page.index("数据说明")
    assert page.count(f'class="{BANNER_CLASS}"') == 1
    assert "@page" in page and "A4" in page and "break-inside: avoid" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
    # no file paths or row numbers in the body
    main = page[:page.index('class="jinshui-provenance"')]
    assert not re.search(r"(?:data|regional|sources)/[\w.\-]+\.(?:csv|txt)", main)
    assert not re.search(r"\.csv row \d", main)
    assert "地区生产总值1932亿元" in _squash(body)
    assert numbers.DEMO_SOURCE["zh"] in body  # source line under the demo charts
    assert present.BLOCKS_MIME not in page and present.META_MIME not in page


def test_document_of_matches_the_html(zh):
    nb = nbformat.read(zh["paths"].notebook, as_version=4)
    doc = document_of(nb)
    # no bundled issuer: an analysis draft, generated on a date, with the data's cut-off date
    assert doc.title.startswith("金水区") and doc.issuer == "分析稿（基于公开数据，非官方发布）"
    assert doc.demo
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日生成，数据截至2023年6月30日（.*）", doc.date)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[:2] == ["要点", "主要指标"]
    page = zh["paths"].html.read_text("utf-8")
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    assert _html.escape(cell, quote=True) in page, cell


# ----------------------------------------------------------------------------- English
def _allowed() -> set[str]:
    from jinshui_analysis.data import sources

    names = set(load_profiles())
    frame = sources()
    for col in ("publisher", "source_url"):
        if col in frame.columns:
            names |= {numbers.source_label(s) for s in frame[col].dropna().astype(str)}
    return {n for n in names if n}


def _chinese_outside_names(text: str) -> list[str]:
    """Lines with CJK characters once parenthesised names and allowed names are removed."""
    text = re.sub(r"[(（][^()（）]*[)）]", "", text)
    for name in sorted(_allowed(), key=len, reverse=True):
        text = text.replace(name, "")
    return [line.strip()[:120] for line in text.splitlines() if CJK.search(line)]


def test_english_report_has_no_chinese_apart_from_names(en):
    paths = en["paths"]
    assert paths.docx.is_file() and paths.pdf.is_file() and paths.html.is_file()
    html_text = _html_text(paths.html)
    docx_text, _ = _docx_text(paths.docx)
    pdf_pages, _ = _pdf_text(paths.pdf)
    for what, text in (("html", html_text), ("docx", docx_text),
                       ("pdf", "\n".join(pdf_pages))):
        bad = _chinese_outside_names(text)
        assert not bad, f"{what}: {bad[:8]}"
    assert "Jinshui District (金水区)" in docx_text
    assert "100 million yuan" in docx_text and "Highlights" in docx_text
    assert "Page 1" in pdf_pages[0]


# ----------------------------------------------------------------------------- units
def test_number_style():
    assert numbers.amount(1932.0, "亿元") == "1932亿元"
    assert numbers.amount(2086.556, "亿元", nd=2) == "2086.56亿元"
    assert numbers.amount(8035.88, "亿元", "en") == "8,035.88 (100 million yuan)"
    assert numbers.pct(9.87) == "9.9%" and numbers.pct(float("nan")) == "—"
    assert numbers.pp(2.34, "zh") == "2.3个百分点"
    assert numbers.pp(2.34, "en") == "2.3 percentage points"
    # an error that rounds to zero carries no sign ("误差0.0个百分点", never "-0.0")
    assert numbers.pp(-0.04) == "0.0个百分点" and numbers.number(-0.06) == "-0.1"
    assert numbers.years(31.6, "zh") == "约32年" and numbers.years(1, "en") == "about 1 year"
    assert numbers.period_text("2023-06", "zh", ytd=True) == "2023年1-6月"
    assert numbers.period_text("2023Q2", "zh") == "2023年二季度"
    assert numbers.period_text("2023Q2", "en") == "Q2 2023"
    assert numbers.cell(float("nan")) == "" and numbers.cell(3) == "3"
    assert numbers.cell(9.87, "同比增长(%)") == "9.9" and numbers.cell(1932.456, "亿元") == "1932.46"
    assert numbers.source_label(
        "data/sources/dx.txt (大象新闻 2023-02-13) [regional/x.csv row 2]") == "大象新闻 2023-02-13"
    # growth as bureaus write it: 下降2.4%, never 增长-2.4%
    assert [numbers.change(x) for x in (8.7, -2.4, float("nan"))] == ["增长8.7%", "下降2.4%", "—"]
    assert numbers.change(-2.4, "en") == "fell 2.4%"
    # a URL ending in .json stays whole (its path is not a file path); a local path goes
    url = "https://github.com/o/r/blob/239/data/series/nbs-industrial-va.json"
    assert numbers.source_label(f"{url} [regional/ytd_panel.csv row 227]") == url
    assert numbers.source_label("/home/me/tables/管城区.csv") == ""
    assert numbers.english("GDP 1,932.00亿元, 南山区") == \
        "GDP 1,932.00 (100 million yuan), Nanshan District (南山区)"
    assert numbers.english("Jinshui District (金水区)") == "Jinshui District (金水区)"


def test_schedule_bands_and_table_block():
    import pandas as pd

    assert [present.schedule_band(p, 50.0) for p in (55, 50.5, 45, 30, None)] == \
        ["ahead", "on", "behind", "far_behind", None]
    frame = pd.DataFrame({"完成率（%）": [55.0, 30.0], "计划（亿元）": [1.234, float("nan")]},
                         index=pd.Index(["甲", "<b>乙</b>"], name="项目"))
    frame.attrs["bands"] = [["ahead", None], ["far_behind", None]]
    t = present.table_block("表", frame)
    assert t.columns == ("项目", "完成率（%）", "计划（亿元）")
    assert t.rows == (("甲", "55.0", "1.23"), ("<b>乙</b>", "30.0", ""))
    assert t.bands == ((None, "ahead", None), (None, "far_behind", None))
    html = present.blocks_html([t])
    assert "&lt;b&gt;乙&lt;/b&gt;" in html and "<b>乙" not in html
    assert 'data-band="far_behind"' in html and "明显滞后" in html


def test_section_blocks_and_watermarked_chart_source():
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from jinshui_analysis.reports import plots

    fig = plots.line(pd.Series([1.0, 2.0], index=["2022", "2023"]), title="t", ylabel="亿元",
                     synthetic=True)
    sec = Section("标题", "zh", notes=["见 data/sources/x.txt (大象新闻 2023-02-13) [y.csv row 3]"],
                  figures=[fig])
    sec.body.append(Paragraph("正文", "summary"))
    blocks = present.section_blocks(sec)
    assert isinstance(blocks[0], Heading) and blocks[0].text == "标题"
    assert isinstance(blocks[1], Paragraph) and blocks[1].style == "summary"
    assert isinstance(blocks[2], Bullets) and blocks[2].items == ("见 大象新闻 2023-02-13",)
    image = blocks[3]
    assert isinstance(image, Image) and image.png.startswith(b"\x89PNG")
    assert image.source == numbers.DEMO_SOURCE["zh"] and image.width_mm <= 160


def test_commentary_sections(tmp_path):
    blocks = parse_commentary(COMMENTARY)
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["形势判断", "存在问题", "下一步建议"]
    assert Bullets(["重点项目投资进度慢于序时进度；", "工业增长动力不足。"]) in blocks
    assert Bullets(["加快项目建设 #set page(width: 1cm)", "稳住消费"]) in blocks
    assert commentary("").body == [] and commentary(None).title == ""
    with pytest.raises(ParameterError, match="commentary"):
        commentary(tmp_path / "missing.md")
    bad = tmp_path / "bad.md"
    bad.write_bytes("## 形势判断\n".encode("gbk"))
    with pytest.raises(DataError, match="UTF-8"):
        commentary(bad)
    empty = tmp_path / "empty.md"
    empty.write_text("no sections\n", "utf-8")
    with pytest.raises(DataError, match="##"):
        commentary(empty)


def test_formats_are_part_of_the_job_key(tmp_path):
    assert check_formats(None) == ("html",)
    assert check_formats("pdf, docx") == ("html", "docx", "pdf")
    with pytest.raises(ParameterError, match="odt"):
        check_formats("html,odt")
    html_only = prepare_job("monthly_report", {}, tmp_path)
    three = prepare_job("monthly_report", {}, tmp_path, formats="html,docx,pdf")
    assert html_only.key != three.key and three.formats == ("html", "docx", "pdf")
    assert html_only.paths.docx is None and three.paths.pdf == tmp_path.resolve() / (
        three.stem + ".pdf")
    note = tmp_path / "c.md"
    note.write_text("## 形势判断\n平稳。\n", "utf-8")
    with_note = prepare_job("monthly_report", {"commentary": str(note)}, tmp_path)
    note.write_text("## 形势判断\n回升。\n", "utf-8")
    changed = prepare_job("monthly_report", {"commentary": str(note)}, tmp_path)
    assert with_note.key != changed.key != html_only.key
    with pytest.raises(ParameterError, match="commentary"):
        prepare_job("monthly_report", {"commentary": str(tmp_path / "nope.md")}, tmp_path)
