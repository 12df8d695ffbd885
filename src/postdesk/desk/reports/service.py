"""The supervisors' summary over a span of days in the provider's time zone.

One implementation for ``GET /api/reports/summary``, the reports page and
the reports' CSV files. Every table is bounded by the span (or, for open
cases, by their status) and read with the indexes of
:mod:`postdesk.desk.reports.indexes`.

- cases per playbook and day: by creation, days of the provider's time zone;
- open cases by age: cases neither resolved nor closed, by time since creation;
- first-contact resolution: of the cases closed in the span, those that were
  never escalated;
- escalation turnaround per channel: escalations created in the span, how many
  went out, and the minutes from creation to sending (median and 90th
  percentile). The desk records no engineer's answer yet, so "turnaround" is
  the time to reach the other team;
- load per agent: open cases held now, cases created and closed in the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, func, select
from sqlalchemy import case as when_then
from sqlalchemy.orm import Session

from postdesk.desk.cases.models import Case
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.users.models import User
from postdesk.errors import InvalidInputError

DEFAULT_DAYS = 7
# The group of cases nobody holds (no user has id 0).
UNASSIGNED = 0
MAX_DAYS = 366
# Cases neither resolved nor closed are "open" work, whatever waiting state they are in.
DONE_STATUSES = ("resolved", "closed")


def open_statuses() -> tuple[str, ...]:
    """Every case status but the done ones (read from the case schema, so a status added
    there counts here). Named one by one, the index on status is read by ranges instead
    of whole, as ``NOT IN`` would make it."""
    from typing import get_args

    from postdesk.desk.cases.schemas import CaseStatus

    return tuple(status for status in get_args(CaseStatus) if status not in DONE_STATUSES)


# Age buckets of open cases: (label, at least this old).
AGE_BUCKETS: tuple[tuple[str, timedelta], ...] = (
    ("under_1d", timedelta(0)),
    ("1d_3d", timedelta(days=1)),
    ("3d_7d", timedelta(days=3)),
    ("7d_30d", timedelta(days=7)),
    ("over_30d", timedelta(days=30)),
)
TABLES = (
    "per_playbook_day",
    "open_by_age",
    "first_contact",
    "escalation_turnaround",
    "load_per_agent",
)


@dataclass(frozen=True)
class Span:
    """Whole days ``first``..``last`` of the time zone ``zone``, and their UTC bounds."""

    first: date
    last: date
    zone: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), tzinfo=ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def end(self) -> datetime:
        after = self.last + timedelta(days=1)
        return datetime.combine(after, time(), tzinfo=ZoneInfo(self.zone)).astimezone(UTC)


def span_of(since: date | None, until: date | None, zone: str, now: datetime | None = None) -> Span:
    """The span asked for: ``until`` defaults to today there, ``since`` to a week before it."""
    today = (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()
    last = until or today
    first = since or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInputError(key="report_span_reversed", since=first, until=last)
    if (last - first).days >= MAX_DAYS:
        raise InvalidInputError(key="report_span_too_long", days=MAX_DAYS)
    return Span(first, last, zone)


@dataclass
class Summary:
    span: Span
    per_playbook_day: list[dict[str, Any]] = field(default_factory=list)
    open_by_age: list[dict[str, Any]] = field(default_factory=list)
    first_contact: dict[str, Any] = field(default_factory=dict)
    escalation_turnaround: list[dict[str, Any]] = field(default_factory=list)
    load_per_agent: list[dict[str, Any]] = field(default_factory=list)

    def table(self, name: str) -> list[dict[str, Any]]:
        """One table as rows (the CSV export); first_contact is one row."""
        if name not in TABLES:
            raise InvalidInputError(
                key="report_table_unknown", table=name, tables=", ".join(TABLES)
            )
        value = getattr(self, name)
        return [value] if isinstance(value, dict) else list(value)


def _in_span(column: Any, span: Span) -> list[ColumnElement[bool]]:
    return [column >= span.start, column < span.end]


def _local_day(db_session: Session, column: Any, offset_minutes: int) -> Any:
    """The calendar day of a stored UTC time, shifted by a fixed offset (a SQL expression)."""
    if db_session.get_bind().dialect.name == "postgresql":
        moment = func.timezone("UTC", column) + func.make_interval(0, 0, 0, 0, 0, offset_minutes)
        return func.cast(moment, Date)
    return func.date(column, f"{offset_minutes:+d} minutes")


def per_playbook_day(db_session: Session, span: Span) -> list[dict[str, Any]]:
    """Cases created per playbook and local day, oldest day first."""
    zone = ZoneInfo(span.zone)
    offset = span.start.astimezone(zone).utcoffset()
    conditions = _in_span(Case.created_at, span)
    if offset is not None and offset == span.end.astimezone(zone).utcoffset():
        day = _local_day(db_session, Case.created_at, int(offset.total_seconds() // 60))
        query = (
            select(day.label("day"), Case.playbook_id, func.count())
            .where(*conditions)
            .group_by("day", Case.playbook_id)
        )
        counted = [(str(when), playbook, int(n)) for when, playbook, n in db_session.execute(query)]
    else:
        counted = _per_day_across_a_change(db_session, span, conditions, zone)
    return [
        {"day": when, "playbook_id": playbook, "cases": n} for when, playbook, n in sorted(counted)
    ]


def _per_day_across_a_change(
    db_session: Session, span: Span, conditions: list[ColumnElement[bool]], zone: ZoneInfo
) -> list[tuple[str, str, int]]:
    """Per UTC hour in the database, summed into local days here (a span across a clock change)."""
    if db_session.get_bind().dialect.name == "postgresql":
        hour = func.to_char(func.timezone("UTC", Case.created_at), "YYYY-MM-DD HH24")
    else:
        hour = func.strftime("%Y-%m-%d %H", Case.created_at)
    query = (
        select(hour.label("hour"), Case.playbook_id, func.count())
        .where(*conditions)
        .group_by("hour", Case.playbook_id)
    )
    totals: dict[tuple[str, str], int] = {}
    for moment, playbook, n in db_session.execute(query):
        at = datetime.strptime(str(moment), "%Y-%m-%d %H").replace(tzinfo=UTC)
        key = (at.astimezone(zone).date().isoformat(), playbook)
        totals[key] = totals.get(key, 0) + int(n)
    return [(day, playbook, n) for (day, playbook), n in totals.items()]


OpenTally = dict[tuple[int, str], int]


def open_tally(db_session: Session, now: datetime) -> OpenTally:
    """Open cases (neither resolved nor closed) counted per (holder, age bucket), in one pass.

    Both open-case tables come from it. The holder is grouped as an expression, not the
    column: by the column SQLite walks the assignee index to skip a sort and reads every
    wide case row for its status (0.5 s at 100,000 cases); this way it reads the covering
    index (indexes.CASES_OPEN) instead. Cases nobody holds count under UNASSIGNED.
    """
    bucket = when_then(
        *[
            (Case.created_at <= now - least, label)
            for label, least in reversed(AGE_BUCKETS)
            if least
        ],
        else_=AGE_BUCKETS[0][0],
    )
    holder = func.coalesce(Case.assignee_id, UNASSIGNED)
    # count(*), not count(id): PostgreSQL then answers from the index alone (the id is not
    # in it), 18 ms instead of 130 ms at 100,000 cases.
    query = (
        select(holder.label("holder"), bucket.label("age"), func.count())
        .where(Case.status.in_(open_statuses()))
        .group_by("holder", "age")
    )
    return {(int(who), str(age)): int(n) for who, age, n in db_session.execute(query)}


def open_by_age(tally: OpenTally) -> list[dict[str, Any]]:
    """Open cases by age, youngest bucket first."""
    per_age: dict[str, int] = {}
    for (_holder, age), n in tally.items():
        per_age[age] = per_age.get(age, 0) + n
    return [{"age": label, "cases": per_age.get(label, 0)} for label, _ in AGE_BUCKETS]


def first_contact(db_session: Session, span: Span) -> dict[str, Any]:
    """Cases closed in the span, and how many of them were never escalated."""
    escalated = select(Escalation.id).where(Escalation.case_id == Case.id).exists()
    query = select(func.count(), func.sum(when_then((escalated, 0), else_=1))).where(
        *_in_span(Case.closed_at, span)
    )
    closed, unescalated = db_session.execute(query).one()
    closed, unescalated = int(closed or 0), int(unescalated or 0)
    rate = round(unescalated / closed, 4) if closed else None
    return {"closed": closed, "without_escalation": unescalated, "rate": rate}


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def _minutes(start: datetime, end: datetime) -> float:
    return max(0.0, (_utc(end) - _utc(start)).total_seconds() / 60)


def escalation_turnaround(db_session: Session, span: Span) -> list[dict[str, Any]]:
    """Per channel: escalations created in the span, how many were sent and answered, and
    the minutes from the escalation to its sending and to the engineer's recorded answer."""
    query = select(
        Escalation.channel_id, Escalation.created_at, Escalation.sent_at, Escalation.answered_at
    ).where(*_in_span(Escalation.created_at, span), Escalation.case_id.is_not(None))
    to_sent: dict[str, list[float]] = {}
    to_answer: dict[str, list[float]] = {}
    created: dict[str, int] = {}
    for channel, made, sent, answered in db_session.execute(query):
        created[channel] = created.get(channel, 0) + 1
        waited = to_sent.setdefault(channel, [])
        answers = to_answer.setdefault(channel, [])
        if sent is not None:
            waited.append(_minutes(made, sent))
        if answered is not None:
            answers.append(_minutes(made, answered))
    return [
        {
            "channel_id": channel,
            "escalations": created[channel],
            "sent": len(to_sent[channel]),
            "median_minutes": _percentile(to_sent[channel], 0.5),
            "p90_minutes": _percentile(to_sent[channel], 0.9),
            "answered": len(to_answer[channel]),
            "median_answer_minutes": _percentile(to_answer[channel], 0.5),
        }
        for channel in sorted(created)
    ]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def load_per_agent(db_session: Session, span: Span, tally: OpenTally) -> list[dict[str, Any]]:
    """Per user holding or handling cases: open cases now, created and closed in the span."""
    open_now: dict[int, int] = {}
    for (holder, _age), n in tally.items():
        open_now[holder] = open_now.get(holder, 0) + n
    created = dict(
        db_session.execute(
            select(Case.assignee_id, func.count())
            .where(*_in_span(Case.created_at, span))
            .group_by(Case.assignee_id)
        ).all()
    )
    closed = dict(
        db_session.execute(
            select(Case.assignee_id, func.count())
            .where(*_in_span(Case.closed_at, span))
            .group_by(Case.assignee_id)
        ).all()
    )
    # Reminders gone overdue (the sweep marked them; not done yet), by the case's holder.
    overdue = dict(
        db_session.execute(
            select(Case.assignee_id, func.count(Reminder.id))
            .join(Case, Case.id == Reminder.case_id)
            .where(Reminder.done_at.is_(None), Reminder.overdue_at.is_not(None))
            .group_by(Case.assignee_id)
        ).all()
    )
    # Unassigned cases (None) are counted apart from the agents. "assignee_id IS NOT NULL"
    # in the queries would lead SQLite's planner to the assignee index and the wide rows.
    ids = (set(open_now) | set(created) | set(closed) | set(overdue)) - {None, UNASSIGNED}
    names = dict(
        db_session.execute(select(User.id, User.username).where(User.id.in_(ids))).all()
        if ids
        else []
    )
    rows = [
        {
            "user_id": user_id,
            "username": names.get(user_id, ""),
            "open_cases": int(open_now.get(user_id, 0)),
            "created": int(created.get(user_id, 0)),
            "closed": int(closed.get(user_id, 0)),
            "reminders_overdue": int(overdue.get(user_id, 0)),
        }
        for user_id in ids
    ]
    return sorted(rows, key=lambda row: (-row["open_cases"], row["username"]))


def summary(*, db_session: Session, span: Span, now: datetime | None = None) -> Summary:
    """Every table of the supervisors' summary for ``span``."""
    tally = open_tally(db_session, now or datetime.now(UTC))
    return Summary(
        span=span,
        per_playbook_day=per_playbook_day(db_session, span),
        open_by_age=open_by_age(tally),
        first_contact=first_contact(db_session, span),
        escalation_turnaround=escalation_turnaround(db_session, span),
        load_per_agent=load_per_agent(db_session, span, tally),
    )
