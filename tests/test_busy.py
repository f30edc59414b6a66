"""Which database errors mean "busy, try again" (503) rather than a failure (500)."""

from __future__ import annotations

import psycopg.errors
import pytest
from django.db import DatabaseError, OperationalError

from okrs.busy import is_busy


def wrapped(cause: Exception) -> OperationalError:
    """An error as Django raises it: its own class, the driver's error as the cause."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("database table is locked: goals_checkin"),
        wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        wrapped(psycopg.errors.LockNotAvailable("could not obtain lock")),
    ],
)
def test_a_locked_sqlite_or_a_postgresql_lock_conflict_is_busy(error):
    assert is_busy(error)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("no such table: goals_checkin"),
        OperationalError("disk I/O error"),
        wrapped(psycopg.errors.AdminShutdown("terminating connection")),
        DatabaseError("database is locked"),  # not an OperationalError
        None,
    ],
)
def test_other_errors_are_not(error):
    assert not is_busy(error)
