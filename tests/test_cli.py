"""The ``jinshui`` command line (one subprocess run; the rest in-process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jinshui_analysis import cli

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "notebooks" / "tiny.ipynb"


def test_params_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["params", "monthly_report"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split()[:4] == ["name", "type", "default", "allowed"]
    for name in ("region", "period", "data", "target_growth", "threshold", "language"):
        assert f"\n{name} " in text
    assert cli.main(["params", str(TINY), "--json"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["scale"] == {"type": "float", "default": 1.0, "allowed": "[0, 1000]",
                               "help_zh": "倍数", "help_en": "scale factor"}


def test_invalid_arguments_start_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    out = tmp_path / "out"
    # an invalid range end is a usage error
    assert cli.main(["render", str(TINY), "--period", "2023-01:2023-13", "--out", str(out)]) == 2
    assert "参数“period”" in capsys.readouterr().err  # Chinese by default
    # a grid whose only job is invalid: one clear message, exit 2, nothing written at all
    code = cli.main(["render", str(TINY), "--period", "2023-13", "--out", str(out),
                     "--no-progress", "--lang", "en"])
    assert code == 2
    assert "parameter 'period'" in capsys.readouterr().err
    assert not out.exists()
    assert cli.main(["render", str(TINY), "--param", "scale", "--out", str(out)]) == 2


def test_render_grid_cli_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "jinshui_analysis", "render", str(TINY),
         "--period", "2023-01,2023-02", "--region", "金水区", "--param", "fail_at=金水区/2023-02",
         "--param", "scale=4", "--out", str(out), "--jobs", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 1, proc.stderr
    assert "tiny_金水区_2023-02  failed" in proc.stdout
    assert "ok: 1" in proc.stdout and "failed: 1" in proc.stdout
    assert "render: 100%" in proc.stderr  # one progress bar, on stderr
    doc = json.loads((out / "tiny_金水区_2023-01.json").read_text("utf-8"))
    assert {f["name"]: f["value"] for f in doc["figures"]}["total"] == 4 * 12.5 + 1
    assert (out / "notebooks" / "tiny_金水区_2023-02.failed.ipynb").is_file()
    assert (out / "logs" / "tiny_金水区_2023-01.log").is_file()
    assert (out / "index.html").is_file()


def test_report_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "default_reports", lambda: [(str(TINY), {"region": "中原区"})])
    out = tmp_path / "reports"
    assert cli.main(["report-default", "--out", str(out), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert f"打开：{out / 'index.html'}" in text  # Chinese by default
    assert str(out / "tiny_中原区_2023-06.html") in text
    page = (out / "index.html").read_text("utf-8")
    assert "tiny_中原区_2023-06" in page and '<td class="ok">ok</td>' in page
    # a second run is up to date
    assert cli.main(["report-default", "--out", str(out), "--no-progress"]) == 0
    assert "skipped" in capsys.readouterr().out


def test_default_set_names_existing_notebooks() -> None:
    from jinshui_analysis.render import params

    for notebook, values in cli.default_reports():
        params.validate(params.resolve_notebook(notebook), values)


def test_coverage_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["coverage", "--region", "郑州市", "--start", "2022", "--end", "2025"]) == 0
    out = capsys.readouterr().out
    assert "规模以上工业增加值" in out and "distinct year-to-date periods" in out
    assert cli.main(["coverage", "--region", "无此区"]) == 2
    assert "无此区" in capsys.readouterr().err
