"""Every error okrs raises on purpose, in one module: what is wrong, where, and how to fix it.

A service raises one of four kinds, whoever calls it; each shell answers from the kind
alone. The API turns it into a status and its one error shape (`okrs.api.errors`), the
web app into a 403 or 404 page or a message beside the field (`okrs.web.access`,
`okrs.web.views.form_page`), the CLI into `error: …` and exit status 2.

`field` names the input to blame, so that no shell reads it back out of the message;
`str()` of an error reads `field: message`. An error may list several `problems` found
at once (every bad field of a form, every bad line of a file).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol, Self


class Problem(Protocol):
    """One thing wrong, as the shells show it: the field to blame ("" for none), the
    message, and for a file the line."""

    @property
    def field(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def line(self) -> int | None: ...


class FieldProblem(NamedTuple):
    """A (field, message) problem of input that is not a file."""

    field: str
    message: str

    @property
    def line(self) -> int | None:
        return None


class OkrsError(Exception):
    """Something okrs refuses to do, in words for the person who asked."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.message = message
        self.field = field
        self.problems: Sequence[Problem] = [FieldProblem(field or "", message)]

    @classmethod
    def each(cls, problems: Iterable[tuple[str, str]]) -> Self:
        """One error for every (field, message) problem found, so one answer lists them all."""
        found = [FieldProblem(name, message) for name, message in problems]
        if len(found) == 1:
            error = cls(found[0].message, found[0].field or None)
        else:
            error = cls("; ".join(f"{name}: {message}" for name, message in found))
        error.problems = found
        return error


class NotFound(OkrsError):
    """A key that does not exist, or that the actor may not see: the two read the same."""


class Forbidden(OkrsError):
    """The actor may not do this; the message says who may."""


class Invalid(OkrsError):
    """Input that cannot be used as it is."""


class Conflict(OkrsError):
    """Input that is valid but clashes with what is stored: a row still holding others,
    a key in use, a database that is not empty."""
