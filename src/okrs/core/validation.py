"""Field rules shared by the OKR file importer and the web forms.

Each check returns None when a value is fine, else a message that says what is wrong and
how to fix it, so that `okrs import` and a form show the same words for the same mistake.
Messages start lowercase and end without a period. Checks take the raw value (`object`):
YAML hands over ints, floats, bools, dates and strings, forms hand over strings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime

from okrs.core.domain import Cycle

KEY_MAX_LENGTH = 100
TEAM_KEY_MAX_LENGTH = 64
CYCLE_NAME_MAX_LENGTH = 64
EXTERNAL_KEY_MAX_LENGTH = 100
TITLE_MAX_LENGTH = 300
NAME_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 30
URL_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254

KEY_START = re.compile(r"[A-Za-z0-9]")
KEY_CHARACTER = re.compile(r"[A-Za-z0-9_.-]")
HTML_TAG = re.compile(r"<!--|<[!/]?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
NUMBER_WITH_UNIT = re.compile(r"(?P<number>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s].*)")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
RULE_CODE = re.compile(r"OKR\d{3}")
WEB_ADDRESS = re.compile(r"https?://\S+")


def check_key(value: object, max_length: int = KEY_MAX_LENGTH) -> str | None:
    """A key: letters, digits, '-', '_' and '.', starting with a letter or digit.

    Keys identify teams, objectives, key results and initiatives across imports, so they
    stay short and safe in URLs and on the command line.
    """
    if not isinstance(value, str):
        return expected_text(value)
    if not value:
        return "the key is empty: use letters, digits, '-', '_' and '.'"
    if len(value) > max_length:
        return f"keys are at most {max_length} characters, this one has {len(value)}: shorten it"
    if not KEY_START.match(value):
        return f"keys start with a letter or digit, got {value!r}"
    for character in value:
        if not KEY_CHARACTER.match(character):
            return (
                f"keys use only letters, digits, '-', '_' and '.': {value!r} contains {character!r}"
            )
    return None


def check_title(
    value: object, max_length: int = TITLE_MAX_LENGTH, label: str = "title"
) -> str | None:
    """A one-line, plain-text title (or name, with `label="name"`) of a bounded length.

    Markup is refused rather than escaped: a title shows in pages, exports, the CLI and
    chat notifications, and a tag in it is nearly always a copy-paste accident.
    """
    if not isinstance(value, str):
        return expected_text(value)
    if not value.strip():
        return f"the {label} is empty: write one"
    if "\n" in value or "\r" in value:
        return f"{label}s are one line: remove the line break"
    if message := _control_characters(value, label):
        return message
    tag = HTML_TAG.search(value)
    if tag:
        return f"{label}s are plain text: remove the HTML tag '{tag.group()}'"
    if len(value) > max_length:
        return (
            f"{label}s are at most {max_length} characters, this one has {len(value)}: shorten it"
        )
    return None


def check_name(value: object) -> str | None:
    """A team's name: the same rules as a title, with the database's length."""
    return check_title(value, NAME_MAX_LENGTH, label="name")


def check_text(value: object, max_length: int | None = None, label: str = "text") -> str | None:
    """Free text (note, description, unit, external key), optionally bounded in length."""
    if not isinstance(value, str):
        return expected_text(value)
    if message := _control_characters(value, label):
        return message
    if max_length is not None and len(value) > max_length:
        return f"{label} is at most {max_length} characters, this one has {len(value)}: shorten it"
    return None


def _control_characters(value: str, label: str) -> str | None:
    """Invisible control characters (a NUL, an escape) are never meant; databases refuse NUL."""
    found = CONTROL_CHARACTER.search(value)
    if found is None:
        return None
    return f"{label} holds the control character U+{ord(found.group()):04X}: remove it"


def check_unit(value: object) -> str | None:
    """A key result's unit, such as `%`, `h` or `signups`."""
    return check_text(value, UNIT_MAX_LENGTH, label="the unit")


def check_external_key(value: object) -> str | None:
    """An initiative's key in another tool, such as a Jira epic's `ONB-42`."""
    return check_text(value, EXTERNAL_KEY_MAX_LENGTH, label="an external key")


def check_url(value: object) -> str | None:
    """A web address of an initiative (an epic, a design doc), http or https."""
    if not isinstance(value, str):
        return expected_text(value)
    if not WEB_ADDRESS.fullmatch(value):
        return f"expected a web address starting with https:// or http://, got {value!r}"
    return check_text(value, URL_MAX_LENGTH, label="a web address")


def check_email(value: object) -> str | None:
    """A sanity check of an owner's or author's email address (not a deliverability test)."""
    if not isinstance(value, str) or not EMAIL.fullmatch(value) or len(value) > EMAIL_MAX_LENGTH:
        return f"expected an email address like ana@example.com, got {describe(value)}"
    return None


def parse_number(value: object) -> tuple[float | None, str | None]:
    """(number, None) for an int, a float or a numeric string; (None, message) otherwise.

    Booleans are refused although Python counts them as ints: YAML reads `yes`, `no`,
    `on` and `off` as booleans, which is never what a key result's number means.
    """
    if isinstance(value, bool) or value is None:
        return None, f"expected a number, got {describe(value)}"
    if isinstance(value, int | float):
        return _finite(value)
    if isinstance(value, str):
        return _number_from_text(value)
    return None, f"expected a number, got {describe(value)}"


def check_confidence(value: object) -> str | None:
    """The owner's belief that the target will be hit, from 0.0 to 1.0."""
    number, message = parse_number(value)
    if number is None:
        return message
    if 0.0 <= number <= 1.0:
        return None
    as_share = 1 < number <= 100
    hint = f": write {format_number(number / 100)} for {format_number(number)}%" if as_share else ""
    return f"confidence is from 0.0 to 1.0, got {format_number(number)}{hint}"


def check_weight(value: object) -> str | None:
    """A key result's weight in its objective's score: any number above 0."""
    number, message = parse_number(value)
    if number is None:
        return message
    if number <= 0:
        return f"weight must be greater than 0, got {format_number(number)}"
    return None


def check_effort(value: object) -> str | None:
    """An initiative's effort in person-weeks: 0 or more."""
    number, message = parse_number(value)
    if number is None:
        return message
    if number < 0:
        return f"effort is in person-weeks and cannot be negative, got {format_number(number)}"
    return None


def key_not_available(key: str) -> str:
    """What to say when a new row's key is in use: never what holds it.

    Keys are unique across cycles, so the holder may be a team-only objective the asker
    cannot see; "taken" by what, or where, would confirm it.
    """
    return f"the key '{key}' is not available: keys are unique across cycles, pick another"


def check_key_result_numbers(
    type: str, baseline: float | None, target: float | None, direction: str | None
) -> list[tuple[str, str]]:
    """(field, message) for every way a key result's numbers contradict its type.

    A metric moves from baseline to target, a threshold keeps a value on one side of a
    line (its target), and a milestone is done or not, so it has neither.
    """
    problems: list[tuple[str, str]] = []
    if type != "threshold" and direction is not None:
        problems.append(("direction", "direction is only for threshold key results: remove it"))
    if type == "metric" and baseline is not None and target == baseline:
        problems.append(
            (
                "target",
                "target equals baseline: a key result must move something; "
                f"set a target different from the baseline {format_number(baseline)}",
            )
        )
    if type == "threshold" and direction is None:
        problems.append(
            ("direction", "a threshold key result needs direction: at_least or at_most")
        )
    if type == "threshold" and target is None:
        problems.append(
            (
                "target",
                "a threshold key result needs target: the line to stay at or above "
                "(at_least) or at or below (at_most)",
            )
        )
    if type == "milestone":
        for name, number in (("baseline", baseline), ("target", target)):
            if number is not None:
                problems.append(
                    (
                        name,
                        f"a milestone key result has no {name}: remove it "
                        "(check in 1 when done, 0 when not)",
                    )
                )
    return problems


def check_check_in_value(key_result_type: str, value: float) -> str | None:
    """A milestone is checked in as 1 (done) or 0 (not done); other types take any number."""
    if key_result_type == "milestone" and value not in (0, 1):
        return f"a milestone check-in is 1 (done) or 0 (not done), got {format_number(value)}"
    return None


def check_check_in_date(day: date, cycle: Cycle) -> str | None:
    """A check-in belongs to its key result's cycle."""
    if cycle.start <= day <= cycle.end:
        return None
    return (
        f"{day.isoformat()} is outside the cycle {cycle.name} "
        f"({cycle.start.isoformat()} to {cycle.end.isoformat()}): date the check-in within it"
    )


def check_choice(value: object, choices: Sequence[str], field: str) -> str | None:
    """One of a fixed set of values, such as a team kind or an initiative status."""
    if isinstance(value, str) and value in choices:
        return None
    return f"unknown {field} {describe(value)}: use one of {', '.join(choices)}"


def check_rule_code(value: object) -> str | None:
    """A coach rule code like OKR104, as listed in a `coach: {ignore: [...]}`."""
    if isinstance(value, str) and RULE_CODE.fullmatch(value):
        return None
    return f"expected a coach rule code like OKR104, got {describe(value)}"


def parse_date(value: object) -> tuple[date | None, str | None]:
    """(date, None) for a date or a YYYY-MM-DD string; (None, message) otherwise."""
    if isinstance(value, datetime):
        return None, f"expected a date like 2026-10-14, got {value.isoformat()}: drop the time"
    if isinstance(value, date):
        return value, None
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value), None
        except ValueError:
            return None, f"expected a date like 2026-10-14, got {value!r}: there is no such day"
    return None, f"expected a date like 2026-10-14, got {describe(value)}"


def check_date_range(start: date, end: date) -> str | None:
    """An end date, inclusive, that does not come before the start."""
    if end >= start:
        return None
    return f"end {end.isoformat()} comes before start {start.isoformat()}: swap them"


def expected_text(value: object) -> str | None:
    """The message for a value that should have been text, e.g. a YAML `2026` or `yes`."""
    if isinstance(value, str):
        return None
    return f"expected text, got {describe(value)}: put it in quotes"


def describe(value: object) -> str:
    """How a message names a value: strings quoted, YAML's words for the rest."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and math.isnan(value):
        return "not-a-number"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    return f"a {type(value).__name__} value"


def format_number(value: float) -> str:
    """A number as a person writes it: 68, 0.6, -6 (never 68.0)."""
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _finite(value: int | float) -> tuple[float | None, str | None]:
    try:
        number = float(value)
    except OverflowError:
        return None, "this number is too large"
    if not math.isfinite(number):
        return None, f"expected a finite number, got {describe(number)}"
    return number, None


def _number_from_text(text: str) -> tuple[float | None, str | None]:
    try:
        number = float(text)
    except ValueError:
        with_unit = NUMBER_WITH_UNIT.fullmatch(text.strip())
        hint = (
            f": write {with_unit['number']} and put {with_unit['unit']!r} in unit"
            if with_unit
            else ""
        )
        return None, f"expected a number, got {text!r}{hint}"
    return _finite(number)
