"""What may import what: the layers the README's Architecture section draws."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import okrs

SOURCE = Path(okrs.__file__).parent
# Each package of okrs and the packages of okrs it may import (itself always). Modules
# at the top (cli, settings, server, backup, …) wire the layers together and are free.
MAY_IMPORT = {
    "core": set(),
    "people": {"core", "goals"},  # the two Django apps refer to each other's models
    "goals": {"core", "people"},
    "web": {"core", "people", "goals", "busy", "log"},
    "api": {"core", "people", "goals", "busy", "log"},
    "rhythm": {"core", "people", "goals", "web", "cli"},  # its pages and its commands
    "bench": {"core", "people", "goals", "server"},
}


def imports_of(path: Path) -> set[str]:
    """The top-level names a module imports: `django`, `okrs.goals`, `yaml`…"""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "okrs":
                names = [f"okrs.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            found.add(".".join(parts[:2]) if parts[0] == "okrs" else parts[0])
    return found


def modules_of(package: str) -> list[Path]:
    return [p for p in (SOURCE / package).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_package_imports_only_the_layers_beneath_it(package):
    allowed = {f"okrs.{name}" for name in MAY_IMPORT[package] | {package}}
    wrong = {
        f"{path.relative_to(SOURCE)} imports {name}"
        for path in modules_of(package)
        for name in imports_of(path)
        if name.startswith("okrs.") and name not in allowed
    }
    assert not wrong


def test_the_core_imports_no_django():
    assert not {
        str(path.relative_to(SOURCE)) for path in modules_of("core") if "django" in imports_of(path)
    }
