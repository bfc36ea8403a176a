"""Write a :class:`~jinshui_analysis.reports.document.Document` as a Word file (python-docx).

The file follows the habits of a statistics bureau's Word reports: A4 portrait; body text in
宋体 (SimSun) with Times New Roman for Latin letters and digits, headings and table headers in
黑体 (SimHei) with Arial; Chinese paragraphs justified with a two-character first-line indent
and 1.5 line spacing; a centred title block with one demo notice when the report contains
synthetic data; tables with a shaded header row that repeats on every page, the four
progress-against-schedule (序时进度) bands as cell shading plus a legend, caption above and
source line below; images at their width with caption and source line below; “第 X 页” /
“Page X” (a ``PAGE`` field) centred in the footer.

The East Asian font is set explicitly (``w:rFonts/@w:eastAsia``) on the document defaults, on
every style used and on every run, and the theme-font attributes are removed, so Word does not
fall back to a theme font (such as 等线) for Chinese text.  The fonts are not embedded: Word and
WPS on Chinese systems have them; elsewhere the reader substitutes a CJK font.

All text is placed as plain text (python-docx escapes it); characters that XML cannot hold
(control characters other than tab and newline) are dropped.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from docx import Document as _new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.run import Run

from jinshui_analysis.render.outputs import atomic_write
from jinshui_analysis.reports.document import (
    BAND_COLOURS,
    BAND_LABELS,
    Bullets,
    Document,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
)

__all__ = ["FONTS", "docx_bytes", "write_docx"]

#: Fonts by role: (Latin font, East Asian font).
FONTS = {
    "body": ("Times New Roman", "SimSun"),
    "heading": ("Arial", "SimHei"),
}

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGINS_MM = {"top": 25.0, "bottom": 22.0, "left": 25.0, "right": 25.0}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]

BODY_PT = 11.0
_TABLE_TEXT = "Table Text"  # style id "TableText"
GREY = RGBColor(0x55, 0x55, 0x55)
HEADING_PT = {1: 15.0, 2: 13.0, 3: 11.5}
_LABELS = {
    "zh": {"page": ("第 ", " 页"), "source": "资料来源：", "sep": "　"},
    "en": {"page": ("Page ", ""), "source": "Source: ", "sep": "  ·  "},
}
#: Longest text Word accepts in a core property (title, author, subject …).
CORE_PROPERTY_MAX = 255


def core_property(text: object) -> str:
    """``text`` for a Word core-property field: XML-safe, one line, at most
    :data:`CORE_PROPERTY_MAX` characters (shortened with "…")."""
    value = " ".join(_XML_INVALID.sub("", str(text or "")).split())
    return value if len(value) <= CORE_PROPERTY_MAX else value[:CORE_PROPERTY_MAX - 1] + "…"


_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _set_fonts(element, role: str) -> None:
    """Set Latin and East Asian fonts on a style's or run's ``w:rPr``, without theme fonts."""
    _set_rfonts(element.get_or_add_rPr().get_or_add_rFonts(), role)


def _set_rfonts(rfonts, role: str) -> None:
    latin, east_asia = FONTS[role]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


# Children that must follow w:pBdr / w:shd in w:pPr, w:tcPr and w:rPr (ECMA-376 element order).
_PPR_AFTER_SHD = (
    "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange",
)
_AFTER_SHD = {
    "pPr": _PPR_AFTER_SHD,
    "tcPr": ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
             "cellIns", "cellDel", "cellMerge", "tcPrChange"),
    "rPr": ("fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
            "oMath"),
}


def _insert(parent, child, successors) -> None:
    """Insert ``child`` into ``parent`` before the first child whose tag is in ``successors``."""
    tags = {qn(f"w:{t}") for t in successors}
    for existing in parent:
        if existing.tag in tags:
            existing.addprevious(child)
            return
    parent.append(child)


def _shade(pr, fill: str) -> None:
    """Set ``<w:shd w:val="clear" w:fill=...>`` on a ``w:pPr``, ``w:tcPr`` or ``w:rPr``."""
    shd = pr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        _insert(pr, shd, _AFTER_SHD[pr.tag.rsplit("}", 1)[1]])
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _border(ppr, sides: dict[str, tuple[str, int]]) -> None:
    """Paragraph borders: ``sides`` maps ``top``/``left``/… to (hex colour, eighths of a pt)."""
    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            colour, size = sides[side]
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "4")
            el.set(qn("w:color"), colour)
            pbdr.append(el)
    _insert(ppr, pbdr, ("shd",) + _PPR_AFTER_SHD)


def _run(paragraph, text: str, *, role: str = "body", size: float | None = None,
         bold: bool | None = None, colour: RGBColor | None = None) -> Run:
    """Append a run with explicit fonts (Latin and East Asian), size, weight and colour.

    The ``w:rPr`` children are built directly in schema order, which is several times faster
    than python-docx's generic property setters on large tables.
    """
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    r.append(rpr)
    rfonts = OxmlElement("w:rFonts")
    _set_rfonts(rfonts, role)
    rpr.append(rfonts)
    if bold is not None:
        b = OxmlElement("w:b")
        if not bold:
            b.set(qn("w:val"), "0")
        rpr.append(b)
    if colour is not None:
        el = OxmlElement("w:color")
        el.set(qn("w:val"), str(colour))
        rpr.append(el)
    if size is not None:
        el = OxmlElement("w:sz")
        el.set(qn("w:val"), str(round(size * 2)))
        rpr.append(el)
    paragraph._p.append(r)
    run = Run(r, paragraph)
    if text:
        run.text = _clean(text)
    return run


def _page_field(paragraph, size: float) -> None:
    """Append a ``PAGE`` field (current page number) to ``paragraph``."""
    def fld(kind: str):
        run = _run(paragraph, "", size=size, colour=GREY)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    run = _run(paragraph, "", size=size, colour=GREY)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    fld("separate")
    _run(paragraph, "1", size=size, colour=GREY)
    fld("end")


def _setup(doc: Document):
    """A new python-docx document with page setup, default fonts and styles."""
    out = _new_docx()
    zh = doc.language == "zh"
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(10)

    # document defaults: fonts and languages (Chinese text is marked zh-CN)
    styles = out.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        _set_rfonts(rpr.get_or_add_rFonts(), "body")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "zh-CN" if zh else "en-GB")
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = out.styles["Normal"]
    _set_fonts(normal.element, "body")
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(4)
    pf.line_spacing = 1.5 if zh else 1.15
    for level, size in HEADING_PT.items():
        style = out.styles[f"Heading {level}"]
        _set_fonts(style.element, "heading")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.2
    table_text = out.styles.add_style(_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.paragraph_format.space_before = table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # every other style that names fonts (many name theme fonts, also in table-style
    # conditional formats): explicit fonts instead
    for element in styles.findall(qn("w:style")):
        name = element.find(qn("w:name"))
        name = "" if name is None else name.get(qn("w:val"), "")
        heading = name.lower().startswith(("heading", "title", "subtitle"))
        if name in {"List Bullet", "Footer", _TABLE_TEXT}:
            _set_fonts(element, "body")
        for rfonts in element.iter(qn("w:rFonts")):
            _set_rfonts(rfonts, "heading" if heading else "body")

    # Word's core properties hold at most 255 characters: long names are shortened there (the
    # document's own title block keeps the full text)
    out.core_properties.title = core_property(doc.title)
    out.core_properties.author = core_property(doc.issuer)
    out.core_properties.language = "zh-CN" if zh else "en-GB"
    out.core_properties.subject = core_property(doc.period_label)
    out.core_properties.comments = ""

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = _LABELS[doc.language]["page"]
    _run(footer, before, size=9, colour=GREY)
    _page_field(footer, 9)
    if after:
        _run(footer, after, size=9, colour=GREY)
    return out


def _title_block(out, doc: Document) -> None:
    labels = _LABELS[doc.language]
    p = out.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.space_after = Pt(10)
    p.paragraph_format.line_spacing = 1.2
    _run(p, doc.title, role="heading", size=20, bold=True)
    for line, size in ((labels["sep"].join(s for s in (doc.region, doc.period_label) if s), 12),
                       (labels["sep"].join(s for s in (doc.issuer, doc.date) if s), 11)):
        if line:
            p = out.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(2)
            _run(p, line, size=size)
    if doc.notice:
        p = out.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.line_spacing = 1.2
        ppr = p._p.get_or_add_pPr()
        _border(ppr, {s: ("C0504D", 8) for s in ("top", "left", "bottom", "right")})
        _shade(ppr, "FDF1E4")
        _run(p, doc.notice, size=9.5, colour=RGBColor(0x7F, 0x1D, 0x1D))
    # a red rule under the title block
    p = out.add_paragraph()
    p.paragraph_format.space_after = Pt(8)
    p.paragraph_format.line_spacing = 1.0
    _border(p._p.get_or_add_pPr(), {"bottom": ("B22222", 12)})


def _paragraph(out, block: Paragraph, zh: bool) -> None:
    p = out.add_paragraph()
    if block.style == "note":
        p.paragraph_format.line_spacing = 1.2
        p.paragraph_format.space_after = Pt(8)
        _run(p, block.text, size=9, colour=GREY)
        return
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if zh:
        p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    if block.style == "summary":
        ppr = p._p.get_or_add_pPr()
        _border(ppr, {"left": ("1F4E79", 24)})
        _shade(ppr, "F2F2F2")
        p.paragraph_format.space_before = Pt(4)
        p.paragraph_format.space_after = Pt(8)
    _run(p, block.text)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    trpr.append(cant)


def _cell_text(cell, text: str, *, align, size: float, role: str = "body") -> None:
    p = cell.paragraphs[0]
    p._p.style = "TableText"
    if align != WD_ALIGN_PARAGRAPH.LEFT:
        p.alignment = align
    _run(p, text, role=role, size=size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _cell_margins(table, *, left_right: int, top_bottom: int) -> None:
    """Default cell margins of ``table`` in twentieths of a point (``w:tblCellMar``)."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, width in (("top", top_bottom), ("left", left_right), ("bottom", top_bottom),
                        ("right", left_right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(width))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    _insert(tblpr, mar, ("tblLook", "tblCaption", "tblDescription", "tblPrChange"))


def _table(out, block: Table, language: str) -> None:
    labels = _LABELS[language]
    if block.caption:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.space_after = Pt(4)
        p.paragraph_format.keep_with_next = True
        _run(p, block.caption, role="heading", size=10.5)
    n = len(block.columns)
    size = block.font_pt()
    table = out.add_table(rows=1 + len(block.rows), cols=n)
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, left_right=57, top_bottom=28)  # 1 mm / 0.5 mm: narrow columns fit
    weights = block.column_weights()
    total = block.width_mm(size, TEXT_WIDTH_MM)
    widths = [Mm(total * w / sum(weights)) for w in weights]
    for j, width in enumerate(widths):
        table.columns[j].width = width
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if a == "right" else WD_ALIGN_PARAGRAPH.LEFT
              for a in block.alignments()]
    header = table.rows[0]
    _repeat_header(header)
    for j, text in enumerate(block.columns):
        cell = header.cells[j]
        cell.width = widths[j]
        _shade(cell._tc.get_or_add_tcPr(), "E4E4E4")
        _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=size, role="heading")
    for i, row in enumerate(block.rows):
        cells = table.rows[i + 1].cells
        for j, text in enumerate(row):
            cell = cells[j]
            cell.width = widths[j]
            band = block.band(i, j)
            if band is not None:
                _shade(cell._tc.get_or_add_tcPr(), BAND_COLOURS[band])
            _cell_text(cell, text, align=aligns[j], size=size)
    used = block.used_bands()
    indent = Mm((TEXT_WIDTH_MM - total) / 2)
    if used:
        p = out.add_paragraph()
        p.paragraph_format.left_indent = indent
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        # the swatch is a shaded space: an ideographic space in Chinese, an em space in English
        # (no CJK character in an English report)
        space = "\u3000" if language == "zh" else "\u2003"
        for k, band in enumerate(used):
            swatch = _run(p, space, size=8)
            _shade(swatch._r.get_or_add_rPr(), BAND_COLOURS[band])
            _run(p, " " + BAND_LABELS[language][band] + (space if k < len(used) - 1 else ""),
                 size=8, colour=GREY)
    p = out.add_paragraph()
    p.paragraph_format.left_indent = indent
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(10)
    p.paragraph_format.line_spacing = 1.0
    if block.source:
        _run(p, labels["source"] + block.source, size=8.5, colour=GREY)


def _image(out, block: Image, language: str) -> None:
    labels = _LABELS[language]
    p = out.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.keep_with_next = True
    run = p.add_run()
    _set_fonts(run._r, "body")
    run.add_picture(io.BytesIO(block.png), width=Mm(min(block.width_mm, TEXT_WIDTH_MM)))
    if block.caption:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.keep_with_next = bool(block.source)
        _run(p, block.caption, role="heading", size=10)
    if block.source:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(10)
        _run(p, labels["source"] + block.source, size=8.5, colour=GREY)


def docx_bytes(doc: Document) -> bytes:
    """Build the Word file of ``doc`` and return its content.

    Parameters
    ----------
    doc : Document

    Returns
    -------
    bytes
        A ``.docx`` (Office Open XML) file.
    """
    out = _setup(doc)
    zh = doc.language == "zh"
    _title_block(out, doc)
    for block in doc.blocks:
        if isinstance(block, Heading):
            p = out.add_paragraph(style=f"Heading {block.level}")
            _run(p, block.text, role="heading")
        elif isinstance(block, Paragraph):
            _paragraph(out, block, zh)
        elif isinstance(block, Bullets):
            for item in block.items:
                p = out.add_paragraph(style="List Bullet")
                p.paragraph_format.space_after = Pt(2)
                _run(p, item)
        elif isinstance(block, Table):
            _table(out, block, doc.language)
        elif isinstance(block, Image):
            _image(out, block, doc.language)
        elif isinstance(block, PageBreak):
            p = out.add_paragraph()
            _run(p, "").add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def write_docx(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` as an A4 Word (``.docx``) file, atomically.

    Parameters
    ----------
    doc : Document
        The report.
    path : str or path-like
        Output file; its folder must exist.  The file is first written to a temporary file in
        the same folder and then moved into place, so readers never see a partial file.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return atomic_write(path, docx_bytes(doc))
