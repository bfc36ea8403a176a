"""Base class of the immutable results objects returned by the models.

Follows the statsmodels/linearmodels habit: plain attributes, costly ones as cached properties,
``summary()`` returning a :class:`Summary` that prints as text and renders as HTML in a notebook,
and ``to_frame()`` returning a pandas object with named index and columns.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Summary:
    """A titled set of tables and notes; ``str()`` gives text, ``_repr_html_`` gives HTML.

    Parameters
    ----------
    title : str
        Title line, e.g. ``"贡献率与拉动 / Contribution and pulling"``.
    tables : sequence of (caption, DataFrame)
    notes : sequence of str
        Footnotes: units, conventions, sources, 示例数据 labels.
    """

    title: str
    tables: Sequence[tuple[str, pd.DataFrame]] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)

    def as_text(self) -> str:
        out = [self.title, "=" * max(20, min(len(self.title) * 2, 100))]
        for caption, frame in self.tables:
            if caption:
                out.append(caption)
                out.append("-" * max(10, min(len(caption) * 2, 100)))
            out.append(frame.to_string())
            out.append("")
        for note in self.notes:
            out.append(f"注 / Note: {note}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    def as_html(self) -> str:
        parts = [f"<h4>{html.escape(self.title)}</h4>"]
        for caption, frame in self.tables:
            if caption:
                parts.append(f"<p><b>{html.escape(caption)}</b></p>")
            parts.append(frame.to_html(float_format=lambda x: f"{x:,.4g}"))
        if self.notes:
            parts.append("<ul>")
            parts.extend(f"<li>{html.escape(n)}</li>" for n in self.notes)
            parts.append("</ul>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.as_html()


class Results:
    """Mixin for results objects: HTML repr from ``summary()``, text repr too.

    Subclasses are frozen dataclasses (or otherwise immutable) and implement
    ``summary() -> Summary`` and ``to_frame() -> pandas.DataFrame``.
    """

    def summary(self) -> Summary:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - abstract
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self.summary())

    def __repr__(self) -> str:
        """Short: the class name and its scalar attributes; frames and series by their shape
        (``print(res)`` or ``res.summary()`` shows everything)."""
        import dataclasses

        parts = []
        names = [f.name for f in dataclasses.fields(self)] if dataclasses.is_dataclass(self) \
            else sorted(vars(self))
        for name in names:
            value = getattr(self, name, None)
            if isinstance(value, bool | int | str) or value is None:
                text = repr(value) if not isinstance(value, str) or len(value) <= 24 \
                    else repr(value[:21] + "…")
            elif isinstance(value, float):
                text = f"{value:.4g}"
            elif isinstance(value, pd.DataFrame):
                text = f"<{value.shape[0]}×{value.shape[1]}>"
            elif isinstance(value, pd.Series):
                text = f"<{len(value)}>"
            else:
                continue
            parts.append(f"{name}={text}")
        out = f"{type(self).__name__}({', '.join(parts)})"
        return out if len(out) <= 200 else out[:198] + "…)"

    def _repr_html_(self) -> str:
        return self.summary().as_html()
