"""A database too busy to take a write, told apart from other failures and answered 503.

SQLite lets one process write at a time; the others wait up to the busy timeout
(`PRAGMA busy_timeout` in `okrs.settings`) and then fail with "database is locked".
PostgreSQL fails a write the same way when two transactions deadlock or a lock cannot be
had. Such a write changed nothing (its transaction is rolled back) and will most likely
succeed a moment later, so the web app (`okrs.web.views.errors.server_error`) and the API
(`okrs.api.errors`) answer 503 Service Unavailable with `Retry-After` instead of a 500
that reads like a bug. Every other database error stays a 500.
"""

from __future__ import annotations

from django.db import OperationalError

RETRY_AFTER_SECONDS = 2
MESSAGE = (
    "the database is busy with other changes and this one could not wait longer; "
    "try again in a few seconds"
)
_SQLITE_MESSAGES = ("database is locked", "database table is locked")
_POSTGRES_STATES = {"40P01", "55P03"}  # deadlock_detected, lock_not_available


def is_busy(error: BaseException | None) -> bool:
    """Whether an exception is the database refusing a write for now, not for good."""
    if not isinstance(error, OperationalError):
        return False
    if any(text in str(error) for text in _SQLITE_MESSAGES):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _POSTGRES_STATES
