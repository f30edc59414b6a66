"""How often a key result is checked in on, and when the next check-in is due.

"Review weekly, score quarterly": a key result is owed a check-in once per period of
its cadence. Periods follow the calendar so that a team's key results fall due
together: a week runs Monday to Sunday, two weeks are counted in pairs from the week
the cycle starts in, a month is a calendar month. A period's check-in is due on its
first day inside the cycle (a cycle that starts on a Wednesday has its first check-in
due that Wednesday) and is owed until a check-in dated in the period arrives.

The cadence is set on a key result, else on its team, else on its cycle, else weekly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Cadence.WEEKLY: "Every week",
    Cadence.BIWEEKLY: "Every two weeks",
    Cadence.MONTHLY: "Every month",
}
DEFAULT = Cadence.WEEKLY


@dataclass(frozen=True)
class Period:
    """One period of a cadence: `start` to `end` inclusive, its check-in due on `due`."""

    start: date
    end: date
    due: date


def resolve(*settings: Cadence | str | None) -> Cadence:
    """The first cadence set, most specific first (key result, team, cycle); else weekly."""
    for setting in settings:
        if setting:
            return Cadence(setting)
    return DEFAULT


def period(cadence: Cadence | str, day: date, cycle_start: date) -> Period:
    """The period of `cadence` that holds `day`, for a cycle starting on `cycle_start`."""
    cadence = Cadence(cadence)
    if cadence is Cadence.MONTHLY:
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        end = following - timedelta(days=1)
    else:
        length = 14 if cadence is Cadence.BIWEEKLY else 7
        first = _monday(cycle_start)
        start = first + timedelta(days=(day - first).days // length * length)
        end = start + timedelta(days=length - 1)
    return Period(start=start, end=end, due=max(start, cycle_start))


def owed(
    cadence: Cadence | str,
    last_check_in: date | None,
    today: date,
    cycle_start: date,
    cycle_end: date,
) -> Period | None:
    """The period whose check-in is owed today, or None when nothing is.

    Nothing is owed outside the cycle, nor once a check-in is dated in today's period.
    """
    if not cycle_start <= today <= cycle_end:
        return None
    current = period(cadence, today, cycle_start)
    if last_check_in is not None and last_check_in >= current.start:
        return None
    return current


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
