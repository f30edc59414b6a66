"""One error hierarchy: each error carries its field, and reads `field: message`."""

from __future__ import annotations

import pytest

from okrs.core.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound, OkrsError
from okrs.core.okrfile import OkrFileError, Problem


@pytest.mark.parametrize("kind", [NotFound, Forbidden, Invalid, Conflict])
def test_every_kind_is_an_okrs_error_that_names_its_field(kind):
    error = kind("give a time in the future", field="expires_at")
    assert isinstance(error, OkrsError)
    assert (error.field, error.message) == ("expires_at", "give a time in the future")
    assert str(error) == "expires_at: give a time in the future"
    assert error.problems == [("expires_at", "give a time in the future")]


def test_an_error_without_a_field_reads_as_its_message():
    error = NotFound("unknown cycle '2031-Q1'")
    assert str(error) == "unknown cycle '2031-Q1'"
    assert error.field is None
    assert error.problems == [FieldProblem("", "unknown cycle '2031-Q1'")]


def test_a_message_with_a_colon_keeps_it_whole():
    error = Invalid("you may not change your own role: ask another admin", field="role")
    assert error.message == "you may not change your own role: ask another admin"
    assert error.field == "role"


def test_several_problems_found_at_once_are_listed_in_one_error():
    error = Invalid.each([("title", "the title is empty"), ("weight", "must be positive")])
    assert str(error) == "title: the title is empty; weight: must be positive"
    assert error.field is None
    assert [(p.field, p.message, p.line) for p in error.problems] == [
        ("title", "the title is empty", None),
        ("weight", "must be positive", None),
    ]


def test_one_problem_found_is_an_error_on_its_field():
    error = Conflict.each([("cycle", "cycle '2027-Q1' holds 2 objective(s)")])
    assert isinstance(error, Conflict)
    assert (error.field, str(error)) == ("cycle", "cycle: cycle '2027-Q1' holds 2 objective(s)")


def test_a_file_error_is_invalid_input_whose_problems_carry_their_line():
    problem = Problem("okrs.yaml", 7, "objectives[0].team", "unknown team 'nope'")
    error = OkrFileError([problem])
    assert isinstance(error, Invalid)
    assert str(error) == "okrs.yaml:7: objectives[0].team: unknown team 'nope'"
    [listed] = error.problems
    assert (listed.field, listed.message, listed.line) == (
        "objectives[0].team",
        "unknown team 'nope'",
        7,
    )
