"""A neutral, JSON-serialisable model of a finished report, for the Word and PDF writers.

A statistics bureau hands its 经济运行分析 over as Word and PDF files.  This module describes such
a report independently of any output format: a :class:`Document` with a title block (title,
region, period, issuer, date, demo flag) and a flat list of blocks — :class:`Heading`,
:class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`Image` and :class:`PageBreak`.
:func:`jinshui_analysis.render.docx_writer.write_docx` and
:func:`jinshui_analysis.render.pdf_writer.write_pdf` turn it into files.

All text is plain text.  Writers place it literally and never interpret it as markup, so a
string such as ``*bold*`` or ``#set page(width: 1cm)`` prints exactly as written.  Table cells
are already formatted strings (``"1932"``, ``"9.9"``, ``""`` for an empty cell).

The JSON form (:meth:`Document.to_json` / :meth:`Document.from_json`) is a plain object with a
``"format"`` marker, the document fields and ``"blocks"``, each block an object with a ``"kind"``
field; image bytes are base64 encoded.

Examples
--------
>>> doc = Document(
...     title="金水区2023年1-6月经济运行分析", region="金水区", period_label="2023年1-6月",
...     issuer="金水区统计局", date="2023年7月15日", language="zh", demo=False,
...     blocks=[Heading("一、要点", 1), Paragraph("地区生产总值1932亿元，同比增长9.9%。")],
... )
>>> Document.from_json(doc.to_json()) == doc
True
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal

from jinshui_analysis.reports.record import DEMO_TEXT
from jinshui_analysis.reports.text import LANGUAGES, msg

__all__ = [
    "BANDS",
    "FORMAT",
    "Block",
    "Bullets",
    "Document",
    "Heading",
    "Image",
    "PageBreak",
    "Paragraph",
    "Table",
    "block_from_dict",
    "default_demo_notice",
]

#: Marker written into the JSON form; :meth:`Document.from_json` accepts it or no marker.
FORMAT = "jinshui-document/1"

#: Progress against schedule (序时进度) bands a table cell may carry, best first.
BANDS = ("ahead", "on", "behind", "far_behind")

#: Band labels for legends, by language (the catalogue's ``document.band_<band>``).
BAND_LABELS = {language: {"ahead": msg("document.band_ahead", language),
                          "on": msg("document.band_on", language),
                          "behind": msg("document.band_behind", language),
                          "far_behind": msg("document.band_far_behind", language)}
               for language in LANGUAGES}

#: Background colours (hex RGB, print-friendly tints) of the four bands, shared by the writers.
BAND_COLOURS = {"ahead": "B5DDA4", "on": "FFEB9C", "behind": "F8CBAD", "far_behind": "F4A3A3"}


#: Widest a column is planned (em) before its text wraps; see :meth:`Table.column_weights`.
MAX_COLUMN_EM = 12.0

#: a number as a table shows it; a trailing ``*`` is the 非官方来源 marker ("5.4*")
_NUMERIC = re.compile(r"^[+\-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?\*?$")


def default_demo_notice(language: str) -> str:
    """The standard demo-data notice in ``language`` (``"zh"`` or ``"en"``).

    Parameters
    ----------
    language : {"zh", "en"}
        Language of the document.

    Returns
    -------
    str
        One sentence or two saying that the report contains synthetic demo data.
    """
    return DEMO_TEXT[language if language in DEMO_TEXT else "zh"]


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}: {value!r}")
    return value


def _strs(values: Any, name: str) -> tuple[str, ...]:
    if isinstance(values, str | bytes):
        raise TypeError(f"{name} must be a list of str, got a single {type(values).__name__}")
    return tuple(_str(v, f"{name}[{i}]") for i, v in enumerate(values))


class Block:
    """Base class of the document blocks; ``kind`` names the block type in JSON."""

    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        """The block as a JSON-compatible dict with a ``"kind"`` field.

        Returns
        -------
        dict
            ``{"kind": ..., <field>: <value>, ...}``; tuples become lists.
        """
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out


def _text_em(text: str) -> float:
    """Approximate printed width of ``text`` in em (CJK and full-width 1, others 0.55)."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.55 for c in text)


def _header_em(text: str) -> float:
    """Width in em a header needs when it may wrap once (see :meth:`Table.column_weights`)."""
    m = re.search(r"[(（]", text)
    if m and m.start() > 0:
        return max(_text_em(text[:m.start()]), _text_em(text[m.start():]))
    em = _text_em(text)
    return em if em <= 5 else em / 2


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Heading(Block):
    """A section heading.

    Parameters
    ----------
    text : str
        Heading text, including any numbering such as ``"一、要点"``.
    level : int, default 1
        1 (section), 2 (subsection) or 3.
    """

    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1

    def __post_init__(self) -> None:
        _str(self.text, "Heading.text")
        if self.level not in (1, 2, 3) or isinstance(self.level, bool):
            raise ValueError(f"Heading.level must be 1, 2 or 3, got {self.level!r}")


@dataclass(frozen=True)
class Paragraph(Block):
    """A paragraph of running text.

    Parameters
    ----------
    text : str
        Plain text; a newline starts a new line within the paragraph.
    style : {"normal", "summary", "note"}, default "normal"
        ``"summary"`` is a highlighted key-findings paragraph, ``"note"`` a small-print note.
    """

    kind: ClassVar[str] = "paragraph"
    STYLES: ClassVar[tuple[str, ...]] = ("normal", "summary", "note")
    text: str
    style: Literal["normal", "summary", "note"] = "normal"

    def __post_init__(self) -> None:
        _str(self.text, "Paragraph.text")
        if self.style not in self.STYLES:
            raise ValueError(f"Paragraph.style must be one of {self.STYLES}, got {self.style!r}")


@dataclass(frozen=True)
class Bullets(Block):
    """A bulleted list.

    Parameters
    ----------
    items : sequence of str
        The list items, plain text.
    """

    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", _strs(self.items, "Bullets.items"))


@dataclass(frozen=True)
class Table(Block):
    """A table of already formatted cells.

    Parameters
    ----------
    caption : str
        Printed above the table (``"表1 金水区主要经济指标"``).
    columns : sequence of str
        Header row.
    rows : sequence of sequence of str
        Body rows, each as long as ``columns``; ``""`` is an empty cell.
    bands : sequence of sequence of {"ahead", "on", "behind", "far_behind", None}, optional
        Same shape as ``rows``: the progress-against-schedule band of each cell, shown as the
        cell's background colour (None: no colour).  Writers add a legend under a banded table.
    source : str, default ""
        Source line printed under the table.
    """

    kind: ClassVar[str] = "table"
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bands: tuple[tuple[str | None, ...], ...] | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _str(self.caption, "Table.caption")
        _str(self.source, "Table.source")
        columns = _strs(self.columns, "Table.columns")
        if not columns:
            raise ValueError("Table.columns must not be empty")
        rows = tuple(_strs(r, f"Table.rows[{i}]") for i, r in enumerate(self.rows))
        for i, row in enumerate(rows):
            if len(row) != len(columns):
                raise ValueError(
                    f"Table.rows[{i}] has {len(row)} cells, the header has {len(columns)}")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", rows)
        if self.bands is not None:
            bands = tuple(tuple(r) for r in self.bands)
            if len(bands) != len(rows) or any(len(b) != len(r) for b, r in zip(bands, rows)):
                raise ValueError("Table.bands must have the same shape as Table.rows")
            for i, row in enumerate(bands):
                for j, band in enumerate(row):
                    if band is not None and band not in BANDS:
                        raise ValueError(
                            f"Table.bands[{i}][{j}] must be one of {BANDS} or None, got {band!r}")
            object.__setattr__(self, "bands", bands)

    def band(self, i: int, j: int) -> str | None:
        """The band of body cell (``i``, ``j``), or None.

        Parameters
        ----------
        i, j : int
            Row (0 = first body row) and column index.

        Returns
        -------
        str or None
        """
        return None if self.bands is None else self.bands[i][j]

    def alignments(self) -> tuple[str, ...]:
        """Horizontal alignment of each column: ``"right"`` for numeric columns, else ``"left"``.

        A column is numeric when every non-empty body cell looks like a number (thousands
        separators, a sign, a trailing ``%`` and the 非官方来源 marker ``*`` allowed) and at least one cell is non-empty;
        placeholders such as ``"—"`` or ``"…"`` do not make a column textual.

        Returns
        -------
        tuple of str
            One of ``"left"``/``"right"`` per column; the first column is always ``"left"``.
        """
        out = []
        for j in range(len(self.columns)):
            cells = [r[j].strip() for r in self.rows]
            values = [c for c in cells if c and c not in {"—", "-", "…", "/", "--", "——"}]
            numeric = j > 0 and bool(values) and all(_NUMERIC.match(c) for c in values)
            out.append("right" if numeric else "left")
        return tuple(out)

    def column_weights(self) -> tuple[float, ...]:
        """Relative column widths for writers, from the length of the cell texts.

        A column gets the width of its longest body cell, or of its header if that is wider,
        where a header may wrap onto two lines: before a bracket (``同比增长(%)``,
        ``比上年同期(百分点)``) or, when longer than five characters, in the middle.  Widths are
        measured in em, a CJK character counting 1 and any other character 0.55, plus one em of
        padding; a column of long text is capped at :data:`MAX_COLUMN_EM` (its cells wrap), so
        it does not squeeze the number columns.

        Returns
        -------
        tuple of float
            One positive weight per column (in em); writers scale them to the text width.
        """
        out = []
        for j, header in enumerate(self.columns):
            body = max((_text_em(r[j]) for r in self.rows), default=0.0)
            out.append(min(max(body, _header_em(header), 1.0), MAX_COLUMN_EM) + 1.0)
        return tuple(out)

    def width_mm(self, font_pt: float, text_width_mm: float) -> float:
        """Printed table width: the natural width of :meth:`column_weights`, within limits.

        A narrow table is not stretched over the whole text width: it gets 1.2 times its
        natural width (at ``font_pt``), but at least 55% of the text width and at most all of it.

        Parameters
        ----------
        font_pt : float
            Font size of the table cells in points.
        text_width_mm : float
            Width of the text area in millimetres.

        Returns
        -------
        float
            Table width in millimetres.
        """
        natural = sum(self.column_weights()) * font_pt * 25.4 / 72
        return min(text_width_mm, max(1.2 * natural, 0.55 * text_width_mm))

    def font_pt(self) -> float:
        """Cell font size the writers use: 8 pt for tables of more than seven columns, else 9."""
        return 8.0 if len(self.columns) > 7 else 9.0

    def used_bands(self) -> tuple[str, ...]:
        """The bands that occur in the table, in :data:`BANDS` order."""
        if self.bands is None:
            return ()
        seen = {b for row in self.bands for b in row if b is not None}
        return tuple(b for b in BANDS if b in seen)


@dataclass(frozen=True)
class Image(Block):
    """A PNG image (a chart) with caption and source line below it.

    Parameters
    ----------
    png : bytes
        PNG file content.
    caption : str, default ""
        Printed under the image.
    source : str, default ""
        Source line printed under the caption.
    width_mm : float, default 160
        Printed width in millimetres (writers shrink it to the text width if wider).
    """

    kind: ClassVar[str] = "image"
    png: bytes
    caption: str = ""
    source: str = ""
    width_mm: float = 160.0

    def __post_init__(self) -> None:
        if not isinstance(self.png, bytes | bytearray):
            raise TypeError("Image.png must be bytes")
        if not bytes(self.png[:8]) == b"\x89PNG\r\n\x1a\n":
            raise ValueError("Image.png is not a PNG file")
        object.__setattr__(self, "png", bytes(self.png))
        _str(self.caption, "Image.caption")
        _str(self.source, "Image.source")
        width = float(self.width_mm)
        if not width > 0:
            raise ValueError(f"Image.width_mm must be positive, got {self.width_mm!r}")
        object.__setattr__(self, "width_mm", width)

    def to_dict(self) -> dict[str, Any]:
        """The block as a JSON-compatible dict; ``png`` is base64 encoded."""
        out = super().to_dict()
        out["png"] = base64.b64encode(self.png).decode("ascii")
        return out


@dataclass(frozen=True)
class PageBreak(Block):
    """Start a new page."""

    kind: ClassVar[str] = "pagebreak"


_KINDS: dict[str, type[Block]] = {
    cls.kind: cls for cls in (Heading, Paragraph, Bullets, Table, Image, PageBreak)
}


def block_from_dict(data: dict[str, Any]) -> Block:
    """Rebuild a block from its :meth:`Block.to_dict` form.

    Parameters
    ----------
    data : dict
        A dict with a ``"kind"`` field naming the block type.

    Returns
    -------
    Block

    Raises
    ------
    ValueError
        If the kind is unknown or a field is missing or invalid.
    """
    data = dict(data)
    kind = data.pop("kind", None)
    cls = _KINDS.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise ValueError(f"unknown block kind {kind!r}; expected one of {sorted(_KINDS)}")
    if cls is Image and isinstance(data.get("png"), str):
        data["png"] = base64.b64decode(data["png"], validate=True)
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{kind} block: unknown field(s) {sorted(unknown)}")
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValueError(f"{kind} block: {exc}") from None


@dataclass(frozen=True)
class Document:
    """A finished report, ready for :func:`write_docx` and :func:`write_pdf`.

    Parameters
    ----------
    title : str
        Report title, e.g. ``"金水区2023年1-6月经济运行分析"``.
    region : str
        Region the report is about (``"郑州市金水区"``).
    period_label : str
        Reporting period as printed (``"2023年1-6月"``).
    issuer : str
        Issuing office (``"金水区统计局"``).
    date : str
        Issue date as printed; the caller chooses it (Beijing time), e.g. ``"2023年7月15日"``
        or ``"2023-07-15"``.
    language : {"zh", "en"}
        Language of the text; selects fonts, page-number wording and typesetting rules.
    demo : bool
        True when the report contains synthetic demo data; the title block then carries one
        demo notice.
    blocks : sequence of Block
        The body, in order.
    demo_notice : str, default ""
        Wording of the demo notice; empty means :func:`default_demo_notice`.
    """

    title: str
    region: str
    period_label: str
    issuer: str
    date: str
    language: Literal["zh", "en"]
    demo: bool
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    demo_notice: str = ""

    def __post_init__(self) -> None:
        for name in ("title", "region", "period_label", "issuer", "date", "demo_notice"):
            _str(getattr(self, name), f"Document.{name}")
        if self.language not in ("zh", "en"):
            raise ValueError(f"Document.language must be 'zh' or 'en', got {self.language!r}")
        if not isinstance(self.demo, bool):
            raise TypeError(f"Document.demo must be a bool, got {self.demo!r}")
        blocks = tuple(self.blocks)
        for i, block in enumerate(blocks):
            if not isinstance(block, Block) or type(block) not in _KINDS.values():
                raise TypeError(f"Document.blocks[{i}] is not a block: {block!r}")
        object.__setattr__(self, "blocks", blocks)

    @property
    def notice(self) -> str:
        """The demo notice to print, or ``""`` when the document has no demo data."""
        if not self.demo:
            return ""
        return self.demo_notice or default_demo_notice(self.language)

    def to_dict(self) -> dict[str, Any]:
        """The document as a JSON-compatible dict (image bytes base64 encoded).

        Returns
        -------
        dict
        """
        out: dict[str, Any] = {"format": FORMAT}
        for f in fields(self):
            if f.name != "blocks":
                out[f.name] = getattr(self, f.name)
        out["blocks"] = [b.to_dict() for b in self.blocks]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output.

        Parameters
        ----------
        data : dict

        Returns
        -------
        Document

        Raises
        ------
        ValueError
            If the format marker, a field or a block is invalid.
        """
        data = dict(data)
        fmt = data.pop("format", FORMAT)
        if fmt != FORMAT:
            raise ValueError(f"unsupported document format {fmt!r}; expected {FORMAT!r}")
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"Document: unknown field(s) {sorted(unknown)}")
        data["blocks"] = tuple(block_from_dict(b) for b in data.get("blocks", ()))
        try:
            return cls(**data)
        except TypeError as exc:
            raise ValueError(f"Document: {exc}") from None

    def to_json(self, *, indent: int | None = None) -> str:
        """The document as a JSON string (UTF-8 text, non-ASCII characters kept).

        Parameters
        ----------
        indent : int, optional
            Passed to :func:`json.dumps`.

        Returns
        -------
        str
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Document:
        """Rebuild a document from :meth:`to_json` output.

        Parameters
        ----------
        text : str or bytes

        Returns
        -------
        Document
        """
        return cls.from_dict(json.loads(text))
