"""environment.yml (conda-forge) lists the same runtime dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _env_deps() -> dict[str, str]:
    deps: dict[str, str] = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    section = text.split("dependencies:", 1)[1]
    for line in section.splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+)([<>=!~][^#\s]*)?\s*(#.*)?$", line)
        if m and m.group(1) not in {"pip", "-e"}:
            deps[m.group(1).lower()] = m.group(2) or ""
    return deps


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r): r[len(_name(r)):].strip() for r in project["dependencies"]}
    env = _env_deps()
    env.pop("python", None)
    assert set(runtime) == set(env), (
        f"only in pyproject: {sorted(set(runtime) - set(env))}; "
        f"only in environment.yml: {sorted(set(env) - set(runtime))}"
    )
    for name, spec in runtime.items():
        assert env[name] == spec, f"{name}: pyproject {spec!r} vs environment.yml {env[name]!r}"


def test_python_floor_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in (ROOT / "environment.yml").read_text(encoding="utf-8")
