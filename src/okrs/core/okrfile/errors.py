"""What is wrong with an OKR file: each `Problem` where it is, and the `OkrFileError` that lists
them all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrs.core.errors import Invalid


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an OKR file: where it is and what to do about it.

    `coached` names the coach rule that reports the same thing as a finding (OKR203,
    OKR204), when one does: the linter reads on past such a problem.
    """

    filename: str
    line: int
    field: str
    message: str
    coached: str | None = None

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Reference:
    """A key the file uses without defining it; the importer looks it up in the database.

    `kind` is "team" (an objective's or initiative's team, a parent, a contributor),
    "alignment" (an objective's `aligned_to`) or "key_result" (an initiative's link).
    """

    kind: str
    key: str
    filename: str
    line: int
    field: str


class OkrFileError(Invalid):
    """An OKR file that cannot be imported; `problems` lists everything wrong with it.

    `references` holds the keys the file expects to exist already, as far as it could be
    read: a caller checks them too, so that every problem is listed at once.
    """

    def __init__(self, problems: list[Problem], references: Sequence[Reference] = ()) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems: list[Problem] = problems
        self.references = list(references)
