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

Exit codes: 0 every job ok or up to date; 1 some job failed; 2 invalid arguments/parameters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinshui_analysis.exceptions import JinshuiError, ParameterError


def default_reports() -> list[tuple[str, dict[str, Any]]]:
    """The reports ``make report`` renders: ``[[default_reports]]`` of the region profiles
    (bundled ``data/profiles.toml``, overridable by ``./jinshui.toml``)."""
    from jinshui_analysis.data.profiles import default_reports as _defaults

    return _defaults()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jinshui", description="jinshui-analysis reports")
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
    sr.add_argument("--jobs", "-j", type=int, default=None, help="parallel workers")
    sr.add_argument("--force", action="store_true", help="render even if up to date")
    sr.add_argument("--retry-failed", action="store_true", help="rerun only failed jobs")
    sr.add_argument("--executor", choices=["local", "dask"], default="local")
    sr.add_argument("--scheduler", help="dask scheduler address (tcp://…)")
    sr.add_argument("--timeout", type=float, default=600.0, help="seconds per report")
    sr.add_argument("--no-progress", action="store_true", help="no progress bar")

    sd = sub.add_parser("report-default", help="render the default report set + index.html")
    sd.add_argument("--out", default="reports")
    sd.add_argument("--jobs", "-j", type=int, default=None)
    sd.add_argument("--force", action="store_true")
    sd.add_argument("--no-progress", action="store_true")

    sn = sub.add_parser("notebooks", help="copy the report notebooks to DEST for editing")
    sn.add_argument("dest", help="folder (created); render from it with --notebook-dir or ./notebooks")
    sn.add_argument("--force", action="store_true", help="overwrite existing copies")

    st = sub.add_parser("template", help="write blank monthly bulletin tables (CSV, XLSX) to DEST")
    st.add_argument("dest", help="folder (created)")
    st.add_argument("--force", action="store_true", help="overwrite template files already there")

    si = sub.add_parser("index", help="rewrite OUT/index.html")
    si.add_argument("out", nargs="?", default="reports")

    sc = sub.add_parser("collect", help="key figures of all rendered reports")
    sc.add_argument("out", nargs="?", default="reports")
    sc.add_argument("--csv", help="write them to this CSV file")

    ss = sub.add_parser("screenshot", help="PNG of an HTML page (headless chromium)")
    ss.add_argument("html")
    ss.add_argument("--out", required=True)
    ss.add_argument("--width", type=int, default=1280)
    ss.add_argument("--height", type=int, default=4000)
    return p


def _params_from(args: argparse.Namespace) -> dict[str, Any]:
    from jinshui_analysis.render.params import parse_assignment

    return dict(parse_assignment(text) for text in args.param)


def _print_summary(result: Any) -> None:
    import pandas as pd

    with pd.option_context("display.max_rows", 500, "display.max_colwidth", 80,
                           "display.width", 200):
        table = result.summary.drop(columns=["output"])
        table["seconds"] = table["seconds"].map(lambda s: f"{s:.1f}" if s == s else "")
        print(table.to_string())
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts().items()))
    print(f"\n{len(result.results)} report(s) — {counts}")


def _cmd_render(args: argparse.Namespace) -> int:
    from jinshui_analysis.render.batch import render_grid
    from jinshui_analysis.render.params import month_range

    periods = month_range(args.period) if args.period else None
    regions = [r.strip() for r in args.region.split(",") if r.strip()] if args.region else None
    result = render_grid(
        args.notebook, periods=periods, regions=regions, params=_params_from(args),
        data=args.data, out_dir=args.out, jobs=args.jobs, force=args.force,
        retry_failed=args.retry_failed, executor=args.executor, scheduler=args.scheduler,
        timeout=args.timeout, progress=not args.no_progress,
    )
    _print_summary(result)
    print(f"index: {result.index_html}")
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
                             write_index=False)
        _print_summary(result)
        statuses.update({r["stem"]: r["status"] for r in result.results})
        code = max(code, result.exit_code)
        opened += [r["html"] for r in result.results if r.get("html")]
    index_path = report.index(args.out, statuses)
    print(f"\nopen: {index_path}")
    for path in opened:
        print(f"      {path}")
    return code


def _cmd_screenshot(args: argparse.Namespace) -> int:
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(b)), None)
    if browser is None:
        print("error: chromium not found (Debian: apt-get install chromium, or `make chromium`)",
              file=sys.stderr)
        return 2
    page = Path(args.html).resolve()
    if not page.is_file():
        print(f"error: no such file: {page}", file=sys.stderr)
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
        print(proc.stderr[-2000:], file=sys.stderr)
        return 1
    print(out)
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
            print(dest / m.name)
    print("填好后 / when filled in: jinshui render monthly_report --data "
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
    print(f"{dest}: copied {', '.join(copied) or 'nothing'}"
          + (f"; kept your existing {', '.join(kept)} (--force overwrites)" if kept else ""))
    print(f"render from there: cd {dest.parent} && jinshui render {dest.name}/monthly_report.ipynb "
          "--period 2023-06" if dest.name != "notebooks" else
          f"render from {dest.parent}: jinshui render monthly_report (./notebooks is searched first)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jinshui`` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "params":
            from jinshui_analysis.render.params import format_schema

            print(format_schema(args.notebook, as_json=args.json))
            return 0
        if args.command == "render":
            return _cmd_render(args)
        if args.command == "report-default":
            return _cmd_report_default(args)
        if args.command == "index":
            from jinshui_analysis.render import outputs as report

            print(report.index(args.out))
            return 0
        if args.command == "collect":
            from jinshui_analysis.render import outputs as report

            frame = report.collect(args.out)
            if args.csv:
                frame.to_csv(args.csv, encoding="utf-8-sig")
                print(args.csv)
            else:
                print(frame.to_string())
            return 0
        if args.command == "screenshot":
            return _cmd_screenshot(args)
        if args.command == "notebooks":
            return _cmd_notebooks(args)
        if args.command == "template":
            return _cmd_template(args)
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except JinshuiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2  # pragma: no cover - argparse enforces a command


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
