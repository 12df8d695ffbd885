"""The command line acts as someone: ``--as USER`` (or POSTDESK_USER), else the operator
``cli``; every audit event it writes says so, and the timeline shows it (issue 16).
Also the reminders rule of the API in ``postdesk reminders list --as``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from postdesk.desk.audit.models import AuditEvent
from postdesk.desk.context import Desk
from postdesk.desk.reminders import service as reminders
from postdesk.desk.users import service as users
from tests.cli.run_cli import CliResult, postdesk
from tests.desk.conftest import add_user, login, new_case


def _env(desk: Desk) -> dict[str, str]:
    env = {"POSTDESK_DATA_DIR": str(desk.settings.data_dir), "POSTDESK_USER": ""}
    if desk.settings.database_url:
        env["POSTDESK_DATABASE_URL"] = desk.settings.database_url
    return env


def _run(desk: Desk, *args: str, **env: str) -> CliResult:
    return postdesk(*args, env={**_env(desk), **env})


def _events(desk: Desk, action: str) -> list[AuditEvent]:
    with desk.sessions() as db_session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(db_session.scalars(query))


def test_cli_changes_are_audited_with_their_actor_and_shown_in_the_timeline(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_user(desk, "mei")
    add_user(desk, "root", "admin")
    case_id = new_case(client, agent)["id"]

    noted = _run(desk, "cases", "note", str(case_id), "客户确认已能收信", "--as", "agent1")
    assert noted.code == 0, noted.err
    resolved = _run(desk, "cases", "status", str(case_id), "resolved")
    assert resolved.code == 0 and "(cli)" in resolved.out, resolved.err
    no_reason = _run(desk, "cases", "status", str(case_id), "open")
    assert no_reason.code == 2 and "reason" in no_reason.err
    assert "Traceback" not in no_reason.err
    reopened = _run(
        desk, "cases", "status", str(case_id), "open", "--reason", "客户又来电", POSTDESK_USER="mei"
    )
    assert reopened.code == 0, reopened.err
    ghost = _run(desk, "cases", "note", str(case_id), "x", "--as", "nobody")
    assert ghost.code == 2 and "nobody" in ghost.err

    entries = client.get(f"/api/cases/{case_id}/timeline?page_size=200", headers=agent).json()
    by_cli = [
        (entry["kind"], entry["actor"], entry["detail"].get("to"))
        for entry in entries["items"]
        if entry["via"] == "cli"
    ]
    assert by_cli == [
        ("case.note", "agent1", None),
        ("case.status", "cli", "resolved"),
        ("case.status", "mei", "open"),
    ]
    (note,) = [entry for entry in entries["items"] if entry["kind"] == "case.note"]
    assert note["note"] == "客户确认已能收信"
    # Through the API: no "via", the token's user.
    api_note = client.post(f"/api/cases/{case_id}/notes", headers=agent, json={"body": "api"})
    assert api_note.status_code == 201
    last = client.get(f"/api/cases/{case_id}/timeline?page_size=200", headers=agent).json()
    assert last["items"][-1]["via"] is None and last["items"][-1]["actor"] == "agent1"

    # Users: an agent may not act as an admin through --as; the operator and an admin may.
    refused = _run(desk, "users", "disable", "mei", "--as", "agent1")
    assert refused.code == 2 and "users:write" in refused.err
    assert _run(desk, "users", "disable", "mei", "--as", "root").code == 0
    disabled_as = _run(desk, "cases", "note", str(case_id), "x", POSTDESK_USER="mei")
    assert disabled_as.code == 2 and "disabled" in disabled_as.err
    assert _run(desk, "users", "enable", "mei").code == 0
    (disabled,) = _events(desk, "user.disabled")
    (enabled,) = _events(desk, "user.enabled")
    with desk.sessions() as db_session:
        root = users.get_by_username(db_session=db_session, username="root")
        assert root is not None
        assert disabled.actor_id == root.id and disabled.detail["via"] == "cli"
    assert enabled.actor_id is None and enabled.detail["via"] == "cli"


def test_reminders_list_and_done_follow_the_apis_rule(
    desk: Desk, client: TestClient, agent: dict[str, str]
) -> None:
    add_user(desk, "mei")
    mine = new_case(client, agent)["id"]
    theirs = new_case(client, login(client, "mei"))["id"]
    ids = {}
    with desk.sessions() as db_session:
        for case_id, text in ((mine, "mine"), (theirs, "theirs")):
            row = reminders.add_reminder(
                db_session=db_session,
                case_id=case_id,
                due_at=datetime.now(UTC) - timedelta(minutes=5),
                text_zh=text,
                text_en=text,
            )
            ids[text] = row.id
        db_session.commit()

    def listed(*args: str, **env: str) -> list[str]:
        done = _run(desk, "reminders", "list", "--json", *args, **env)
        assert done.code == 0, done.err
        return sorted(item["text"]["en"] for item in json.loads(done.out)["items"])

    assert listed("--as", "agent1") == ["mine"]
    assert listed(POSTDESK_USER="mei") == ["theirs"]
    assert listed() == ["mine", "theirs"]  # the operator
    refused = _run(desk, "reminders", "list", "--assignee", "mei", "--as", "agent1")
    assert refused.code == 2 and "only your own cases'" in refused.err
    done = _run(desk, "reminders", "done", str(ids["mine"]), "--note", "已回电", "--as", "agent1")
    assert done.code == 0, done.err
    (event,) = _events(desk, "reminder.done")
    assert event.detail == {"reminder_id": ids["mine"], "note": "已回电", "via": "cli"}
    assert listed("--as", "agent1") == []
