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


def tr(zh: str, en: str, language: str) -> str:
    """Pick the label of ``language`` ("zh" or "en")."""
    return zh if language == "zh" else en


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
            zh = section.language == "zh"
            report.record(r["name"], r["value"], unit=r["unit"],
                          label_zh=r["label"] if zh else None, label_en=None if zh else r["label"],
                          source=r["source"] or None, synthetic=r["synthetic"],
                          headline=r.get("headline", True))


#: Errors that make one section fail, not the report: the section says why (:func:`guarded`).
SECTION_ERRORS: tuple[type[BaseException], ...] = (ModelError, DataError, ValueError)

#: Section function → (Chinese, English) name, for the sentence of a section that failed.
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "summary": ("要点", "Highlights"),
    "headline": ("主要指标", "Headline figures"),
    "compare": ("与全省、全国比较", "Against the province and the nation"),
    "target": ("年度目标进度", "Progress against the annual target"),
    "projection": ("全年预测与目标达成概率", "Year-end projection"),
    "dashboard": ("月度指标", "Monthly indicators"),
    "contributions": ("产业贡献", "Contributions to growth"),
    "key_projects": ("重点项目序时进度", "Key projects against schedule"),
    "benchmark_section": ("对标分析", "Benchmark"),
    "gap_section": ("对标差距", "Gap table"),
    "annual_overview": ("地区生产总值", "Gross domestic product"),
    "forecast_section": ("趋势预测", "Forecast"),
    "data_notes": ("数据说明", "Data notes"),
    "commentary": ("形势判断、存在问题、下一步建议", "Assessment, problems, next steps"),
    "heading": ("标题", "Title"),
}

#: Known model messages → plain Chinese and English (the rest: a general sentence in Chinese).
_REASONS: tuple[tuple[str, str, str], ...] = (
    (r"history has no past year with both a cumulative value through month (?P<m>\d+) and a "
     r"full-year total",
     "往年数据中没有哪一年同时有1-{m}月累计值和全年总量，无法按往年同期占全年的比重推算全年",
     "no past year in the data has both a January–month {m} cumulative value and a full-year "
     "total, so the year cannot be projected from past years' shares"),
    (r"lacks the annual total", "缺少上年全年总量", "last year's annual total is missing"),
    (r"has no cumulative value through month (?P<m>\d+)", "缺少上年1-{m}月累计值",
     "last year's January–month {m} cumulative value is missing"),
    (r"needs (?:at least )?(?P<n>\d+) (?:consecutive )?observations",
     "数据期数不足（至少需要{n}期）", "too few periods in the data (at least {n} needed)"),
    (r"no observed values", "没有可用的观测值", "there are no observed values"),
    (r"no annual 地区生产总值 for region '(?P<r>[^']*)'(?: before (?P<y>\d+))?",
     "数据中没有{r}的年度地区生产总值", "the data hold no annual GDP of {r}"),
)


def failure_reason(exc: BaseException) -> tuple[str, str]:
    """``exc`` as a plain reason in Chinese and in English (no trailing full stop)."""
    import re

    text = " ".join(str(exc).split())
    for pattern, zh, en in _REASONS:
        m = re.search(pattern, text)
        if m:
            fields = {k: v or "" for k, v in m.groupdict().items()}
            return zh.format(**fields), en.format(**fields)
    if isinstance(exc, DataError):
        return "所需数据有误或不全", text.rstrip(".")
    return "所需数据不足以计算本节", text.rstrip(".")


def failed_section(name: str, exc: BaseException, language: str = "zh") -> Section:
    """The section ``name`` that could not be computed: its title and one plain sentence in
    the report's language saying why; ``failed`` holds both wordings and the error."""
    from jinshui_analysis.reports.document import Paragraph

    zh_title, en_title = SECTION_TITLES.get(name, (name, name))
    zh, en = failure_reason(exc)
    sec = Section(tr(zh_title, en_title, language), language)
    sec.body.append(Paragraph(tr(f"本节未能计算：{zh}。其余各节不受影响。",
                                 f"This section could not be computed: {en}. The rest of the "
                                 "report is not affected.", language)))
    sec.failed = {"section": name, "title": tr(zh_title, en_title, language),
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
