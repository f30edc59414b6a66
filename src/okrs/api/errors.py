"""The API's one error shape, and how the errors of `okrs.core.errors` map onto status codes.

Every error answers `{"detail": "...", "errors": [{"field": ..., "message": ..., "line": ...}]}`,
whatever raised it: a service or a view (`NotFound` 404, `Forbidden` 403, `Invalid` 422,
`Conflict` 409: `STATUSES`), ninja (validation, authentication, CSRF) or Django (a body
over `DATA_UPLOAD_MAX_MEMORY_SIZE`; a value the database refuses, which the validation
should have caught; a database too busy to take a write, 503 with `Retry-After`, see
`okrs.busy`). Bad input never ends in a 500. `ApiError` is left for what only HTTP
knows: a body that is not JSON, a missing or expired token, a media type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, IntegrityError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from okrs.busy import MESSAGE, RETRY_AFTER_SECONDS, is_busy
from okrs.core.errors import Conflict, Forbidden, Invalid, NotFound, OkrsError
from okrs.log import note_refusal


class ErrorItem(Schema):
    """One thing wrong with the request: the field (`items[3].value`), and for files the line."""

    field: str
    message: str
    line: int | None = None


class Error(Schema):
    """What went wrong, and for bad input every problem found."""

    detail: str
    errors: list[ErrorItem] = []


READ_ERRORS: dict[int, type[Error]] = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS: dict[int, type[Error]] = {
    **READ_ERRORS,
    400: Error,
    409: Error,
    413: Error,
    503: Error,
}


STATUSES: dict[type[OkrsError], int] = {NotFound: 404, Forbidden: 403, Invalid: 422, Conflict: 409}


class ApiError(Exception):
    """An answer of HTTP's own (400, 401, 413, 415, 503), raised from a view or a helper."""

    def __init__(self, status: int, detail: str, errors: Iterable[ErrorItem] = ()) -> None:
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        super().__init__(detail)


@contextmanager
def input_reference(field: str) -> Iterator[None]:
    """A key in the body or the query string that names nothing is invalid input (422), not a 404."""
    try:
        yield
    except NotFound as error:
        raise Invalid(str(error), field=field) from None


def install(api: NinjaAPI) -> None:
    """Answer every known failure in the one error shape."""
    handlers: Sequence[tuple[type[Exception], Callable[[Any], ApiError]]] = (
        (ApiError, lambda error: error),
        (NinjaValidationError, _validation_error),
        (AuthenticationError, _authentication_error),
        (HttpError, _http_error),
        (Http404, lambda error: ApiError(404, "not found")),
        (OkrsError, _okrs_error),
        (RequestDataTooBig, _too_big),
        (IntegrityError, lambda error: ApiError(409, "this conflicts with what is stored")),
        (DataError, lambda error: ApiError(422, f"a value cannot be stored: {error}")),
        (OperationalError, _busy),
    )
    for exception, describe in handlers:
        api.add_exception_handler(exception, _handler(api, describe))


def error_response(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    """The JSON answer for an error, with `WWW-Authenticate` on a 401."""
    if error.status == 403:
        note_refusal(request, error.detail)
    body = Error(detail=error.detail, errors=error.errors).model_dump()
    response = api.create_response(request, body, status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="okrs"'
    if error.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _handler(api: NinjaAPI, describe: Callable[[Any], ApiError]) -> Any:
    def handle(request: HttpRequest, error: Exception) -> HttpResponse:
        return error_response(api, request, describe(error))

    return handle


def _validation_error(error: NinjaValidationError) -> ApiError:
    items = [
        ErrorItem(field=_field_name(problem.get("loc", ())), message=problem.get("msg", ""))
        for problem in error.errors
    ]
    return ApiError(422, _summary(items), items)


def _field_name(location: Sequence[Any]) -> str:
    """`("body", "payload", "items", 3, "value")` -> `items[3].value`; `("query", "limit")` -> `limit`."""
    parts = list(location[1:])
    if location and location[0] == "body" and parts:
        parts = parts[1:]  # the view's parameter name, not part of the document
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or str(location[0] if location else "")


def _authentication_error(error: AuthenticationError) -> ApiError:
    return ApiError(401, "authentication required: send 'Authorization: Bearer <token>' or sign in")


def _http_error(error: HttpError) -> ApiError:
    if error.status_code == 400 and error.__cause__ is not None:
        return ApiError(400, f"the request body is not valid JSON: {error.__cause__}")
    return ApiError(error.status_code, str(error))


def _okrs_error(error: OkrsError) -> ApiError:
    """The status from the error's kind, the errors from its problems (a file's with their line).

    Invalid input lists every problem; a refusal or a conflict says what it is in `detail`
    and lists the fields it blames.
    """
    status = next(code for kind, code in STATUSES.items() if isinstance(error, kind))
    items = [
        ErrorItem(field=problem.field, message=problem.message, line=problem.line)
        for problem in error.problems
    ]
    if isinstance(error, Invalid):
        return ApiError(status, _summary(items), items)
    return ApiError(status, str(error), [item for item in items if item.field])


def _too_big(error: RequestDataTooBig) -> ApiError:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return ApiError(413, f"the request body is larger than {limit} bytes: send less at once")


def _busy(error: OperationalError) -> ApiError:
    """A database busy past its wait (`okrs.busy`) is a 503; any other failure stays a 500."""
    if not is_busy(error):
        raise error
    return ApiError(503, MESSAGE)


def _summary(items: Sequence[ErrorItem]) -> str:
    if len(items) == 1:
        item = items[0]
        return f"{item.field}: {item.message}" if item.field else item.message
    return f"{len(items)} problems: see errors"
