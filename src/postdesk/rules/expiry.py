"""When a customer's enterprise mail service really expires (4.0.5).

The billing system shows an expiry date and, separately, a number of free
months granted on top of it; the work instruction says the real expiry is
"到期时间+免费月份" (expiry date + free months). Adding months is calendar
arithmetic: a day that does not exist in the target month is clamped to that
month's last day (31 January + 1 month is 29 February in a leap year, 28
February otherwise), the usual reading of "one month later" in contracts.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from postdesk.errors import InvalidInputError


@dataclass(frozen=True)
class Expiry:
    """The real expiry of a service: the listed date moved on by the free months."""

    listed_expiry: date
    free_months: int
    real_expiry: date
    clamped_to_month_end: bool  # True when the listed day did not exist in the target month

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with ISO dates."""
        data = asdict(self)
        data["listed_expiry"] = self.listed_expiry.isoformat()
        data["real_expiry"] = self.real_expiry.isoformat()
        return data


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date, or an error saying what form is expected."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(key="expiry_not_date", text=text) from None


def add_months(start: date, months: int) -> tuple[date, bool]:
    """``start`` plus ``months`` calendar months, and whether the day was clamped."""
    if isinstance(months, bool) or not isinstance(months, int):
        raise InvalidInputError(key="free_months_not_whole", months=repr(months))
    if months < 0:
        raise InvalidInputError(key="free_months_negative", months=months)
    month_index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(month_index, 12)
    if year > date.max.year:
        raise InvalidInputError(
            key="free_months_too_far", start=start.isoformat(), months=months, year=date.max.year
        )
    last_day = calendar.monthrange(year, month0 + 1)[1]
    day = min(start.day, last_day)
    return date(year, month0 + 1, day), day != start.day


def real_expiry(listed_expiry: date, free_months: int) -> Expiry:
    """The service's real expiry: listed expiry date + free months (4.0.5)."""
    moved, clamped = add_months(listed_expiry, free_months)
    return Expiry(
        listed_expiry=listed_expiry,
        free_months=free_months,
        real_expiry=moved,
        clamped_to_month_end=clamped,
    )
