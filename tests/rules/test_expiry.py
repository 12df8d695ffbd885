"""Real expiry = listed expiry + free months (4.0.5), calendar-correct."""

from __future__ import annotations

from datetime import date

import pytest

from postdesk.errors import InvalidInputError
from postdesk.rules.expiry import add_months, parse_date, real_expiry


@pytest.mark.parametrize(
    ("start", "months", "expected", "clamped"),
    [
        ("2024-01-31", 1, "2024-02-29", True),  # leap year: clamp to 29 Feb
        ("2023-01-31", 1, "2023-02-28", True),  # common year: clamp to 28 Feb
        ("2024-02-29", 12, "2025-02-28", True),  # leap day, one year on
        ("2024-02-29", 48, "2028-02-29", False),  # leap day, four years on
        ("2024-03-31", 1, "2024-04-30", True),
        ("2024-01-30", 1, "2024-02-29", True),
        ("2024-01-29", 1, "2024-02-29", False),
        ("2024-01-15", 0, "2024-01-15", False),  # no free months
        ("2023-11-30", 3, "2024-02-29", True),  # crosses a year end
        ("2024-12-31", 1, "2025-01-31", False),
        ("2024-05-31", 1200, "2124-05-31", False),  # a hundred years of free months
        ("1999-12-31", 2, "2000-02-29", True),  # 2000 is a leap year
        ("2099-12-31", 2, "2100-02-28", True),  # 2100 is not
    ],
)
def test_add_months(start: str, months: int, expected: str, clamped: bool) -> None:
    result = real_expiry(parse_date(start), months)
    assert result.real_expiry == date.fromisoformat(expected)
    assert result.clamped_to_month_end is clamped


def test_negative_months_rejected_with_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="cannot be negative"):
        add_months(date(2024, 1, 31), -1)


def test_months_past_the_calendar_rejected() -> None:
    with pytest.raises(InvalidInputError, match="past the year 9999"):
        add_months(date(9999, 6, 1), 7)
    assert add_months(date(9999, 6, 1), 6) == (date(9999, 12, 1), False)


@pytest.mark.parametrize("bad", ["2024-02-30", "31/01/2024", "tomorrow", ""])
def test_bad_dates_rejected(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        parse_date(bad)


def test_json_shape() -> None:
    assert real_expiry(date(2024, 1, 31), 1).to_json() == {
        "listed_expiry": "2024-01-31",
        "free_months": 1,
        "real_expiry": "2024-02-29",
        "clamped_to_month_end": True,
    }
