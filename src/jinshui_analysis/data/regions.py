"""Names of regions the table reader recognises in titles and file names.

:func:`read_table` finds a table's region by looking for a *known* region name in its title (or
file name) — the longest one found — instead of guessing from the shape of the text
(``金水区分季度地区生产总值`` → 金水区, not “分季度地区”).  Known regions are those of the
bundled data, the region profiles (:mod:`jinshui_analysis.data.profiles`) and any names passed
as ``extra``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from jinshui_analysis.data.profiles import on_profiles_changed

__all__ = ["canonical_region", "find_region", "known_regions", "same_region", "strip_basis"]

#: A statistical-basis (口径) suffix such as “(民政口径)” or “（管理口径）”.
_BASIS_SUFFIX = re.compile(r"\s*[(（][^()（）]*口径[)）]\s*$")


def strip_basis(name: str) -> str:
    """``"金水区(民政口径)"`` → ``"金水区"``; other names unchanged (whitespace removed)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))
    while True:
        t = _BASIS_SUFFIX.sub("", s)
        if t == s:
            return s
        s = t


@cache
def _bundled_regions() -> frozenset[str]:
    """Region names of the bundled raw tables (read directly, not through ``load_bundled``, which
    itself uses the table reader's unit rules) and of the region profiles."""
    import csv
    from importlib.resources import files

    from jinshui_analysis.data.profiles import profile_names

    names: set[str] = set(profile_names())
    folder = files("jinshui_analysis") / "data" / "regional"
    for entry in folder.iterdir():
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as fh:
                names.update(row["region"] for row in csv.DictReader(fh) if row.get("region"))
    return frozenset(strip_basis(r) for r in names if r)


@cache
def _aliases() -> dict[str, str]:
    """Alias → region name, from the region profiles (``aliases = [...]``)."""
    from jinshui_analysis.data.profiles import aliases

    return {strip_basis(a): strip_basis(r) for a, r in aliases().items()}


def canonical_region(name: str) -> str:
    """The region an alias stands for (``"管城回族区"`` → ``"管城区"``); other names unchanged."""
    n = strip_basis(name)
    return _aliases().get(n, n)


def same_region(name: str) -> frozenset[str]:
    """``name``, the region it stands for and every alias of that region."""
    c = canonical_region(name)
    return frozenset({strip_basis(name), c, *(a for a, r in _aliases().items() if r == c)})


on_profiles_changed(_bundled_regions.cache_clear)
on_profiles_changed(_aliases.cache_clear)


def known_regions(extra: Iterable[str] = ()) -> frozenset[str]:
    """The region names the reader recognises: the bundled data's and profiles' regions, the
    profiles' aliases, plus ``extra``.

    Statistical-basis suffixes (``"金水区(民政口径)"``) are stripped from every name.
    """
    names = set(_bundled_regions()) | set(_aliases())
    names.update(strip_basis(r) for r in extra if str(r).strip())
    names.discard("")
    return frozenset(names)


def find_region(text: str, regions: Iterable[str]) -> str | None:
    """The known region named in ``text``: the longest match, the later one on a tie.

    ``"郑州市金水区2023年3月主要经济指标"`` → ``"金水区"`` (the district, named after its city).
    A profile's alias is found as its region: ``"管城回族区2025年主要经济指标"`` → ``"管城区"``.
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    best: tuple[int, int] | None = None
    found = None
    regions = set(regions)
    alias = _aliases()
    regions |= {a for a, r in alias.items() if r in regions}
    for r in regions:
        pos = s.rfind(r)
        if pos < 0:
            continue
        key = (len(r), pos)
        if best is None or key > best:
            best, found = key, r
    return alias.get(found, found) if found is not None else None
