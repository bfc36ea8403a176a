"""Engines and typed results: every built-in engine renders the tiny fixture report, a user's
engine is called through the registry (library and ``--engine``), a result survives a pickle and
its wire form.

The tiny notebook records ``total = scale × 12.5 + month`` (亿元): for period 2023-03 and the
default scale 1.0 that is 12.5 + 3 = 15.5; for 2023-04 with scale 2, 25 + 4 = 29.0.
Notebook executions: fork 1, inprocess 2 (one subprocess), kernel 1 (``slow``); the fake
engine runs no notebook.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from jinshui_analysis import cli
from jinshui_analysis.exceptions import JinshuiError, ParameterError
from jinshui_analysis.render.batch import pick_engine, render_grid
from jinshui_analysis.render.dask_engine import DaskEngine
from jinshui_analysis.render.engines import Engine, ForkEngine, KernelEngine, engines
from jinshui_analysis.render.jobs import Job
from jinshui_analysis.render.results import STATUSES, BatchResult, Failure, RenderResult

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"


@pytest.fixture()
def nb(tmp_path: Path) -> Path:
    path = tmp_path / "nb" / "tiny.ipynb"
    path.parent.mkdir()
    shutil.copy(TINY, path)
    return path


def _figures(result: RenderResult) -> dict[str, float]:
    return {f["name"]: f["value"] for f in result.figures}


# ------------------------------------------------------------------ the built-in engines
@pytest.fixture(scope="module")
def forked(tmp_path_factory: pytest.TempPathFactory) -> BatchResult:
    out = tmp_path_factory.mktemp("fork")
    return render_grid(TINY, periods=["2023-03"], regions=["金水区"], out_dir=out,
                       engine="fork", progress=False)


def test_fork_engine_renders_a_typed_result(forked: BatchResult) -> None:
    (r,) = forked.results
    assert isinstance(r, RenderResult) and r.status == "ok" and r.ok and r.written
    assert _figures(r)["total"] == pytest.approx(15.5)  # 1.0 × 12.5 + 3
    assert r.html is not None and r.html.is_file() and r.html.suffix == ".html"
    assert r.json is not None and json.loads(r.json.read_text("utf-8"))["status"] == "ok"
    assert r.error is None and r.seconds is not None and r.seconds > 0
    assert forked.exit_code == 0 and forked.counts() == {"ok": 1}
    assert forked.summary.loc[r.stem, "status"] == "ok"


def test_result_pickles_and_round_trips_its_wire_form(forked: BatchResult) -> None:
    (r,) = forked.results
    assert pickle.loads(pickle.dumps(r)) == r  # it crosses process boundaries
    wire = r.to_dict()
    assert RenderResult.from_dict(wire) == r
    again = RenderResult.from_dict(json.loads(json.dumps(wire, ensure_ascii=False)))
    assert json.dumps(again.to_dict(), ensure_ascii=False) == json.dumps(wire, ensure_ascii=False)
    assert wire["html"] == str(r.html) and wire["status"] == "ok" and wire["error"] is None
    # a failure's error keeps the keys it had, in the worker's order
    failed = {"stem": "x", "status": "failed", "parameters": {"period": "2023-03"},
              "figures": [], "seconds": 1.5, "sections_failed": [],
              "error": {"kind": "error", "cell_index": 4, "ename": "ValueError",
                        "evalue": "故意失败", "traceback": "Traceback …"}}
    typed = RenderResult.from_dict(failed)
    assert typed.error == Failure("error", "ValueError", "故意失败", cell_index=4,
                                  traceback="Traceback …")
    assert typed.to_dict() == {**failed, "error": failed["error"]} and not typed.written
    assert typed.summary_row()["error"] == "ValueError: 故意失败"


def test_status_is_one_of_the_fixed_set() -> None:
    assert {"ok", "partial", "empty", "skipped", "stale", "failed", "timeout", "dead",
            "invalid", "interrupted", "cancelled"} == STATUSES
    with pytest.raises(ParameterError, match="status"):
        RenderResult("x", "done")  # type: ignore[arg-type]


def test_inprocess_engine_clears_the_namespace_between_reports(nb: Path, tmp_path: Path) -> None:
    """Two reports in one process (a subprocess here: the engine switches matplotlib to inline
    and keeps what a notebook changes beyond its namespace): the first leaks a variable, a key
    figure, rcParams, an environment variable and the working folder; the second sees neither
    the variable nor the figure (cleared), and the caller's working folder is put back."""
    script = f"""
import json, os, sys
from jinshui_analysis.render.batch import render_grid
cwd = os.getcwd()
res = render_grid({str(nb)!r}, grid=[{{"mode": "leak", "period": "2023-01"}},
                  {{"mode": "probe", "period": "2023-02"}}], out_dir={str(tmp_path / "out")!r},
                  engine="inprocess", progress=False)
print(json.dumps({{"status": [r.status for r in res.results], "cwd": os.getcwd() == cwd,
                  "probe": {{f["name"]: f["value"] for f in res.results[1].figures}}}}),
      file=sys.__stdout__)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env={**os.environ, "MPLBACKEND": "agg"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["status"] == ["ok", "ok"] and got["cwd"]
    probe = got["probe"]
    assert probe["leak_var"] == 0 and probe["leak_registry"] == 0  # cleared by the engine
    assert probe["leak_rc"] == 1 and probe["leak_env"] == 1  # kept, as documented
    assert probe["total"] == pytest.approx(14.5)  # 1.0 × 12.5 + 2


@pytest.mark.slow
def test_kernel_engine_renders_in_a_grid(nb: Path, tmp_path: Path) -> None:
    res = render_grid(nb, periods=["2023-04"], params={"scale": 2}, out_dir=tmp_path,
                      engine="kernel", progress=False)
    (r,) = res.results
    assert r.status == "ok", r.error
    assert _figures(r)["total"] == pytest.approx(29.0)  # 2 × 12.5 + 4
    assert r.notebook is not None and r.notebook.is_file()


def test_engine_names_and_choice() -> None:
    assert isinstance(engines.get(None), ForkEngine)
    assert isinstance(engines.get("kernel"), KernelEngine)
    assert {"fork", "kernel", "inprocess", "dask"} <= set(engines.names())
    assert all(isinstance(engines.get(n), Engine) for n in ("fork", "kernel", "inprocess", "dask"))
    # --executor dask and --engine dask are the same engine; the scheduler goes to it
    assert pick_engine(None, "dask") == pick_engine("dask") == DaskEngine()
    assert pick_engine("dask", scheduler="tcp://127.0.0.1:8786").scheduler == "tcp://127.0.0.1:8786"
    with pytest.raises(ParameterError, match="dask"):
        pick_engine("kernel", "dask")
    with pytest.raises(ParameterError, match="scheduler"):
        pick_engine("fork", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ParameterError, match="unknown engine 'nosuch'.*fork"):
        engines.get("nosuch")
    with pytest.raises(ParameterError, match="engine"):
        engines.register("bad", object())


# ------------------------------------------------------------------ a user's engine
class FakeEngine:
    """Runs no notebook: records what it was given and answers every job ``failed``."""

    name = "fake"

    def __init__(self, answer: str = "each") -> None:
        self.calls: list[tuple[list[str], int]] = []
        self.answer = answer

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        self.calls.append(([j.stem for j in jobs], workers))
        if self.answer == "none":
            return
        for job in jobs:
            if started is not None:
                started(job)
            stem = "somebody_else" if self.answer == "foreign" else job.stem
            yield RenderResult(stem, "failed", parameters=job.parameters, key=job.key,
                               seconds=0.0, error=Failure("error", "FakeError", "not run"))


@pytest.fixture()
def fake() -> Iterator[FakeEngine]:
    engine = FakeEngine()
    engines.register("fake", engine)
    yield engine
    engines.unregister("fake")


def test_registered_engine_is_called(fake: FakeEngine, nb: Path, tmp_path: Path) -> None:
    res = render_grid(nb, periods=["2023-01", "2023-02"], out_dir=tmp_path, engine="fake",
                      jobs=2, progress=False)
    assert fake.calls == [(["tiny_金水区_2023-01", "tiny_金水区_2023-02"], 2)]
    assert [r.status for r in res.results] == ["failed", "failed"] and res.exit_code == 1
    assert set(res.summary["error"]) == {"FakeError: not run"}
    # an engine object works as well as its name
    render_grid(nb, periods=["2023-01"], out_dir=tmp_path, engine=fake, progress=False)
    assert fake.calls[-1] == (["tiny_金水区_2023-01"], 1)


def test_engine_that_loses_or_invents_a_job(nb: Path, tmp_path: Path) -> None:
    res = render_grid(nb, periods=["2023-01"], out_dir=tmp_path / "a",
                      engine=FakeEngine("none"), progress=False)
    assert [r.status for r in res.results] == ["dead"]
    assert "returned no result" in res.results[0].error.evalue
    with pytest.raises(JinshuiError, match="somebody_else"):
        render_grid(nb, periods=["2023-01"], out_dir=tmp_path / "b",
                    engine=FakeEngine("foreign"), progress=False)


def test_cli_engine_option(fake: FakeEngine, nb: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--lang", "en", "render", str(nb), "--period", "2023-05", "--out",
                     str(tmp_path), "--engine", "fake", "--no-progress"])
    assert code == 1 and fake.calls == [(["tiny_金水区_2023-05"], 1)]
    assert "FakeError: not run" in capsys.readouterr().out
    code = cli.main(["--lang", "en", "render", str(nb), "--out", str(tmp_path), "--engine",
                     "nosuch", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "unknown engine 'nosuch'" in err and "fork" in err
    code = cli.main(["--lang", "en", "render", str(nb), "--out", str(tmp_path), "--engine",
                     "kernel", "--executor", "dask", "--no-progress"])
    assert code == 2 and "dask" in capsys.readouterr().err


class InterruptedEngine(FakeEngine):
    """Answers the first job, starts the second, then Ctrl-C arrives (inside the engine)."""

    def run(self, jobs: Sequence[Job], *, workers: int = 1,
            started: Callable[[Job], None] | None = None) -> Iterator[RenderResult]:
        first, second = jobs[0], jobs[1]
        started(first)
        yield RenderResult(first.stem, "failed", parameters=first.parameters, seconds=0.0,
                           error=Failure("error", "FakeError", "not run"))
        started(second)
        raise KeyboardInterrupt


def test_any_engine_interrupted_gives_interrupted_and_cancelled(nb: Path, tmp_path: Path
                                                                ) -> None:
    res = render_grid(nb, periods=["2023-01", "2023-02", "2023-03"], out_dir=tmp_path,
                      engine=InterruptedEngine(), progress=False)
    assert res.interrupted and res.exit_code == 130
    assert [r.status for r in res.results] == ["failed", "interrupted", "cancelled"]
    record = json.loads((tmp_path / ".jinshui" / "tiny_金水区_2023-02.failed.json")
                        .read_text("utf-8"))
    assert record["status"] == "interrupted"
    assert '<td class="cancelled">cancelled</td>' in (tmp_path / "index.html").read_text("utf-8")
