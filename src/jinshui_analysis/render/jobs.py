"""Render jobs: what one report is (notebook, parameters, output paths, the key that decides
whether it is up to date), its safe output name and the fingerprint of its input data.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinshui_analysis import __version__
from jinshui_analysis.data.files import file_sha256
from jinshui_analysis.data.source import fingerprint_of, open_source
from jinshui_analysis.exceptions import DataError, ParameterError
from jinshui_analysis.render import params as _params

STATUS_DIR = ".jinshui"



# =========================================================================== jobs
@dataclass(frozen=True)
class RenderPaths:
    """Files written for one report."""

    html: Path
    json: Path
    notebook: Path
    log: Path | None = None
    docx: Path | None = None
    pdf: Path | None = None


@dataclass
class Job:
    """One report to render: validated parameters plus everything that identifies the output."""

    notebook: str
    parameters: dict[str, Any]
    out_dir: str
    stem: str
    notebook_sha256: str
    data: list[dict[str, Any]]
    key: str
    timeout: float = 600.0
    log: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    formats: tuple[str, ...] = ("html",)
    #: the reading of each input (:class:`~jinshui_analysis.data.source.DataSource`), adopted
    #: by the worker that runs the job
    sources: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    #: the user's region-profile files (``./jinshui.toml``, ``$JINSHUI_PROFILE``) as absolute
    #: paths, resolved in the user's working folder; handed to the notebook (which runs in its
    #: own folder) through ``$JINSHUI_PROFILES``
    profiles: tuple[str, ...] = ()

    @property
    def paths(self) -> RenderPaths:
        out = Path(self.out_dir)
        return RenderPaths(
            html=out / f"{self.stem}.html", json=out / f"{self.stem}.json",
            notebook=out / "notebooks" / f"{self.stem}.ipynb",
            log=Path(self.log) if self.log else None,
            docx=out / f"{self.stem}.docx" if "docx" in self.formats else None,
            pdf=out / f"{self.stem}.pdf" if "pdf" in self.formats else None,
        )

    def format_paths(self) -> dict[str, Path]:
        """The file of every output format (:data:`FORMATS`) of this report's name, asked for
        or not: a rerun with fewer formats removes the others (no stale PDF beside a new
        HTML)."""
        out = Path(self.out_dir)
        return {fmt: out / f"{self.stem}.{fmt}" for fmt in FORMATS}

    @property
    def failed_notebook(self) -> Path:
        return Path(self.out_dir) / "notebooks" / f"{self.stem}.failed.ipynb"

    @property
    def failure_record(self) -> Path:
        return Path(self.out_dir) / STATUS_DIR / f"{self.stem}.failed.json"


#: Characters kept in output names: letters and digits of any script (incl. CJK), ``-`` and
#: ``.``; everything else (path separators, spaces, quotes, ``<>``, ``%``, ``&``, controls …)
#: becomes ``-``.
_UNSAFE = re.compile(r"[^\w.\-]|_", re.UNICODE)
_UNSAFE_ID = re.compile(r"[^\w.\-]", re.UNICODE)  # identifiers (notebook, parameter names)
_MAX_PART = 60        # characters of one value kept readable
_MAX_STEM_BYTES = 180  # leaves room for ".failed.ipynb", ".tmp-<pid>" under the 255-byte limit


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_name(text: str, *, identifier: bool = False) -> str:
    """``text`` as a safe, readable piece of a file name.

    Letters and digits of any script, ``-`` and ``.`` are kept; any other character becomes
    ``-`` (runs collapsed, no leading/trailing ``-`` or ``.``).  When that changed the text, or
    it is longer than 60 characters, a short SHA-256 of the original is appended, so different
    values never share a name: ``乙/甲区`` → ``乙-甲区-1b2c3d4e``, ``甲 区`` → ``甲-区-…``,
    while ``甲-区`` stays ``甲-区``.  ``_`` separates the parts of a stem, so it is replaced too,
    except in an ``identifier`` (a notebook or parameter name such as ``monthly_report``).
    """
    text = str(text)
    unsafe = _UNSAFE_ID if identifier else _UNSAFE
    clean = unicodedata.normalize("NFC", text)  # é and e + ◌́ : not the same name
    clean = re.sub(r"-{2,}", "-", unsafe.sub("-", clean)).strip("-.")
    if clean == text and 0 < len(clean) <= _MAX_PART:
        return clean
    clean = clean[:_MAX_PART].strip("-.")
    return f"{clean}-{_short_hash(text)}" if clean else _short_hash(text)


def _stem_value(value: Any, *, is_path: bool = False) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if is_path and text != _params.BUNDLED:
        return Path(text).name or text
    return text


def default_stem(notebook: str | os.PathLike[str], parameters: Mapping[str, Any]) -> str:
    """``<notebook>_<region>_<period>``, plus ``_<name>-<value>`` for every parameter declared
    with ``"in_stem": true`` in the notebook's schema whose value differs from its default (so an
    English version, another benchmark or the user's data never overwrite the default report).
    A data path contributes its file or folder name.  Every value passes :func:`safe_name`
    (readable where possible, a short hash where the text had to change), so a value can never
    leave the output folder or take another value's name; an over-long stem is shortened with
    a hash of the whole."""
    try:
        schema = _params.load_schema(_params.resolve_notebook(notebook))
    except (ParameterError, OSError, ValueError):
        schema = {}

    def is_path(key: str) -> bool:
        return key in schema and schema[key].type == "data"

    parts = [safe_name(Path(notebook).stem, identifier=True)]
    for key in ("region", "period", "year"):
        if key in parameters:
            parts.append(safe_name(_stem_value(parameters[key], is_path=is_path(key))))
    for key, value in parameters.items():
        if key in ("region", "period", "year") or key not in schema:
            continue
        if not schema[key].extra.get("in_stem"):
            continue
        if value != schema[key].default and str(value) != str(schema[key].default):
            parts.append(f"{safe_name(key, identifier=True)}-{safe_name(_stem_value(value, is_path=is_path(key)))}")
    stem = "_".join(parts)
    if len(stem.encode("utf-8")) > _MAX_STEM_BYTES:
        head = stem.encode("utf-8")[:_MAX_STEM_BYTES - 9].decode("utf-8", "ignore")
        stem = f"{head}-{_short_hash(stem)}"
    return stem


def check_stem(stem: str) -> str:
    """Check an explicit output name: a plain file name that stays inside the output folder.

    Raises :class:`ParameterError` for a path (``/``, ``\\``), ``.``/``..``, a leading dot, a
    control character, an empty or over-long name.
    """
    text = str(stem)
    problem = None
    if not text.strip():
        problem = "is empty"
    elif "/" in text or "\\" in text or os.sep in text or (os.altsep and os.altsep in text):
        problem = "is a path; give a plain file name (the folder is out_dir)"
    elif text.startswith("."):
        problem = "starts with '.' (hidden files and '..' are not allowed)"
    elif any(ord(c) < 32 or ord(c) == 127 for c in text) or "\x00" in text:
        problem = "holds a control character"
    elif len(text.encode("utf-8")) > _MAX_STEM_BYTES:
        problem = f"is longer than {_MAX_STEM_BYTES} bytes"
    elif re.search(r'[:*?"<>|]', text):
        problem = 'holds one of : * ? " < > |'
    if problem:
        raise ParameterError(f"{text!r} {problem}", parameter="stem")
    return text


MAX_TIMEOUT = 86400.0

#: Output formats of a report; the HTML is always written (the index links to it).
FORMATS = ("html", "docx", "pdf")


def check_formats(formats: Any = None) -> tuple[str, ...]:
    """``formats`` (``"html,docx,pdf"`` or a list) as a tuple in :data:`FORMATS` order, HTML
    always included; :class:`ParameterError` naming an unknown format."""
    if formats is None:
        return ("html",)
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = {str(f).strip().lower().lstrip(".") for f in items if str(f).strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ParameterError(f"unknown output format(s) {', '.join(unknown)}; expected some of "
                             f"{', '.join(FORMATS)}", parameter="format")
    return tuple(f for f in FORMATS if f in wanted or f == "html")


def _commentary(values: dict[str, Any]) -> str | None:
    """SHA-256 of the analyst's commentary file (parameter ``commentary``), its path made
    absolute (the notebook runs in its own folder); None without one."""
    text = str(values.get("commentary") or "").strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_file():
        what = ("is not a regular file (a FIFO, device or folder is not read)"
                if path.exists() else "does not exist")
        raise ParameterError(f"the Markdown file {text!r} {what}", parameter="commentary")
    values["commentary"] = str(path.resolve())
    try:
        return file_sha256(path)
    except OSError as exc:
        raise ParameterError(f"cannot read {text!r}: {exc.strerror or exc}",
                             parameter="commentary") from None


def _profiles() -> list[tuple[str, str]]:
    """The user's profile files (absolute paths, resolved in the working folder now, before
    the notebook changes directory) with the SHA-256 of their content, after checking every
    profile up front (:func:`~jinshui_analysis.data.profiles.load_profiles`: one
    ParameterError naming file, table and field)."""
    from jinshui_analysis.data.profiles import load_profiles, user_profile_files

    load_profiles()
    out = []
    for path in user_profile_files():
        try:
            out.append((str(path), file_sha256(path)))
        except OSError as exc:
            raise ParameterError(f"cannot read the profile file {str(path)!r}: "
                                 f"{exc.strerror or exc}", parameter="profile") from None
    return out


def check_timeout(timeout: Any, parameter: str = "timeout") -> float:
    """``timeout`` as seconds: a finite number > 0 and at most one day (86400)."""
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        raise ParameterError(f"expected a number of seconds, got {timeout!r}",
                             parameter=parameter) from None
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise ParameterError(f"expected seconds > 0 and ≤ {MAX_TIMEOUT:g} (one day), "
                             f"got {timeout!r}", parameter=parameter)
    return value


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 of the installed package's code and templates (``*.py``, ``*.j2``, ``*.css``,
    ``*.toml``, ``*.ipynb``), computed once per process.

    Part of every job key, so that a report rendered by an older library — an upgrade, or an
    edit in a development checkout, where the version number stays the same — is rendered
    again instead of being reported as up to date.  (The bundled data are covered by the data
    fingerprint.)
    """
    root = Path(__file__).resolve().parents[1]  # the jinshui_analysis package
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*")
                       if p.suffix in (".py", ".j2", ".css", ".toml", ".ipynb") and p.is_file()
                       and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def content_fingerprint(data: str = _params.BUNDLED,
                        memo: dict[str, Any] | None = None) -> dict[str, Any]:
    """:func:`~jinshui_analysis.data.files.data_fingerprint` of ``data``, with the user's files
    hashed from their content (:func:`~jinshui_analysis.data.source.fingerprint_of`): once per
    batch, so an edit that keeps a file's size and time is seen by the next batch.

    ``memo`` (a dict) is shared by the jobs of one batch; it holds the batch's start.
    """
    return fingerprint_of(data, since=_since(memo))


def _since(memo: dict[str, Any] | None) -> float:
    """The start of the batch ``memo`` belongs to (now, without one)."""
    if memo is None:
        return time.monotonic()
    return memo.setdefault("__since__", time.monotonic())


class _CheckTimeout(BaseException):
    """Raised by :func:`time_limit`'s alarm inside the checks (a BaseException, so no ``except
    Exception`` of a reader swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "checking the parameters and data"
               ) -> Iterator[None]:
    """Bound the up-front checks by ``seconds`` (the render's ``timeout``): past it, a
    :class:`ParameterError` says so instead of the check running on (a large XLSX that expands
    20× can take minutes to read).  Uses ``SIGALRM``, so only in the main thread; elsewhere
    the checks run unbounded.  A limit already running (a batch's) is kept if it is earlier."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _CheckTimeout

    earlier, _ = signal.getitimer(signal.ITIMER_REAL)
    if earlier and earlier <= seconds:
        yield  # an outer limit ends sooner
        return
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _CheckTimeout:
        raise ParameterError(f"{what} took longer than the time limit of {seconds:g} s "
                             "(--timeout): the data are too large or too slow to read",
                             parameter="data") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def prepare_job(
    notebook: str | os.PathLike[str],
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    *,
    stem: str | None = None,
    timeout: float = 600.0,
    memo: dict[str, Any] | None = None,
    formats: Any = None,
) -> Job:
    """Validate the parameters and build the :class:`Job` (nothing is written).

    ``stem`` must be a plain file name (:func:`check_stem`); ``timeout`` a finite number of
    seconds in (0, 86400].  The job key covers the *content* of the notebook and of every input
    file (SHA-256), so an edit that keeps a file's size and time is still seen; ``memo`` shares
    the hashes between the jobs of one batch.  ``formats`` (:func:`check_formats`) are part of
    the key (beyond the HTML), as is the content of the analyst's ``commentary`` file.
    """
    path = _params.resolve_notebook(notebook)
    raw, nb = _params.read_notebook(path)
    timeout = check_timeout(timeout)
    if stem is not None:
        stem = check_stem(stem)
    formats = check_formats(formats)
    since = _since(memo)
    with time_limit(timeout):  # the checks read the user's tables: bounded like the render
        profiles = _profiles()
        values = _params.validate(nb, parameters, since=since)
        commentary = _commentary(values)
        schema = _params.load_schema(nb)
        data_values = ([values[k] for k, s in schema.items() if s.type == "data"]
                       or [_params.BUNDLED])
        # the one reading of each input (validated, listed, hashed, read once per process);
        # the worker adopts it, so the notebook reads and hashes nothing again
        region = next((values[k] for k, s in schema.items() if s.type == "region"), None)
        try:
            sources = tuple(open_source(d, region=region, since=since) for d in data_values)
        except DataError as exc:
            raise ParameterError(f"cannot read the data: {exc}", parameter="data",
                                 zh=f"无法读取数据：{exc.text_in('zh')}") from None
        data = [src.fingerprint for src in sources]
    nb_sha = hashlib.sha256(raw).hexdigest()
    key_src = json.dumps(
        {"notebook": nb_sha, "parameters": values, "data": [d["sha256"] for d in data],
         "version": __version__, "code": code_fingerprint(),
         **({"formats": list(formats)} if formats != ("html",) else {}),
         **({"commentary": commentary} if commentary else {}),
         **({"profiles": [[p, h] for p, h in profiles]} if profiles else {})},
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return Job(
        notebook=str(path), parameters=values, out_dir=str(Path(out_dir).resolve()),
        stem=stem or default_stem(path, values), notebook_sha256=nb_sha, data=data,
        key=hashlib.sha256(key_src.encode()).hexdigest(), timeout=timeout, formats=formats,
        sources=sources,
        profiles=tuple(p for p, _ in profiles),
    )


def is_current(job: Job) -> bool:
    """True when the job's outputs exist and were rendered with the same key."""
    paths = job.paths
    if not (paths.html.is_file() and paths.json.is_file() and paths.notebook.is_file()):
        return False
    if any(p is not None and not p.is_file() for p in (paths.docx, paths.pdf)):
        return False
    try:
        meta = json.loads(paths.json.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("provenance", {}).get("job_key") == job.key
