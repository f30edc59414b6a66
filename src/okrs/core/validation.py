"""Field rules shared by the OKR file importer and the services that the web forms, the
API and the CLI call.

Each check returns None when a value is fine, else a message that says what is wrong and
how to fix it, so that `okrs import` and a form show the same words for the same mistake.
Messages start lowercase and end without a period. Checks take the raw value (`object`):
YAML hands over ints, floats, bools, dates and strings, forms hand over strings.

The bounds live here too, so that one bad value cannot break a page for everyone: numbers
within ±1e15, weights up to 1,000, notes and blockers up to 2,000 characters, dates in
the years 2000 to 2200, keys that are not all digits (the API reads those as ids).
"""

from __future__ import annotations

import math
import re
import unicodedata
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
NOTE_MAX_LENGTH = 2000
VALUE_LIMIT = 1e15
WEIGHT_MAX = 1000
FIRST_YEAR, LAST_YEAR = 2000, 2200

KEY_START = re.compile(r"[A-Za-z0-9]")
KEY_CHARACTER = re.compile(r"[A-Za-z0-9_.-]")
HTML_TAG = re.compile(r"<!--|<[!/]?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
NUMBER_WITH_UNIT = re.compile(
    r"(?P<number>[-+]?[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[^0-9\s.,_][^0-9]*)"
)
DECIMAL_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
NOT_FINITE_NUMBER = re.compile(r"[-+]?(?:inf|infinity|nan)", re.IGNORECASE)
DIGIT_SEPARATOR = re.compile(r"[0-9][_,][0-9]")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional overrides and isolates, zero-width spaces and marks, the byte-order mark:
# invisible, they make a title read differently from what it says (CVE-2021-42574).
INVISIBLE_CHARACTER = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
RULE_CODE = re.compile(r"OKR\d{3}")
WEB_ADDRESS = re.compile(r"https?://\S+")


def check_key(value: object, max_length: int = KEY_MAX_LENGTH) -> str | None:
    """A key: letters, digits, '-', '_' and '.', starting with a letter or digit.

    Keys identify teams, objectives, key results and initiatives across imports, so they
    stay short and safe in URLs and on the command line; and they are never all digits,
    which the API reads as an id.
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
    if value.isdigit():
        return f"a key of digits only reads as an id in the API: add a letter, like 'kr-{value}'"
    return None


def unavailable_key(key: str) -> str:
    """The message for a key already in use: it never says by what, which may be hidden."""
    return f"the key '{key}' is not available: keys are unique across cycles, pick another"


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
    if message := _control_characters(value, label) or _invisible_characters(value, label):
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


def _invisible_characters(value: str, label: str) -> str | None:
    """Direction overrides and zero-width characters hide what a title really says."""
    found = INVISIBLE_CHARACTER.search(value)
    if found is None:
        return None
    character = found.group()
    return (
        f"{label} holds the invisible character U+{ord(character):04X} "
        f"({unicodedata.name(character)}): remove it"
    )


def check_note(value: object, label: str = "the note") -> str | None:
    """A check-in's note or blockers: free text as long as a comment, at most."""
    return check_text(value, NOTE_MAX_LENGTH, label=label)


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
    """(number, None) for an int, a float or a decimal string; (None, message) otherwise.

    Booleans are refused although Python counts them as ints: YAML reads `yes`, `no`,
    `on` and `off` as booleans, which is never what a key result's number means. Text is
    an ASCII decimal (sign, digits, one dot, an exponent), not whatever `float()` reads
    ("٣", "１２", "1_000"). Every number okrs stores lies within ±1e15 (`VALUE_LIMIT`), so
    no sum or ratio of them overflows.
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
    # 60 reads as 60 %; 1.7 reads as a slip, not as 1.7 %: hint only from 2 to 100.
    as_share = 2 <= number <= 100
    hint = f": write {format_number(number / 100)} for {format_number(number)}%" if as_share else ""
    return f"confidence is from 0.0 to 1.0, got {format_number(number)}{hint}"


def check_weight(value: object) -> str | None:
    """A key result's weight in its objective's score: above 0, at most 1,000."""
    number, message = parse_number(value)
    if number is None:
        return message
    if number <= 0:
        return f"weight must be greater than 0, got {format_number(number)}"
    if number > WEIGHT_MAX:
        return (
            f"weight is at most {WEIGHT_MAX}, got {format_number(number)}: weights only "
            "compare key results, so 1 to 10 is plenty"
        )
    return None


def check_effort(value: object) -> str | None:
    """An initiative's effort in person-weeks: 0 or more."""
    number, message = parse_number(value)
    if number is None:
        return message
    if number < 0:
        return f"effort is in person-weeks and cannot be negative, got {format_number(number)}"
    return None


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
    """(date, None) for a date or a YYYY-MM-DD string in the years okrs plans in (`check_year`);
    (None, message) otherwise."""
    if isinstance(value, datetime):
        return None, f"expected a date like 2026-10-14, got {value.isoformat()}: drop the time"
    day: date | None = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None, f"expected a date like 2026-10-14, got {value!r}: there is no such day"
    if day is None:
        return None, f"expected a date like 2026-10-14, got {describe(value)}"
    message = check_year(day)
    return (None, message) if message else (day, None)


def check_year(day: date) -> str | None:
    """A date of a cycle, check-in, initiative or measurement lies in the years 2000 to 2200.

    Years far off are typing mistakes, and a cycle that ends in 9999 leaves no room for
    the day after it.
    """
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return (
        f"{day.isoformat()} is outside the years {FIRST_YEAR} to {LAST_YEAR} that okrs plans "
        "in: check the year"
    )


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
    if abs(number) > VALUE_LIMIT:
        return None, (
            f"expected a number from -1e15 to 1e15, got {format_number(number)}: "
            "count in a larger unit (thousands, millions)"
        )
    return number, None


def _number_from_text(text: str) -> tuple[float | None, str | None]:
    stripped = text.strip()
    if DECIMAL_NUMBER.fullmatch(stripped) or NOT_FINITE_NUMBER.fullmatch(stripped):
        return _finite(float(stripped))
    return None, f"expected a number, got {text!r}{_number_hint(stripped)}"


def _number_hint(text: str) -> str:
    """How to write a text that is nearly a number: without its unit, digits 0-9, no separators."""
    if DIGIT_SEPARATOR.search(text):
        return ": write it without separators and with a dot for decimals, like 1000.5"
    with_unit = NUMBER_WITH_UNIT.fullmatch(text)
    if with_unit:
        return f": write {with_unit['number']} and put {with_unit['unit']!r} in unit"
    if any(not character.isascii() and character.isdigit() for character in text):
        return ": write it with the digits 0-9"
    return ""
