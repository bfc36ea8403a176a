"""Word and PDF export of the neutral document model (render.document, docx_writer, pdf_writer)."""

from __future__ import annotations

import io
import re
import time
import warnings
from pathlib import Path

import pytest

from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.render.docx_writer import write_docx
from jinshui_analysis.render.pdf_writer import pdf_pages_to_png, write_pdf
from jinshui_analysis.reports.document import (
    BAND_COLOURS,
    Bullets,
    Document,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
    block_from_dict,
)

docx = pytest.importorskip("docx")  # runtime dependency; imported above by docx_writer
pypdf = pytest.importorskip("pypdf")  # dev extra: reads the PDFs back

COLUMNS = ["指标", "单位", "当月", "累计", "同比增长(%)", "比上年同期(百分点)", "全市",
           "与全市差距(百分点)", "全市位次", "序时进度"]
ROWS = [
    ["地区生产总值", "亿元", "", "1010.5", "9.9", "3.1", "6920.6", "2.3", "2", "52.3%"],
    ["规模以上工业增加值", "亿元", "12.6", "71.3", "5.2", "-1.4", "—", "-0.8", "9", "48.0%"],
    ["固定资产投资", "亿元", "48.2", "301.7", "7.1", "0.6", "", "1.2", "5", "41.5%"],
    ["社会消费品零售总额", "亿元", "101.3", "592.4", "6.8", "2.0", "2684.1", "0.4", "1", "50.9%"],
    ["一般公共预算收入", "亿元", "9.8", "66.2", "3.5", "-5.2", "", "-3.1", "12", "33.0%"],
]
BANDS = [[None] * 9 + [b] for b in ("ahead", "on", "behind", "on", "far_behind")]
HOSTILE = [
    "#set page(width: 1cm)",
    r"*bold* _it_ $x$ ]  [ \ @ref <lbl> // comment",
    '<script>alert("x")</script>',
    "quotes: \"double\" 'single' `tick` “中文引号”",
    '#{ panic("boom") } #import "/etc/passwd": * -- ... ~',
]
KEY_FIGURES = ["1932亿元", "9.9%", "2086.56亿元", "46.5%", "8.86%"]


def _chart_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from jinshui_analysis.reports import plots  # noqa: F401 - registers the CJK font

    months = ["1-2月", "1-3月", "1-4月", "1-5月", "1-6月"]
    fig, ax = plt.subplots(figsize=(7, 3.2), dpi=100)
    ax.plot(months, [8.1, 9.0, 9.4, 9.6, 9.9], marker="o", label="金水区")
    ax.plot(months, [6.0, 6.8, 7.1, 7.3, 7.6], marker="s", label="郑州市")
    ax.set_ylabel("同比增长(%)")
    ax.set_title("地区生产总值累计增速")
    ax.legend()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def sample_document(*, demo: bool = True) -> Document:
    """A realistic 金水区 half-year report of about five A4 pages."""
    png = _chart_png()
    blocks = [
        Heading("一、要点", 1),
        Paragraph("2022年金水区地区生产总值1932亿元。2023年上半年累计增长9.9%，高于全市2.3个百分点，"
                  "居全市第2位。按8%的年度目标，全年地区生产总值将达2086.56亿元，突破2000亿元大关。",
                  "summary"),
        Bullets(["数字经济增加值占地区生产总值的42%，对经济增长的贡献率为46.5%。",
                 "据此推算，数字经济增速约为8.86%，高于全区平均水平。",
                 "242个重点项目全年计划投资587.7亿元，完成进度略慢于序时进度。"]),
        Heading("二、主要指标完成情况", 1),
        Paragraph("上半年，全区经济运行总体平稳、稳中向好，主要指标增速高于全市平均水平。" * 4),
        Table("表1  金水区2023年1-6月主要经济指标", COLUMNS, ROWS, BANDS,
              "金水区统计局；郑州市统计局（示例数据）"),
        Paragraph("注：序时进度＝累计完成÷全年目标÷（已过月数÷12）。空白表示暂无数据。", "note"),
        Heading("（一）地区生产总值", 2),
        Image(png, "图1  金水区与郑州市地区生产总值累计增速", "郑州市统计局；金水区统计局", 150),
        Heading("1. 分产业情况", 3),
        Paragraph("第三产业增加值增长较快，信息传输、软件和信息技术服务业拉动明显。" * 6),
        Heading("三、特殊字符", 1),
        *[Paragraph(text) for text in HOSTILE],
        Bullets(HOSTILE),
        Table("表2 " + HOSTILE[0], ["列 *a*", "$b$"],
              [[HOSTILE[1], HOSTILE[2]], [HOSTILE[3], HOSTILE[4]]], None, HOSTILE[1]),
    ]
    for k, name in enumerate(["四、重点项目", "五、下半年展望", "六、附表"]):
        blocks += [
            PageBreak(),
            Heading(name, 1),
            Paragraph("重点项目建设稳步推进，固定资产投资保持增长，" * 30),
            Table(f"表{k + 3}  附表", COLUMNS, ROWS, BANDS, "示例数据"),
            Image(png, f"图{k + 2}  累计增速", "示例数据", 120),
        ]
    return Document(
        title="金水区2023年1-6月经济运行分析", region="郑州市金水区", period_label="2023年1-6月",
        issuer="金水区统计局", date="2023年7月15日", language="zh", demo=demo,
        blocks=blocks)


def english_document() -> Document:
    return Document(
        title="Jinshui District economy, January–June 2023", region="Jinshui District, Zhengzhou",
        period_label="January–June 2023", issuer="Jinshui District Statistics Bureau",
        date="2023-07-15", language="en", demo=True,
        blocks=[
            Heading("1. Key points", 1),
            Paragraph("GDP was 1932 (100 million yuan) in 2022 and grew 9.9% in the first half of "
                      "2023, 2.3 percentage points above the city. Office: 金水区统计局.",
                      "summary"),
            Bullets(["The digital economy is 42% of GDP.", "It gave 46.5% of growth."]),
            Table("Table 1  Main indicators", ["Indicator", "Unit", "Growth (%)", "Schedule"],
                  [["GDP", "100 mn yuan", "9.9", "52.3%"], ["Retail sales", "100 mn yuan",
                                                            "6.8", "41.5%"]],
                  [[None, None, None, "ahead"], [None, None, None, "behind"]], "Synthetic"),
            Image(_chart_png(), "Figure 1  Cumulative growth", "Zhengzhou statistics", 140),
            Paragraph("Note: schedule = cumulative / annual target.", "note"),
        ])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def zh_doc() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def outputs(zh_doc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    timings = {}
    start = time.perf_counter()
    docx_path = write_docx(zh_doc, folder / "report.docx")
    timings["docx"] = time.perf_counter() - start
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        pdf_path = write_pdf(zh_doc, folder / "report.pdf")
        timings["pdf"] = time.perf_counter() - start
    return {"docx": docx_path, "pdf": pdf_path, "timings": timings, "warnings": caught,
            "folder": folder}


# ---- model ------------------------------------------------------------------------------------


def test_json_round_trip(zh_doc):
    text = zh_doc.to_json()
    back = Document.from_json(text)
    assert back == zh_doc
    images = [b for b in back.blocks if isinstance(b, Image)]
    assert images and images[0].png.startswith(b"\x89PNG")
    assert '"kind": "table"' in text and "金水区" in text  # UTF-8 kept, kinds named
    assert Document.from_json(english_document().to_json(indent=1)) == english_document()


def test_model_validates():
    with pytest.raises(ValueError, match="shape"):
        Table("t", ["a", "b"], [["1", "2"]], [["on"]], "")
    with pytest.raises(ValueError, match="bands"):
        Table("t", ["a"], [["1"]], [["late"]], "")
    with pytest.raises(ValueError, match="cells"):
        Table("t", ["a", "b"], [["1"]])
    with pytest.raises(ValueError, match="level"):
        Heading("x", 4)
    with pytest.raises(ValueError, match="style"):
        Paragraph("x", "bold")
    with pytest.raises(ValueError, match="PNG"):
        Image(b"GIF89a", "c")
    with pytest.raises(ValueError, match="unknown block kind"):
        block_from_dict({"kind": "html", "text": "<b>x</b>"})
    with pytest.raises(ValueError, match="language"):
        Document("t", "r", "p", "i", "d", "fr", False, [])


def test_table_helpers():
    table = Table("t", COLUMNS, ROWS, BANDS, "s")
    aligns = table.alignments()
    assert aligns[0] == "left" and aligns[1] == "left"  # indicator and unit
    assert set(aligns[2:]) == {"right"}  # numbers, with empty cells and "—"
    # a figure marked 非官方来源 ("5.4*") is still a number: its column stays right-aligned
    marked = Table("t", ["指标", "同比增长（%）"], [["地区生产总值", "5.4*"], ["社零", "5.0"]])
    assert marked.alignments() == ("left", "right")
    assert Table("t", ["a", "b"], [["x", "5.4**"]]).alignments() == ("left", "left")
    assert table.used_bands() == ("ahead", "on", "behind", "far_behind")
    weights = table.column_weights()
    assert len(weights) == len(COLUMNS) and weights[0] == max(weights)


def test_notice_once_and_default():
    doc = sample_document(demo=False)
    assert doc.notice == ""
    assert "示例数据" in sample_document().notice
    assert english_document().notice.startswith("Synthetic demo data")


# ---- Word ----------------------------------------------------------------------------------


def _all_runs(document):
    for p in document.paragraphs:
        yield from p.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs
    for section in document.sections:
        for p in section.footer.paragraphs:
            yield from p.runs


def _east_asia(element) -> str | None:
    from docx.oxml.ns import qn

    rpr = element.find(qn("w:rPr"))
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_docx_text_tables_fonts_footer(outputs, zh_doc):
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document(str(outputs["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    for figure in KEY_FIGURES:
        assert figure in text, figure
    assert text.count("示例数据：") == 1  # one demo notice, in the title block
    assert document.paragraphs[0].text == zh_doc.title
    for hostile in HOSTILE:
        assert hostile in text

    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    for i, row in enumerate(ROWS):
        assert [c.text for c in table.rows[i + 1].cells] == row
    # bands as cell shading on 序时进度, nothing on the other body cells
    fills = [[(c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
               if c._tc.tcPr.find(qn("w:shd")) is not None else None)
              for c in row.cells] for row in table.rows[1:]]
    assert [r[-1] for r in fills] == [BAND_COLOURS[b[-1]] for b in BANDS]
    assert all(v is None for r in fills for v in r[:-1])
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated header row

    # East Asian fonts on styles and on every run
    for name, east_asia in (("Normal", "SimSun"), ("Heading 1", "SimHei"),
                            ("Heading 2", "SimHei"), ("List Bullet", "SimSun")):
        assert _east_asia(document.styles[name].element) == east_asia, name
    runs = list(_all_runs(document))
    assert len(runs) > 100
    assert all(_east_asia(r._r) in {"SimSun", "SimHei"} for r in runs)
    styles_fonts = document.styles.element.xpath(".//w:rFonts")
    assert styles_fonts and all(f.get(qn("w:eastAsia")) in {"SimSun", "SimHei"}
                                for f in styles_fonts)
    assert not document.styles.element.xpath(".//w:rFonts/@w:eastAsiaTheme")  # no theme fonts

    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    footer = section.footer._element
    assert "PAGE" in "".join(footer.xpath(".//w:instrText/text()"))
    assert "第" in "".join(footer.xpath(".//w:t/text()"))
    assert len(document.inline_shapes) == sum(isinstance(b, Image) for b in zh_doc.blocks)
    assert abs(document.inline_shapes[0].width - Mm(150)) < Mm(0.5)


def test_docx_english_footer(tmp_path):
    path = write_docx(english_document(), tmp_path / "en.docx")
    document = docx.Document(str(path))
    footer_text = "".join(document.sections[0].footer._element.xpath(".//w:t/text()"))
    assert footer_text.startswith("Page")
    assert _east_asia(document.styles["Normal"].element) == "SimSun"
    assert document.styles["Normal"].font.name == "Times New Roman"


# ---- PDF -----------------------------------------------------------------------------------


def _font_descriptors(reader):
    """(font name, descriptor) of every font used on any page, including in form XObjects."""
    found = {}

    def walk(resources):
        resources = resources.get_object() if resources is not None else {}
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            found[str(font.get("/BaseFont"))] = desc.get_object() if desc is not None else None
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def test_pdf_text_fonts_pages(outputs, zh_doc):
    assert not [w for w in outputs["warnings"] if issubclass(w.category, JinshuiWarning)]
    reader = pypdf.PdfReader(str(outputs["pdf"]))
    assert 3 <= len(reader.pages) <= 8
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.3) < 1
        assert abs(float(page.mediabox.height) - 841.9) < 1
    pages = [page.extract_text() for page in reader.pages]
    text = _squash("\n".join(pages))
    for figure in KEY_FIGURES + ["金水区2023年1-6月经济运行分析", "一、要点", "规模以上工业增加值",
                                 "比上年同期(百分点)", "52.3%", "资料来源：金水区统计局"]:
        assert _squash(figure) in text, figure
    assert text.count("示例数据：") == 1
    assert "第1页" in _squash(pages[0]) and f"第{len(pages)}页" in _squash(pages[-1])

    fonts = _font_descriptors(reader)
    assert fonts and any("NotoSansCJK" in name for name in fonts)
    for name, desc in fonts.items():
        assert desc is not None, name
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc), f"{name} not embedded"
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} not subset"


def test_pdf_hostile_strings_are_literal(outputs):
    reader = pypdf.PdfReader(str(outputs["pdf"]))
    text = _squash("".join(page.extract_text() for page in reader.pages))
    for hostile in HOSTILE:
        assert _squash(hostile) in text, hostile
    # the hostile "#set page(width: 1cm)" did not change the page size (checked above) and
    # "*bold*" was not turned into strong text: the asterisks survive
    assert "*bold*_it_$x$]" in text


def test_pdf_deterministic_and_atomic(outputs, zh_doc, tmp_path, monkeypatch):
    again = write_pdf(zh_doc, tmp_path / "again.pdf")
    assert again.read_bytes() == outputs["pdf"].read_bytes()
    assert sorted(p.name for p in outputs["folder"].iterdir()) == ["report.docx", "report.pdf"]

    # a failing write leaves the existing file alone and no temporary file behind
    from jinshui_analysis.render import pdf_writer

    def boom(doc):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr(pdf_writer, "pdf_bytes", boom)
    with pytest.raises(RuntimeError):
        write_pdf(zh_doc, again)
    assert again.read_bytes() == outputs["pdf"].read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.pdf"]


def test_pdf_english(tmp_path):
    path = write_pdf(english_document(), tmp_path / "en.pdf")
    reader = pypdf.PdfReader(str(path))
    text = reader.pages[0].extract_text()
    assert "Page 1" in text
    assert "Synthetic demo data" in text
    assert "金水区统计局" in _squash(text)  # CJK inside English text still has a font
    for name, desc in _font_descriptors(reader).items():
        assert desc is not None and {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc), name


def test_pdf_warns_on_missing_glyph(tmp_path):
    doc = Document("t", "r", "p", "i", "d", "zh", False, [Paragraph("增长 📈")])
    with pytest.warns(JinshuiWarning, match="📈"):
        write_pdf(doc, tmp_path / "emoji.pdf")


def test_pdf_preview_pages(outputs):
    pytest.importorskip("pypdfium2")
    out = Path("/tmp/doc_preview")
    pngs = pdf_pages_to_png(outputs["pdf"], out, scale=1.5)
    assert len(pngs) == len(pypdf.PdfReader(str(outputs["pdf"])).pages)
    from PIL import Image as PILImage

    with PILImage.open(pngs[0]) as im:
        assert im.size == (round(595.28 * 1.5), round(841.89 * 1.5))
        # the page is not blank and the 序时进度 bands put colour on it
        colours = {c for _, c in im.convert("RGB").getcolors(maxcolors=1 << 20)}
        assert len(colours) > 50
        assert any(r > 200 and g < 190 and b < 190 for r, g, b in colours)  # far_behind red


def test_timings_recorded(outputs):
    # generous bounds: Typst typesets the ~5-page sample in well under a second once warm
    assert outputs["timings"]["pdf"] < 30
    assert outputs["timings"]["docx"] < 30
    print(f"\nwrite_docx {outputs['timings']['docx']:.3f}s, write_pdf {outputs['timings']['pdf']:.3f}s")


def test_edge_cases(tmp_path):
    rows = [[f"项目{i}", f"{i * 1.5:.1f}", "52.0%"] for i in range(90)]
    doc = Document("边界情况", "", "", "", "", "zh", False, [
        Table("空表", ["a", "b"], [], None, ""),
        Paragraph("第一行\n第二行\t制表 ctrl\x00\x07chars\r\n"),
        Table("长表", ["项目", "数值", "进度"], rows, [[None, None, "behind"]] * 90, "来源"),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pdf = write_pdf(doc, tmp_path / "edge.pdf")
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) >= 2  # the long table runs over a page break
    assert reader.pages[1].extract_text().split("\n")[0].split() == ["项目", "数值", "进度"]
    assert "ctrlchars" in reader.pages[0].extract_text()
    document = docx.Document(str(write_docx(doc, tmp_path / "edge.docx")))
    assert "ctrlchars" in "\n".join(p.text for p in document.paragraphs)
    assert len(document.tables[1].rows) == 91
