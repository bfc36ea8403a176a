"""Write a :class:`~jinshui_analysis.reports.document.Document` as a PDF with Typst.

The PDF is typeset by the Typst compiler bundled in the PyPI package ``typst`` (nothing is
downloaded, no LaTeX, no browser).  The only fonts are the bundled Noto Sans CJK SC face (SIL
Open Font License 1.1, from the project's ``noto-cjk-sans-otc`` dependency, read straight from its
``.ttc`` collection) and the fonts compiled into Typst itself (Libertinus Serif for English
body text); system fonts are ignored.  Typst embeds subsets of the fonts it uses.

No text of the document is ever interpreted as Typst markup: the document is written as JSON
into a temporary folder, beside the images as PNG files, and the fixed template
:data:`TEMPLATE` reads it with ``json(...)`` and places every string as text content.  The
template is kept in this module (not a package data file) so that it is always installed.

Layout: A4 portrait; a title block (title, region and period, issuer and date, one demo notice
when the document has demo data) under which a rule separates the body; headings in the sans
face; Chinese body text justified with a two-character first-line indent, ``lang: "zh"``,
``region: "cn"`` and generous leading; tables with a repeated, shaded header row, the four
schedule bands as cell fills and a legend; images with caption and source line; page numbers
(“第 X 页” / “Page X”) in the footer.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.render.outputs import atomic_write
from jinshui_analysis.reports.document import (
    BAND_COLOURS,
    BAND_LABELS,
    Document,
    Image,
    Table,
)
from jinshui_analysis.reports.fonts import cjk_face_index, cjk_font_path

__all__ = ["TEMPLATE", "missing_glyphs", "pdf_bytes", "pdf_pages_to_png",
           "write_pdf"]

#: Text width of the A4 page in millimetres (210 − 25 left − 25 right); wider images shrink.
TEXT_WIDTH_MM = 160.0
#: Bottom page margin in millimetres (the footer with the page number sits in it).
MARGIN_BOTTOM_MM = 20.0

#: The fixed Typst template.  It reads ``/document.json`` (see :func:`_payload`) and places its
#: strings as content; it never evaluates them.
TEMPLATE = r"""
#let doc = json("/document.json")
#let L = doc.labels
#let zh = doc.language == "zh"
#let sans = ("Noto Sans CJK SC",)
#let body-font = if zh { sans } else { ("Libertinus Serif", "Noto Sans CJK SC") }
#let band-fill = (:)
#for (k, v) in doc.band_colours { band-fill.insert(k, rgb(v)) }
#let grey = luma(85)

#set document(title: doc.title, author: doc.issuer, date: none)
#set page(
  paper: "a4",
  margin: (top: 22mm, bottom: doc.margin_bottom_mm * 1mm, left: 25mm, right: 25mm),
  footer: context align(center, text(size: 9pt, fill: grey,
    [#L.page_prefix#counter(page).display("1")#L.page_suffix])),
)
#set text(
  font: body-font,
  size: if zh { 10pt } else { 9.5pt },
  lang: if zh { "zh" } else { "en" },
  region: if zh { "cn" } else { "gb" },
  hyphenate: false,
)
#set par(
  justify: true,
  leading: if zh { 0.72em } else { 0.6em },
  spacing: if zh { 0.72em } else { 0.65em },
  first-line-indent: if zh { (amount: 2em, all: true) } else { 0em },
)
#set list(indent: 0.8em, body-indent: 0.5em, spacing: if zh { 0.72em } else { 0.5em })

#show heading: set text(font: sans, weight: "regular", stroke: 0.35pt)
#show heading: set par(first-line-indent: 0em, justify: false)
#show heading.where(level: 1): it => block(above: 1.1em, below: 0.6em, sticky: true,
  text(size: 14pt, it.body))
#show heading.where(level: 2): it => block(above: 1.0em, below: 0.5em, sticky: true,
  text(size: 12pt, it.body))
#show heading.where(level: 3): it => block(above: 1.0em, below: 0.6em, sticky: true,
  text(size: 11pt, stroke: 0.2pt, it.body))

#let small(s, size: 8.5pt) = text(size: size, fill: grey, s)
#let plain(body) = {
  set par(first-line-indent: 0em, justify: false)
  body
}

// ---- title block --------------------------------------------------------------------------
#plain(align(center, {
  v(4mm)
  text(font: sans, size: 20pt, stroke: 0.5pt, doc.title)
  if doc.subtitle != "" {
    v(3mm)
    text(size: 12pt, doc.subtitle)
  }
  if doc.issue_line != "" {
    v(1mm)
    text(size: 11pt, doc.issue_line)
  }
  v(2mm)
}))
#if doc.notice != "" {
  plain(block(width: 100%, inset: (x: 8pt, y: 6pt), radius: 2pt,
    fill: rgb("#fdf1e4"), stroke: 0.8pt + rgb("#c0504d"),
    text(size: 9.5pt, fill: rgb("#7f1d1d"), doc.notice)))
}
#line(length: 100%, stroke: 1.2pt + rgb("#b22222"))
#v(2mm)

// ---- blocks -------------------------------------------------------------------------------
#let legend(t) = plain(block(above: 0pt, below: 0pt, {
  set text(size: 8pt, fill: grey)
  for band in t.used_bands {
    box(width: 8pt, height: 6.5pt, baseline: 0.5pt, fill: band-fill.at(band),
      stroke: 0.4pt + luma(120))
    h(3pt)
    L.bands.at(band)
    h(10pt)
  }
}))

#let show-table(t) = plain({
  if t.caption != "" {
    // sticky: the caption stays on the page of the table's first rows
    block(above: 1.0em, below: 0.45em, width: 100%, breakable: false, sticky: true,
      align(center, text(font: sans, size: 10.5pt, t.caption)))
  }
  set text(size: t.font_pt * 1pt)
  set par(leading: 0.5em)
  // a table of up to four rows stays on one page; longer ones flow, the header repeated
  align(center, block(width: t.width_mm * 1mm, breakable: t.rows.len() > 4, table(
    columns: t.weights.map(w => w * 1fr),
    stroke: 0.5pt + luma(110),
    inset: (x: 3pt, y: 3.5pt),
    align: (x, y) => if y == 0 { center + horizon } else if t.aligns.at(x) == "right" {
      right + horizon } else { left + horizon },
    fill: (x, y) => if y == 0 { luma(228) } else {
      let band = if t.bands == none { none } else { t.bands.at(y - 1).at(x) }
      if band == none { none } else { band-fill.at(band) }
    },
    table.header(..t.columns.map(c => text(font: sans, c))),
    ..t.rows.flatten().map(c => [#c]),
  )))
  block(above: 5pt, below: 0pt, width: 100%, align(center, block(width: t.width_mm * 1mm,
    align(left, {
      if t.used_bands.len() > 0 { legend(t) }
      if t.source != "" { block(above: 4pt, below: 0pt, small(L.source + t.source)) }
    }))))
  v(1.0em)
})

// A chart keeps its caption and source line.  It is placed where it stands when it fits; when
// the rest of the page has room for at least 65% of it, it is drawn that much smaller, so that
// no chart leaves the bottom of a page empty; otherwise it starts the next page.  The decision
// uses the position of an inline marker placed just before the chart.
#let chart(b, w) = {
  align(center, image(b.file, width: w))
  if b.caption != "" {
    v(3pt)
    align(center, text(font: sans, size: 10pt, b.caption))
  }
  if b.source != "" {
    v(2pt)
    align(center, small(L.source + b.source))
  }
}

#let show-image(b, key) = plain({
  // the marker is placed (out of flow, at the current vertical position), so that it stays
  // on this page when the chart moves on to the next one
  place(left, metadata(key))
  context {
    let at = query(metadata.where(value: key)).first().location()
    let w = b.width_mm * 1mm
    let img-h = measure(image(b.file, width: w)).height
    let full-h = measure(block(width: page.width - 50mm, chart(b, w))).height
    let room = (page.height - doc.margin_bottom_mm * 1mm - at.position().y
      - 1.4em).to-absolute()
    let k = if full-h <= room { 1.0 } else {
      calc.max(0.0, (room - (full-h - img-h)) / img-h) }
    block(above: 0.8em, below: 0.8em, width: 100%, breakable: false,
      chart(b, if k >= 0.55 { w * calc.min(k, 1.0) } else { w }))
  }
})

#for (i, b) in doc.blocks.enumerate() {
  if b.kind == "heading" {
    heading(level: b.level, b.text)
  } else if b.kind == "paragraph" {
    if b.style == "summary" {
      block(width: 100%, inset: (x: 8pt, y: 7pt), fill: luma(242),
        stroke: (left: 2.5pt + rgb("#1f4e79")), par(b.text))
    } else if b.style == "note" {
      plain(block(above: 0.6em, below: 0.9em, text(size: 9pt, fill: grey, par(b.text))))
    } else {
      par(b.text)
    }
  } else if b.kind == "bullets" {
    plain(list(..b.items.map(s => [#s])))
  } else if b.kind == "table" {
    show-table(b)
  } else if b.kind == "image" {
    show-image(b, "jinshui-image-" + str(i))
  } else if b.kind == "pagebreak" {
    pagebreak(weak: true)
  }
}
"""

_LABELS = {
    "zh": {"page_prefix": "第 ", "page_suffix": " 页", "source": "资料来源：",
           "sep": "　", "bands": BAND_LABELS["zh"]},
    "en": {"page_prefix": "Page ", "page_suffix": "", "source": "Source: ",
           "sep": "  ·  ", "bands": BAND_LABELS["en"]},
}


@functools.cache
def _fonts() -> Any:
    """The Typst font book: bundled Noto Sans CJK + Typst's own fonts, no system fonts."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                       font_paths=[str(cjk_font_path().parent)])


@functools.cache
def _cjk_cmap() -> frozenset[int]:
    """Code points of the Noto Sans CJK SC face of the bundled collection."""
    from fontTools.ttLib import TTFont

    path = str(cjk_font_path())
    with TTFont(path, fontNumber=cjk_face_index(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _texts(doc: Document):
    """Every string of ``doc`` that gets printed (plus band names, which are ASCII)."""
    yield from (doc.title, doc.region, doc.period_label, doc.issuer, doc.date, doc.notice)
    for block in doc.blocks:
        if isinstance(block, Image):
            yield from (block.caption, block.source)
            continue
        stack = list(block.to_dict().values())
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                yield value
            elif isinstance(value, list):
                stack.extend(value)


def missing_glyphs(doc: Document) -> str:
    """Characters of ``doc`` that the bundled CJK font cannot draw (they would print as boxes).

    Parameters
    ----------
    doc : Document

    Returns
    -------
    str
        The distinct missing characters, sorted; empty when every character is covered.
        Whitespace and control characters are not counted.
    """
    cmap = _cjk_cmap()
    chars = {c for text in _texts(doc) for c in text}
    return "".join(sorted(c for c in chars
                          if ord(c) not in cmap and not c.isspace() and c.isprintable()))


def _payload(doc: Document) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """The JSON object the template reads, and the image files to write beside it."""
    labels = _LABELS[doc.language]
    blocks: list[dict[str, Any]] = []
    images: list[tuple[str, bytes]] = []
    for block in doc.blocks:
        if isinstance(block, Image):
            name = f"/image-{len(images):03d}.png"
            images.append((name, block.png))
            blocks.append({"kind": "image", "file": name, "caption": block.caption,
                           "source": block.source,
                           "width_mm": min(block.width_mm, TEXT_WIDTH_MM)})
        elif isinstance(block, Table):
            data = block.to_dict()
            data["aligns"] = list(block.alignments())
            data["used_bands"] = list(block.used_bands())
            data["weights"] = list(block.column_weights())
            data["font_pt"] = block.font_pt()
            data["width_mm"] = block.width_mm(block.font_pt(), TEXT_WIDTH_MM)
            blocks.append(data)
        else:
            blocks.append(block.to_dict())
    subtitle = labels["sep"].join(s for s in (doc.region, doc.period_label) if s)
    issue_line = labels["sep"].join(s for s in (doc.issuer, doc.date) if s)
    payload = {
        "title": doc.title, "subtitle": subtitle, "issue_line": issue_line,
        "issuer": doc.issuer, "language": doc.language, "notice": doc.notice,
        "labels": labels, "band_colours": {k: f"#{v}" for k, v in BAND_COLOURS.items()},
        "margin_bottom_mm": MARGIN_BOTTOM_MM,
        "blocks": blocks,
    }
    return _clean(payload), images


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(value: Any) -> Any:
    """Drop control characters (they print as boxes); a tab becomes an em space."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\t", "\u2003").replace("\r\n", "\n"))
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def pdf_bytes(doc: Document) -> bytes:
    """Typeset ``doc`` and return the PDF file content.

    Parameters
    ----------
    doc : Document

    Returns
    -------
    bytes
    """
    import typst

    missing = missing_glyphs(doc)
    if missing:
        warnings.warn(JinshuiWarning(
            f"the PDF font has no glyph for {missing!r}; these characters print as boxes"),
            stacklevel=3)
    payload, images = _payload(doc)
    with tempfile.TemporaryDirectory(prefix="jinshui-pdf-") as tmp:
        root = Path(tmp)
        (root / "document.json").write_text(json.dumps(payload, ensure_ascii=False),
                                            encoding="utf-8")
        for name, data in images:
            (root / name.lstrip("/")).write_bytes(data)
        main = root / "main.typ"
        main.write_text(TEMPLATE, encoding="utf-8")
        compiler = typst.Compiler(root=str(root), font_paths=_fonts(), ignore_system_fonts=True)
        result, diagnostics = compiler.compile_with_warnings(input=str(main), format="pdf")
    for diagnostic in diagnostics:
        warnings.warn(JinshuiWarning(f"PDF typesetting: {diagnostic.message}"), stacklevel=3)
    assert isinstance(result, bytes)
    return result


def write_pdf(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` as an A4 PDF, atomically.

    Parameters
    ----------
    doc : Document
        The report.
    path : str or path-like
        Output file; its folder must exist.  The PDF is first written to a temporary file in
        the same folder and then moved into place, so readers never see a partial file.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    typst.TypstError
        If Typst cannot typeset the document (for instance a corrupt PNG).
    """
    return atomic_write(path, pdf_bytes(doc))


def pdf_pages_to_png(pdf_path: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                     scale: float = 1.5) -> list[Path]:
    """Render every page of a PDF to PNG files with pypdfium2 (for previews and checks).

    Parameters
    ----------
    pdf_path : str or path-like
        The PDF.
    out_dir : str or path-like
        Folder for the images (created if missing); files are named ``page-001.png`` ….
    scale : float, default 1.5
        Pixels per PDF point (1.5 ≈ 108 dpi).

    Returns
    -------
    list of pathlib.Path
        The PNG files, in page order.
    """
    import pypdfium2 as pdfium

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(pdf_path))
    paths = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=scale)
            target = out / f"page-{i + 1:03d}.png"
            bitmap.to_pil().save(target)
            paths.append(target)
            page.close()
    finally:
        pdf.close()
    return paths
