"""What a report section is (:class:`Section`), how a notebook shows it (:func:`show`), and the
label/number helpers the sections share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

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


def show(section: Section, *, record: bool = True) -> None:
    """Display a section in a notebook (title, notes, tables, charts) and record its figures.

    Key figures go to :func:`jinshui_analysis.reports.record.record`, which the renderer writes to the
    report's JSON file.
    """
    from IPython.display import Markdown, display

    display(Markdown(f"## {section.title}"))
    if section.synthetic:
        display(report.demo_banner(section.language))
    for note in section.notes:
        display(Markdown(f"- {note}"))
    for caption, table in section.tables:
        if caption:
            display(Markdown(f"**{caption}**"))
        display(table.style.format(precision=2, na_rep="—") if hasattr(table, "style") else table)
    for fig in section.figures:
        display(fig)
        plt.close(fig)
    if record:
        for r in section.records:
            zh = section.language == "zh"
            report.record(r["name"], r["value"], unit=r["unit"],
                          label_zh=r["label"] if zh else None, label_en=None if zh else r["label"],
                          source=r["source"] or None, synthetic=r["synthetic"],
                          headline=r.get("headline", True))
