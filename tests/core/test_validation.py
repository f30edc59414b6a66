"""The field rules the importer and the web forms share, and the words they use."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from okrs.core import validation
from okrs.core.choices import Bucket, TeamKind
from okrs.core.domain import Cycle
from okrs.core.validation import (
    check_check_in_date,
    check_check_in_value,
    check_choice,
    check_confidence,
    check_date_range,
    check_effort,
    check_email,
    check_external_key,
    check_key,
    check_key_result_numbers,
    check_name,
    check_note,
    check_rule_code,
    check_text,
    check_title,
    check_unit,
    check_url,
    check_weight,
    check_year,
    describe,
    format_number,
    parse_date,
    parse_number,
)

Q4 = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))


# -- keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["onb-1", "onb_1.completion", "2026-Q4", "A", "x" * 100])
def test_keys_of_letters_digits_and_separators_pass(key):
    assert check_key(key) is None


def test_key_must_start_with_a_letter_or_digit():
    assert check_key("-onb") == "keys start with a letter or digit, got '-onb'"


def test_key_names_the_character_it_cannot_hold():
    assert check_key("onb 1") == (
        "keys use only letters, digits, '-', '_' and '.': 'onb 1' contains ' '"
    )


def test_key_refuses_non_ascii_letters():
    assert check_key("équipe") == "keys start with a letter or digit, got 'équipe'"


def test_empty_key_is_refused():
    assert check_key("") == "the key is empty: use letters, digits, '-', '_' and '.'"


def test_key_over_the_limit_names_the_limit_and_the_length():
    assert check_key("x" * 101) == "keys are at most 100 characters, this one has 101: shorten it"
    assert check_key("x" * 65, max_length=64) == (
        "keys are at most 64 characters, this one has 65: shorten it"
    )


def test_a_number_where_a_key_belongs_asks_for_quotes():
    assert check_key(2026) == "expected text, got 2026: put it in quotes"


def test_a_key_of_digits_only_is_refused_because_the_api_reads_it_as_an_id():
    assert check_key("13") == (
        "a key of digits only reads as an id in the API: add a letter, like 'kr-13'"
    )


# -- titles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Make onboarding a delight",
        "Cut p95 latency to <200 ms",
        "Keep errors < 1% and latency <= 2 s",
        "x" * 300,
    ],
)
def test_plain_titles_pass(title):
    assert check_title(title) is None


@pytest.mark.parametrize(
    ("title", "tag"),
    [
        ("<script>alert(1)</script> onboarding", "<script>"),
        ("Make onboarding <b>delightful</b>", "<b>"),
        ("Onboarding</div>", "</div>"),
        ("Onboarding <!-- hidden", "<!--"),
        ('Onboarding <img src="x" onerror="alert(1)">', '<img src="x" onerror="alert(1)">'),
        ("Onboarding <br/>", "<br/>"),
    ],
)
def test_html_in_a_title_is_named_so_it_can_be_removed(title, tag):
    assert check_title(title) == f"titles are plain text: remove the HTML tag '{tag}'"


def test_title_over_the_limit_names_the_limit():
    assert check_title("x" * 301) == (
        "titles are at most 300 characters, this one has 301: shorten it"
    )


def test_blank_title_is_refused():
    assert check_title("   ") == "the title is empty: write one"


def test_title_is_one_line():
    assert check_title("Make onboarding\na delight") == "titles are one line: remove the line break"


def test_a_yaml_boolean_where_a_title_belongs_asks_for_quotes():
    assert check_title(True) == "expected text, got true: put it in quotes"


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_invisible_formatting_characters_in_a_title_are_named_so_they_can_be_removed(
    character, name
):
    assert check_title(f"Delight{character} new users") == (
        f"title holds the invisible character U+{ord(character):04X} ({name}): remove it"
    )


def test_a_name_with_a_right_to_left_override_is_refused_with_its_own_words():
    assert check_name("Growth\u202eteam") == (
        "name holds the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE): remove it"
    )


def test_team_name_follows_the_title_rules_with_its_own_words():
    assert check_name("Growth <i>team</i>") == "names are plain text: remove the HTML tag '<i>'"
    assert check_name("x" * 201) == "names are at most 200 characters, this one has 201: shorten it"


# -- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [(68, 68.0), (0.6, 0.6), (-6, -6.0), ("74.5", 74.5), (" 12 ", 12.0), ("1e-05", 1e-05)],
)
def test_numbers_and_numeric_text_parse(value, number):
    assert parse_number(value) == (number, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sixty", "expected a number, got 'sixty'"),
        ("68%", "expected a number, got '68%': write 68 and put '%' in unit"),
        ("15 min", "expected a number, got '15 min': write 15 and put 'min' in unit"),
        (True, "expected a number, got true"),
        (False, "expected a number, got false"),
        (None, "expected a number, got nothing"),
        ([1], "expected a number, got a list"),
        (float("nan"), "expected a finite number, got not-a-number"),
        (float("inf"), "expected a finite number, got infinity"),
        ("-inf", "expected a finite number, got -infinity"),
        (10**400, "this number is too large"),
    ],
)
def test_non_numbers_are_refused_with_what_was_found(value, message):
    assert parse_number(value) == (None, message)


@pytest.mark.parametrize(
    ("value", "number"),
    [("+5", 5.0), ("-.5", -0.5), ("5.", 5.0), ("1E3", 1000.0), ("-2.5e-3", -0.0025)],
)
def test_ascii_decimal_numbers_with_a_sign_a_dot_and_an_exponent_parse(value, number):
    assert parse_number(value) == (number, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("\u0663", "expected a number, got '\u0663': write it with the digits 0-9"),
        ("\uff11\uff12", "expected a number, got '\uff11\uff12': write it with the digits 0-9"),
        (
            "1_000",
            "expected a number, got '1_000': write it without separators and with a dot for decimals, like 1000.5",
        ),
        (
            "1,000",
            "expected a number, got '1,000': write it without separators and with a dot for decimals, like 1000.5",
        ),
        ("0x1F", "expected a number, got '0x1F'"),
        ("1.2.3", "expected a number, got '1.2.3'"),
    ],
)
def test_numbers_are_ascii_decimals_only(value, message):
    assert parse_number(value) == (None, message)


@pytest.mark.parametrize("value", [1e15, -1e15, "1e15", 5e-324, -0.0, 10**15])
def test_numbers_up_to_a_million_billion_either_side_of_zero_pass(value):
    assert parse_number(value)[1] is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1e308, "1e+308"), (-1.5e15, "-1500000000000000"), ("1e16", "1e+16"), (10**300, "1e+300")],
)
def test_numbers_beyond_a_million_billion_are_refused(value, shown):
    assert parse_number(value) == (
        None,
        f"expected a number from -1e15 to 1e15, got {shown}: count in a larger unit "
        "(thousands, millions)",
    )


def test_confidence_is_a_share_from_zero_to_one():
    assert check_confidence(0) is None
    assert check_confidence(1.0) is None
    assert check_confidence(1.5) == "confidence is from 0.0 to 1.0, got 1.5"
    assert check_confidence(-0.2) == "confidence is from 0.0 to 1.0, got -0.2"
    assert check_confidence(250) == "confidence is from 0.0 to 1.0, got 250"


def test_confidence_written_as_a_percentage_suggests_the_share():
    assert check_confidence(60) == "confidence is from 0.0 to 1.0, got 60: write 0.6 for 60%"
    assert check_confidence(2) == "confidence is from 0.0 to 1.0, got 2: write 0.02 for 2%"
    assert check_confidence(100) == "confidence is from 0.0 to 1.0, got 100: write 1 for 100%"


@pytest.mark.parametrize("value", [1.7, 1.01, 1.99, 100.5])
def test_confidence_just_above_one_suggests_no_percentage(value):
    """1.7 is a slip of the keyboard, not 1.7 %: no hint to write 0.017."""
    assert check_confidence(value) == f"confidence is from 0.0 to 1.0, got {value}"


def test_confidence_that_is_no_number_says_so():
    assert check_confidence("high") == "expected a number, got 'high'"


def test_weight_must_be_positive():
    assert check_weight(0.5) is None
    assert check_weight(0) == "weight must be greater than 0, got 0"
    assert check_weight("heavy") == "expected a number, got 'heavy'"


def test_weight_is_at_most_a_thousand():
    assert check_weight(1000) is None
    assert check_weight(1000.5) == (
        "weight is at most 1000, got 1000.5: weights only compare key results, so 1 to 10 is plenty"
    )


def test_effort_cannot_be_negative():
    assert check_effort(0) is None
    assert check_effort(-1) == "effort is in person-weeks and cannot be negative, got -1"


# -- key result numbers -------------------------------------------------------------------


def test_a_metric_that_moves_passes():
    assert check_key_result_numbers("metric", 68, 85, None) == []
    assert check_key_result_numbers("metric", 24, 0.25, None) == []
    assert check_key_result_numbers("metric", None, None, None) == []


def test_metric_whose_target_equals_its_baseline_moves_nothing():
    assert check_key_result_numbers("metric", 68.0, 68.0, None) == [
        (
            "target",
            "target equals baseline: a key result must move something; "
            "set a target different from the baseline 68",
        )
    ]


def test_direction_belongs_to_thresholds_only():
    message = "direction is only for threshold key results: remove it"
    assert check_key_result_numbers("metric", 68, 85, "at_least") == [("direction", message)]
    assert check_key_result_numbers("milestone", None, None, "at_most") == [("direction", message)]


def test_threshold_needs_a_direction_and_a_line():
    assert check_key_result_numbers("threshold", None, 99.9, "at_least") == []
    assert check_key_result_numbers("threshold", None, None, None) == [
        ("direction", "a threshold key result needs direction: at_least or at_most"),
        (
            "target",
            "a threshold key result needs target: the line to stay at or above (at_least) "
            "or at or below (at_most)",
        ),
    ]


def test_milestone_has_no_baseline_or_target():
    assert check_key_result_numbers("milestone", 0, 1, None) == [
        (
            "baseline",
            "a milestone key result has no baseline: remove it (check in 1 when done, 0 when not)",
        ),
        (
            "target",
            "a milestone key result has no target: remove it (check in 1 when done, 0 when not)",
        ),
    ]


def test_milestone_check_in_is_done_or_not():
    assert check_check_in_value("milestone", 1) is None
    assert check_check_in_value("milestone", 0.0) is None
    assert check_check_in_value("milestone", 0.5) == (
        "a milestone check-in is 1 (done) or 0 (not done), got 0.5"
    )
    assert check_check_in_value("metric", 0.5) is None


def test_notes_and_blockers_are_at_most_2000_characters():
    assert check_note("x" * 2000) is None
    assert check_note("x" * 2001) == (
        "the note is at most 2000 characters, this one has 2001: shorten it"
    )
    assert check_note("x" * 5_000_000, label="the blockers") == (
        "the blockers is at most 2000 characters, this one has 5000000: shorten it"
    )


def test_check_in_date_lies_within_the_cycle():
    assert check_check_in_date(date(2026, 10, 1), Q4) is None
    assert check_check_in_date(date(2026, 12, 31), Q4) is None
    assert check_check_in_date(date(2027, 1, 1), Q4) == (
        "2027-01-01 is outside the cycle 2026-Q4 (2026-10-01 to 2026-12-31): "
        "date the check-in within it"
    )


# -- choices, emails, text, dates ---------------------------------------------------------


def test_choice_lists_the_allowed_values():
    assert check_choice("platform", TeamKind.values, "kind") is None
    assert check_choice("squad", TeamKind.values, "kind") == (
        "unknown kind 'squad': use one of company, leadership, cross_functional, component, "
        "platform, other"
    )
    assert (
        check_choice(3, Bucket.values, "bucket")
        == "unknown bucket 3: use one of core, adjacent, explore"
    )


@pytest.mark.parametrize(
    "email", ["ana@example.com", "a.b+okrs@sub.example.org", "admin@localhost"]
)
def test_plausible_emails_pass(email):
    assert check_email(email) is None


@pytest.mark.parametrize(
    ("email", "shown"),
    [("ana", "'ana'"), ("ana @example.com", "'ana @example.com'"), ("a@b@c", "'a@b@c'"), (5, "5")],
)
def test_implausible_emails_are_refused(email, shown):
    assert check_email(email) == f"expected an email address like ana@example.com, got {shown}"


def test_text_fields_take_text_of_a_bounded_length():
    assert check_text("tour shipped") is None
    assert check_text(2026) == "expected text, got 2026: put it in quotes"
    assert check_unit("%") is None
    assert check_unit("x" * 31) == "the unit is at most 30 characters, this one has 31: shorten it"
    assert check_external_key("x" * 101) == (
        "an external key is at most 100 characters, this one has 101: shorten it"
    )


def test_urls_are_web_addresses():
    assert check_url("https://jira.example.com/browse/ONB-42") is None
    assert check_url("http://x") is None
    assert check_url("jira/ONB-42") == (
        "expected a web address starting with https:// or http://, got 'jira/ONB-42'"
    )
    assert check_url("javascript:alert(1)") == (
        "expected a web address starting with https:// or http://, got 'javascript:alert(1)'"
    )


def test_rule_codes_look_like_the_coach_codes():
    assert check_rule_code("OKR104") is None
    assert check_rule_code("okr104") == "expected a coach rule code like OKR104, got 'okr104'"


def test_dates_are_dates_or_iso_text():
    assert parse_date(date(2026, 10, 14)) == (date(2026, 10, 14), None)
    assert parse_date("2026-10-14") == (date(2026, 10, 14), None)
    assert parse_date("14/10/2026") == (None, "expected a date like 2026-10-14, got '14/10/2026'")
    assert parse_date("2026-02-30") == (
        None,
        "expected a date like 2026-10-14, got '2026-02-30': there is no such day",
    )
    assert parse_date(datetime(2026, 10, 14, 9, 30)) == (
        None,
        "expected a date like 2026-10-14, got 2026-10-14T09:30:00: drop the time",
    )
    assert parse_date(20261014) == (None, "expected a date like 2026-10-14, got 20261014")


@pytest.mark.parametrize("day", [date(2000, 1, 1), date(2200, 12, 31), "2026-10-14"])
def test_dates_from_2000_to_2200_pass(day):
    assert parse_date(day)[1] is None


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(1, 1, 1), "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        (date(1999, 12, 31), "1999-12-31"),
    ],
)
def test_dates_outside_the_years_2000_to_2200_are_refused(day, shown):
    message = f"{shown} is outside the years 2000 to 2200 that okrs plans in: check the year"
    assert parse_date(day) == (None, message)
    assert check_year(date.fromisoformat(shown)) == message


def test_date_range_ends_on_or_after_its_start():
    assert check_date_range(date(2026, 10, 1), date(2026, 10, 1)) is None
    assert check_date_range(date(2026, 10, 2), date(2026, 10, 1)) == (
        "end 2026-10-01 comes before start 2026-10-02: swap them"
    )


def test_numbers_in_messages_read_as_people_write_them():
    assert [format_number(n) for n in (68.0, 0.6, -6, 1e20, 0.1 + 0.2)] == [
        "68",
        "0.6",
        "-6",
        "1e+20",
        "0.30000000000000004",
    ]
    assert [describe(v) for v in (None, True, "x", 2.5, date(2026, 1, 2), {}, [])] == [
        "nothing",
        "true",
        "'x'",
        "2.5",
        "2026-01-02",
        "a mapping",
        "a list",
    ]


def test_control_characters_are_refused_in_titles_and_text():
    assert validation.check_title("Delight\x00 new users") == (
        "title holds the control character U+0000: remove it"
    )
    assert validation.check_text("tour shipped\x1b[31m", label="note") == (
        "note holds the control character U+001B: remove it"
    )
    assert validation.check_text("line one\nline two\ttabbed") is None
