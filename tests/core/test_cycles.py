"""Cycle names and dates, and which cycle is shown by default."""

from __future__ import annotations

from datetime import date

from okrs.core.cycles import (
    current_cycle,
    next_quarter,
    previous_quarter,
    quarter_dates,
    quarter_of,
)
from okrs.core.domain import Cycle

TODAY = date(2026, 11, 22)


def test_quarters_map_to_their_dates_and_back():
    assert quarter_dates("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_dates("2028-Q1") == (date(2028, 1, 1), date(2028, 3, 31))
    assert quarter_dates("H1-2027") is None
    assert quarter_of(TODAY) == "2026-Q4"
    assert (next_quarter("2026-Q4"), previous_quarter("2027-Q1")) == ("2027-Q1", "2026-Q4")


def test_the_active_cycle_containing_today_is_shown_first():
    sprint = Cycle("sprint-9", date(2026, 11, 16), date(2026, 11, 29), "planning")
    quarter = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "active")
    assert current_cycle([sprint, quarter], TODAY) is quarter


def test_else_any_cycle_containing_today_else_the_latest_given():
    next_one = Cycle("2027-Q1", date(2027, 1, 1), date(2027, 3, 31), "planning")
    running = Cycle("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "planning")
    past = Cycle("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "closed")
    assert current_cycle([next_one, running, past], TODAY) is running
    assert current_cycle([next_one, past], TODAY) is next_one
    assert current_cycle([], TODAY) is None


def test_the_last_quarter_of_the_calendar_has_dates_but_no_next_quarter():
    assert quarter_dates("9999-Q4") == (date(9999, 10, 1), date(9999, 12, 31))
    assert next_quarter("9999-Q4") is None
    assert previous_quarter("0001-Q1") is None


def test_year_zero_names_no_quarter():
    assert quarter_dates("0000-Q1") is None
