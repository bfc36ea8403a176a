"""The other subcommands: ``coverage``, ``inspect``, ``screenshot``, ``template``, ``notebooks``."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jinshui_analysis.cli.messages import echo
from jinshui_analysis.exceptions import ParameterError

__all__ = ["cmd_coverage", "cmd_inspect", "cmd_notebooks", "cmd_screenshot", "cmd_template"]


def cmd_coverage(args: argparse.Namespace) -> int:
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


def cmd_inspect(args: argparse.Namespace) -> int:
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


def cmd_screenshot(args: argparse.Namespace) -> int:
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(b)), None)
    if browser is None:
        print("error: chromium not found (Debian: apt-get install chromium, or `make chromium`)",
              file=sys.stderr)
        return 2
    page = Path(args.html).resolve()
    if not page.is_file():
        echo(f"error: no such file: {page}", file=sys.stderr)
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
        echo(proc.stderr[-2000:], file=sys.stderr)
        return 1
    echo(out)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
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
            echo(dest / m.name)
    echo("填好后 / when filled in: jinshui render monthly_report --data "
         f"{dest} --region <地区> --period <YYYY-MM>")
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
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
    echo(f"{dest}: copied {', '.join(copied) or 'nothing'}"
          + (f"; kept your existing {', '.join(kept)} (--force overwrites)" if kept else ""))
    echo(f"render from there: cd {dest.parent} && jinshui render {dest.name}/monthly_report.ipynb "
          "--period 2023-06" if dest.name != "notebooks" else
          f"render from {dest.parent}: jinshui render monthly_report (./notebooks is searched first)")
    return 0
