"""The ``jinshui`` command's arguments: the parser, its value checks, and usage errors as one
line (in Chinese unless English was asked for)."""

from __future__ import annotations

import argparse
from typing import NoReturn

from jinshui_analysis.cli.messages import LANG
from jinshui_analysis.exceptions import ParameterError

__all__ = ["Parser", "parser"]


_ARGPARSE_ZH = (
    (r"the following arguments are required: (?P<a>.+)", "缺少参数：{a}"),
    (r"argument (?P<a>\S+): invalid choice: (?P<v>\S+) \(choose from (?P<c>.+)\)",
     "参数 {a}：无效的选择 {v}（可选：{c}）"),
    (r"argument (?P<a>\S+): expected one argument", "参数 {a} 需要一个值"),
    (r"argument (?P<a>\S+): (?P<m>.+)", "参数 {a}：{m}"),
    (r"unrecognized arguments: (?P<a>.+)", "无法识别的参数：{a}"),
)


class Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line on stderr (exit 2), not the whole usage text."""

    def error(self, message: str) -> NoReturn:
        import re

        from jinshui_analysis.exceptions import zh_message

        if LANG[0] == "en":
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


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="jinshui", description="jinshui-analysis reports")
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
    sr.add_argument("--engine", default=None, metavar="NAME",
                    help="how each report is executed: fork (default: warm worker processes), "
                         "kernel (a Jupyter kernel per report), inprocess, dask, or an engine "
                         "registered under the jinshui.engines entry points")
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
    sd.add_argument("--engine", default=None, metavar="NAME",
                    help="fork (default), kernel, inprocess, dask or a registered engine")
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
