"""Business time: working minutes between two moments, and deadlines in working days.

The provider's working hours, working days and holidays come from the profile
(``business``, in ``profile.timezone``). Every moment going in or out is an
aware UTC datetime (a naive one is read as UTC, as the database returns them on
SQLite); only the arithmetic happens in local time.

Counting is linear in the number of days only for the two partial days at the
ends; the days between are counted by whole weeks, so a case open for years
costs the same as one open for a day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from postdesk.profile.schema import BusinessTime, Profile


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Calendar:
    """The provider's working time; build one with :func:`calendar_of`."""

    zone: ZoneInfo
    opens: time
    closes: time
    weekdays: frozenset[int]
    holidays: tuple[date, ...] = field(default=())
    extra_days: tuple[date, ...] = field(default=())

    @property
    def day_minutes(self) -> int:
        return (self.closes.hour * 60 + self.closes.minute) - (
            self.opens.hour * 60 + self.opens.minute
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_days:
            return True
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, self.opens, tzinfo=self.zone),
            datetime.combine(day, self.closes, tzinfo=self.zone),
        )

    def _working_days_in(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last`` inclusive (0 when last < first)."""
        if last < first:
            return 0
        span = (last - first).days + 1
        weeks, rest = divmod(span, 7)
        count = weeks * len(self.weekdays)
        for offset in range(rest):
            if (first + timedelta(days=weeks * 7 + offset)).isoweekday() in self.weekdays:
                count += 1
        holidays = self.holidays[
            bisect_left(self.holidays, first) : bisect_right(self.holidays, last)
        ]
        count -= sum(1 for day in holidays if day.isoweekday() in self.weekdays)
        extras = self.extra_days[
            bisect_left(self.extra_days, first) : bisect_right(self.extra_days, last)
        ]
        count += sum(1 for day in extras if day.isoweekday() not in self.weekdays)
        return count

    def _overlap_minutes(self, day: date, start: datetime, end: datetime) -> float:
        if not self.is_working_day(day):
            return 0.0
        opens, closes = self._bounds(day)
        begin, finish = max(opens, start), min(closes, end)
        return max(0.0, (finish - begin).total_seconds() / 60)

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """Working minutes from ``start`` to ``end`` (0 when end is not after start)."""
        start = _aware(start).astimezone(self.zone)
        end = _aware(end).astimezone(self.zone)
        if end <= start:
            return 0
        first, last = start.date(), end.date()
        if first == last:
            return int(self._overlap_minutes(first, start, end))
        total = self._overlap_minutes(first, start, end) + self._overlap_minutes(last, start, end)
        between = self._working_days_in(first + timedelta(days=1), last - timedelta(days=1))
        return int(total + between * self.day_minutes)

    def _next_opening(self, moment: datetime) -> datetime:
        """``moment`` if it is in working time, else the next time the desk opens."""
        day = moment.date()
        opens, closes = self._bounds(day)
        if self.is_working_day(day) and moment < closes:
            return max(moment, opens)
        day += timedelta(days=1)
        for _ in range(3700):  # ten years of holidays would be a broken profile
            if self.is_working_day(day):
                return self._bounds(day)[0]
            day += timedelta(days=1)
        raise ValueError("the business calendar has no working day in ten years")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same working time of day ``days`` working days after ``start`` (UTC).

        A start outside working time counts from the next opening: a reminder set
        on Friday evening for one working day falls due on Tuesday at opening.
        """
        moment = self._next_opening(_aware(start).astimezone(self.zone))
        day, clock = moment.date(), moment.timetz()
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=self.zone).astimezone(UTC)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` of working time after ``start`` (UTC)."""
        moment = self._next_opening(_aware(start).astimezone(self.zone))
        remaining = float(minutes)
        while True:
            closes = self._bounds(moment.date())[1]
            left_today = (closes - moment).total_seconds() / 60
            if remaining <= left_today:
                return (moment + timedelta(minutes=remaining)).astimezone(UTC)
            remaining -= left_today
            moment = self._next_opening(closes + timedelta(minutes=1))


def calendar_of(profile: Profile) -> Calendar:
    """The working-time calendar of ``profile``."""
    business: BusinessTime = profile.business
    return Calendar(
        zone=ZoneInfo(profile.timezone),
        opens=_clock(business.opens),
        closes=_clock(business.closes),
        weekdays=frozenset(business.working_days),
        holidays=tuple(sorted(business.holidays)),
        extra_days=tuple(sorted(business.extra_working_days)),
    )
