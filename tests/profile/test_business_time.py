"""Business time of the default profile: Beijing, Monday-Friday 09:00-18:00, holidays by date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from postdesk.profile import load_profile
from postdesk.profile.business_time import calendar_of

BEIJING = 8  # hours ahead of UTC, no daylight saving


def beijing(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A moment of December 2026 (1 December is a Tuesday) given in Beijing time, as UTC."""
    return datetime(2026, month, day, hour - BEIJING, minute, tzinfo=UTC)


@pytest.fixture
def calendar():  # type: ignore[no-untyped-def]
    return calendar_of(load_profile())


def test_working_minutes_count_only_office_hours(calendar) -> None:  # type: ignore[no-untyped-def]
    assert calendar.working_minutes(beijing(1, 9), beijing(1, 18)) == 540
    assert calendar.working_minutes(beijing(1, 17), beijing(2, 10)) == 120
    # Friday 17:00 to Monday 10:00: one hour on Friday, one on Monday.
    assert calendar.working_minutes(beijing(4, 17), beijing(7, 10)) == 120
    assert calendar.working_minutes(beijing(5, 10), beijing(6, 16)) == 0  # the weekend
    assert calendar.working_minutes(beijing(2, 10), beijing(1, 10)) == 0


def test_long_spans_are_counted_by_weeks(calendar) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2020, 1, 6, 1, 0, tzinfo=UTC)  # a Monday, 09:00 Beijing
    end = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)  # a Monday, 09:00 Beijing
    weeks = (end - start).days // 7
    assert calendar.working_minutes(start, end) == weeks * 5 * 540


def test_one_working_day_later(calendar) -> None:  # type: ignore[no-untyped-def]
    assert calendar.add_working_days(beijing(1, 10), 1) == beijing(2, 10)
    assert calendar.add_working_days(beijing(4, 10), 1) == beijing(7, 10)  # Friday -> Monday
    # Friday evening counts from Monday's opening: due Tuesday 09:00.
    assert calendar.add_working_days(beijing(4, 19), 1) == beijing(8, 9)


def test_holidays_and_extra_working_days() -> None:
    profile = load_profile()
    business = profile.business.model_copy(
        update={"holidays": [date(2026, 12, 2)], "extra_working_days": [date(2026, 12, 5)]}
    )
    calendar = calendar_of(profile.model_copy(update={"business": business}))
    assert calendar.add_working_days(beijing(1, 10), 1) == beijing(3, 10)  # Wednesday off
    assert calendar.add_working_days(beijing(4, 10), 1) == beijing(5, 10)  # Saturday worked
    assert calendar.working_minutes(beijing(1, 9), beijing(6, 9)) == 540 * 4


def test_working_minutes_later(calendar) -> None:  # type: ignore[no-untyped-def]
    assert calendar.add_working_minutes(beijing(1, 17), 120) == beijing(2, 10)
    assert calendar.add_working_minutes(beijing(4, 17), 240) == beijing(7, 12)
