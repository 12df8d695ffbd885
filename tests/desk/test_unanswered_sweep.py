"""Issue 16.4: the unanswered-escalation sweep takes the escalations most overdue in working
time first, across more than one batch, and escalations young in working time (raised over
the weekend) never hold back older ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.context import Desk
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.reminders.models import Reminder
from tests.desk.conftest import new_case
from tests.desk.test_reminders import Clock, sweep

# Monday 2026-12-07 10:00 in Beijing: one working hour into the week.
MONDAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
# Saturday 12:00 in Beijing: 46 hours ago by the clock, one working hour (Monday 9-10).
SATURDAY = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)
# Friday 09:00 in Beijing: ten working hours ago (Friday 9-18, Monday 9-10).
FRIDAY = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
# More than one batch of 500 (reminders.service.UNANSWERED_BATCH) of each.
YOUNG = 520
OVERDUE = 600


def _escalation(case_id: int, number: int, created_at: datetime) -> Escalation:
    return Escalation(
        case_id=case_id,
        channel_id="hotline",
        channel_kind="mail",
        status="sent",
        message_id=f"<sweep-{number}@desk.test>",
        created_at=created_at,
    )


def test_the_most_overdue_in_working_time_come_first_across_batches(
    desk: Desk, client: TestClient, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desk.profile.follow.escalation_unanswered_working_hours == 4
    case_id = new_case(client, agent)["id"]
    with desk.sessions() as db_session:
        # The weekend's escalations get the lower ids: a sweep in id order (or by clock
        # age) met a full batch of them, none overdue in working time, on every run.
        db_session.add_all(
            _escalation(case_id, number, SATURDAY + timedelta(seconds=number))
            for number in range(YOUNG)
        )
        db_session.flush()
        # Friday's, raised a few seconds apart, newest first (ids against time order).
        db_session.add_all(
            _escalation(case_id, YOUNG + number, FRIDAY + timedelta(seconds=OVERDUE - number))
            for number in range(OVERDUE)
        )
        db_session.commit()
        older = select(Escalation).where(Escalation.created_at < SATURDAY)
        friday = {row.id: row.created_at for row in db_session.scalars(older)}
    assert len(friday) == OVERDUE
    monkeypatch.setattr(desk, "clock", Clock(MONDAY))
    added = sweep(desk).added
    assert len(added) == OVERDUE  # every overdue one, in one sweep of more than one batch
    with desk.sessions() as db_session:
        rows = list(
            db_session.scalars(
                select(Reminder).where(Reminder.origin == "escalation").order_by(Reminder.id)
            )
        )
    assert {row.escalation_id for row in rows} == set(friday)  # none for the weekend's
    # Most overdue first: reminders in the order the escalations were raised.
    raised = [friday[row.escalation_id] for row in rows]  # type: ignore[index]
    assert raised == sorted(raised)
    assert sweep(desk).added == []  # once per escalation
    # Monday 13:00: the weekend's have waited four working hours now.
    monkeypatch.setattr(desk, "clock", Clock(MONDAY + timedelta(hours=3)))
    assert len(sweep(desk).added) == YOUNG
