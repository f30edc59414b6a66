"""The wheel holds everything `okrs demo` and `okrs serve` need: templates, static files,
the coach's rule pages and the migrations, besides the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "okrs"


def package_files() -> set[str]:
    """Every file of the package as the wheel names it, caches and compiled files aside."""
    return {
        "okrs/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """A wheel built offline from a copy of the sources (the build leaves no trace here)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(work / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, (
        "building the wheel failed (the dev extras bring the build backend: "
        "pip install -e '.[dev]')\n" + built.stdout + built.stderr
    )
    (path,) = (work / "dist").glob("okrs-*-py3-none-any.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_holds_every_file_of_the_package(wheel):
    names = set(wheel.namelist())
    assert sorted(package_files() - names) == []
    for needed in (
        "okrs/web/templates/okrs/base.html",
        "okrs/web/static/okrs/app.css",
        "okrs/docs/rules/OKR101.md",
        "okrs/goals/migrations/0001_initial.py",
        "okrs/people/migrations/0001_initial.py",
    ):
        assert needed in names


def test_the_wheel_installs_the_okrs_command(wheel):
    (entry_points,) = (n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert "okrs = okrs.cli:main" in wheel.read(entry_points).decode()


def test_every_package_data_pattern_names_files_that_exist():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["okrs"]
    assert [p for p in patterns if not any(PACKAGE.glob(p))] == []
