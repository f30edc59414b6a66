"""Cycle names and dates: `2026-Q4` means 2026-10-01 to 2026-12-31 inclusive."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import MINYEAR, date, timedelta
from typing import Protocol, TypeVar

QUARTER_NAME = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")


def quarter_dates(name: str) -> tuple[date, date] | None:
    """Return (start, end) for a quarter name like `2026-Q4`, or None for any other name.

    Any year Python has a calendar for works, 9999-Q4 included: whether a year is one okrs
    plans in is for `okrs.core.validation.check_year` to say.
    """
    match = QUARTER_NAME.match(name)
    if match is None or int(match["year"]) < MINYEAR:
        return None
    year, last_month = int(match["year"]), 3 * int(match["quarter"])
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return date(year, last_month - 2, 1), end


def quarter_of(day: date) -> str:
    """The name of the quarter that contains `day`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def next_quarter(name: str) -> str | None:
    """`2026-Q4` -> `2027-Q1`; None when `name` is not a quarter or ends the calendar."""
    dates = quarter_dates(name)
    if dates is None or dates[1] == date.max:
        return None
    return quarter_of(dates[1] + timedelta(days=1))


def previous_quarter(name: str) -> str | None:
    """`2027-Q1` -> `2026-Q4`; None when `name` is not a quarter or starts the calendar."""
    dates = quarter_dates(name)
    if dates is None or dates[0] == date.min:
        return None
    return quarter_of(dates[0] - timedelta(days=1))


def cycle_length_days(start: date, end: date) -> int:
    """Days in a cycle, both ends included."""
    return (end - start).days + 1


class Dated(Protocol):
    start: date
    end: date
    state: str


C = TypeVar("C", bound=Dated)


def current_cycle(cycles: Sequence[C], today: date) -> C | None:
    """The cycle shown by default: the active one containing today, else any containing
    today, else the first given (callers list cycles latest first)."""
    running = [c for c in cycles if c.start <= today <= c.end]
    active = [c for c in running if c.state == "active"]
    found = active or running or list(cycles)
    return found[0] if found else None
