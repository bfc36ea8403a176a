"""Export of an executed notebook to one offline HTML file (no code cells, PNG charts as data
URIs, no external resources, a provenance footer) and the key figures it recorded.
"""

from __future__ import annotations

import copy
import functools
import html as _html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat

from jinshui_analysis import __version__
from jinshui_analysis.exceptions import RenderError
from jinshui_analysis.render import params as _params
from jinshui_analysis.render import webfont
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.reports.document import Document, Heading, Paragraph, block_from_dict
from jinshui_analysis.reports.present import BLOCKS_MIME, META_MIME
from jinshui_analysis.reports.record import DEMO_TEXT, FAILED_MIME, FIGURE_MIME, demo_banner

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "jinshui_report"
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell", "remove-cell", "hide"})


# =========================================================================== export
def figures_of(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """Key figures recorded in an executed notebook (last value per name, in order)."""
    found: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in (
                "display_data", "execute_result") else {}
            if FIGURE_MIME in data:
                entry = data[FIGURE_MIME]
                if isinstance(entry, str):
                    entry = json.loads(entry)
                entry = dict(entry)
                found.pop(entry["name"], None)
                found[entry["name"]] = entry
    return list(found.values())


def failed_sections(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The sections of an executed notebook that could not be computed (one entry each: section,
    title, reason_zh, reason_en, error), in cell order."""
    found: list[dict[str, Any]] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in (
                "display_data", "execute_result") else {}
            if FAILED_MIME in data:
                entry = data[FAILED_MIME]
                found.append(dict(json.loads(entry) if isinstance(entry, str) else entry))
    return found


_HIDDEN_MIMES = frozenset({FIGURE_MIME, BLOCKS_MIME, META_MIME, FAILED_MIME})


def _outputs(nb: nbformat.NotebookNode, mime: str) -> list[Any]:
    """The payloads of every display output of type ``mime``, in cell order."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {}) if out.get("output_type") in (
                "display_data", "execute_result") else {}
            if mime in data:
                value = data[mime]
                found.append(json.loads(value) if isinstance(value, str) else value)
    return found


def document_of(nb: nbformat.NotebookNode, prov: dict[str, Any] | None = None,
                job: Job | None = None) -> Document:
    """The executed report as a :class:`~jinshui_analysis.reports.document.Document`.

    Collects, in cell order, the title block (``application/vnd.jinshui.meta+json``, emitted by
    the title section) and the blocks of every section shown (``application/vnd.jinshui.blocks
    +json``); with ``prov``, the provenance (parameters, file digests, versions) closes the
    document, as it closes the HTML.  A notebook without a title section gets its title from
    the notebook metadata.
    """
    metas = _outputs(nb, META_MIME)
    meta = dict(metas[-1]) if metas else {}
    params = dict(job.parameters) if job is not None else {}
    language = meta.get("language") or params.get("language", "zh")
    language = "en" if language == "en" else "zh"
    if not meta:
        info = nb.metadata.get("jinshui", {})
        meta = {"title": info.get(f"title_{language}") or info.get("title")
                or (job.stem if job is not None else "report"),
                "demo": any(f.get("synthetic") for f in figures_of(nb))}
    blocks = [block_from_dict(b) for payload in _outputs(nb, BLOCKS_MIME) for b in payload]
    if prov is not None:
        blocks += provenance_blocks(prov, language, job)
    return Document(
        title=str(meta.get("title", "")), region=str(meta.get("region", "")),
        period_label=str(meta.get("period_label", "")), issuer=str(meta.get("issuer", "")),
        date=str(meta.get("date", "")), language=language, demo=bool(meta.get("demo")),
        blocks=tuple(blocks), demo_notice=str(meta.get("demo_notice", "")),
    )


def _shown_parameters(prov: dict[str, Any], job: Job | None,
                      language: str = "zh") -> list[tuple[str, str]]:
    """Parameters as printed: file parameters by their file name only (no paths in reports)."""
    schema: dict[str, Any] = {}
    if job is not None:
        try:
            schema = _params.load_schema(_params.read_notebook(job.notebook)[1])
        except Exception:  # noqa: BLE001 - the names are enough
            schema = {}
    out = []
    for name, value in prov["parameters"].items():
        spec = schema.get(name)
        shown = value
        is_file = (spec is not None and spec.type == "data") or name == "commentary"
        if is_file and value not in (_params.BUNDLED, "", None):
            shown = Path(str(value)).name
        if value is None:  # an optional parameter left out (the region profile's value is used)
            shown = "未指定（按地区配置）" if language != "en" else "not given (region profile)"
        elif value == "":
            shown = "—"
        if language == "en" and re.search(r"[\u2e80-\u9fff]", str(shown)):
            # English reports: a Chinese name is written in parentheses after its English one
            from jinshui_analysis.reports.numbers import region_text

            shown = region_text(str(shown), "en")
            if not str(shown).endswith(")"):
                shown = f"({shown})"
        out.append((str(name), str(shown)))
    return out


def provenance_items(prov: dict[str, Any], language: str = "zh",
                     job: Job | None = None) -> list[tuple[str, str]]:
    """The provenance as (label, plain text) pairs: parameters, data digests, sources, notebook,
    versions, time of rendering.  File names, never paths."""
    from jinshui_analysis.reports.numbers import source_label

    zh = language != "en"
    params = "; ".join(f"{k}={v}" for k, v in _shown_parameters(prov, job, language))
    def _data_name(d: dict[str, Any]) -> str:
        text = str(d["data"])
        if text == _params.BUNDLED or text.startswith(_params.BUNDLED + " "):
            return "内置数据 (jinshui_analysis/data)" if zh else text  # not a user path
        return Path(text).name

    data = "; ".join(
        f"{_data_name(d)} — SHA-256 "
        f"{d['sha256']} ({len(d.get('files', []))} "
        f"{'个文件' if zh else 'file(s)'})" for d in prov["data"])
    published = [s for s in prov["sources"] if s and not str(s).startswith("synthetic")]
    labels = list(dict.fromkeys(source_label(s) for s in published))
    if not zh:  # a Chinese publisher's name, in parentheses
        labels = [f"({x})" if re.search(r"[\u2e80-\u9fff]", x) else x for x in labels]
    if len(published) < len(prov["sources"]):  # demo series: one entry, not one per series
        labels.append("示例数据（jinshui_analysis.demo 生成）" if zh else
                      "synthetic demo data (generated by jinshui_analysis.demo)")
    sources = "; ".join(labels) or "—"
    return [
        ("参数" if zh else "Parameters", params),
        ("数据" if zh else "Data", data),
        ("来源" if zh else "Sources", sources),
        ("笔记本" if zh else "Notebook",
         f"{prov['notebook']} (SHA-256 {prov['notebook_sha256'][:16]}…)"),
        ("版本" if zh else "Versions",
         f"jinshui-analysis {prov['version']}, Python {prov['python']}"),
        ("生成时间" if zh else "Rendered", str(prov["rendered_at"])),
    ]


def provenance_blocks(prov: dict[str, Any], language: str = "zh",
                      job: Job | None = None) -> list[Any]:
    """The provenance block that closes the Word/PDF report."""
    zh = language != "en"
    items = provenance_items(prov, language, job)
    return [
        Heading("数据来源与可追溯信息" if zh else "Provenance", 2),
        Paragraph("\n".join(f"{k}：{v}" if zh else f"{k}: {v}" for k, v in items), "note"),
    ]


def _strip_for_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            # key-figure records are for the JSON; warnings on stderr stay in the executed
            # notebook for the analyst, not in the report for its readers
            # (so are the document blocks and title-block metadata for Word/PDF)
            cell.outputs = [o for o in cell.outputs if not _HIDDEN_MIMES & set(o.get("data", {}))
                            and not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


@functools.lru_cache(maxsize=1)
def exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = TEMPLATE_NAME
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.theme = "light"
    # Never point at a CDN, even if a block we did not override uses these.
    for trait in ("mathjax_url", "require_js_url", "mermaid_js_url", "jupyter_widgets_base_url",
                  "widget_renderer_url"):
        setattr(config.HTMLExporter, trait, "")
    return HTMLExporter(config=config)


#: Elements whose URL attributes the browser loads (``<a href>`` is a link a reader may click,
#: not a load).
_LOADING_TAGS = frozenset({"script", "link", "img", "iframe", "frame", "source", "video", "audio",
                           "embed", "object", "track", "input", "image", "use", "feimage",
                           "body", "table", "td", "th"})
_LOAD_ATTRS = frozenset({"src", "href", "data", "srcset", "poster", "xlink:href", "background"})
_REMOTE = re.compile(r"\s*((?:https?:)?//[^\s\"'>]+)", re.IGNORECASE)
#: CSS loads: ``url(//…)`` and ``@import "//…"`` (each starts at a literal: linear in the text)
_CSS_LOADS = [
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*((?:https?:)?//[^\"')\s;]+)", re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?\s*((?:https?:)?//[^\"')\s]+)", re.IGNORECASE),
]
_REQUIRE = re.compile(r"require(?:js)?\.config\(([^)]*)\)", re.IGNORECASE)


def _css_loads(css: str) -> list[str]:
    css = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16))
                 if int(m.group(1), 16) < 0x110000 else "", css)  # url(\2f\2f evil) is //evil
    found = [m.group(1) for pattern in _CSS_LOADS for m in pattern.finditer(css)]
    return found


class _LoadScanner(HTMLParser):
    """Every URL the page would load: the URL attributes of loading elements, and ``url()`` /
    ``@import`` in ``<style>`` elements and ``style`` attributes.  Text is never looked at: a
    note that *mentions* ``url(http://…)`` is text, escaped, and loads nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: str | None = None  # inside <style> or <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name == "style":
                self.found.extend(_css_loads(value))
            elif tag in _LOADING_TAGS and name in _LOAD_ATTRS and not (
                    tag == "link" and name == "href" and self._is_plain_link(attrs)):
                parts = value.split(",") if name == "srcset" else [value]
                for part in parts:
                    m = _REMOTE.match(_SCHEME_JUNK.sub("", part[:1]) + part[1:])
                    if m:
                        self.found.append(m.group(1))
        if tag in ("style", "script"):
            self._raw = tag

    handle_startendtag = handle_starttag

    @staticmethod
    def _is_plain_link(attrs: list[tuple[str, str | None]]) -> bool:
        """``<link rel="canonical|author|license|…">`` names a page, it loads nothing."""
        rel = (dict(attrs).get("rel") or "").lower().split()
        return bool(rel) and not set(rel) & {"stylesheet", "preload", "prefetch", "icon",
                                              "modulepreload", "import", "manifest",
                                              "preconnect", "dns-prefetch", "prerender",
                                              "apple-touch-icon", "shortcut"}

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:  # CSS (or a script, refused anyway) — not text
            self.found.extend(_css_loads(data))
            if self._raw == "script":
                for m in _REQUIRE.finditer(data):
                    self.found.extend(u.group(1) for u in _REMOTE.finditer(m.group(1)))


def external_resources(html: str) -> list[str]:
    """URLs that the HTML would load from the network (empty for an offline-safe page).

    The page is parsed as a browser tokenises it and only its markup is examined — the URL
    attributes of elements that load (``<img src>``, ``<link rel=stylesheet href>``, ``<script
    src>``, ``<iframe src>`` …) and CSS (``url(…)``, ``@import``) in ``<style>`` elements and
    ``style`` attributes.  Escaped text that mentions a URL is not a load, and links a reader
    may click (``<a href=…>``) are not either.
    """
    scanner = _LoadScanner()
    scanner.feed(html)
    scanner.close()
    return sorted(set(scanner.found))


#: Elements a report never contains: they run code, navigate, submit or embed other pages.
LIVE_TAGS = frozenset({"script", "base", "form", "iframe", "frame", "frameset", "object", "embed",
                       "applet", "portal", "fencedframe"})
#: ``<meta http-equiv=…>`` values the template itself uses; any other (``refresh``,
#: ``set-cookie`` …) is refused.
_META_OK = frozenset({"content-security-policy", "content-type", "x-ua-compatible"})
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                        "background", "srcset", "ping", "cite", "longdesc", "lowsrc", "dynsrc"})
_SCHEME_JUNK = re.compile(r"[\x00-\x20\x7f]+")


class _LiveScanner(HTMLParser):
    """Collects every element or attribute of a page that could run, navigate or submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (event handler)")
            elif name == "srcdoc":
                self.found.append(f"<{tag} srcdoc=…>")
            elif name in _URL_ATTRS:
                url = _SCHEME_JUNK.sub("", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text/html",
                                   "data:image/svg")):
                    self.found.append(f"<{tag} {name}=\"{url.split(',')[0][:30]}…\">")
            elif name == "style" and re.search(r"expression\s*\(|javascript:", value, re.I):
                self.found.append(f"<{tag} style=…> (script in CSS)")
        if tag == "meta":
            equiv = (dict(attrs).get("http-equiv") or "").strip().lower()
            if equiv and equiv not in _META_OK:
                self.found.append(f'<meta http-equiv="{equiv}">')

    handle_startendtag = handle_starttag


def live_elements(html: str) -> list[str]:
    """Elements and attributes of ``html`` that could run code, navigate or submit a form:
    ``<script>``, ``<meta http-equiv="refresh">``, ``<base>``, ``<form>``, ``<iframe>``,
    ``<object>``/``<embed>``, event handlers (``on…=``) and ``javascript:`` URLs (empty for a
    safe page).  The page is parsed with :mod:`html.parser`, as a browser would tokenise it."""
    scanner = _LiveScanner()
    scanner.feed(html)
    scanner.close()
    return list(dict.fromkeys(scanner.found))


def check_html(html: str, *, what: str = "the report") -> None:
    """Raise :class:`RenderError` naming any live element or external load in ``html``."""
    live = live_elements(html)
    if live:
        raise RenderError(f"{what} HTML would contain live elements (text from the data must be "
                          f"escaped): {', '.join(live[:5])}")
    bad = external_resources(html)
    if bad:
        raise RenderError(f"{what} HTML would load external resources: {', '.join(bad[:5])}")


def esc(value: Any) -> str:
    """HTML-escape any value (quotes included)."""
    return _html.escape(str(value))


def _header_html(job: Job, nb: nbformat.NotebookNode, figures: list[dict[str, Any]],
                 title: str) -> str:
    """The page header: nothing when the report has a title section (its title block is the
    top of the body); else the notebook title and, for demo data, the one demo notice.  The
    parameters are in the provenance block at the end (:func:`_footer_html`)."""
    if _outputs(nb, META_MIME):
        return ""
    language = job.parameters.get("language", "zh")
    banner = ""
    if any(f.get("synthetic") for f in figures):
        banner = demo_banner(language if language in DEMO_TEXT else "zh")._repr_html_()
    return (f'<header class="jinshui-header"><h1 class="jinshui-title">{esc(title)}</h1>'
            f"{banner}</header>")


def provenance(job: Job, figures: list[dict[str, Any]], rendered_at: str) -> dict[str, Any]:
    sources = sorted({str(f["source"]) for f in figures if f.get("source")})
    return {
        "notebook": Path(job.notebook).name,
        "notebook_sha256": job.notebook_sha256,
        "parameters": job.parameters,
        "data": job.data,
        "sources": sources,
        "package": "jinshui-analysis",
        "version": __version__,
        "python": sys.version.split()[0],
        "rendered_at": rendered_at,
        "job_key": job.key,
    }


def _footer_html(prov: dict[str, Any], language: str = "zh", job: Job | None = None) -> str:
    """The small provenance block at the end of the page: the parameters table, data digests,
    sources, notebook, versions (file names only, no paths)."""
    zh = language != "en"
    params = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>"
                     for k, v in _shown_parameters(prov, job, language))
    items = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>"
                    for k, v in provenance_items(prov, language, job)[1:])
    heading = "数据来源与可追溯信息" if zh else "Provenance"
    caption = "参数" if zh else "Parameters"
    return (f'<footer class="jinshui-provenance"><h2>{heading}</h2>'
            f'<table class="jinshui-params"><caption>{caption}</caption><tbody>{params}'
            f"</tbody></table><table><tbody>{items}</tbody></table></footer>")


def export_html(job: Job, nb: nbformat.NotebookNode, figures: list[dict[str, Any]],
                prov: dict[str, Any]) -> str:
    """The offline HTML of an executed notebook (raises RenderError on any external load or
    live element, see :func:`check_html`)."""
    meta = nb.metadata.get("jinshui", {})
    language = job.parameters.get("language", "zh")
    title = meta.get(f"title_{language}") or meta.get("title_zh") or meta.get("title") or job.stem
    metas = _outputs(nb, META_MIME)
    if metas and metas[-1].get("title"):
        title = str(metas[-1]["title"])
    resources = {
        "metadata": {"name": title},
        "jinshui_header": _header_html(job, nb, figures, title),
        "jinshui_footer": _footer_html(prov, language, job),
        "language_code": "en" if language == "en" else "zh-CN",
    }
    body, _ = exporter().from_notebook_node(_strip_for_html(nb), resources=resources)
    body = webfont.embed(body)  # the page's Chinese characters as an embedded web font
    check_html(body)  # no live element, no external load (RenderError naming what was found)
    return body
