"""Embed the Chinese characters of a report as a web font, so the HTML shows no boxes anywhere.

Charts carry their own glyphs (matplotlib draws them with the bundled Noto Sans CJK), but the
HTML text is drawn with the reader's fonts; a machine without a CJK font (a bare Linux server,
a headless browser) would show boxes.  :func:`font_face_css` subsets the bundled Noto Sans CJK SC
face (SIL Open Font License 1.1, from the ``noto-cjk-sans-otc`` package) to exactly the CJK
characters of the page and returns an ``@font-face`` rule with the font as a ``data:`` URI
(typically 30–80 KB), which the report's Content-Security-Policy (``font-src data:``) allows.
Nothing is downloaded.  Subsets are cached on disk by character set
(``$XDG_CACHE_HOME/jinshui-analysis/fonts``), so a batch of similar reports subsets once.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import warnings
from pathlib import Path

from jinshui_analysis.exceptions import JinshuiWarning
from jinshui_analysis.reports.fonts import cjk_face_index, cjk_font_path

FAMILY = "Jinshui CJK"


_CJK = re.compile("[\u2e80-\U0010ffff]")


def cjk_characters(text: str) -> str:
    """The distinct CJK characters (and full-width punctuation) of ``text``, sorted."""
    return "".join(sorted(set(_CJK.findall(text))))  # a regex: the page is megabytes of base64


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jinshui-analysis" / "fonts"


def subset_woff(chars: str) -> bytes:
    """WOFF bytes of the bundled Noto Sans CJK SC face cut down to ``chars`` (cached on disk)."""
    key = hashlib.sha256(chars.encode("utf-8")).hexdigest()[:32]
    cached = _cache_dir() / f"{key}.woff"
    if cached.is_file():
        return cached.read_bytes()
    from fontTools import subset  # only when subsetting (the warm worker imports it up front)
    from fontTools.ttLib import TTFont

    path = str(cjk_font_path())
    font = TTFont(path, fontNumber=cjk_face_index(path), lazy=True)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    data = buf.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, cached)
    except OSError:  # a read-only home: embed without caching
        pass
    return data


def font_face_css(text: str) -> str:
    """A ``<style>`` block embedding the CJK characters of ``text`` as the font ``Jinshui CJK``.

    The rule also puts that family first in JupyterLab's content and UI font variables, so
    every text of the page uses it for CJK characters and falls back per character to the
    usual sans-serif fonts for Latin text.  Returns "" when ``text`` has no CJK character; on any
    failure, warns and returns "" (the page then relies on the reader's fonts).
    """
    chars = cjk_characters(text)
    if not chars:
        return ""
    try:
        woff = subset_woff(chars)
    except Exception as exc:  # noqa: BLE001 - a font problem must not lose the report
        warnings.warn(f"CJK web font not embedded ({exc}); the HTML uses the reader's fonts",
                      JinshuiWarning, stacklevel=2)
        return ""
    uri = "data:font/woff;base64," + base64.b64encode(woff).decode("ascii")
    stack = (f'"{FAMILY}", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, '
             '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif')
    return (
        "<style type=\"text/css\">"
        f"@font-face{{font-family:\"{FAMILY}\";src:url({uri}) format(\"woff\");"
        "font-weight:400;font-style:normal;}"  # one weight: bold is synthesised, not regular
        f":root{{--jp-content-font-family:{stack};--jp-ui-font-family:{stack};}}"
        f"body{{font-family:{stack};}}"
        "</style>"
    )


def embed(html: str) -> str:
    """``html`` with :func:`font_face_css` inserted before ``</head>``."""
    css = font_face_css(html)
    if not css or "</head>" not in html:
        return html
    return html.replace("</head>", css + "</head>", 1)
