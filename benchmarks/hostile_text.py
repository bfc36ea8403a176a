"""Text handling of hostile input against a normal report's, measured in the same run.

    .venv/bin/python benchmarks/hostile_text.py [size_mb]

Baseline: every text pass a report makes on its sources and notes (``present.without_paths``,
``numbers.source_label``, ``numbers.chinese`` and ``numbers.english``, ``chinese_demo_label``)
applied to the sources and qualifiers of the bundled published figures — the text a normal
report handles.  Hostile: the same passes on texts of ``size_mb`` MB (default 1) made of the runs
that made the old patterns quadratic (a long word, blanks, ``a/a/…``, ``a-a-…``, unclosed
brackets naming files, a path before an unclosed parenthesis).  Prints seconds and the ratio
hostile / baseline per MB of text: a linear implementation keeps the per-MB ratio near 1
(before the fix of issue 21, 200 KB of note rows took 51.5 s).
"""

from __future__ import annotations

import sys
import time

from jinshui_analysis.data import load_bundled
from jinshui_analysis.reports import numbers, present

PASSES = {
    "without_paths": present.without_paths,
    "chinese_demo_label": present.chinese_demo_label,
    "source_label": numbers.source_label,
    "chinese": numbers.chinese,
    "english": numbers.english,
}

RUNS = {
    "long word": "a",
    "blanks": " ",
    "tabs": "\t",
    "a/a/…": "a/",
    "a-a-…": "a-",
    "unclosed [a.csv": "[a.csv ",
    "path + unclosed (": "data/x.txt (",
    "dots a.b": "a.b",
    "paths a/b.txt": "a/b.txt",
}


def normal_texts() -> list[str]:
    frame = load_bundled()
    texts = [str(s) for s in frame["source"].dropna()]
    if "qualifier" in frame:
        texts += [str(s) for s in frame["qualifier"].dropna() if str(s)]
    return texts


def run(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        for f in PASSES.values():
            f(text)
    return time.perf_counter() - started


def main(size_mb: float = 1.0) -> None:
    normal = normal_texts()
    normal_mb = sum(len(t.encode()) for t in normal) / 1e6
    base = min(run(normal) for _ in range(3))
    base_per_mb = base / normal_mb
    print(f"baseline: {len(normal)} source/note texts, {normal_mb:.3f} MB, {base:.3f} s "
          f"({base_per_mb:.2f} s per MB)")
    size = int(size_mb * 1e6)
    worst = 0.0
    for name, unit in RUNS.items():
        text = "注：" + unit * (size // len(unit.encode()))
        mb = len(text.encode()) / 1e6
        seconds = run([text])
        ratio = (seconds / mb) / base_per_mb
        worst = max(worst, ratio)
        print(f"{name:20s} {mb:5.2f} MB {seconds:7.3f} s   per-MB ratio to baseline {ratio:6.2f}")
    print(f"worst per-MB ratio: {worst:.2f} (a quadratic pass would grow with size_mb)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
