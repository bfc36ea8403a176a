"""Time and memory of read_table on a 20 MB tidy CSV, against plain pandas.read_csv.

    .venv/bin/python benchmarks/read_table.py [size_mb]

Writes the file into a temporary directory; prints seconds (an untraced run), the tracemalloc
peak of a second run (Python-level allocations, including pandas/numpy buffers) and the ratio
peak memory / file size, for both readers.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd

from jinshui_analysis.data import read_table

INDICATORS = [("地区生产总值", "亿元"), ("社会消费品零售总额", "万元"), ("固定资产投资增速", "%"),
              ("一般公共预算收入", "亿元")]


def write_tidy(path: Path, size_mb: float) -> int:
    """A tidy CSV of about ``size_mb`` MB; returns the number of data rows."""
    target = int(size_mb * 1024 * 1024)
    lines = ["region,indicator,period,value,unit\n"]
    size, i = len(lines[0].encode()), 0
    while size < target:
        name, unit = INDICATORS[i % 4]
        region = f"区{(i // 4) % 500:03d}"
        y, m = 1990 + (i // 2000) % 60, (i // 4) % 12 + 1
        line = f"{region},{name},{y}-{m:02d},{(i * 7919) % 100000 / 100:.2f},{unit}\n"
        lines.append(line)
        size += len(line.encode())
        i += 1
    path.write_text("".join(lines), encoding="utf-8")
    return i


def measure(fn) -> tuple[float, int, object]:
    """Seconds of a plain run, then the tracemalloc peak of a second run (tracing slows
    Python code several times, so the two are measured apart)."""
    t = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t
    del out
    tracemalloc.start()
    out = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, out


def main(size_mb: float = 20.0) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "tidy.csv"
        n = write_tidy(path, size_mb)
        size = path.stat().st_size
        print(f"file: {size / 1e6:.1f} MB, {n} rows")
        s0, m0, _ = measure(lambda: pd.read_csv(path, dtype=str, keep_default_na=False))

        def read():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return read_table(path, on_duplicate="keep")

        s1, m1, frame = measure(read)
        assert len(frame) == n, (len(frame), n)
        print(f"{'':24}{'seconds':>10}{'peak MB':>10}{'peak/file':>11}")
        print(f"{'pandas.read_csv':24}{s0:10.2f}{m0 / 1e6:10.1f}{m0 / size:11.2f}")
        print(f"{'read_table':24}{s1:10.2f}{m1 / 1e6:10.1f}{m1 / size:11.2f}")
        print(f"ratios read_table/pandas: time {s1 / s0:.1f}x, memory {m1 / m0:.1f}x")
        print(f"goal (issue 18): time within 3x pandas.read_csv ({s1 / s0:.1f}x), peak within 4x "
              f"the file's size ({m1 / size:.2f}x)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 20.0)
