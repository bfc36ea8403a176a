"""Declared, checked parameters of the report notebooks.

Where the schema lives
----------------------
Each report notebook declares its parameters in its own metadata, next to the code that uses
them, so that a notebook and its schema cannot drift apart when copied::

    nb.metadata["jinshui"]["parameters"] = {
        "period": {"type": "month", "default": "2023-06",
                   "help_zh": "报告月份 (YYYY-MM)", "help_en": "report month (YYYY-MM)"},
        "region": {"type": "region", "default": "金水区", "data_param": "data", ...},
        "target_growth": {"type": "float", "default": 8.0, "min": -20, "max": 50, ...},
        "language": {"type": "str", "default": "zh", "choices": ["zh", "en"], ...},
    }

The notebook's cell tagged ``parameters`` holds the same defaults as plain assignments (papermill
convention); :func:`schema_mismatches` checks that both agree.

Types
-----
``str``, ``int``, ``float``, ``bool`` — plain values (``choices``, ``min``/``max``, ``pattern``);
``month`` — ``YYYY-MM`` with month 01–12; ``year`` — ``YYYY`` as an int (``min``/``max``); ``period`` — one of ``YYYY``,
``YYYY-MM``, ``YYYYQ1``–``YYYYQ4``, ``YYYYH1``/``YYYYH2``;
``data`` — ``"bundled"`` (the package's sourced tables) or the path of an existing CSV/XLSX file or
folder of such files (made absolute);
``region`` — a region present in the data named by the parameter ``data_param`` (default
``"data"``): the bundled data (:func:`jinshui_analysis.data.load_bundled`) plus, when that
parameter is a path, the regions of the user's file(s).

:func:`validate` checks everything *before* a kernel starts and raises one
:class:`~jinshui_analysis.exceptions.ParameterError` naming the parameter.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from jinshui_analysis.data.files import BUNDLED, check_data
from jinshui_analysis.exceptions import DataError, ParameterError, PeriodError
from jinshui_analysis.periods import Period, parse_period, period_range

TYPES = ("str", "int", "float", "bool", "month", "year", "period", "data", "region")



@dataclass(frozen=True)
class ParamSpec:
    """Declared type, default, allowed values and help text of one notebook parameter."""

    name: str
    type: str
    default: Any
    choices: tuple[Any, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    help_zh: str = ""
    help_en: str = ""
    data_param: str = "data"
    optional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.optional:
            return self._allowed() + " or empty (from the region profile)"
        return self._allowed()

    def _allowed(self) -> str:
        if self.choices is not None:
            return ", ".join(map(str, self.choices))
        if self.type in ("int", "float") and (self.min is not None or self.max is not None):
            lo = "-∞" if self.min is None else f"{self.min:g}"
            hi = "∞" if self.max is None else f"{self.max:g}"
            return f"[{lo}, {hi}]"
        return {
            "month": "YYYY-MM (month 01–12)",
            "year": "YYYY",
            "period": "YYYY, YYYY-MM, YYYYQn, YYYYHn",
            "data": '"bundled" or path to CSV/XLSX file or folder',
            "region": "regions present in the data",
            "bool": "true, false",
        }.get(self.type, f"matches {self.pattern!r}" if self.pattern else "any")


# --------------------------------------------------------------------------- loading
def notebook_dir() -> Path:
    """The folder of the report notebooks shipped with the package."""
    return Path(__file__).resolve().parents[1] / "reports" / "notebooks"


def resolve_notebook(notebook: str | os.PathLike[str]) -> Path:
    """Find a notebook by path, or by name.

    ``"monthly_report"`` resolves to ``monthly_report.ipynb`` searched in ``$JINSHUI_NOTEBOOKS``,
    ``./notebooks`` (an analyst's copies, see ``jinshui notebooks DEST``) and the notebooks
    shipped with the package (:func:`notebook_dir`), in that order.
    """
    path = Path(notebook)
    if path.is_file():
        return path.resolve()
    name = path.name if path.suffix == ".ipynb" else path.name + ".ipynb"
    dirs = [os.environ.get("JINSHUI_NOTEBOOKS"), Path.cwd() / "notebooks", notebook_dir()]
    for folder in dirs:
        if folder and (Path(folder) / name).is_file():
            return (Path(folder) / name).resolve()
    raise ParameterError(f"notebook not found: {str(notebook)!r}", parameter="notebook")


def read_notebook(path: str | os.PathLike[str]) -> tuple[bytes, nbformat.NotebookNode]:
    """The bytes and the parsed notebook at ``path``; :class:`ParameterError` (one line) for an
    unreadable file or one that is not a Jupyter notebook."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ParameterError(f"cannot read {str(path)!r}: {exc.strerror or exc}",
                             parameter="notebook") from None
    def refuse(reason: str) -> ParameterError:
        # the kind of problem and where, never the file's content (the path may be any file)
        return ParameterError(f"{str(path)!r} is not a Jupyter notebook ({reason})",
                              parameter="notebook")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 text: byte {exc.start}") from None
    try:
        doc = json.loads(text)
    except RecursionError:
        raise refuse("JSON nested too deeply") from None
    except ValueError as exc:
        where = (f": line {exc.lineno}, column {exc.colno}"
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise refuse(f"not JSON{where}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise refuse("JSON without a list of cells")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat schema/version errors
        raise refuse(f"not a valid notebook format ({type(exc).__name__})") from None
    return raw, nb


def _read(notebook: str | os.PathLike[str] | nbformat.NotebookNode) -> nbformat.NotebookNode:
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    return read_notebook(resolve_notebook(notebook))[1]


def load_schema(
    notebook: str | os.PathLike[str] | nbformat.NotebookNode,
) -> dict[str, ParamSpec]:
    """Return the declared parameters of a notebook (``metadata.jinshui.parameters``)."""
    nb = _read(notebook)
    raw = nb.metadata.get("jinshui", {}).get("parameters")
    if raw is None:
        # No schema: derive an untyped one from the parameters cell (values keep their type).
        return {
            k: ParamSpec(k, _python_type(v), v) for k, v in parameters_cell_defaults(nb).items()
        }
    schema: dict[str, ParamSpec] = {}
    # JSON metadata is written with sorted keys: order the parameters as in the parameters cell
    cell_order = list(parameters_cell_defaults(nb))
    names = sorted(raw, key=lambda k: (cell_order.index(k) if k in cell_order else len(cell_order), k))
    for name in names:
        spec = raw[name]
        spec = dict(spec)
        kind = spec.pop("type", "str")
        if kind not in TYPES:
            raise ParameterError(f"schema declares unknown type {kind!r}", parameter=name)
        choices = spec.pop("choices", None)
        schema[name] = ParamSpec(
            name=name,
            type=kind,
            default=spec.pop("default", None),
            choices=tuple(choices) if choices is not None else None,
            min=spec.pop("min", None),
            max=spec.pop("max", None),
            pattern=spec.pop("pattern", None),
            help_zh=spec.pop("help_zh", ""),
            help_en=spec.pop("help_en", ""),
            data_param=spec.pop("data_param", "data"),
            optional=bool(spec.pop("optional", False)),
            extra=spec,
        )
    return schema


def _python_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def parameters_cell_defaults(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """Literal assignments of the cell tagged ``parameters`` (``{}`` when there is none)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            out: dict[str, Any] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name) and node.value is not None:
                            try:
                                out[target.id] = ast.literal_eval(node.value)
                            except ValueError:
                                out[target.id] = ast.unparse(node.value)
            return out
    return {}


def schema_mismatches(notebook: str | os.PathLike[str] | nbformat.NotebookNode) -> list[str]:
    """Differences between the declared schema and the ``parameters`` cell (empty = consistent)."""
    nb = _read(notebook)
    schema = load_schema(nb)
    cell = parameters_cell_defaults(nb)
    problems = []
    for name in sorted(set(schema) | set(cell)):
        if name not in cell:
            problems.append(f"{name}: declared but not in the parameters cell")
        elif name not in schema:
            problems.append(f"{name}: in the parameters cell but not declared")
        elif schema[name].default != cell[name]:
            problems.append(
                f"{name}: schema default {schema[name].default!r} != cell {cell[name]!r}"
            )
    return problems


# --------------------------------------------------------------------------- checking
def _period(value: Any, parameter: str, want: tuple[str, ...], expected: str) -> Period:
    """Parse a canonical period code (``2023``, ``2023-06``, ``2023Q2``, ``2023H1``) with
    :func:`periods.parse_period`, requiring one of the ``want`` frequencies."""
    text = str(value).strip()
    try:
        p = parse_period(text)
    except PeriodError as exc:
        hint = " (months are 01–12)" if "month" in str(exc) else ""
        raise ParameterError(f"expected {expected}, got {value!r}{hint}",
                             parameter=parameter) from None
    canonical = p.period if not (p.freq == "Q" and p.cumulative) else f"{p.year}H1"
    if p.freq not in want or text not in (p.period, canonical) \
            or (p.freq == "M" and p.cumulative):
        raise ParameterError(f"expected {expected}, got {value!r}", parameter=parameter)
    return p


def check_month(value: str, parameter: str = "period") -> str:
    """``value`` if it is a month code ``YYYY-MM`` (01–12), else ParameterError."""
    return _period(value, parameter, ("M",), "a month YYYY-MM").period


def month_range(text: str, parameter: str = "period") -> list[str]:
    """Expand ``"2023-01:2023-12"`` or ``"2023-01,2023-03"`` (or years ``"2019:2023"``).

    Range endpoints are checked; list items are returned as given (each job validates them).
    """
    out: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if ":" not in part:
            out.append(part)
            continue
        start, _, stop = part.partition(":")
        a = _period(start, parameter, ("Y", "M"), "a month YYYY-MM or a year YYYY")
        b = _period(stop, parameter, ("Y", "M"), "a month YYYY-MM or a year YYYY")
        if a.freq != b.freq:
            raise ParameterError(f"range {part!r} mixes a year and a month", parameter=parameter)
        if b.period < a.period:
            raise ParameterError(f"empty range {part!r}", parameter=parameter)
        items = period_range(a.period, b.period)
        out.extend(items)
    if not out:
        raise ParameterError("no period given", parameter=parameter)
    return out


def _coerce(spec: ParamSpec, value: Any) -> Any:
    name, kind = spec.name, spec.type
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on", "是"):
            return True
        if text in ("0", "false", "no", "off", "否"):
            return False
        raise ParameterError(f"expected true/false, got {value!r}", parameter=name)
    if kind == "year":
        text = str(value).strip()
        if isinstance(value, bool):
            raise ParameterError(f"expected a year YYYY, got {value!r}", parameter=name)
        value, kind = _period(text, name, ("Y",), "a year YYYY").year, "int"
    if kind in ("int", "float"):
        if isinstance(value, bool):
            raise ParameterError(f"expected a number, got {value!r}", parameter=name)
        try:
            num = float(value)
        except (TypeError, ValueError):
            raise ParameterError(f"expected a number, got {value!r}", parameter=name) from None
        if num != num or num in (float("inf"), float("-inf")):
            raise ParameterError(f"expected a finite number, got {value!r}", parameter=name)
        if kind == "int":
            if num != int(num):
                raise ParameterError(f"expected an integer, got {value!r}", parameter=name)
            num = int(num)
        if spec.min is not None and num < spec.min:
            raise ParameterError(f"{num!r} is below the minimum {spec.min!r}", parameter=name)
        if spec.max is not None and num > spec.max:
            raise ParameterError(f"{num!r} is above the maximum {spec.max!r}", parameter=name)
        return num
    if not isinstance(value, str):
        raise ParameterError(f"expected text, got {type(value).__name__} {value!r}",
                             parameter=name)
    value = value.strip()
    if kind == "month":
        return check_month(value, name)
    if kind == "period":
        _period(value, name, ("Y", "Q", "M"),
                "a period YYYY, YYYY-MM, YYYYQn or YYYYHn")
    if kind == "data":
        return check_data(value, name)
    if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
        raise ParameterError(f"{value!r} does not match {spec.pattern!r}", parameter=name)
    return value


def regions_for(data: str = BUNDLED, fallback: str | None = None, *,
                since: float | None = None) -> frozenset[str]:
    """Regions available for ``data``: the bundled ones plus those in the user's file(s)
    (``fallback``: the region of the tables that name none, as ``load_report_data`` reads them).

    The user's tables are read through :func:`~jinshui_analysis.data.source.open_source` — the
    same one reading the report uses (``since``: see there)."""
    from jinshui_analysis.data.regions import known_regions
    from jinshui_analysis.data.source import open_source

    regions = set(known_regions())
    if data != BUNDLED:
        try:
            regions |= open_source(data, region=fallback, since=since).regions()
        except DataError as exc:
            raise ParameterError(f"cannot read the data: {exc}", parameter="data",
                                 zh=f"无法读取数据：{exc.text_in('zh')}") from None
    return frozenset(regions)


def validate(
    notebook: str | os.PathLike[str] | nbformat.NotebookNode,
    parameters: Mapping[str, Any] | None = None,
    *,
    since: float | None = None,
) -> dict[str, Any]:
    """Check ``parameters`` against the notebook's schema; return them coerced, defaults filled.

    Raises
    ------
    ParameterError
        naming the first offending parameter: unknown name, wrong type, value out of range or not
        among the choices, invalid month (``"2023-13"``), missing data file, unknown region.
        Nothing is executed or written.
    """
    schema = load_schema(notebook)
    parameters = dict(parameters or {})
    unknown = sorted(set(parameters) - set(schema))
    if unknown:
        raise ParameterError(
            f"unknown parameter; the notebook declares: {', '.join(schema) or 'none'}",
            parameter=unknown[0],
        )
    out: dict[str, Any] = {}
    # data parameters first: regions depend on them
    order = sorted(schema, key=lambda k: schema[k].type == "region")
    for name in order:
        spec = schema[name]
        value = parameters.get(name, spec.default)
        if spec.optional and (value is None or (isinstance(value, str) and not value.strip())):
            out[name] = None  # the notebook takes it from the region profile
            continue
        if value is None:
            raise ParameterError("no value and no default", parameter=name)
        value = _coerce(spec, value)
        if spec.choices is not None and value not in spec.choices:
            raise ParameterError(
                f"{value!r} is not allowed; choose one of: {', '.join(map(str, spec.choices))}",
                parameter=name,
            )
        if spec.type == "region" and spec.choices is None:
            data = out.get(spec.data_param, BUNDLED)
            regions = regions_for(data, value, since=since)
            if value not in regions:
                where = "the bundled data" if data == BUNDLED else f"the bundled data or {data}"
                sample = "、".join(sorted(regions)[:12])
                raise ParameterError(
                    f"unknown region {value!r}: not in {where} (known: {sample}…)",
                    parameter=name,
                )
        out[name] = value
    return {name: out[name] for name in schema}


def parse_assignment(text: str) -> tuple[str, str]:
    """Split a CLI ``k=v`` into ``(k, v)``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ParameterError(f"expected key=value, got {text!r}", parameter="--param")
    return key.strip(), value


def format_schema(
    notebook: str | os.PathLike[str] | nbformat.NotebookNode, *, as_json: bool = False
) -> str:
    """The schema as a text table (``jinshui params NOTEBOOK``) or JSON."""
    schema = load_schema(notebook)
    if as_json:
        return json.dumps(
            {k: {"type": s.type, "default": s.default, "allowed": s.allowed(),
                 "help_zh": s.help_zh, "help_en": s.help_en} for k, s in schema.items()},
            ensure_ascii=False, indent=2,
        )
    rows = [("name", "type", "default", "allowed", "help")]
    for s in schema.values():
        helptext = " / ".join(t for t in (s.help_zh, s.help_en) if t)
        rows.append((s.name, s.type, json.dumps(s.default, ensure_ascii=False), s.allowed(),
                     helptext))
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(4)]
        lines.append("  ".join(cells + [r[4]]).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
