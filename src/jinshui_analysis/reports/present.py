"""A section as document blocks and as HTML: what :func:`~jinshui_analysis.reports.section.show`
displays, and what the Word and PDF writers receive.

One rendering serves all three formats.  :func:`section_blocks` turns a
:class:`~jinshui_analysis.reports.section.Section` into the neutral blocks of
:mod:`jinshui_analysis.reports.document` (heading, body paragraphs, notes, tables with their
formatted cells and schedule bands, charts as PNG with a source line); :func:`blocks_html` writes
those same blocks as escaped HTML for the notebook and the HTML report; ``show()`` also emits
them as a hidden display output of type :data:`BLOCKS_MIME`, from which
:func:`jinshui_analysis.render.export.document_of` rebuilds the report for Word and PDF.  The
title section emits the title block (:data:`META_MIME`) instead of a heading.

Table conventions: a table is a DataFrame; a named or non-default index becomes the first column;
cells are written by :func:`jinshui_analysis.reports.numbers.cell` (1 decimal in percentage
columns, 2 otherwise, empty when missing).  A table may carry progress-against-schedule bands in
``frame.attrs["bands"]``: a DataFrame (or nested list) of the frame's shape holding ``"ahead"``,
``"on"``, ``"behind"``, ``"far_behind"`` or None per cell (see :func:`schedule_band`).

No text is ever interpreted as markup: every string is HTML-escaped here, and the writers place
it literally.
"""

from __future__ import annotations

import base64
import html as _html
import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from jinshui_analysis.periods import code_freq
from jinshui_analysis.reports import numbers
from jinshui_analysis.reports.document import (
    BAND_COLOURS,
    BAND_LABELS,
    BANDS,
    Block,
    Bullets,
    Heading,
    Image,
    PageBreak,
    Paragraph,
    Table,
)
from jinshui_analysis.reports.text import msg, pick

__all__ = ["BLOCKS_MIME", "META_MIME", "blocks_html", "figure_png", "meta_html",
           "schedule_band", "section_blocks", "table_block", "without_paths"]

BLOCKS_MIME = "application/vnd.jinshui.blocks+json"
META_MIME = "application/vnd.jinshui.meta+json"

#: Resolution of chart PNGs: sharp in print at the A4 text width, small enough for the HTML.
CHART_DPI = 170
#: Text width of an A4 page (210 mm − 2 × 25 mm margins); charts are at most this wide.
TEXT_WIDTH_MM = 160.0


def _source_prefix(language: str) -> str:
    """``资料来源：`` / ``Source: `` before a source line."""
    return msg("present.source_prefix", language)


def esc(text: Any) -> str:
    return _html.escape(str(text), quote=True)


#: Every pattern below runs in time linear in its input (text from data is untrusted: a note
#: row or a commentary may be hundreds of KB): no pattern starts with a repeat that a failed
#: match would rescan from every position, and a path is matched at the start of a run of
#: path characters only.
_PATH_RUN = re.compile(r"[\w.\-/]+")
_PATH_AT = re.compile(r"(?:[\w.\-]+/)+[\w.\-]+\.(?:txt|csv|xlsx|xls|json|md)\b")
_PAREN_AFTER = re.compile(r"\s*\(([^()]+)\)")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_ROWREF_WORD = re.compile(r"\.csv|\.xlsx|\.xls|\brow\b|第\d+行")


_BILINGUAL_DEMO = re.compile(r"(?<!\s)\s*(?:(?:—|-{1,2})\s*)?示例数据\s*/\s*synthetic demo data")


def chinese_demo_label(text: str) -> str:
    """A Chinese text without the bilingual demo tag ``— 示例数据 / synthetic demo data``: the
    tag is dropped where the sentence already says 示例数据, else it reads ``（示例数据）``."""
    m = _BILINGUAL_DEMO.search(text)
    if not m:
        return text
    rest = _BILINGUAL_DEMO.sub("", text)
    if not rest.strip():
        return "示例数据"
    return rest if "示例数据" in rest else _BILINGUAL_DEMO.sub("（示例数据）", text, count=1)


def _without_rowrefs(text: str) -> str:
    """``text`` without bracketed row references (``[regional/y.csv row 2]``, ``[第3行]``) and
    the blanks before them; one pass."""
    out: list[str] = []
    last = 0
    for m in _BRACKETS.finditer(text):
        if _ROWREF_WORD.search(m.group(0)):
            out.append(text[last:m.start()].rstrip())
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def _without_file_paths(text: str) -> str:
    """``text`` without relative file paths (``data/x.csv``); a path followed by a parenthesis
    (``data/x.txt (大象新闻 2023-02-13)``) is replaced by what the parenthesis says.  A path is
    looked for only where a run of path characters (at least ``a/b.md`` long) starts, not after
    ``:`` (the path of a URL stays), which keeps this linear in the text."""
    out: list[str] = []
    last = 0
    for run in _PATH_RUN.finditer(text):
        start = run.start()
        if run.end() - start < 6 or start < last or (start and text[start - 1] == ":"):
            continue
        m = _PATH_AT.match(text, start, run.end())
        if m is None:
            continue
        paren = _PAREN_AFTER.match(text, m.end())
        out.append(text[last:start])
        if paren is not None:
            out.append(_without_file_paths(paren.group(1)).strip())
            last = paren.end()
        else:
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def without_paths(text: str) -> str:
    """``text`` without file paths or row references: ``"data/sources/x.txt (大象新闻 2023-02-13)
    [regional/y.csv row 2]"`` reads ``"大象新闻 2023-02-13"``.  Files and rows are kept in the
    executed notebook and the key-figure JSON; the report body names publishers.

    Linear in the length of ``text`` (a 1 MB note row is handled in about the time of a
    normal report's text, see ``benchmarks/hostile_text.py``)."""
    return _without_file_paths(_without_rowrefs(str(text))).replace("  ", " ")


def schedule_band(progress_pct: float | None, schedule_pct: float | None, *,
                  tolerance_pp: float = 1.0, far_pp: float = 10.0) -> str | None:
    """The band of a completion rate against the time-proportional schedule (序时进度).

    ``ahead`` when the rate exceeds the schedule by more than ``tolerance_pp`` percentage
    points, ``on`` within ±``tolerance_pp``, ``behind`` up to ``far_pp`` points below,
    ``far_behind`` further below; None when either value is missing.

    >>> [schedule_band(p, 50.0) for p in (55, 50.5, 45, 30, None)]
    ['ahead', 'on', 'behind', 'far_behind', None]
    """
    if progress_pct is None or schedule_pct is None:
        return None
    try:
        gap = float(progress_pct) - float(schedule_pct)
    except (TypeError, ValueError):
        return None
    if gap != gap:
        return None
    if gap > tolerance_pp:
        return "ahead"
    if gap >= -tolerance_pp:
        return "on"
    return "behind" if gap >= -far_pp else "far_behind"


# =========================================================================== blocks
def figure_png(fig: Any, dpi: int = CHART_DPI) -> bytes:
    """The figure as PNG bytes (white background)."""
    import matplotlib
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if (isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine)
            and not matplotlib.rcParams["figure.autolayout"]
            and not matplotlib.rcParams["figure.constrained_layout.use"]):
        # ``tight_layout()`` leaves a placeholder engine that does nothing at draw time, yet
        # makes ``savefig`` draw the figure twice; without it the PNG is the same, byte for byte
        fig.set_layout_engine(None)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _flat_label(value: Any) -> str:
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value if str(v) and not str(v).startswith("Unnamed"))
    return "" if value is None else str(value)


def _index_cell(label: Any, language: str) -> str:
    """A row label: a year as ``2021`` (never ``2021.00`` or ``2,021``), else as a cell."""
    try:
        v = float(label)
    except (TypeError, ValueError):
        return numbers.cell(label, "", language)
    if v == int(v) and 1000 <= v <= 2999 and not isinstance(label, bool):
        return str(int(v))
    return numbers.cell(label, "", language)


def table_block(caption: str, table: Any, language: str = "zh", source: str = "") -> Table:
    """A DataFrame (or Series) as a :class:`Table` of formatted cells, bands from
    ``frame.attrs["bands"]``."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if not isinstance(frame, pd.DataFrame):
        return Table(caption=caption, columns=("",), rows=((str(table),),), source=source)
    bands_raw = frame.attrs.get("bands")
    keep_index = not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)
    index = frame.index
    if index.dtype.kind == "f" and len(index) and bool((index == index.round()).all()):
        index = index.astype(int)  # years as 2021, not 2021.00
    if index.nlevels == 1 and index.name == "period":  # a model's index name, in the report's words
        years = all(code_freq(str(v)) == "Y" for v in index)
        index = index.rename(msg("present.index_years" if years else "present.index_periods",
                                 language))
    frame = frame.set_axis(index, axis=0)
    columns = [_flat_label(c) for c in frame.columns]
    if keep_index:
        names = [n for n in frame.index.names if n is not None]
        columns = [" / ".join(str(n) for n in names), *columns]
    rows = []
    # itertuples keeps each column's type (iterrows would turn the integers of a row holding
    # floats into floats: 30 projects printed as 30.00)
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cells = [numbers.cell(v, c, language) for c, v in zip(frame.columns, values)]
        if keep_index:
            cells = [_flat_label(label) if isinstance(label, tuple) else
                     _index_cell(label, language), *cells]
        rows.append(tuple(without_paths(c) for c in cells))
    bands = None
    if bands_raw is not None:
        grid = bands_raw.to_numpy().tolist() if isinstance(bands_raw, pd.DataFrame) else \
            [list(r) for r in bands_raw]
        bands = []
        for i in range(len(rows)):
            r = [b if b in BANDS else None for b in (grid[i] if i < len(grid) else [])]
            r = (r + [None] * len(frame.columns))[:len(frame.columns)]
            bands.append(([None] if keep_index else []) + r)
        if not any(b for r in bands for b in r):
            bands = None
    return Table(caption=caption, columns=tuple(columns), rows=tuple(rows), bands=bands,
                 source=without_paths(source))


def section_blocks(section: Any, *, close: bool = True) -> list[Block]:
    """The section as document blocks: heading, body, notes, tables, charts (PNG).

    Charts are rendered once, at :data:`CHART_DPI`; with ``close=True`` the matplotlib figures
    are closed afterwards.  A chart's source line is the figure's ``jinshui_source`` attribute
    (set by :mod:`jinshui_analysis.reports.plots`), else the section's ``source``, else — for a
    chart of demo data — the demo label.
    """
    import matplotlib.pyplot as plt

    language = section.language
    blocks: list[Block] = []
    if section.title and not getattr(section, "meta", None):
        blocks.append(Heading(section.title, 1))
    for b in getattr(section, "body", []):
        if isinstance(b, Paragraph):
            b = Paragraph(without_paths(b.text), b.style)
        elif isinstance(b, Bullets):
            b = Bullets([without_paths(t) for t in b.items])
        blocks.append(b)
    notes = [without_paths(str(n)).strip() for n in section.notes]
    notes = [n for n in notes if n]
    if notes:
        blocks.append(Bullets(notes))
    for caption, table in section.tables:
        blocks.append(table_block(caption or "", table, language))
    for fig in section.figures:
        source = getattr(fig, "jinshui_source", "") or getattr(section, "source", "")
        if not source and getattr(fig, "jinshui_synthetic", False):
            source = numbers.DEMO_SOURCE[language]
        width = min(TEXT_WIDTH_MM, float(fig.get_figwidth()) * 25.4)
        blocks.append(Image(png=figure_png(fig), caption="", source=without_paths(source),
                            width_mm=width))
        if close:
            plt.close(fig)
    # the language's number style and units over every text (numbers.english / numbers.chinese)
    style = pick(language, zh=lambda t: numbers.chinese(chinese_demo_label(t)),
                 en=numbers.english)
    blocks = [map_text(b, style) for b in blocks]
    return blocks


def map_text(block: Block, f: Any) -> Block:
    """``block`` with ``f`` applied to every text it holds (headings, cells, captions…)."""
    if isinstance(block, Heading):
        return Heading(f(block.text), block.level)
    if isinstance(block, Paragraph):
        return Paragraph(f(block.text), block.style)
    if isinstance(block, Bullets):
        return Bullets([f(t) for t in block.items])
    if isinstance(block, Table):
        return Table(caption=f(block.caption), columns=[f(c) for c in block.columns],
                     rows=[[f(c) for c in r] for r in block.rows], bands=block.bands,
                     source=f(block.source))
    if isinstance(block, Image):
        return Image(png=block.png, caption=f(block.caption), source=f(block.source),
                     width_mm=block.width_mm)
    return block


# =========================================================================== HTML
def _table_html(t: Table, language: str) -> str:
    align = t.alignments()
    head = "".join(f'<th class="{a}">{esc(c)}</th>' for c, a in zip(t.columns, align))
    body = []
    for i, row in enumerate(t.rows):
        tds = []
        for j, (c, a) in enumerate(zip(row, align)):
            band = t.band(i, j)
            extra = (f' data-band="{band}" style="background:#{BAND_COLOURS[band]}"'
                     if band else "")
            tag = "th" if j == 0 else "td"
            tds.append(f'<{tag} class="{a}"{extra}>{esc(c)}</{tag}>')
        body.append("<tr>" + "".join(tds) + "</tr>")
    parts = ['<div class="jinshui-table-wrap">']
    if t.caption:
        parts.append(f'<p class="jinshui-caption">{esc(t.caption)}</p>')
    parts.append(f'<table class="jinshui-table"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{''.join(body)}</tbody></table>")
    used = t.used_bands()
    if used:
        labels = BAND_LABELS[language]
        parts.append('<p class="jinshui-legend">' + "".join(
            f'<span class="jinshui-swatch" style="background:#{BAND_COLOURS[b]}"></span>'
            f"{esc(labels[b])} " for b in used) + "</p>")
    if t.source:
        parts.append(f'<p class="jinshui-source">{esc(_source_prefix(language))}'
                     f"{esc(t.source)}</p>")
    parts.append("</div>")
    return "".join(parts)


def blocks_html(blocks: Sequence[Block], language: str = "zh") -> str:
    """The blocks as HTML (every text escaped; charts as PNG data URIs)."""
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            tag = f"h{b.level + 1}"
            out.append(f"<{tag}>{esc(b.text)}</{tag}>")
        elif isinstance(b, Paragraph):
            lines = "<br>".join(esc(x) for x in b.text.split("\n"))
            out.append(f'<p class="jinshui-{b.style}">{lines}</p>')
        elif isinstance(b, Bullets):
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b.items) + "</ul>")
        elif isinstance(b, Table):
            out.append(_table_html(b, language))
        elif isinstance(b, Image):
            data = base64.b64encode(b.png).decode("ascii")
            src = (f'<figcaption class="jinshui-source">'
                   f'{esc(_source_prefix(language))}{esc(b.source)}</figcaption>'
                   if b.source else "")
            cap = f'<p class="jinshui-caption">{esc(b.caption)}</p>' if b.caption else ""
            out.append(f'<figure class="jinshui-figure">{cap}<img src="data:image/png;base64,'
                       f'{data}" alt="{esc(b.caption or "chart")}" '
                       f'style="width:{b.width_mm:.0f}mm">{src}</figure>')
        elif isinstance(b, PageBreak):
            out.append('<div class="jinshui-pagebreak"></div>')
    return "\n".join(out)


def meta_html(meta: dict[str, Any]) -> str:
    """The title block as HTML: title, region and period, issuer and date, one demo notice."""
    from jinshui_analysis.reports.record import BANNER_CLASS

    sub = " · ".join(esc(x) for x in (meta.get("region"), meta.get("period_label")) if x)
    issue = " · ".join(esc(x) for x in (meta.get("issuer"), meta.get("date")) if x)
    notice = ""
    if meta.get("demo"):
        notice = f'<div class="{BANNER_CLASS}">{esc(meta.get("demo_notice", ""))}</div>'
    return (f'<header class="jinshui-titleblock"><h1 class="jinshui-title">'
            f'{esc(meta.get("title", ""))}</h1>'
            + (f'<p class="jinshui-subtitle">{sub}</p>' if sub else "")
            + (f'<p class="jinshui-issue">{issue}</p>' if issue else "")
            + notice + "</header>")
