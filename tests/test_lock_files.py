"""The committed locks agree: what `make test` installs (requirements-dev.lock) and the
standard-format copy (pylock.toml, PEP 751) name the same releases with the same hashes,
both exported from uv.lock by `make lock`."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            current = _normal(pin.group(1))
            pins[current] = (pin.group(2), frozenset())
        if current is not None:
            version, hashes = pins[current]
            pins[current] = (version, hashes | set(HASH.findall(line)))
    return pins


def _pylock(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pins = {}
    for package in data["packages"]:
        files = [package.get("sdist", {}), *package.get("wheels", [])]
        hashes = frozenset(f["hashes"]["sha256"] for f in files if f)
        pins[_normal(package["name"])] = (package["version"], hashes)
    return pins


def test_the_standard_lock_names_what_make_test_installs() -> None:
    installed = _requirements(ROOT / "requirements-dev.lock")
    standard = _pylock(ROOT / "pylock.toml")
    assert installed, "requirements-dev.lock names no release"
    assert {name: version for name, (version, _) in standard.items()} == {
        name: version for name, (version, _) in installed.items()
    }
    for name, (_, hashes) in installed.items():
        assert hashes and hashes == standard[name][1], name


def test_make_run_and_test_install_their_lock_every_time() -> None:
    # A dry run with the venv stamps up to date: each target still installs its lock,
    # hash-checked, before it serves or tests.
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for target, lock in (("run", "requirements.lock"), ("test", "requirements-dev.lock")):
        plan = subprocess.run(
            [make, "-n", "-o", ".venv/.installed-run", "-o", ".venv/.installed-dev", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        installs = [line for line in plan if "pip install" in line and f"-r {lock}" in line]
        assert installs, f"make {target} does not install {lock}"
        assert "--require-hashes" in installs[0] and "--no-deps" in installs[0]
        assert plan.index(installs[0]) < len(plan) - 1  # before the target's own work
