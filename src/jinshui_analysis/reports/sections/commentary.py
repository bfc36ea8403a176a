"""形势判断 / 存在问题 / 下一步建议: the analyst's own judgement, from a Markdown file.

The package writes no judgement of its own.  A report's ``commentary`` parameter names a
Markdown file; each of its ``##`` sections (for example ``## 形势判断``, ``## 存在问题``,
``## 下一步建议``) becomes a section of the report under the analyst's heading, placed after the
analysis sections and before the data notes.  Without the parameter these headings are left
out — nothing is generated in their place.

The text is placed as plain text (escaped in HTML, literal in Word and PDF): paragraphs are
separated by blank lines, lines starting with ``-``, ``*``, ``+`` or ``1.`` are list items,
``###`` starts a subheading, ``**``/``__`` emphasis markers are dropped; raw HTML prints as the
characters it is.  Text before the first ``##`` (such as a ``#`` title) is ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.reports.document import Block, Bullets, Heading, Paragraph
from jinshui_analysis.reports.section import Section

#: A commentary file larger than this is refused (it is a few pages of text, not data).
MAX_BYTES = 512_000

_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)、])\s+")


def _plain(text: str) -> str:
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).strip()


def parse_commentary(text: str) -> list[Block]:
    """The ``##`` sections of a Markdown text as document blocks (headings level 1, ``###`` as
    level 2, paragraphs, bullet lists); text before the first ``##`` is ignored."""
    blocks: list[Block] = []
    started = False
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(_plain(" ".join(para)) if not any(
                "\u4e00" <= c <= "\u9fff" for c in "".join(para)) else _plain("".join(para))))
            para.clear()
        if items:
            blocks.append(Bullets([_plain(i) for i in items]))
            items.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            flush()
            level = len(m.group(1))
            if level == 2:
                started = True
                blocks.append(Heading(_plain(m.group(2)), 1))
            elif level >= 3 and started:
                blocks.append(Heading(_plain(m.group(2)), 2))
            continue
        if not started:
            continue
        if not line.strip():
            flush()
        elif _ITEM.match(line):
            if para:
                flush()
            items.append(_ITEM.sub("", line, count=1))
        elif items and raw[:1].isspace():
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            para.append(line.strip())
    flush()
    return [b for b in blocks if not (isinstance(b, Paragraph) and not b.text)]


def commentary(path: str | Path | None, language: str = "zh") -> Section:
    """The analyst's commentary (``commentary`` parameter) as a report section.

    Parameters
    ----------
    path : Markdown file (UTF-8); ``""``/None for none — the section is then empty and the
        report shows no such headings.
    language : "zh" or "en" (the text is the analyst's own, placed as written).

    Raises
    ------
    ParameterError
        ``path`` is not a file.
    DataError
        the file is not UTF-8 text, too large, or has no ``##`` section.
    """
    sec = Section("", language)
    if path is None or not str(path).strip():
        return sec
    file = Path(str(path)).expanduser()
    if not file.is_file():
        raise ParameterError(f"no such Markdown file: {str(path)!r}", parameter="commentary")
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError(f"commentary file is {len(raw)} bytes; at most {MAX_BYTES} are read",
                        file=file.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"commentary is not UTF-8 text (byte {exc.start})",
                        file=file.name) from None
    sec.body = parse_commentary(text)
    if not sec.body:
        raise DataError("commentary has no '## ' section (e.g. '## 形势判断')", file=file.name)
    return sec
