"""The case queries the web pages use: search with dates and text, and per-playbook buckets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from postdesk.desk.cases import service as cases
from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.customers.models import Customer

NOW = datetime(2026, 11, 30, 10, 30, tzinfo=UTC)


def _seed(desk: Desk) -> None:
    with desk.sessions() as db_session:
        customer = Customer(domain="search-example.cn")
        db_session.add(customer)
        db_session.flush()
        rows = [
            ("webmail-system-busy", "网页登录提示系统忙", NOW - timedelta(minutes=10), customer.id),
            ("webmail-system-busy", "system busy 100%_done", NOW - timedelta(hours=2), None),
            ("cannot-receive", "收不到邮件", NOW - timedelta(days=3), customer.id),
        ]
        for playbook_id, complaint, created, customer_id in rows:
            db_session.add(
                Case(
                    playbook_id=playbook_id,
                    playbook_version=1,
                    channel="phone",
                    complaint=complaint,
                    customer_id=customer_id,
                    created_at=created,
                    updated_at=created,
                )
            )
        db_session.commit()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 3),
        ({"text": "系统忙"}, 1),
        ({"text": "SYSTEM BUSY"}, 1),
        ({"text": "%"}, 1),  # a typed wildcard is taken literally
        ({"text": "_"}, 1),
        ({"text": "search-example"}, 2),  # the customer domain is searched too
        ({"created_from": NOW - timedelta(days=1)}, 2),
        ({"created_before": NOW - timedelta(hours=1)}, 2),
        ({"playbook_id": "cannot-receive", "domain": "search-example.cn"}, 1),
    ],
)
def test_list_cases_filters(desk: Desk, filters: dict[str, object], expected: int) -> None:
    _seed(desk)
    with desk.sessions() as db_session:
        items, total = cases.list_cases(db_session=db_session, **filters)  # type: ignore[arg-type]
    assert total == expected
    assert len(items) == expected


def test_counts_per_playbook_buckets_by_hour_and_day(desk: Desk) -> None:
    _seed(desk)
    with desk.sessions() as db_session:
        hourly = cases.counts_per_playbook(
            db_session=db_session, since=NOW - timedelta(hours=24), bucket="hour"
        )
        daily = cases.counts_per_playbook(
            db_session=db_session, since=NOW - timedelta(days=7), bucket="day"
        )
    assert sorted(hourly) == [
        ("webmail-system-busy", "2026-11-30 08", 1),
        ("webmail-system-busy", "2026-11-30 10", 1),
    ]
    assert sorted(daily) == [
        ("cannot-receive", "2026-11-27", 1),
        ("webmail-system-busy", "2026-11-30", 2),
    ]


def test_hour_buckets_stay_utc_whatever_the_session_time_zone(desk: Desk) -> None:
    """PostgreSQL's to_char follows the session TimeZone; the buckets must not."""
    from sqlalchemy import text

    _seed(desk)
    with desk.sessions() as db_session:
        if db_session.get_bind().dialect.name == "postgresql":
            db_session.execute(text("SET TIME ZONE 'Asia/Shanghai'"))
        hourly = cases.counts_per_playbook(
            db_session=db_session, since=NOW - timedelta(hours=24), bucket="hour"
        )
    assert sorted(hourly) == [
        ("webmail-system-busy", "2026-11-30 08", 1),
        ("webmail-system-busy", "2026-11-30 10", 1),
    ]


def test_days_of_the_incidents_chart_are_the_providers_calendar_days() -> None:
    from zoneinfo import ZoneInfo

    from postdesk.web.views.incident_pages import _local_days

    per_utc_hour = [
        ("cannot-receive", "2026-11-30 15", 2),  # 23:00 in Beijing: still the 30th
        ("cannot-receive", "2026-11-30 16", 1),  # 00:00 in Beijing: the 1st
        ("cannot-receive", "2026-12-01 03", 4),
    ]
    days = _local_days(per_utc_hour, ZoneInfo("Asia/Shanghai"))
    assert sorted(days) == [
        ("cannot-receive", "2026-11-30", 2),
        ("cannot-receive", "2026-12-01", 5),
    ]


def test_day_buckets_shifted_into_a_local_calendar(desk: Desk) -> None:
    """With an offset the database buckets local days: +14 h moves 10:20 UTC to the next day."""
    _seed(desk)
    with desk.sessions() as db_session:
        daily = cases.counts_per_playbook(
            db_session=db_session,
            since=NOW - timedelta(days=7),
            bucket="day",
            utc_offset_minutes=14 * 60,
        )
    assert sorted(daily) == [
        ("cannot-receive", "2026-11-28", 1),
        ("webmail-system-busy", "2026-11-30", 1),
        ("webmail-system-busy", "2026-12-01", 1),
    ]


def test_local_days_from_the_database_equal_local_days_summed_from_hours(desk: Desk) -> None:
    from zoneinfo import ZoneInfo

    from postdesk.web.views.incident_pages import _local_days, _per_local_day

    _seed(desk)
    zone = ZoneInfo("Pacific/Kiritimati")  # UTC+14 all year: days differ from UTC days
    first_midnight = datetime(2026, 11, 24, tzinfo=zone)
    with desk.sessions() as db_session:
        by_database = _per_local_day(db_session, first_midnight, NOW, zone)
        hourly = cases.counts_per_playbook(
            db_session=db_session, since=first_midnight.astimezone(UTC), bucket="hour"
        )
    assert sorted(by_database) == sorted(_local_days(hourly, zone))
    assert ("webmail-system-busy", "2026-12-01", 1) in by_database
