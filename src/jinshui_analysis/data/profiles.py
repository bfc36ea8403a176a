"""Region profiles: what a report needs to know about a region besides its figures.

A :class:`RegionProfile` names the region's parent city and province, the benchmark it is compared
with, its peers (ranked together), the statistical basis (口径) of its figures, the unit that issues
its reports, its default growth target and, optionally, the folder of its own data.  Library code
never names a region: sections read these fields instead.

Profiles come from TOML files with one table per region (see ``data/profiles.toml``, bundled)::

    [regions."甲区"]
    level = "district"            # district | city | province | country | zone
    city = "乙市"
    province = "丙省"
    benchmark = "丁区"
    peers = ["戊区", "己区"]       # or peer_group = "<name of a [group] table with peers = [...]>"
    caliber = "管理口径"
    issuer = "甲区统计局"
    target_growth_pct = 7.5
    aliases = ["甲区经济开发区"]  # other names offices write for it
    threshold = 1000.0            # a level (亿元) the reports track, e.g. 2000 for 金水区
    data = "path/to/tables"       # relative to the TOML file

Later files override earlier ones field by field: the bundled profiles, then ``jinshui.toml`` in
the working folder, then the file named by ``$JINSHUI_PROFILE`` or passed as ``path`` (the CLI's
``--profile FILE``).  A region without a profile gets an empty one (no benchmark, no peers).
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import ParameterError

BUNDLED_PROFILES = Path(str(files("jinshui_analysis") / "data" / "profiles.toml"))
USER_PROFILE_NAME = "jinshui.toml"
#: Environment variable through which the renderer hands the user's profile files, resolved in
#: the user's working folder before any change of directory, to the notebook (absolute paths
#: joined by ``os.pathsep``; empty = none).  When set, ``./jinshui.toml`` and
#: ``$JINSHUI_PROFILE`` are not looked up again.
RESOLVED_ENV = "JINSHUI_PROFILES"
LEVELS = ("district", "zone", "city", "province", "country")
#: A profile file larger than this is refused (a few hundred regions fit in 100 KB).
MAX_PROFILE_BYTES = 1_000_000
#: Deepest nesting of tables/arrays a profile may have (regions."甲区".peers = 3).
MAX_DEPTH = 6
MAX_TEXT = 1000    # characters of one name or text field (Word shortens its 255-character fields)
MAX_ITEMS = 500    # names in one list


# --------------------------------------------------------------------------- field checks
def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"must be text (in quotes), got {_kind(value)}"
    if len(value) > MAX_TEXT:
        return f"is longer than {MAX_TEXT} characters"
    if any(ord(c) < 32 for c in value):
        return "holds a control character"
    return None


def _names(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of names [\"甲区\", \"乙区\"], got {_kind(value)}"
    if len(value) > MAX_ITEMS:
        return f"holds more than {MAX_ITEMS} names"
    for i, item in enumerate(value):
        problem = _text(item)
        if problem:
            return f"item {i + 1} {problem}"
    return None


def _number(lo: float, hi: float, unit: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number ({unit}), got {_kind(value)}"
        if not math.isfinite(value):
            return f"must be a finite number ({unit}), got {value!r}"
        if not lo <= value <= hi:
            return f"must be between {lo:g} and {hi:g} ({unit}), got {value:g}"
        return None
    return check


def _choice(options: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in options:
            return f"must be one of {', '.join(options)}, got {_shown(value)}"
        return None
    return check


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str | int | float | bool) else _kind(value)
    return text if len(text) <= 40 else text[:40] + "…"


#: The fields of a region (also of ``[templates.*]`` and ``[defaults]``): one line per field,
#: its check returns None or what is wrong.
FIELDS: dict[str, Callable[[Any], str | None]] = {
    "level": _choice(LEVELS),
    "city": _text,
    "province": _text,
    "benchmark": _text,
    "peers": _names,
    "peer_group": _text,
    "districts_group": _text,
    "caliber": _text,
    "issuer": _text,
    "name_en": _text,
    "target_growth_pct": _number(-50.0, 100.0, "percent"),
    "threshold": _number(0.0, 10_000_000.0, "亿元"),
    "data": _text,
    "template": _text,
    "language": _choice(("zh", "en")),
    "aliases": _names,
}
_FIELDS = set(FIELDS)  # kept for callers of the first version
#: Top-level tables of a profile file besides group tables (``[name] peers = [...]``).
SECTIONS = ("regions", "templates", "defaults", "default_reports")


@dataclass(frozen=True)
class RegionProfile:
    """What the reports know about a region besides its figures.

    Attributes
    ----------
    name : the region's name as in the data ("金水区").
    level : "district", "zone", "city", "province" or "country".
    city, province : the parent units ("" when none).
    benchmark : the region it is compared with ("" for none).
    peers : regions ranked with it (its own name included when it is one of them).
    districts : for a city, the units it ranks in its own report.
    caliber : statistical basis of its figures (口径), e.g. "管理口径"; "" when not stated.
    issuer : the unit issuing its reports, e.g. "金水区统计局"; set only by the user's own profile
        (the bundled profiles name none, so a report says it is an analysis draft).
    name_en : its English name, e.g. "Jinshui District" ("" when not known).
    aliases : other names offices write for it (管城回族区 for 管城区, 郑州高新技术产业开发区 for
        高新区): the table reader maps them to ``name``, and a report asked for under an alias
        uses the alias.
    target_growth_pct : default real GDP growth target in percent (None when not known).
    threshold : a GDP level in 亿元 the reports track (None for none).
    data : folder of the region's own tables ("" for the bundled data).
    source : the TOML file(s) the profile was read from.
    """

    name: str
    level: str = ""
    city: str = ""
    province: str = ""
    benchmark: str = ""
    peers: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    caliber: str = ""
    issuer: str = ""
    name_en: str = ""
    target_growth_pct: float | None = None
    threshold: float | None = None
    data: str = ""
    aliases: tuple[str, ...] = ()
    source: tuple[str, ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in (("level", self.level), ("city", self.city),
                                            ("benchmark", self.benchmark)) if v]
        return f"RegionProfile({self.name!r}{', ' if parts else ''}{', '.join(parts)})"

    @property
    def parent(self) -> str:
        """The unit a district is compared with first (its city, else its province)."""
        return self.city or self.province


def _fail(path: Path, what: str) -> ParameterError:
    return ParameterError(f"profile file {str(path)!r}: {what}", parameter="profile")


def _depth(doc: Any) -> int:
    """Deepest nesting of lists/tables in ``doc`` (iterative: no recursion limit)."""
    deepest, stack = 0, [(doc, 0)]
    while stack:
        value, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(value, dict):
            stack.extend((v, d + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, d + 1) for v in value)
    return deepest


def _read(path: Path) -> dict[str, Any]:
    """The parsed TOML of a profile file; :class:`ParameterError` (one line, naming the file and
    the kind of problem, never quoting its content) when it cannot be read, is too large, not
    UTF-8, not TOML or nested too deeply."""
    try:
        if not path.is_file():
            raise _fail(path, "is not a regular file")
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise _fail(path, f"is larger than {MAX_PROFILE_BYTES // 1000} KB")
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = " (it looks GBK/GB18030-encoded: save it as UTF-8)"
        except UnicodeDecodeError:
            pass
        raise _fail(path, f"is not UTF-8 text at line {line}{hint}") from None
    try:
        doc = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        where = str(exc)[str(exc).rfind("(at "):] if "(at " in str(exc) else ""
        raise _fail(path, f"is not valid TOML {where}".strip()) from None
    except RecursionError:
        raise _fail(path, "is nested too deeply (arrays or tables inside each other)") from None
    if _depth(doc) > MAX_DEPTH:
        raise _fail(path, f"is nested more than {MAX_DEPTH} levels deep")
    return doc


def _check_fields(path: Path, where: str, fields: Any) -> dict[str, Any]:
    """``fields`` of one region/template/defaults table, checked against :data:`FIELDS`."""
    if not isinstance(fields, dict):
        raise _fail(path, f"{where} must be a table, got {_kind(fields)}")
    for key, value in fields.items():
        check = FIELDS.get(key)
        if check is None:
            raise _fail(path, f"{where} has unknown field {_shown(key)}; known: "
                              f"{', '.join(FIELDS)}")
        problem = check(value)
        if problem:
            raise _fail(path, f"{where}: {key} {problem}")
    return fields


def validate_profile(path: str | os.PathLike[str], doc: dict[str, Any] | None = None
                     ) -> dict[str, Any]:
    """Check a whole profile file up front (every region, template, group, the defaults and
    the ``[[default_reports]]`` entries); returns its parsed content.

    Raises :class:`ParameterError` with one line naming the file, the table and the field:
    wrong types, non-finite or implausible targets, unknown fields or tables, encoding,
    nesting depth, size.
    """
    path = Path(path)
    doc = _read(path) if doc is None else doc
    for key, table in doc.items():
        if key in ("regions", "templates"):
            if not isinstance(table, dict):
                raise _fail(path, f"[{key}] must be a table, got {_kind(table)}")
            for name, fields in table.items():
                problem = _text(name)
                if problem or not name.strip():
                    raise _fail(path, f"a name in [{key}] {problem or 'is empty'}")
                _check_fields(path, f"[{key}.{_shown(name)}]", fields)
        elif key == "defaults":
            _check_fields(path, "[defaults]", table)
        elif key == "default_reports":
            if not isinstance(table, list):
                raise _fail(path, "default_reports must be a list of [[default_reports]] tables")
            for i, entry in enumerate(table, 1):
                if not isinstance(entry, dict):
                    raise _fail(path, f"[[default_reports]] entry {i} must be a table")
                nb = entry.get("notebook")
                if not isinstance(nb, str) or not nb.strip():
                    raise _fail(path, f"[[default_reports]] entry {i} needs notebook = \"...\"")
                for k, v in entry.items():
                    if isinstance(v, dict | list):
                        raise _fail(path, f"[[default_reports]] entry {i}: {_shown(k)} must be "
                                          f"a single value, got {_kind(v)}")
        elif isinstance(table, dict) and set(table) == {"peers"}:
            problem = _names(table["peers"])
            if problem:
                raise _fail(path, f"[{_shown(key)}] peers {problem}")
        else:
            raise _fail(path, f"unknown table or key {_shown(key)}; known: "
                              f"{', '.join(SECTIONS)}, or a group [name] with only peers = [...]")
    return doc


_ON_CHANGE: list[Callable[[], None]] = []


def on_profiles_changed(forget: Callable[[], None]) -> Callable[[], None]:
    """Register ``forget`` (a cache's ``cache_clear``) to be called by
    :func:`profiles_changed`: caches built from the profiles (known region names, English
    names) register here."""
    _ON_CHANGE.append(forget)
    return forget


def profiles_changed() -> None:
    """Drop every cache built from the profiles (the renderer calls it when it hands a job's
    own profile files to the notebook)."""
    for forget in _ON_CHANGE:
        forget()


def user_profile_files(cwd: str | os.PathLike[str] | None = None) -> list[Path]:
    """The user's profile files, as absolute paths: ``jinshui.toml`` in the working folder
    (``cwd``, default the current one) and ``$JINSHUI_PROFILE`` (a relative path is taken from
    that same folder).  When the renderer has set ``$JINSHUI_PROFILES`` (the list it resolved
    before the notebook's change of directory), that list is used instead.

    Raises :class:`ParameterError` when ``$JINSHUI_PROFILE`` names no file.
    """
    resolved = os.environ.get(RESOLVED_ENV)
    if resolved is not None:
        return [Path(p) for p in resolved.split(os.pathsep) if p]
    base = Path(cwd) if cwd is not None else Path.cwd()
    out = []
    local = base / USER_PROFILE_NAME
    if local.is_file():
        out.append(local.resolve())
    env = os.environ.get("JINSHUI_PROFILE")
    if env:
        p = Path(env).expanduser()
        p = p if p.is_absolute() else base / p
        if not p.is_file():
            what = "is not a regular file" if p.exists() else "not found"
            raise ParameterError(f"profile file {what}: {env!r} ($JINSHUI_PROFILE, from "
                                 f"{str(base)!r})", parameter="profile")
        out.append(p.resolve())
    return out


def _sources(path: str | os.PathLike[str] | None) -> list[Path]:
    out = [BUNDLED_PROFILES, *user_profile_files()]
    if path:
        p = Path(path).expanduser()
        if not p.is_file():
            raise ParameterError(f"profile file not found: {str(path)!r}", parameter="profile")
        out.append(p.resolve())
    return out


def load_profiles(path: str | os.PathLike[str] | None = None) -> dict[str, RegionProfile]:
    """Every region profile: bundled, then ``./jinshui.toml``, ``$JINSHUI_PROFILE`` and ``path``.

    Raises
    ------
    ParameterError
        a profile file that is missing, not TOML, or has an unknown field or a bad value.
    """
    raw: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[str]] = {}
    templates: dict[str, dict[str, Any]] = {}
    origin: dict[str, list[str]] = {}
    for src in _sources(path):
        doc = validate_profile(src)
        for key, table in doc.items():
            if key in ("regions", "templates", "defaults"):
                continue
            if isinstance(table, dict) and "peers" in table:
                groups[key] = [str(p) for p in table["peers"]]
        templates.update({k: dict(v) for k, v in doc.get("templates", {}).items()})
        for name, fields in doc.get("regions", {}).items():
            if "data" in fields and fields["data"]:
                fields = {**fields, "data": str((src.parent / str(fields["data"])).resolve())}
            raw.setdefault(name, {}).update(fields)
            origin.setdefault(name, []).append(str(src))
    out = {}
    for name, fields in raw.items():
        if fields.get("template") and fields["template"] not in templates:
            raise _fail(Path(origin[name][-1]), f"[regions.{_shown(name)}]: template "
                        f"{_shown(fields['template'])} names no [templates.…] table")
        merged = {**templates.get(str(fields.get("template", "")), {}), **fields}
        out[name] = _build(name, merged, groups, tuple(origin[name]))
    return out


def _build(name: str, f: dict[str, Any], groups: dict[str, list[str]],
           source: tuple[str, ...]) -> RegionProfile:
    level = str(f.get("level", ""))
    if level and level not in LEVELS:
        raise ParameterError(f"region {name!r}: level must be one of {LEVELS}, got {level!r}",
                             parameter="profile")
    for key in ("peer_group", "districts_group"):
        if f.get(key) and f[key] not in groups:
            raise _fail(Path(source[-1]), f"[regions.{_shown(name)}]: {key} {_shown(f[key])} "
                        f"names no group table with peers = [...] (groups: "
                        f"{', '.join(sorted(groups)) or 'none'})")
    peers = f.get("peers") or groups.get(str(f.get("peer_group", "")), [])
    districts = groups.get(str(f.get("districts_group", "")), [])

    def number(key: str) -> float | None:
        v = f.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ParameterError(f"region {name!r}: {key} must be a number, got {v!r}",
                                 parameter="profile")
        return float(v)

    return RegionProfile(
        name=name, level=level, city=str(f.get("city", "")), province=str(f.get("province", "")),
        benchmark=str(f.get("benchmark", "")), peers=tuple(str(p) for p in peers),
        districts=tuple(str(d) for d in districts), caliber=str(f.get("caliber", "")),
        issuer=str(f.get("issuer", "")), name_en=str(f.get("name_en", "")),
        target_growth_pct=number("target_growth_pct"),
        threshold=number("threshold"), data=str(f.get("data", "")),
        aliases=_aliases_of(name, f.get("aliases", [])), source=source,
    )


def _aliases_of(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) \
            or not all(isinstance(a, str) and a.strip() for a in value):
        raise ParameterError(f"region {name!r}: aliases must be a list of names, got {value!r}",
                             parameter="profile")
    return tuple(dict.fromkeys(a.strip() for a in value if a.strip() != name))


def aliases(path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Every alias of every profile → the profile's name (``"管城回族区" → "管城区"``)."""
    out: dict[str, str] = {}
    for p in load_profiles(path).values():
        for a in p.aliases:
            out.setdefault(a, p.name)
    return out


def canonical(region: str, path: str | os.PathLike[str] | None = None) -> str:
    """The profile name ``region`` stands for (``"管城回族区" → "管城区"``; else unchanged)."""
    profiles = load_profiles(path)
    if region in profiles:
        return region
    return aliases(path).get(region, region)


def profile(region: str, path: str | os.PathLike[str] | None = None) -> RegionProfile:
    """The profile of ``region`` (an empty one, with only the name, when none is configured).

    Asked for by an alias (``"管城回族区"``), the profile of the region it stands for, under the
    name given: ``name`` and the region's own place among its peers are the alias, so the report
    says what the user said."""
    profiles = load_profiles(path)
    if region in profiles:
        return profiles[region]
    name = aliases(path).get(region)
    if name is None:
        return RegionProfile(name=region)
    found = profiles[name]
    swap = {name: region}
    return replace(found, name=region,
                   peers=tuple(swap.get(p, p) for p in found.peers),
                   districts=tuple(swap.get(d, d) for d in found.districts),
                   aliases=tuple(a for a in (name, *found.aliases) if a != region))


def profile_names(path: str | os.PathLike[str] | None = None) -> frozenset[str]:
    """Names of the regions that have a profile, with their benchmarks, peers and parents."""
    names: set[str] = set()
    for p in load_profiles(path).values():
        names |= {p.name, p.city, p.province, p.benchmark, *p.peers, *p.districts}
    return frozenset(n for n in names if n)


def default_reports(path: str | os.PathLike[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The default report set (``make report``): the ``[[default_reports]]`` entries of the last
    profile file that has any, each ``{notebook = "...", <parameter> = <value>, ...}``."""
    found: list[tuple[str, dict[str, Any]]] = []
    for src in _sources(path):
        entries = validate_profile(src).get("default_reports")
        if entries:
            found = []
            for e in entries:
                e = dict(e)
                nb = e.pop("notebook", None)
                if not nb:
                    raise ParameterError(f"{src.name}: a [[default_reports]] entry needs notebook = ...",
                                         parameter="profile")
                found.append((str(nb), e))
    return found
