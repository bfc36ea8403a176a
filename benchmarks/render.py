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

``--profile [--months 2023-06] [--top N]``: instead, the timing log of single reports as a warm
worker renders them — the worker's warm-up, what it shares before forking, then in the fork
the CPU seconds and the steps of :func:`~jinshui_analysis.render.runner.run_job` (parameters,
cells, key figures, HTML export and its parts, writes), the slowest cells, and with ``--top N``
the N functions of the report with the most cumulative time under ``cProfile`` (which slows
pandas-heavy code about threefold: read its shares, not its seconds).
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
from typing import Any

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


def _profile(months: list[str], region: str, top: int) -> int:
    """Timing log of single reports rendered as a warm worker renders them (see the module
    docstring); nothing is compared, nothing asserted."""
    import functools
    import gc
    import io

    from jinshui_analysis.render.execute import THREAD_CAPS

    os.environ.update(THREAD_CAPS)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    import nbformat

    from jinshui_analysis.render import export, runner, workers
    from jinshui_analysis.render.batch import build_jobs
    from jinshui_analysis.render.outputs import prepare_out
    from jinshui_analysis.reports import present

    out = Path(tempfile.mkdtemp(prefix="jinshui-profile-"))
    prepare_out(out)
    planned = build_jobs("monthly_report", periods=months, regions=[region],
                         params={"demo": True}, out_dir=out)
    t0, c0 = time.perf_counter(), time.process_time()
    workers._warm()
    print(f"worker warm-up: {time.perf_counter() - t0:.2f} s ({time.process_time() - c0:.2f} s "
          "CPU; imports, IPython shell, a chart, the HTML exporter, bundled data)")
    steps: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str | None = None) -> None:
        f = getattr(owner, name)

        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                key = label or name
                steps[key] = steps.get(key, 0.0) + time.perf_counter() - start
        setattr(owner, name, wrapper)

    for name, label in (("parameterized_notebook", "parameters"),
                        ("execute_inprocess", "cells"), ("figures_of", "key figures"),
                        ("export_html", "export html"), ("export_documents", "docx/pdf"),
                        ("atomic_write", "writes")):
        timed(runner, name, label)
    timed(runner.nbformat, "writes", "writes: notebook json")
    timed(export, "_strip_for_html", "  html: strip")
    timed(export.exporter(), "from_notebook_node", "  html: nbconvert template")
    timed(export.webfont, "embed", "  html: web font")
    timed(export, "check_html", "  html: offline check")
    timed(present, "figure_png", "  cells: charts to png")
    for _, job in planned:
        if isinstance(job, Exception):
            print(f"invalid job: {job}")
            continue
        start = time.perf_counter()
        workers._share(job)
        gc.freeze()
        shared = time.perf_counter() - start
        rfd, wfd = os.pipe()
        forked = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the report, as a fork of the warm worker
            os.close(rfd)
            import cProfile
            import pstats

            prof = cProfile.Profile() if top else None
            t1 = time.perf_counter()
            if prof:
                prof.enable()
            result = runner.run_job(job)
            if prof:
                prof.disable()
            wall = time.perf_counter() - t1
            usage = resource.getrusage(resource.RUSAGE_SELF)
            nb = nbformat.read(job.paths.notebook, as_version=4)
            cells = sorted(((float(c.metadata.get("papermill", {}).get("duration") or 0), i,
                             c.source.splitlines()[0][:60]) for i, c in enumerate(nb.cells)
                            if c.cell_type == "code" and c.source), reverse=True)
            lines = [f"{job.stem}: {result['status']}, shared before the fork {shared:.2f} s; "
                     f"in the fork {wall:.2f} s ({usage.ru_utime + usage.ru_stime:.2f} s CPU)"]
            lines += [f"  {k:<28}{v:7.3f} s" for k, v in
                      sorted(steps.items(), key=lambda kv: -kv[1])]
            lines += ["  slowest cells:"] + [f"    cell {i:2d} {d:6.3f} s  {src}"
                                             for d, i, src in cells[:6]]
            if prof:
                buf = io.StringIO()
                pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
                lines.append(buf.getvalue())
            os.write(wfd, ("\n".join(lines) + "\n").encode())
            os._exit(0)
        os.close(wfd)
        with os.fdopen(rfd, encoding="utf-8") as fh:
            text = fh.read()
        os.waitpid(pid, 0)
        print(text + f"  fork to exit: {time.perf_counter() - forked:.2f} s", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", default="2023-01:2023-12")
    ap.add_argument("--region", default="金水区")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="keep the outputs in this folder")
    ap.add_argument("--quick", action="store_true",
                    help="3 reports (2023-04:2023-06) instead of --months")
    ap.add_argument("--profile", action="store_true",
                    help="timing log of single reports in a warm worker's fork instead "
                         "(default month 2023-06)")
    ap.add_argument("--top", type=int, default=0,
                    help="with --profile: the N functions with most cumulative time (cProfile)")
    ap.add_argument("--_measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._measure:
        print(json.dumps(_measure(json.loads(args._measure))))
        return 0

    from jinshui_analysis.render.params import month_range

    if args.profile:
        months = month_range(args.months if args.months != ap.get_default("months")
                             else "2023-06")
        return _profile(months, args.region, args.top)

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
