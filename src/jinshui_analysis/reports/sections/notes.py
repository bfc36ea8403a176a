"""数据说明: where the numbers come from, which inputs are demo data, and reading notes."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

from jinshui_analysis.exceptions import TableWarning
from jinshui_analysis.reports.document import Bullets, Paragraph
from jinshui_analysis.reports.inputs import (
    ReportData,
)
from jinshui_analysis.reports.labels import plain
from jinshui_analysis.reports.numbers import source_label
from jinshui_analysis.reports.section import Section, indexed
from jinshui_analysis.reports.text import msg, pick

#: a publication *date* (YYYY-MM-DD) in a source address (not a period label)
_DATE_IN_ADDRESS = r"(\d{4}-\d{2}-\d{2})"

#: units of figures listed with their sources (levels and rates; not counts, years or gaps)
_CITED_UNITS = ("亿元", "%", "元", "元/人", "万人")


def _text(value: object) -> str:
    """A provenance cell as text: "" for a missing value (None, NaN), never "nan"."""
    return "" if value is None or pd.isna(value) else str(value)


def _address(source: str) -> str:
    """A row's source without the bundled file's row reference ("<url> [regional/x.csv row 3]"
    → "<url>")."""
    if not source.endswith("]"):
        return source
    line = source.rfind("\n") + 1  # the reference is on the last line ("." is not "\n")
    start = source.find("[", line)
    return source if start < 0 else source[:start].rstrip()  # one pass, however many "["


def _file_of(address: str) -> str:
    """A user table's source as its file name ("x.csv row 3 col C" → "x.csv"); "" for a web
    address (those are named by publisher and site)."""
    return "" if urlparse(address).hostname else source_label(address)


def _cited(rd: ReportData, language: str) -> pd.DataFrame:
    """The published figures the report's sections show, each with publisher, date and grade.

    Read from the sections already computed for this report (``rd.memo``); a figure counts if
    its source is a row of the data and it equals that row's value (demo figures have no
    source; derived ones, e.g. a required growth rate, differ from their input).  One row per source
    and value: the same number shown twice is listed once.
    """
    memo = getattr(rd, "memo", None) or {}
    real = rd.real
    short = {"official": msg("notes.cited_grade_official", language),
             "press": msg("notes.cited_grade_press", language),
             "secondary": msg("notes.cited_grade_secondary", language),
             "unknown": msg("notes.cited_grade_unknown", language)}
    if "source" not in real or not memo:
        return pd.DataFrame()
    by_source = real.drop_duplicates("source").set_index("source")
    rows, seen = [], set()
    for section in list(memo.values()):
        if not isinstance(section, Section):
            continue
        for r in section.records:
            src = r.get("source") or ""
            if r.get("synthetic") or src not in by_source.index or r["unit"] not in _CITED_UNITS:
                continue
            try:
                value = float(r["value"])
            except (TypeError, ValueError):
                continue
            row = by_source.loc[src]
            try:  # a figure computed from a published one carries its source: not listed
                published = float(row["value"])
            except (KeyError, TypeError, ValueError):
                continue
            if abs(published - value) > 1e-6 * max(1.0, abs(value)) or \
                    (src, round(value, 6)) in seen:
                continue
            seen.add((src, round(value, 6)))
            address = _address(src)
            date = _text(row.get("published"))
            if not date:
                m = re.search(_DATE_IN_ADDRESS, address)
                date = m.group(1) if m else ""
            grade = _text(row.get("grade")) or "unknown"
            nd = 1 if r["unit"] == "%" else 2
            publisher = _text(row.get("publisher")) or urlparse(address).hostname or \
                _file_of(address)
            rows.append({
                msg("notes.col_figure", language): r["label"],
                msg("notes.col_value", language): f"{value:,.{nd}f}{r['unit']}",
                msg("notes.col_publisher_date", language):
                    f"{publisher} {date}" if date else publisher,
                msg("notes.col_grade", language): short.get(grade, grade),
            })
    return pd.DataFrame(rows)


def _item(row: pd.Series, language: str) -> str:
    """One item not read, as a line: where (file, sheet, block, row, column), what, why."""
    where = [_text(row.get("file"))]
    sheet, block, column = (_text(row.get(k)) for k in ("sheet", "block", "column"))
    line = _text(row.get("row"))
    if line.endswith(".0"):
        line = line[:-2]
    if sheet:
        where.append(msg("notes.where_sheet", language, sheet=sheet))
    if block:
        where.append(msg("notes.where_block", language, block=block))
    if line:
        where.append(msg("notes.where_row", language, row=line))
    if column:
        where.append(msg("notes.where_column", language, column=column))
    text = _text(row.get("text"))
    own, other = pick(language, zh=("reason_zh", "reason_en"), en=("reason_en", "reason_zh"))
    reason = _text(row.get(own)) or _text(row.get(other))
    head = msg("common.clause_sep", language).join(w for w in where if w)
    what = msg("notes.item_text", language, text=text) if text else ""
    return msg("notes.item", language, head=head, what=what, reason=reason)


def _reading(sec: Section, rd: ReportData, language: str) -> None:
    """How much of the user's tables was read, and every item that was not, with its reason
    (:attr:`~jinshui_analysis.data.source.DataSource.not_read`); every text is data, shown
    escaped by the document writers."""
    source = getattr(rd, "source", None)
    if source is None or source.path is None:
        return
    n_files, n_read, n_not = len(source.tables), source.n_read, source.n_not_read
    key = "notes.reading_listed" if n_not else "notes.reading_all"
    sec.body.append(Paragraph(msg(key, language, n_files=n_files, n_read=n_read, n_not=n_not),
                              "note"))
    if n_not:
        sec.body.append(Bullets([_item(r, language) for _, r in source.not_read.iterrows()]))


def data_notes(rd: ReportData, language: str = "zh", *, demo_shown: bool = True) -> Section:
    """Where the numbers come from, and which inputs are demo data.

    ``demo_shown=False`` for reports whose sections use published figures only (benchmark).
    """
    sec = Section(msg("notes.title", language), language)
    rows = rd.real[rd.real["region"] == rd.region].copy()
    rows["address"] = rows["source"].astype(str).map(_address)
    for col in ("grade", "publisher", "published"):
        if col not in rows:
            rows[col] = ""
        rows[col] = rows[col].fillna("").astype(str)
    rows["grade"] = rows["grade"].replace("", "unknown")
    # a user table names no publisher: its file does (never "发布者不详" for the office's own)
    rows["publisher"] = [p or _file_of(a) for p, a in zip(rows["publisher"], rows["address"])]
    order = {"official": 0, "press": 1, "secondary": 2, "unknown": 3}
    names = {"official": msg("notes.grade_official", language),
             "press": msg("notes.grade_press", language),
             "secondary": msg("notes.grade_secondary", language),
             "unknown": msg("notes.grade_unknown", language)}
    # one short line per grade (not a wide table): publisher, date where known, number of
    # figures; the page addresses and row numbers stay in the key-figure JSON and provenance
    rows["date"] = rows["published"].where(
        rows["published"] != "", rows["address"].str.extract(_DATE_IN_ADDRESS)[0])
    rows["date"] = rows["date"].fillna("")
    host = rows["address"].str.extract(r"^https?://([^/\s]+)")[0].fillna("")
    rows["host"] = [h if h and not h.endswith(str(p).split(" ")[0]) else ""
                    for h, p in zip(host, rows["publisher"])]
    g = rows.groupby(["grade", "publisher", "host", "date"]).size().reset_index(name="n")
    g = g.sort_values(["grade", "n"], key=lambda c: c.map(order) if c.name == "grade" else -c)
    lines = []
    for grade, part in g.groupby("grade", sort=False):
        entries = []
        for publisher, site, date, n in part[["publisher", "host", "date", "n"]].itertuples(
                index=False):
            what = " ".join(x for x in (publisher or msg("notes.publisher_unknown", language),
                                        site, date) if x)
            entries.append(what if len(part) == 1 else
                           msg("notes.entry_count", language, what=what, n=n))
        total = int(part["n"].sum())
        lines.append(msg("notes.grade_line_one" if total == 1 else "notes.grade_line", language,
                         grade=names.get(grade, grade), total=total)
                     + msg("common.item_sep", language).join(entries))
    cited = _cited(rd, language)
    if not cited.empty:
        sec.tables.append((msg("notes.cited_table", language), indexed(cited)))
    if lines:
        sec.body.append(Paragraph(msg("notes.sources_by_grade", language, region=rd.region), "note"))
        sec.body.append(Bullets(lines))
    n_sec = int((rows["grade"] == "secondary").sum())
    if n_sec:
        sec.notes.append(msg("notes.secondary_count", language, n=n_sec))
    if rd.synthetic and demo_shown:
        sec.synthetic = True
        parts = {"monthly": msg("notes.demo_monthly", language),
                 "quarterly": msg("notes.demo_quarterly", language),
                 "projects": msg("notes.demo_projects", language),
                 "sectors": msg("notes.demo_sectors", language)}
        what = [parts.get(k, k) for k in sorted(rd.synthetic)]
        sec.notes.append(msg("notes.demo", language,
                             what=msg("common.list_sep", language).join(what)))
        if rd.scale_note:
            sec.notes.append(rd.scale_note)
    _reading(sec, rd, language)
    for note in rd.notes:  # reader warnings and loader notes: objects with .text(language)
        text = plain(note, language)
        sec.notes.append(msg("warn.reading", language, text=text)
                         if isinstance(note, TableWarning) else text)
    # the input data's SHA-256 is in the provenance block that follows (one place, in full)
    return sec
