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

import os
import tomllib
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import ParameterError

BUNDLED_PROFILES = Path(str(files("jinshui_analysis") / "data" / "profiles.toml"))
USER_PROFILE_NAME = "jinshui.toml"
LEVELS = ("district", "zone", "city", "province", "country")
_FIELDS = {"level", "city", "province", "benchmark", "peers", "peer_group", "districts_group",
           "caliber", "issuer", "target_growth_pct", "threshold", "data", "template", "language",
           "name_en", "aliases"}


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


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ParameterError(f"cannot read profile file {str(path)!r}: {exc.strerror}",
                             parameter="profile") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"profile file {str(path)!r} is not valid TOML: {exc}",
                             parameter="profile") from None


def _sources(path: str | os.PathLike[str] | None) -> list[Path]:
    out = [BUNDLED_PROFILES]
    local = Path.cwd() / USER_PROFILE_NAME
    if local.is_file():
        out.append(local)
    env = os.environ.get("JINSHUI_PROFILE")
    for extra in (env, path):
        if extra:
            p = Path(extra).expanduser()
            if not p.is_file():
                raise ParameterError(f"profile file not found: {str(extra)!r}", parameter="profile")
            out.append(p)
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
        doc = _read(src)
        for key, table in doc.items():
            if key in ("regions", "templates", "defaults"):
                continue
            if isinstance(table, dict) and "peers" in table:
                groups[key] = [str(p) for p in table["peers"]]
        templates.update({k: dict(v) for k, v in doc.get("templates", {}).items()})
        for name, fields in doc.get("regions", {}).items():
            unknown = sorted(set(fields) - _FIELDS)
            if unknown:
                raise ParameterError(f"{src.name}: region {name!r} has unknown field(s) {unknown}; "
                                     f"known: {sorted(_FIELDS)}", parameter="profile")
            if "data" in fields and fields["data"]:
                fields = {**fields, "data": str((src.parent / str(fields["data"])).resolve())}
            raw.setdefault(name, {}).update(fields)
            origin.setdefault(name, []).append(str(src))
    out = {}
    for name, fields in raw.items():
        merged = {**templates.get(str(fields.get("template", "")), {}), **fields}
        out[name] = _build(name, merged, groups, tuple(origin[name]))
    return out


def _build(name: str, f: dict[str, Any], groups: dict[str, list[str]],
           source: tuple[str, ...]) -> RegionProfile:
    level = str(f.get("level", ""))
    if level and level not in LEVELS:
        raise ParameterError(f"region {name!r}: level must be one of {LEVELS}, got {level!r}",
                             parameter="profile")
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
        entries = _read(src).get("default_reports")
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
