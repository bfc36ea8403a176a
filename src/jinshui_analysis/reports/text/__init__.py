"""The report's words: one catalogue per language, ``zh.toml`` and ``en.toml`` beside this file.

Models return numbers and codes; the reports layer words them here.  A message has a key
``<table>.<name>`` (the table is the section module or the kind of message: ``target.gap``,
``col.unit``, ``warn.short``) and ``{field}`` placeholders that :func:`msg` fills with
:meth:`str.format` (so ``{value:.1f}`` formats a number and ``{{`` is a literal brace).  Both
catalogues have the same keys with the same fields; ``tests/test_text_catalogue.py`` checks it,
and that every key the code asks for exists.

Examples
--------
>>> msg("col.unit", "zh"), msg("col.unit", "en")
('单位', 'Unit')
>>> msg("cmp.higher", "zh", who="全省", pp="0.8")
'高于全省0.8个百分点'
"""

from __future__ import annotations

import functools
import string
import tomllib
from importlib import resources
from typing import Any

from jinshui_analysis.exceptions import DEMO_LABEL_EN, DEMO_LABEL_ZH, ParameterError

__all__ = ["LANGUAGES", "catalogue", "check_language", "demo_label", "fields_of", "msg", "pick"]

#: the report languages, each with a catalogue ``<language>.toml``
LANGUAGES = ("zh", "en")


def check_language(language: str) -> None:
    """Raise :class:`ParameterError` unless ``language`` is one of :data:`LANGUAGES`."""
    if language not in LANGUAGES:
        raise ParameterError(f"expected one of {LANGUAGES}, got {language!r}", parameter="language")


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            out.update(_flatten(value, key + "."))
        else:
            out[key] = str(value)
    return out


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """Every message of ``language``: key → text with ``{field}`` placeholders."""
    check_language(language)
    raw = resources.files(__package__).joinpath(f"{language}.toml").read_bytes()
    return _flatten(tomllib.loads(raw.decode("utf-8")))


def msg(key: str, language: str = "zh", /, **fields: Any) -> str:
    """The message ``key`` in ``language`` with ``fields`` filled in.

    Raises
    ------
    KeyError
        ``key`` is not in the catalogue (a programming error, caught by the tests).
    """
    return catalogue(language)[key].format(**fields)


def pick(language: str, /, **by_language: Any) -> Any:
    """The value for ``language`` among ``zh=…, en=…`` (for non-text choices, e.g. a unit
    object or a date format, that differ by language)."""
    check_language(language)
    return by_language[language]


def fields_of(text: str) -> set[str]:
    """The field names a message fills (``{value:.1f}`` → ``value``)."""
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text)
            if f is not None and f != ""}


def demo_label(language: str = "zh") -> str:
    """The one demo label (:data:`jinshui_analysis.exceptions.DEMO_LABEL_ZH` / ``_EN``)."""
    check_language(language)
    return DEMO_LABEL_ZH if language == "zh" else DEMO_LABEL_EN
