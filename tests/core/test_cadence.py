"""When a check-in is due: periods of a week, two weeks or a month, from the cycle's start."""

from __future__ import annotations

from datetime import date

import pytest

from okrs.core.cadence import Cadence, Period, owed, period, resolve

Q4_START, Q4_END = date(2026, 10, 1), date(2026, 12, 31)  # starts on a Thursday


def test_a_week_runs_monday_to_sunday_and_is_due_on_its_monday():
    assert period("weekly", date(2026, 10, 14), Q4_START) == Period(
        date(2026, 10, 12), date(2026, 10, 18), due=date(2026, 10, 12)
    )


def test_the_first_period_is_due_on_the_cycles_first_day():
    assert period("weekly", date(2026, 10, 2), Q4_START).due == date(2026, 10, 1)
    assert period("monthly", date(2026, 10, 20), Q4_START).due == date(2026, 10, 1)


def test_two_weeks_are_counted_in_pairs_from_the_week_the_cycle_starts_in():
    starts = [period("biweekly", date(2026, 10, d), Q4_START).start for d in (1, 11, 12, 25, 26)]
    assert starts == [date(2026, 9, 28)] * 2 + [date(2026, 10, 12)] * 2 + [date(2026, 10, 26)]


def test_a_month_is_a_calendar_month():
    assert period(Cadence.MONTHLY, date(2026, 12, 31), Q4_START) == Period(
        date(2026, 12, 1), date(2026, 12, 31), due=date(2026, 12, 1)
    )


@pytest.mark.parametrize(
    ("last", "owed_now"),
    [(None, True), (date(2026, 10, 9), True), (date(2026, 10, 12), False)],
)
def test_a_check_in_is_owed_until_one_is_dated_in_the_period(last, owed_now):
    found = owed("weekly", last, date(2026, 10, 14), Q4_START, Q4_END)
    assert (found is not None) is owed_now


def test_nothing_is_owed_outside_the_cycle():
    assert owed("weekly", None, date(2027, 1, 4), Q4_START, Q4_END) is None
    assert owed("weekly", None, date(2026, 9, 30), Q4_START, Q4_END) is None


def test_the_most_specific_cadence_set_wins_and_weekly_is_the_default():
    assert resolve(None, "monthly", "biweekly") is Cadence.MONTHLY
    assert resolve("biweekly", "monthly", None) is Cadence.BIWEEKLY
    assert resolve(None, "", None) is Cadence.WEEKLY
