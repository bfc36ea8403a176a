"""The report's Chinese characters travel with it as an embedded web font."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from jinshui_analysis.render import webfont
from jinshui_analysis.render.export import external_resources

PAGE = ("<html><head><title>t</title></head><body><h1>金水区 地区生产总值（亿元）</h1>"
        "<p>落后序时进度 2.0 个百分点 — 示例数据 / synthetic</p></body></html>")


def _font_of(html: str) -> TTFont:
    b64 = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html).group(1)
    return TTFont(io.BytesIO(base64.b64decode(b64)))


def test_embedded_font_covers_every_cjk_character(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    out = webfont.embed(PAGE)
    assert "@font-face" in out and 'font-family:"Jinshui CJK"' in out
    cmap = _font_of(out).getBestCmap()
    needed = webfont.cjk_characters(PAGE)
    assert len(needed) == len(set("金水区地区生产总值（亿元）落后序时进度个百分点示例数据"))
    assert all(ord(c) in cmap for c in needed)
    assert len(cmap) < 60  # a subset, not the 20 MB font
    assert external_resources(out) == []
    # cached on disk by character set: a second page with the same characters reuses it
    assert len(list((tmp_path / "jinshui-analysis" / "fonts").glob("*.woff"))) == 1
    webfont.embed(PAGE.replace("2.0", "3.5"))
    assert len(list((tmp_path / "jinshui-analysis" / "fonts").glob("*.woff"))) == 1


def test_no_cjk_no_font():
    page = "<html><head></head><body>GDP 1932</body></html>"
    assert webfont.embed(page) == page
