"""The command line's messages: the language of a run (``--lang``, the locale), one-line errors,
and text made safe for a terminal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from jinshui_analysis.exceptions import JinshuiError

__all__ = ["LANG", "echo", "error_line", "language", "one_line", "say", "terminal_safe"]


def language(argv: Sequence[str] | None = None, environ: Any = None) -> str:
    """The language of the command's messages: ``--lang zh|en`` if given, else English for an
    English locale (the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set starts with
    ``en``), else Chinese."""
    args = list(argv or [])
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1].lower().startswith("en") else "zh"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1].lower().startswith("en") else "zh"
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


LANG = ["zh"]  # the language of this run's messages (set by main)


def say(zh: str, en: str) -> str:
    return en if LANG[0] == "en" else zh


def error_line(text: str) -> str:
    return say(f"错误：{text}", f"error: {text}")


#: Characters a terminal would act on instead of showing: C0/C1 controls (ESC starts colour,
#: cursor and title sequences), DEL, and the bidirectional overrides that reorder a line.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                              "\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: Any) -> str:
    """``text`` with every character a terminal would interpret (escape sequences in a file
    name, bidi overrides) shown as ``\\xNN``/``\\uNNNN`` instead."""
    return _TERMINAL_UNSAFE.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
        str(text))


def echo(*parts: Any, file: Any = None) -> None:
    """print() with the text made terminal-safe (:func:`terminal_safe`)."""
    print(*(terminal_safe(p) for p in parts), file=file or sys.stdout)


def one_line(exc: BaseException) -> str:
    """The error as one line in this run's language (Chinese unless English was asked for),
    terminal-safe (:func:`terminal_safe`)."""
    if isinstance(exc, JinshuiError):
        text = exc.text_in(LANG[0])
    else:
        text = str(exc)
    text = " ".join(terminal_safe(text).split())
    return text if len(text) <= 600 else text[:600] + "…"
