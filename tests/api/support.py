"""Helpers of the API tests that are not fixtures."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.db import OperationalError, connection


def strict_json(body: bytes | str) -> Any:
    """JSON as the standard has it: a bare NaN or Infinity is refused, not read."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(body, parse_constant=refuse)


def assert_strict_json_answers(api: Any, paths: Iterable[str]) -> None:
    """Each path answers 200 with a body that is strict JSON."""
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200, path
        strict_json(response.content)


@contextmanager
def failing_writes(message: str):
    """Every INSERT or UPDATE fails as SQLite fails one after its busy timeout."""

    def execute(run, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise OperationalError(message)
        return run(sql, params, many, context)

    with connection.execute_wrapper(execute):
        yield
