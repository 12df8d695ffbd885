"""The supervisors' summary and the CSV exports: known rows placed at known times, on SQLite
and PostgreSQL; days in the provider's time zone; formula-safe CSV; agents refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from postdesk.desk.cases.models import Case
from postdesk.desk.context import Desk
from postdesk.desk.escalations.models import Escalation
from postdesk.desk.export.csv_safe import safe_cell
from postdesk.desk.reminders.models import Reminder
from postdesk.desk.reports import service
from tests.desk.conftest import add_user, login, new_case

NOW = datetime.now(UTC)


def place(desk: Desk, case_id: int, **values: object) -> None:
    with desk.sessions() as db_session:
        db_session.execute(update(Case).where(Case.id == case_id).values(**values))
        db_session.commit()


def escalate(
    desk: Desk,
    case_id: int,
    channel: str,
    made: datetime,
    minutes: float | None,
    answered_after: float | None = None,
) -> None:
    with desk.sessions() as db_session:
        db_session.add(
            Escalation(
                case_id=case_id,
                channel_id=channel,
                channel_kind="mail",
                status="sent" if minutes is not None else "queued",
                message_id=f"<{case_id}-{channel}-{made.timestamp()}@desk.test>",
                created_at=made,
                sent_at=made + timedelta(minutes=minutes) if minutes is not None else None,
                answered_at=(
                    made + timedelta(minutes=answered_after) if answered_after is not None else None
                ),
            )
        )
        db_session.commit()


def supervisor(desk: Desk, client: TestClient) -> dict[str, str]:
    add_user(desk, "boss", "supervisor")
    return login(client, "boss")


def parsed(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_summary_tables_over_known_rows(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    boss = supervisor(desk, client)
    today = NOW.astimezone(service.ZoneInfo("Asia/Shanghai")).date()
    ids = [new_case(client, agent, contact=None)["id"] for _ in range(5)]
    # 16:30 UTC two (UTC) days ago is 00:30 the next day in Beijing: counted on that day.
    two_days = datetime.combine(today - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    late = two_days.replace(hour=16, minute=30)
    place(desk, ids[0], created_at=late)
    place(desk, ids[1], created_at=NOW - timedelta(days=2, hours=1))
    place(desk, ids[2], created_at=NOW - timedelta(days=40))  # open, old, outside the span
    for case_id in ids[3:]:
        place(desk, case_id, status="closed", closed_at=NOW - timedelta(hours=1))
    escalate(desk, ids[3], "hotline", NOW - timedelta(hours=3), 30)
    escalate(desk, ids[1], "hotline", NOW - timedelta(hours=2), 90, answered_after=100)
    escalate(desk, ids[1], "fax", NOW - timedelta(hours=2), None)
    answer = client.get("/api/reports/summary", headers=boss)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["timezone"] == "Asia/Shanghai"
    assert body["until"] == today.isoformat()
    assert body["since"] == (today - timedelta(days=6)).isoformat()
    per_day = {row["day"]: row["cases"] for row in body["per_playbook_day"]}
    assert per_day[(today - timedelta(days=1)).isoformat()] == 1
    assert per_day[today.isoformat()] == 2
    assert sum(row["cases"] for row in body["per_playbook_day"]) == 4
    ages = {row["age"]: row["cases"] for row in body["open_by_age"]}
    assert ages == {"under_1d": 0, "1d_3d": 2, "3d_7d": 0, "7d_30d": 0, "over_30d": 1}
    assert body["first_contact"] == {"closed": 2, "without_escalation": 1, "rate": 0.5}
    turnaround = {row["channel_id"]: row for row in body["escalation_turnaround"]}
    assert turnaround["hotline"]["escalations"] == 2 and turnaround["hotline"]["sent"] == 2
    assert turnaround["hotline"]["median_minutes"] == 90.0
    assert turnaround["fax"]["sent"] == 0 and turnaround["fax"]["median_minutes"] is None
    # The engineer's answer as recorded on the case (one of the two hotline escalations).
    assert turnaround["hotline"]["answered"] == 1
    assert turnaround["hotline"]["median_answer_minutes"] == 100.0
    assert turnaround["fax"]["answered"] == 0
    (load,) = body["load_per_agent"]
    assert (load["username"], load["open_cases"], load["closed"]) == ("agent1", 3, 2)
    assert load["created"] == 4
    assert load["reminders_overdue"] == 0


def test_overdue_reminders_are_counted_per_holder(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    boss = supervisor(desk, client)
    ids = [new_case(client, agent, contact=None)["id"] for _ in range(2)]
    with desk.sessions() as db_session:
        for case_id, overdue in ((ids[0], True), (ids[0], True), (ids[1], False)):
            db_session.add(
                Reminder(
                    case_id=case_id,
                    origin="agent",
                    text={"zh": "回电", "en": "call back"},
                    due_at=NOW - timedelta(hours=5),
                    fired_at=NOW - timedelta(hours=5),
                    overdue_at=NOW - timedelta(hours=1) if overdue else None,
                )
            )
        db_session.commit()
    (load,) = client.get("/api/reports/summary", headers=boss).json()["load_per_agent"]
    assert (load["username"], load["reminders_overdue"]) == ("agent1", 2)


def test_days_follow_the_time_zone_across_a_clock_change(desk: Desk) -> None:
    """Europe/Berlin goes from +02:00 to +01:00 on 2026-10-25: hours summed into local days."""
    from postdesk.desk.cases.models import Case as Row

    with desk.sessions() as db_session:
        for moment in (
            datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00:30 on the 25th in Berlin (+02:00)
            datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # 00:30 on the 26th in Berlin (+01:00)
            datetime(2026, 10, 25, 22, 30, tzinfo=UTC),  # 23:30 on the 25th
        ):
            db_session.add(
                Row(
                    playbook_id="expiry-query",
                    playbook_version=1,
                    channel="phone",
                    complaint="x",
                    created_at=moment,
                )
            )
        db_session.commit()
        span = service.Span(date(2026, 10, 24), date(2026, 10, 26), "Europe/Berlin")
        rows = service.per_playbook_day(db_session, span)
    assert [(row["day"], row["cases"]) for row in rows] == [("2026-10-25", 2), ("2026-10-26", 1)]


def test_bad_spans_and_roles_are_refused(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    boss = supervisor(desk, client)
    denied = client.get("/api/reports/summary", headers=agent)
    assert denied.status_code == 403
    assert client.get("/api/export/reports/open_by_age.csv", headers=agent).status_code == 403
    assert client.get("/api/reports/summary").status_code == 401
    reversed_span = client.get(
        "/api/reports/summary", params={"since": "2026-12-05", "until": "2026-12-01"}, headers=boss
    )
    assert reversed_span.status_code == 422 and "swap" in reversed_span.json()["message"]
    zh = client.get(
        "/api/reports/summary",
        params={"since": "2024-01-01", "until": "2026-01-01"},
        headers={**boss, "Accept-Language": "zh-CN"},
    )
    assert zh.status_code == 422 and "最多覆盖" in zh.json()["message"]
    not_a_date = client.get("/api/reports/summary", params={"since": "yesterday"}, headers=boss)
    assert not_a_date.status_code == 422
    unknown = client.get("/api/export/reports/secrets.csv", headers=boss)
    assert unknown.status_code == 422


def test_csv_exports_are_formula_safe(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_user(desk, "@sum", "agent")
    evil = login(client, "@sum")
    boss = supervisor(desk, client)
    new_case(
        client,
        evil,
        customer={"domain": "formula.test", "company_name": '=HYPERLINK("http://x","y")'},
        contact=None,
    )
    new_case(client, agent, customer={"domain": "plain.test", "company_name": "普通公司"})
    customers = client.get("/api/export/customers.csv", headers=agent)
    assert customers.status_code == 200
    assert customers.headers["content-type"].startswith("text/csv")
    assert "attachment" in customers.headers["content-disposition"]
    rows = parsed(customers.text)
    assert rows[0][:3] == ["id", "domain", "company_name"]
    companies = {row[1]: row[2] for row in rows[1:]}
    assert companies == {"formula.test": '\'=HYPERLINK("http://x","y")', "plain.test": "普通公司"}
    load = parsed(client.get("/api/export/reports/load_per_agent.csv", headers=boss).text)
    assert sorted(row[1] for row in load[1:]) == ["'@sum", "agent1"]
    cases = parsed(
        client.get("/api/export/cases.csv", params={"domain": "plain.test"}, headers=agent).text
    )
    assert len(cases) == 2 and cases[1][6] == "plain.test"
    for value, shown in (("-1+1", "'-1+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("+x", "'+x")):
        assert safe_cell(value) == shown
    assert safe_cell(-3) == -3 and safe_cell(None) == ""
