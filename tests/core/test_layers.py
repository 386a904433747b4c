"""The layers contract of `make lint` bites: the tree passes, an import against the flow
fails. Each case runs import-linter with the project's own contract, on a copy of the
apps' modules where one module was added on purpose (a few seconds, no database)."""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _python_only(directory, names):
    return [
        name
        for name in names
        if name in ("__pycache__", "migrations")
        or not (name.endswith(".py") or (Path(directory) / name).is_dir())
    ]


def _toml(value) -> str:
    # The contract holds strings and lists of strings: their JSON spelling is valid TOML.
    return json.dumps(value, ensure_ascii=False)


def _write_contract(path: Path, config: dict) -> None:
    lines = ["[tool.importlinter]"]
    lines += [f"{key} = {_toml(value)}" for key, value in config.items() if key != "contracts"]
    for contract in config["contracts"]:
        lines.append("\n[[tool.importlinter.contracts]]")
        lines += [f"{key} = {_toml(value)}" for key, value in contract.items()]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def overlay(tmp_path):
    """A copy of every layer's Python modules under the real contract, to break on purpose."""
    config = _contract()
    for name in config["root_packages"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=_python_only)
    _write_contract(tmp_path / "pyproject.toml", config)
    return tmp_path


def test_the_tree_keeps_the_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_structures_importing_network_breaks_the_contract(overlay):
    (overlay / "structures" / "layer_probe.py").write_text("from network import models\n")
    result = _lint(overlay)
    assert result.returncode != 0
    assert "structures is not allowed to import network" in result.stdout
    assert "structures.layer_probe -> network.models" in result.stdout


def test_territories_importing_structures_breaks_the_contract(overlay):
    (overlay / "territories" / "layer_probe.py").write_text("import structures.models\n")
    result = _lint(overlay)
    assert result.returncode != 0
    assert "territories is not allowed to import structures" in result.stdout
    assert "territories.layer_probe -> structures.models" in result.stdout
