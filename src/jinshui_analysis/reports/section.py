"""What a report section is (:class:`Section`), how a notebook shows it (:func:`show`), and the
label/number helpers the sections share."""

from __future__ import annotations

import functools
import html as _html
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from jinshui_analysis.exceptions import DataError, ModelError
from jinshui_analysis.reports import record as report
from jinshui_analysis.reports.text import msg, pick


@dataclass
class Section:
    """What a report section shows: title, key figures, tables, charts and notes.

    ``records`` are (name, value, unit, label, source, synthetic) tuples written to the report's
    key-figure JSON by :func:`show`.
    """

    title: str
    language: str = "zh"
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    figures: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    synthetic: bool = False
    #: source line under the section's charts when a chart names none (publisher, not a path)
    source: str = ""
    #: running text shown under the title, before notes and tables (document blocks:
    #: Paragraph, Bullets, Heading for subsections)
    body: list[Any] = field(default_factory=list)
    #: the report's title block (title, region, period_label, issuer, date, language, demo,
    #: demo_notice) — set by the title section only; shown instead of a heading
    meta: dict[str, Any] | None = None
    #: set when the section could not be computed (:func:`guarded`): ``{"section", "title",
    #: "reason_zh", "reason_en", "error"}``; the report says why in one sentence and is written
    failed: dict[str, Any] | None = None

    def record(self, name: str, value: Any, unit: str, label: str, source: str = "",
               synthetic: bool = False, headline: bool = True) -> None:
        self.records.append(
            {"name": name, "value": value, "unit": unit, "label": label, "source": source,
             "synthetic": synthetic, "headline": headline}
        )

    def figures_dict(self) -> dict[str, Any]:
        return {r["name"]: r["value"] for r in self.records}


def indexed(frame: pd.DataFrame) -> pd.DataFrame:
    """The first column as the index (no 0, 1, 2 … row numbers in reports)."""
    return frame.set_index(frame.columns[0])


def fmt(x: float, nd: int = 1) -> str:
    return f"{x:,.{nd}f}"


def escape(text: Any) -> str:
    """``text`` as HTML text: ``& < > " '`` escaped (for every string from data or parameters)."""
    return _html.escape(str(text), quote=True)


def table_html(table: Any) -> str:
    """A table as HTML with every label and cell escaped (numbers to 2 decimals, NaN as —).

    pandas' Styler escapes cells and index/column labels with ``escape="html"`` but not the
    index/column *names*; those are escaped here.
    """
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        return f"<pre>{escape(table)}</pre>"
    frame = table.copy(deep=False)
    frame.index = frame.index.set_names([None if n is None else escape(n)
                                         for n in frame.index.names])
    frame.columns = frame.columns.set_names([None if n is None else escape(n)
                                             for n in frame.columns.names])
    styler = (frame.style.format(precision=2, na_rep="—", escape="html")
              .format_index(escape="html", axis=0).format_index(escape="html", axis=1))
    return styler.to_html()


def show(section: Section, *, record: bool = True) -> None:
    """Display a section in a notebook (title, notes, tables, charts) and record its figures.

    Key figures go to :func:`jinshui_analysis.reports.record.record`, which the renderer writes to the
    report's JSON file.
    """
    from IPython.display import HTML, display

    from jinshui_analysis.reports import present

    # every text here may come from the user's table (region, indicator, source): it is shown
    # as HTML-escaped text, never as Markdown or raw HTML (present.blocks_html escapes it all).
    # One rendering for all formats: the same blocks go to the HTML (displayed) and, as a
    # hidden output, to the Word/PDF export (render.export.document_of).  No per-section demo
    # banner: the report carries one demo notice in its title block.
    blocks = present.section_blocks(section)
    html = present.meta_html(section.meta) if section.meta else ""
    html += present.blocks_html(blocks, section.language)
    if html:
        display(HTML(html))
    if section.meta:
        display({present.META_MIME: dict(section.meta), "text/plain": ""}, raw=True)
    if blocks:
        display({present.BLOCKS_MIME: [b.to_dict() for b in blocks], "text/plain": ""},
                raw=True)
    if section.failed:
        report.section_failed(section.failed)
    if record:
        for r in section.records:
            # the label is in the section's language: the other language's label stays empty
            report.record(r["name"], r["value"], unit=r["unit"],
                          label_zh=pick(section.language, zh=r["label"], en=None),
                          label_en=pick(section.language, zh=None, en=r["label"]),
                          source=r["source"] or None, synthetic=r["synthetic"],
                          headline=r.get("headline", True))


#: Errors that make one section fail, not the report: the section says why (:func:`guarded`).
SECTION_ERRORS: tuple[type[BaseException], ...] = (ModelError, DataError, ValueError)

#: Section functions with a name in the catalogue (``section.title_<function>``), for the
#: sentence of a section that failed.
SECTION_TITLES: tuple[str, ...] = (
    "summary", "headline", "compare", "target", "projection", "dashboard", "contributions",
    "key_projects", "benchmark_section", "gap_section", "annual_overview", "forecast_section",
    "data_notes", "commentary", "heading",
)

#: Known model messages → the catalogue's plain reason (``section.reason_<name>``, filled with
#: the pattern's groups); the rest: a general sentence in Chinese, the error's text in English.
_REASONS: tuple[tuple[str, str], ...] = (
    (r"history has no past year with both a cumulative value through month (?P<m>\d+) and a "
     r"full-year total", "section.reason_no_share_year"),
    (r"lacks the annual total", "section.reason_no_annual_total"),
    (r"has no cumulative value through month (?P<m>\d+)", "section.reason_no_ytd_value"),
    (r"needs (?:at least )?(?P<n>\d+) (?:consecutive )?observations",
     "section.reason_too_few_periods"),
    (r"no observed values", "section.reason_no_values"),
    (r"no annual 地区生产总值 for region '(?P<r>[^']*)'(?: before (?P<y>\d+))?",
     "section.reason_no_annual_gdp"),
)


def failure_reason(exc: BaseException) -> tuple[str, str]:
    """``exc`` as a plain reason in Chinese and in English (no trailing full stop)."""
    import re

    text = " ".join(str(exc).split())
    for pattern, key in _REASONS:
        m = re.search(pattern, text)
        if m:
            fields = {k: v or "" for k, v in m.groupdict().items()}
            return msg(key, "zh", **fields), msg(key, "en", **fields)
    # an unknown message: a general reason in Chinese; in English, the error's own text
    if isinstance(exc, DataError):
        return msg("section.reason_bad_data", "zh"), text.rstrip(".")
    return msg("section.reason_not_enough", "zh"), text.rstrip(".")


def failed_section(name: str, exc: BaseException, language: str = "zh") -> Section:
    """The section ``name`` that could not be computed: its title and one plain sentence in
    the report's language saying why; ``failed`` holds both wordings and the error."""
    from jinshui_analysis.reports.document import Paragraph

    title = msg(f"section.title_{name}", language) if name in SECTION_TITLES else name
    zh, en = failure_reason(exc)
    sec = Section(title, language)
    sec.body.append(Paragraph(msg("section.failed", language,
                                  reason=pick(language, zh=zh, en=en))))
    sec.failed = {"section": name, "title": title,
                  "reason_zh": zh, "reason_en": en,
                  "error": f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]}
    return sec


def guarded(fn: Callable[..., Section]) -> Callable[..., Section]:
    """``fn`` returning, instead of raising one of :data:`SECTION_ERRORS`, the section that says
    why it could not be computed (:func:`failed_section`): one section never loses the
    report."""
    if getattr(fn, "_guarded", False):
        return fn
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Section:
        try:
            return fn(*args, **kwargs)
        except SECTION_ERRORS as exc:
            try:
                bound = sig.bind(*args, **kwargs)
                bound.apply_defaults()
                language = bound.arguments.get("language", "zh")
            except TypeError:
                language = "zh"
            return failed_section(fn.__name__, exc, language if language in ("zh", "en")
                                  else "zh")

    wrapper._guarded = True  # type: ignore[attr-defined]
    return wrapper


def guard_sections(namespace: dict[str, Any]) -> None:
    """Wrap every section function of ``namespace`` (a function annotated ``-> Section``) with
    :func:`guarded`: what the notebooks call never raises for one section's missing data."""
    for name, obj in list(namespace.items()):
        if inspect.isfunction(obj) and obj.__annotations__.get("return") in ("Section", Section):
            namespace[name] = guarded(obj)


def memoised(fn: Callable[..., Section]) -> Callable[..., Section]:
    """Compute a section once per report: calls with the same arguments (after defaults are
    filled in) on the same :class:`~jinshui_analysis.reports.inputs.ReportData` return the same
    :class:`Section`.  The 要点 summary calls the sections the report shows later, so each
    figure is computed once and is the same number in both places.  A section that cannot be
    computed is remembered as such (:func:`guarded`): the summary leaves it out, its own cell
    says why."""
    fn = guarded(fn)
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(rd: Any, *args: Any, **kwargs: Any) -> Section:
        memo = getattr(rd, "memo", None)
        if memo is None:
            return fn(rd, *args, **kwargs)
        bound = sig.bind(rd, *args, **kwargs)
        bound.apply_defaults()
        key = (fn.__module__, fn.__qualname__,
               tuple((k, v) for k, v in bound.arguments.items() if k != "rd"))
        try:
            hash(key)
        except TypeError:
            return fn(rd, *args, **kwargs)
        if key not in memo:
            memo[key] = fn(rd, *args, **kwargs)
        return memo[key]

    return wrapper
