"""Throughput of report rendering: the documented tool chain versus ``jinshui render``.

(a) a sequential loop, per report, of the ``papermill`` CLI (parameters injected, fresh Jupyter
    kernel) followed by ``jupyter nbconvert --to html --no-input`` — each a subprocess, as the
    tools' documentation suggests;
(b) one ``jinshui render monthly_report --period 2023-01:2023-12 --region 金水区 --param
    demo=true`` call (warm zygote workers, one fork per report, HTML exported in-process).

(c) the same call with ``--format html,docx,pdf`` (Word and PDF beside each HTML, from the
    same executed notebook).

All three render the same 12 monthly reports on the same machine in one run, with ``demo=true``
(金水区 publishes too little for a full report; without it the reports are nearly empty).
Printed: seconds per report (for ``jinshui render`` html only and html+docx+pdf), the peak resident memory of the largest process of each path (``getrusage`` of the
children, measured in a wrapper process per path), whether the key figures read back from both
sets of executed notebooks are identical, the notebook's own cell time (the sum of its cells'
durations as papermill records them in (a), mean per report) against (b)'s seconds per report
(the goal: (b) ≤ 1.5 × cell time ÷ workers), and finally ``throughput ratio: X.XX`` (= wall time of
(a) / wall time of (b)).

Usage: ``python benchmarks/render.py [--months 2023-01:2023-12] [--jobs N] [--keep DIR]
[--quick]`` (``--quick``: 3 reports, 2023-04:2023-06, for a fast check).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "src" / "jinshui_analysis" / "reports" / "notebooks" / "monthly_report.ipynb"
BIN = Path(sys.executable).parent


def _measure(commands: list[list[str]]) -> dict:
    """Run commands one after the other; seconds each, peak RSS of the largest child."""
    seconds, codes = [], []
    for cmd in commands:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds.append(time.perf_counter() - t0)
        codes.append(proc.returncode)
        if proc.returncode != 0:  # a report that fails fails in both paths: keep going
            sys.stderr.write(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                             + proc.stderr[-1500:])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "codes": codes, "peak_mib": peak_kib / 1024}


def _run_wrapped(commands: list[list[str]]) -> dict:
    """Measure in a separate process so each path's peak memory is its own."""
    proc = subprocess.run(
        [sys.executable, __file__, "--_measure", json.dumps(commands, ensure_ascii=False)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(proc.returncode)
    sys.stderr.write(proc.stderr[-4000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _month(name: str) -> str:
    """The report month of a file name (``…_2023-01.ipynb``, ``…_2023-01_demo-True.ipynb``)."""
    return re.findall(r"\d{4}-\d{2}", name)[-1]


def _figures(folder: Path, pattern: str) -> dict[str, dict]:
    import nbformat

    from jinshui_analysis.render.export import figures_of

    out = {}
    for path in sorted(folder.glob(pattern)):
        if path.name.endswith(".failed.ipynb"):
            continue
        month = _month(path.name)
        figs = figures_of(nbformat.read(path, as_version=4))
        out[month] = {f["name"]: f["value"] for f in figs}
    return out


def _cell_seconds(folder: Path, pattern: str) -> list[float]:
    """Per executed notebook: the sum of its cells' durations (``metadata.papermill.duration``)."""
    import nbformat

    out = []
    for path in sorted(folder.glob(pattern)):
        if path.name.endswith(".failed.ipynb"):
            continue
        nb = nbformat.read(path, as_version=4)
        out.append(sum(float(c.get("metadata", {}).get("papermill", {}).get("duration") or 0)
                       for c in nb.cells if c.cell_type == "code"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", default="2023-01:2023-12")
    ap.add_argument("--region", default="金水区")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="keep the outputs in this folder")
    ap.add_argument("--quick", action="store_true",
                    help="3 reports (2023-04:2023-06) instead of --months")
    ap.add_argument("--_measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._measure:
        print(json.dumps(_measure(json.loads(args._measure))))
        return 0

    from jinshui_analysis.render.params import month_range

    if args.quick:
        args.months = "2023-04:2023-06"
    months = month_range(args.months)
    work = Path(args.keep or tempfile.mkdtemp(prefix="jinshui-bench-"))
    a_dir, b_dir, c_dir = work / "a", work / "b", work / "c"
    for d in (a_dir, b_dir, c_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    print(f"{len(months)} monthly reports for {args.region}, {os.cpu_count()} CPU(s); "
          f"outputs in {work}", flush=True)

    # (a) papermill CLI + nbconvert CLI, sequentially, one report after the other
    commands = []
    for month in months:
        executed = a_dir / f"monthly_report_{args.region}_{month}.ipynb"
        commands.append([str(BIN / "papermill"), str(NOTEBOOK), str(executed),
                         "-p", "period", month, "-p", "region", args.region,
                         "-p", "demo", "True",
                         "-k", "python3", "--cwd", str(NOTEBOOK.parent),
                         "--no-progress-bar", "--log-level", "WARNING"])
        commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                         str(executed)])
    t0 = time.perf_counter()
    a = _run_wrapped(commands)
    a_wall = time.perf_counter() - t0
    a_per = [a["seconds"][i] + a["seconds"][i + 1] for i in range(0, len(a["seconds"]), 2)]
    a_failed = [m for m, code in zip(months, a["codes"][::2]) if code != 0]

    # (b) jinshui render: one call for the whole grid
    cmd = [str(BIN / "jinshui"), "render", "monthly_report", "--period", args.months,
           "--region", args.region, "--param", "demo=true", "--out", str(b_dir),
           "--jobs", str(args.jobs), "--force",
           "--no-progress"]
    t0 = time.perf_counter()
    b = _run_wrapped([cmd])
    b_wall = time.perf_counter() - t0

    # (c) jinshui render, the same grid with Word and PDF beside each HTML
    cmd_c = [*cmd, "--format", "html,docx,pdf"]
    cmd_c[cmd_c.index("--out") + 1] = str(c_dir)
    t0 = time.perf_counter()
    c = _run_wrapped([cmd_c])
    c_wall = time.perf_counter() - t0
    n_pdf = len(list(c_dir.glob("*.pdf")))
    n_docx = len(list(c_dir.glob("*.docx")))

    fa = _figures(a_dir, "monthly_report_*.ipynb")
    fb = _figures(b_dir / "notebooks", "monthly_report_*.ipynb")
    b_failed = sorted(_month(p.name)
                      for p in (b_dir / "notebooks").glob("*.failed.ipynb"))
    fa = {m: v for m, v in fa.items() if m not in a_failed}
    same = fa == fb and len(fa) == len(months) - len(a_failed) and all(fa.values())
    n_fig = sum(len(v) for v in fa.values())

    print(f"\n{'month':<10}{'(a) papermill+nbconvert s':>28}")
    for month, sec in zip(months, a_per):
        print(f"{month:<10}{sec:>28.2f}")
    print(f"\n(a) papermill + nbconvert CLIs, sequential: {a_wall:8.1f} s total, "
          f"{a_wall / len(months):6.2f} s/report, peak RSS {a['peak_mib']:.0f} MiB")
    print(f"(b) jinshui render --jobs {args.jobs}, html:{'':>10}{b_wall:8.1f} s total, "
          f"{b_wall / len(months):6.2f} s/report, peak RSS {b['peak_mib']:.0f} MiB")
    print(f"(c) jinshui render --jobs {args.jobs}, html+docx+pdf:{c_wall:8.1f} s total, "
          f"{c_wall / len(months):6.2f} s/report, peak RSS {c['peak_mib']:.0f} MiB "
          f"({n_docx} .docx, {n_pdf} .pdf written)")
    cells_a = _cell_seconds(a_dir, "monthly_report_*.ipynb")
    cells_b = _cell_seconds(b_dir / "notebooks", "monthly_report_*.ipynb")
    cell = sum(cells_a) / max(len(cells_a), 1)
    goal = 1.5 * cell / args.jobs
    b_per = b_wall / len(months)
    print(f"notebook's own cell time: {cell:.2f} s/report in (a) (papermill's cell durations); "
          f"{sum(cells_b) / max(len(cells_b), 1):.2f} s/report in (b)'s forks (rows shared "
          f"in the warm worker are not recomputed there)")
    print(f"(b) seconds per report {b_per:.2f} vs 1.5 × cell time ÷ {args.jobs} workers = "
          f"{goal:.2f}: {'within' if b_per <= goal else 'NOT within'}")
    print(f"seconds per report: html {b_wall / len(months):.2f}, html+docx+pdf "
          f"{c_wall / len(months):.2f} (Word and PDF add {(c_wall - b_wall) / len(months):.2f})")
    if a_failed or b_failed:
        print(f"failed reports (the notebook raised): (a) {a_failed or 'none'}, "
              f"(b) {b_failed or 'none'}")
        same = same and a_failed == b_failed
    print(f"key figures identical in both paths: {'yes' if same else 'NO'} "
          f"({n_fig} figures in {len(fa)} reports)")
    if not same:
        for month in months:
            if fa.get(month) != fb.get(month):
                print(f"  {month}: (a) {fa.get(month)}\n           (b) {fb.get(month)}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"throughput ratio: {a_wall / b_wall:.2f}")
    return 0 if same and n_pdf == n_docx == len(months) - len(b_failed) else 1


if __name__ == "__main__":
    sys.exit(main())
