"""Command line: ``jinshui`` / ``python -m jinshui_analysis``.

Subcommands
-----------
``params NOTEBOOK``         print the declared parameters (name, type, default, allowed, help).
``render NOTEBOOK …``       render one report or a months × regions grid (see ``--help``).
``report-default``          render the default report set (:func:`default_reports`, from the region profiles), write
                            ``index.html`` and print the paths to open (``make report``).
``template DEST``           write blank monthly bulletin tables (CSV, XLSX) for an office to fill in.
``index OUT``               rewrite ``OUT/index.html``.
``collect OUT``             print the key figures of all reports in ``OUT`` (``--csv`` to save).
``screenshot HTML --out P`` PNG of a page with headless Chromium (Debian ``chromium``).
``inspect DATA``            the reading list of a table or folder: every figure read (file, sheet,
                            block, row, indicator, period, 当月/累计/期末, level/growth, unit,
                            value) and every item not read with its reason (``--csv``, ``--html``).

Exit codes: 0 every job ok or up to date; 1 some job failed; 2 invalid arguments/parameters;
3 every report was written but some are ``partial`` (a section could not be computed and says
why) or ``empty`` (no figure from the data); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from jinshui_analysis.exceptions import JinshuiError, ParameterError


def default_reports() -> list[tuple[str, dict[str, Any]]]:
    """The reports ``make report`` renders: ``[[default_reports]]`` of the region profiles
    (bundled ``data/profiles.toml``, overridable by ``./jinshui.toml``)."""
    from jinshui_analysis.data.profiles import default_reports as _defaults

    return _defaults()


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


_LANG = ["zh"]  # the language of this run's messages (set by main)


def _say(zh: str, en: str) -> str:
    return en if _LANG[0] == "en" else zh


def _error_line(text: str) -> str:
    return _say(f"错误：{text}", f"error: {text}")


_ARGPARSE_ZH = (
    (r"the following arguments are required: (?P<a>.+)", "缺少参数：{a}"),
    (r"argument (?P<a>\S+): invalid choice: (?P<v>\S+) \(choose from (?P<c>.+)\)",
     "参数 {a}：无效的选择 {v}（可选：{c}）"),
    (r"argument (?P<a>\S+): expected one argument", "参数 {a} 需要一个值"),
    (r"argument (?P<a>\S+): (?P<m>.+)", "参数 {a}：{m}"),
    (r"unrecognized arguments: (?P<a>.+)", "无法识别的参数：{a}"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line on stderr (exit 2), not the whole usage text."""

    def error(self, message: str) -> NoReturn:
        import re

        from jinshui_analysis.exceptions import zh_message

        if _LANG[0] == "en":
            self.exit(2, f"error: {message} (see: {self.prog} --help)\n")
        text = " ".join(message.split())
        for pattern, zh in _ARGPARSE_ZH:
            m = re.fullmatch(pattern, text)
            if m:
                fields = {k: zh_message(v) if k == "m" else v for k, v in m.groupdict().items()}
                text = zh.format(**fields)
                break
        self.exit(2, f"错误：{text}（参见 {self.prog} --help）\n")


def _seconds(text: str) -> float:
    from jinshui_analysis.render.jobs import check_timeout

    try:
        return check_timeout(text)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[-1]) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def _pixels(text: str) -> int:
    """A screenshot size: a whole number of pixels in [1, 16384] (0 made Chromium hang)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 16384:
        raise argparse.ArgumentTypeError(f"expected pixels in [1, 16384], got {text!r}")
    return value


def _wait(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 86400:  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected seconds in [0, 86400], got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="jinshui", description="jinshui-analysis reports")
    p.add_argument("--lang", choices=["zh", "en"], default=None,
                   help="language of messages (default: Chinese; English for an en_* locale)")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("params", help="print a notebook's parameter schema")
    sp.add_argument("notebook")
    sp.add_argument("--json", action="store_true", help="as JSON")

    sr = sub.add_parser("render", help="render a report or a months × regions grid")
    sr.add_argument("notebook", help="path, or name in notebooks/ (e.g. monthly_report)")
    sr.add_argument("--period", help="2023-01:2023-12, or a comma list 2023-01,2023-06")
    sr.add_argument("--region", help="comma list of region names as in the data")
    sr.add_argument("--param", action="append", default=[], metavar="K=V",
                    help="other parameter (repeatable)")
    sr.add_argument("--data", help='"bundled" or a CSV/XLSX file or folder')
    sr.add_argument("--out", default="reports", help="output folder (default: reports)")
    sr.add_argument("--jobs", "-j", type=_positive_int, default=None, help="parallel workers")
    sr.add_argument("--force", action="store_true", help="render even if up to date")
    sr.add_argument("--retry-failed", action="store_true", help="rerun only failed jobs")
    sr.add_argument("--executor", choices=["local", "dask"], default="local")
    sr.add_argument("--scheduler", help="dask scheduler address (tcp://…)")
    sr.add_argument("--timeout", type=_seconds, default=600.0,
                    help="seconds per report (> 0, at most 86400)")
    sr.add_argument("--wait", type=_wait, default=0.0, metavar="SECONDS",
                    help="wait this long for another run writing to --out (default: refuse)")
    sr.add_argument("--no-progress", action="store_true", help="no progress bar")
    sr.add_argument("--format", default="html", metavar="LIST",
                    help="output formats, comma list of html,docx,pdf (default html; the HTML "
                         "is always written, Word/PDF beside it)")

    sd = sub.add_parser("report-default", help="render the default report set + index.html")
    sd.add_argument("--out", default="reports")
    sd.add_argument("--jobs", "-j", type=_positive_int, default=None)
    sd.add_argument("--force", action="store_true")
    sd.add_argument("--no-progress", action="store_true")
    sd.add_argument("--format", default="html", metavar="LIST",
                    help="output formats, comma list of html,docx,pdf (default html)")

    sn = sub.add_parser("notebooks", help="copy the report notebooks to DEST for editing")
    sn.add_argument("dest", help="folder (created); `jinshui render NAME` run from its parent finds ./notebooks first")
    sn.add_argument("--force", action="store_true", help="overwrite existing copies")

    st = sub.add_parser("template", help="write blank monthly bulletin tables (CSV, XLSX) to DEST")
    st.add_argument("dest", help="folder (created)")
    st.add_argument("--force", action="store_true", help="overwrite template files already there")

    si = sub.add_parser("index", help="rewrite OUT/index.html")
    si.add_argument("out", nargs="?", default="reports")

    sc = sub.add_parser("collect", help="key figures of all rendered reports")
    sc.add_argument("out", nargs="?", default="reports")
    sc.add_argument("--csv", help="write them to this CSV file")

    sv = sub.add_parser("coverage", help="which year-to-date periods the bundled data hold")
    sv.add_argument("--region", help="one region (default: all)")
    sv.add_argument("--start", type=int, help="first year")
    sv.add_argument("--end", type=int, help="last year")

    sk = sub.add_parser("inspect", help="what was read from DATA (and what not, and why)")
    sk.add_argument("data", help="a table (.csv, .xlsx, .xls) or a folder of tables")
    sk.add_argument("--period", help="only the figures of this period (2025-09, 2025年1-9月 …)")
    sk.add_argument("--region", help="region for tables naming none; only its figures")
    sk.add_argument("--csv", help="also write the reading list to this CSV file")
    sk.add_argument("--html", help="also write the reading list to this HTML file")

    ss = sub.add_parser("screenshot", help="PNG of an HTML page (headless chromium)")
    ss.add_argument("html")
    ss.add_argument("--out", required=True)
    ss.add_argument("--width", type=_pixels, default=1280, help="pixels, 1–16384")
    ss.add_argument("--height", type=_pixels, default=4000, help="pixels, 1–16384")
    return p


def _params_from(args: argparse.Namespace) -> dict[str, Any]:
    """``--param K=V`` values; a parameter also given by its own option is a usage error
    (``--param region=X --region Y``: neither silently wins)."""
    from jinshui_analysis.render.params import parse_assignment

    values: dict[str, Any] = {}
    for text in args.param:
        key, value = parse_assignment(text)
        if key in values and values[key] != value:
            raise ParameterError(f"given twice with different values ({values[key]!r} and "
                                 f"{value!r})", parameter=key)
        values[key] = value
    own = {"region": "--region", "period": "--period", "year": "--period", "data": "--data"}
    for key, option in own.items():
        if key in values and getattr(args, option[2:], None) is not None:
            raise ParameterError(f"given both as --param {key}=… and as {option}: use one",
                                 parameter=key)
    return values


def _items(text: str | None) -> list[str] | None:
    """A comma list, blanks dropped, each item once (in order)."""
    if text is None:
        return None
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip())) or None


def _print_summary(result: Any) -> None:
    import pandas as pd

    with pd.option_context("display.max_rows", 500, "display.max_colwidth", 80,
                           "display.width", 200):
        table = result.summary.drop(columns=["output"])
        table["seconds"] = table["seconds"].map(lambda s: f"{s:.1f}" if s == s else "")
        _out(table.to_string())
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts().items()))
    print(_say(f"\n共 {len(result.results)} 份报告 — {counts}",
               f"\n{len(result.results)} report(s) — {counts}"))
    partial = [r for r in result.results if r.get("status") == "partial"]
    for r in partial:  # written; the sections that could not be computed
        names = "、".join(f.get("title") or f.get("section", "") for f in r.get("sections_failed", []))
        print(_say(f"部分完成 {r['stem']}：{names} 未能计算（原因见报告内）",
                   f"partial {r['stem']}: {names} not computed (the report says why)"))
    written = [r["html"] for r in result.results
               if r.get("status") in ("ok", "partial") and r.get("html")]
    if result.interrupted or result.index_error:
        _out(_say(f"已写出 {len(written)} 份报告", f"written: {len(written)} report(s)")
             + "".join(f"\n  {w}" for w in written))


def _cmd_render(args: argparse.Namespace) -> int:
    from jinshui_analysis.render.batch import render_grid
    from jinshui_analysis.render.params import month_range

    if args.scheduler and args.executor != "dask":
        raise ParameterError("a scheduler address needs --executor dask", parameter="scheduler")
    params = _params_from(args)
    if not str(args.out).strip():
        raise ParameterError("empty output folder name", parameter="out")
    periods = _items(",".join(month_range(args.period))) if args.period is not None else None
    regions = _items(args.region)
    if args.region is not None and not regions:
        raise ParameterError("no region given", parameter="region")
    result = render_grid(
        args.notebook, periods=periods, regions=regions, params=params,
        data=args.data, out_dir=args.out, jobs=args.jobs, force=args.force,
        retry_failed=args.retry_failed, executor=args.executor, scheduler=args.scheduler,
        timeout=args.timeout, progress=not args.no_progress, lock_wait=args.wait,
        formats=args.format,
    )
    _print_summary(result)
    if result.index_error:
        _out(_error_line(str(result.index_error)), file=sys.stderr)
    else:
        _out(_say(f"索引：{result.index_html}", f"index: {result.index_html}"))
    if result.interrupted:
        print(_say("已中断：已完成的报告保留；再次运行同一命令可渲染其余报告",
                   "interrupted: finished reports are kept; run the same command again to render "
                   "the rest"), file=sys.stderr)
    return result.exit_code


def _cmd_report_default(args: argparse.Namespace) -> int:
    from jinshui_analysis.render import outputs as report
    from jinshui_analysis.render.batch import render_grid

    statuses: dict[str, str] = {}
    code = 0
    opened = []
    for notebook, params in default_reports():
        result = render_grid(notebook, params=params, out_dir=args.out, jobs=args.jobs,
                             force=args.force, progress=not args.no_progress,
                             write_index=False, formats=args.format)
        _print_summary(result)
        statuses.update({r["stem"]: r["status"] for r in result.results})
        code = max(code, result.exit_code)
        opened += [r["html"] for r in result.results if r.get("html")]
        if result.interrupted:  # Ctrl-C: start no other notebook; the index is still written
            print(_say("已中断", "interrupted"), file=sys.stderr)
            break
    index_path = report.index(args.out, statuses)
    _out(_say(f"\n打开：{index_path}", f"\nopen: {index_path}"))
    for path in opened:
        _out(f"      {path}")
    return code


def _cmd_coverage(args: argparse.Namespace) -> int:
    """``jinshui coverage``: region × indicator × year → the through-months held (bundled data)."""
    import pandas as pd

    from jinshui_analysis.data.coverage import coverage, period_count
    from jinshui_analysis.data.regions import known_regions

    if args.region is not None and args.region not in known_regions():
        raise ParameterError(f"unknown region {args.region!r}", parameter="region")
    if args.region is not None:  # an alias (管城回族区) stands for its profile's region
        from jinshui_analysis.data.regions import canonical_region

        args.region = canonical_region(args.region)
    table = coverage(args.region, start=args.start, end=args.end)
    if table.empty:
        print("no year-to-date figures held for that selection")
        return 0
    with pd.option_context("display.max_rows", 2000, "display.width", 200):
        print(table.to_string(index=False))
    print("\nmonths = 累计 through-months (2 = 1-2月, 3 = 一季度, 6 = 上半年, 12 = 全年)")
    for region in dict.fromkeys(table["region"]):
        print(f"{region}: {period_count(region, start=args.start, end=args.end)} distinct "
              "year-to-date periods")
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    """``jinshui inspect DATA``: the reading list (figures read, items not read and why)."""
    import pandas as pd

    from jinshui_analysis.data import inspect
    from jinshui_analysis.data.files import check_data

    if args.data == "bundled":
        raise ParameterError("inspect lists what is read from your own tables (a file or "
                             "folder); the bundled data are listed by 'jinshui coverage'",
                             parameter="data")
    given = Path(args.data).expanduser()
    # a single tab-separated export (.txt/.tsv, Excel's "Unicode text") is read too
    path = str(given.resolve()) if given.is_file() and given.suffix.lower() in (".txt", ".tsv") \
        else check_data(args.data)
    result = inspect(path, period=args.period, region=args.region)
    with pd.option_context("display.max_rows", 100000, "display.max_colwidth", 60,
                           "display.width", 250):
        print(result.summary().as_text())
    if args.csv:
        print(result.to_csv(args.csv))
    if args.html:
        out = Path(args.html)
        try:
            out.write_text(result.to_html(), encoding="utf-8")
        except OSError as exc:
            raise ParameterError(f"cannot write {str(out)!r}: {exc.strerror or exc}",
                                 parameter="html") from None
        print(out)
    return 0


def _cmd_screenshot(args: argparse.Namespace) -> int:
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(b)), None)
    if browser is None:
        print("error: chromium not found (Debian: apt-get install chromium, or `make chromium`)",
              file=sys.stderr)
        return 2
    page = Path(args.html).resolve()
    if not page.is_file():
        _out(f"error: no such file: {page}", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jinshui-chromium-") as profile:
        # networking off: a private network namespace with no interfaces where possible
        # (root + unshare), and Chromium's own background traffic disabled in any case
        offline = ["unshare", "-n"] if shutil.which("unshare") and os.geteuid() == 0 else []
        cmd = [*offline, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               f"--screenshot={out}", f"--window-size={args.width},{args.height}",
               page.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or not out.is_file():
        _out(proc.stderr[-2000:], file=sys.stderr)
        return 1
    _out(out)
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    """``jinshui template DEST``: blank bulletin tables for an office to fill in."""
    from jinshui_analysis.data.template import write_templates

    dest = Path(args.dest).expanduser()
    if dest.exists() and not dest.is_dir():
        raise ParameterError(f"{dest} is a file, not a folder", parameter="dest")
    with tempfile.TemporaryDirectory(prefix="jinshui-template-") as tmp:
        made = write_templates(tmp)
        there = [dest / m.name for m in made if (dest / m.name).exists()]
        if there and not args.force:
            raise ParameterError(f"{', '.join(str(t) for t in there)} already exist(s): a filled-in "
                                 "table is never overwritten (--force to replace)", parameter="dest")
        dest.mkdir(parents=True, exist_ok=True)
        for m in made:
            shutil.copyfile(m, dest / m.name)
            _out(dest / m.name)
    _out("填好后 / when filled in: jinshui render monthly_report --data "
         f"{dest} --region <地区> --period <YYYY-MM>")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from jinshui_analysis.render.params import notebook_dir

    dest = Path(args.dest).expanduser()
    dest.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for nb in sorted(notebook_dir().glob("*.ipynb")):
        target = dest / nb.name
        if target.exists() and not args.force:
            kept.append(target.name)
            continue
        shutil.copyfile(nb, target)
        copied.append(target.name)
    _out(f"{dest}: copied {', '.join(copied) or 'nothing'}"
          + (f"; kept your existing {', '.join(kept)} (--force overwrites)" if kept else ""))
    _out(f"render from there: cd {dest.parent} && jinshui render {dest.name}/monthly_report.ipynb "
          "--period 2023-06" if dest.name != "notebooks" else
          f"render from {dest.parent}: jinshui render monthly_report (./notebooks is searched first)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jinshui`` console script.

    Every failure is one line on stderr: exit 2 for invalid arguments or parameters, 1 when the
    work failed (a report, a file that cannot be written …), 130 on Ctrl-C, 143 on SIGTERM
    (both write the summary and the index first).  Set
    ``JINSHUI_DEBUG=1`` to see the traceback of an unexpected error.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    _LANG[0] = language(argv)
    # --lang may come anywhere (`jinshui render … --lang en`): taken here, not by a subcommand
    rest: list[str] = []
    skip = False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            skip = True
            continue
        if a in ("--lang=zh", "--lang=en"):
            continue
        rest.append(a)
    args = _parser().parse_args(rest)
    before = signal.getsignal(signal.SIGTERM)
    terminated = _on_sigterm()
    try:
        return _main(args, terminated)
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, before if before is not None else signal.SIG_DFL)


def _main(args: argparse.Namespace, terminated: list[int]) -> int:
    try:
        code = _dispatch(args)
        return 143 if terminated and code == 130 else code
    except ParameterError as exc:
        print(_error_line(_one_line(exc)), file=sys.stderr)
        return 2
    except JinshuiError as exc:
        print(_error_line(_one_line(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_say("已终止", "terminated") if terminated else _say("已中断", "interrupted"),
              file=sys.stderr)
        return 143 if terminated else 130
    except BrokenPipeError:  # `jinshui collect | head`
        return 1
    except OSError as exc:
        where = f" {exc.filename!r}" if exc.filename else ""
        _out(_error_line(_say(f"无法访问{where}：{exc.strerror or exc}",
                              f"cannot access{where}: {exc.strerror or exc}")), file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("JINSHUI_DEBUG"):
            raise
        _out(_error_line(_say(f"意外错误 {type(exc).__name__}：{_one_line(exc)}"
                              "（设置 JINSHUI_DEBUG=1 可查看详细信息）",
                              f"unexpected {type(exc).__name__}: {_one_line(exc)} "
                              "(JINSHUI_DEBUG=1 shows the traceback)")), file=sys.stderr)
        return 1


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


def _out(*parts: Any, file: Any = None) -> None:
    """print() with the text made terminal-safe (:func:`terminal_safe`)."""
    print(*(terminal_safe(p) for p in parts), file=file or sys.stdout)


def _on_sigterm() -> list[int]:
    """SIGTERM ends a run like Ctrl-C — jobs in flight stopped, nothing more started, the
    summary and the index written — and the exit code is 143; a second SIGTERM while the run
    winds down is ignored.  Returns a list that holds the signal once one arrived.  (Main thread
    only; elsewhere the default action stays.)"""
    got: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        return got

    def handler(signum: int, frame: Any) -> None:
        got.append(signum)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    return got


def _one_line(exc: BaseException) -> str:
    """The error as one line in this run's language (Chinese unless English was asked for),
    terminal-safe (:func:`terminal_safe`)."""
    if isinstance(exc, JinshuiError):
        text = exc.text_in(_LANG[0])
    else:
        text = str(exc)
    text = " ".join(terminal_safe(text).split())
    return text if len(text) <= 600 else text[:600] + "…"


def _dispatch(args: argparse.Namespace) -> int:
    """Run the subcommand (errors are turned into one line by :func:`main`)."""
    if args.command == "params":
        from jinshui_analysis.render.params import format_schema

        _out(format_schema(args.notebook, as_json=args.json))
        return 0
    if args.command == "render":
        return _cmd_render(args)
    if args.command == "report-default":
        return _cmd_report_default(args)
    if args.command == "coverage":
        return _cmd_coverage(args)
    if args.command == "index":
        from jinshui_analysis.render import outputs as report

        _out(report.index(args.out))
        return 0
    if args.command == "collect":
        from jinshui_analysis.render import outputs as report

        frame = report.collect(args.out)
        if args.csv:  # text cells starting with = + - @ are neutralised (')
            _out(report.write_csv(frame, args.csv))
        else:
            _out(frame.to_string())
        return 0
    if args.command == "screenshot":
        return _cmd_screenshot(args)
    if args.command == "inspect":
        return _cmd_inspect(args)
    if args.command == "notebooks":
        return _cmd_notebooks(args)
    if args.command == "template":
        return _cmd_template(args)
    return 2  # pragma: no cover - argparse enforces a command


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
