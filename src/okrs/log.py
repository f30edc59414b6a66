"""One line in the log for a refused request: who, what and why, never a traceback.

Django's `django.request` logger reports a `PermissionDenied` raised in a view with its
whole traceback, and a 403 that the API answers as a bare "Forbidden: /path". A refusal
is an expected answer, not a fault: a traceback per refused click buries real errors,
and a bare path says nothing about who was refused or why. The filter below rewrites
every 403 record of that logger into one line; the API notes its reason on the request
(`note_refusal`), since Django logs its answer without the exception behind it.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest

_REASON = "_okrs_refusal"
_DONE = "_okrs_one_line"


def note_refusal(request: HttpRequest, reason: str) -> None:
    """Keep why a request was refused, for the line `OneLineForbidden` writes."""
    setattr(request, _REASON, reason)


class OneLineForbidden(logging.Filter):
    """Turn a 403 of `django.request` into `Forbidden: WHO METHOD PATH: WHY`."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "status_code", None) != 403 or request is None or _DONE in vars(record):
            return True  # not a refusal, or rewritten already (logging set up more than once)
        error = record.exc_info[1] if record.exc_info else None
        reason = str(error) if error is not None else getattr(request, _REASON, "")
        record.msg = "Forbidden: %s %s %s: %s"
        record.args = (_who(request), request.method, request.path, reason or "refused")
        record.exc_info = None
        record.exc_text = None
        setattr(record, _DONE, True)
        return True


def _who(request: HttpRequest) -> str:
    """The person the request acts for: a token's user (API) or the session's."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return str(getattr(user, "email", user))
