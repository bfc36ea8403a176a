"""``jinshui render`` and ``jinshui report-default``: a grid of reports on an engine, the batch
summary, the index."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from jinshui_analysis.cli.messages import echo, error_line, say
from jinshui_analysis.exceptions import ParameterError

if TYPE_CHECKING:
    from jinshui_analysis.render.results import BatchResult

__all__ = ["cmd_render", "cmd_report_default", "items", "params_from", "print_summary"]


def params_from(args: argparse.Namespace) -> dict[str, Any]:
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


def items(text: str | None) -> list[str] | None:
    """A comma list, blanks dropped, each item once (in order)."""
    if text is None:
        return None
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip())) or None


def print_summary(result: BatchResult) -> None:
    """The batch's table, its counts, the partial reports' missing sections and, after an
    interrupt or an index that could not be written, the reports that were written."""
    import pandas as pd

    with pd.option_context("display.max_rows", 500, "display.max_colwidth", 80,
                           "display.width", 200):
        table = result.summary.drop(columns=["output"])
        table["seconds"] = table["seconds"].map(
            lambda s: f"{s:.1f}" if isinstance(s, (int, float)) and s == s else "")
        table["cell"] = table["cell"].map(lambda c: "" if c is None or c != c else str(int(c)))
        echo(table.to_string())
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts().items()))
    print(say(f"\n共 {len(result.results)} 份报告 — {counts}",
               f"\n{len(result.results)} report(s) — {counts}"))
    partial = [r for r in result.results if r.status == "partial"]
    for r in partial:  # written; the sections that could not be computed
        names = "、".join(f.get("title") or f.get("section", "") for f in r.sections_failed)
        print(say(f"部分完成 {r.stem}：{names} 未能计算（原因见报告内）",
                  f"partial {r.stem}: {names} not computed (the report says why)"))
    written = [str(r.html) for r in result.results if r.status in ("ok", "partial") and r.html]
    if result.interrupted or result.index_error:
        echo(say(f"已写出 {len(written)} 份报告", f"written: {len(written)} report(s)")
             + "".join(f"\n  {w}" for w in written))


def cmd_render(args: argparse.Namespace) -> int:
    """``jinshui render``: one report or a grid, on the engine asked for (default fork)."""
    from jinshui_analysis.render.batch import render_grid
    from jinshui_analysis.render.params import month_range

    if args.scheduler and args.executor != "dask" and args.engine != "dask":
        raise ParameterError("a scheduler address needs --executor dask (or --engine dask)",
                             parameter="scheduler")
    params = params_from(args)
    if not str(args.out).strip():
        raise ParameterError("empty output folder name", parameter="out")
    periods = items(",".join(month_range(args.period))) if args.period is not None else None
    regions = items(args.region)
    if args.region is not None and not regions:
        raise ParameterError("no region given", parameter="region")
    result = render_grid(
        args.notebook, periods=periods, regions=regions, params=params,
        data=args.data, out_dir=args.out, jobs=args.jobs, force=args.force,
        retry_failed=args.retry_failed, executor=args.executor, scheduler=args.scheduler,
        engine=args.engine, timeout=args.timeout, progress=not args.no_progress, lock_wait=args.wait,
        formats=args.format,
    )
    print_summary(result)
    if result.index_error:
        echo(error_line(str(result.index_error)), file=sys.stderr)
    else:
        echo(say(f"索引：{result.index_html}", f"index: {result.index_html}"))
    if result.interrupted:
        print(say("已中断：已完成的报告保留；再次运行同一命令可渲染其余报告",
                   "interrupted: finished reports are kept; run the same command again to render "
                   "the rest"), file=sys.stderr)
    return result.exit_code


def cmd_report_default(args: argparse.Namespace,
                       reports: list[tuple[str, dict[str, Any]]]) -> int:
    """Render ``reports`` (``[(notebook, parameters)]``, the default set) and one index."""
    from jinshui_analysis.render import outputs as report
    from jinshui_analysis.render.batch import render_grid

    statuses: dict[str, str] = {}
    code = 0
    opened = []
    for notebook, params in reports:
        result = render_grid(notebook, params=params, out_dir=args.out, jobs=args.jobs,
                             force=args.force, progress=not args.no_progress,
                             write_index=False, formats=args.format, engine=args.engine)
        print_summary(result)
        statuses.update({r.stem: r.status for r in result.results})
        code = max(code, result.exit_code)
        opened += [str(r.html) for r in result.results if r.html]
        if result.interrupted:  # Ctrl-C: start no other notebook; the index is still written
            print(say("已中断", "interrupted"), file=sys.stderr)
            break
    index_path = report.index(args.out, statuses)
    echo(say(f"\n打开：{index_path}", f"\nopen: {index_path}"))
    for path in opened:
        echo(f"      {path}")
    return code
