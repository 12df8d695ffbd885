"""``postdesk cases list --assignee me`` and ``postdesk reminders list`` as a user runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from postdesk.config import Settings
from postdesk.desk.cases import flows
from postdesk.desk.cases.schemas import CaseCreate
from postdesk.desk.context import Desk
from postdesk.desk.reminders import service as reminders
from postdesk.desk.users import service as users
from tests.cli.run_cli import postdesk


def test_my_cases_and_my_reminders_from_the_command_line(tmp_path: Path) -> None:
    env = {"POSTDESK_DATA_DIR": str(tmp_path / "data")}
    for name in ("lin", "mei"):
        added = postdesk(
            "users", "add", name, "--password-stdin", stdin=f"{name}-password-1\n", env=env
        )
        assert added.code == 0, added.err
    desk = Desk.open(Settings(data_dir=tmp_path / "data"), migrate=True)
    try:
        with desk.sessions() as db_session:
            lin = users.get_by_username(db_session=db_session, username="lin")
            mei = users.get_by_username(db_session=db_session, username="mei")
            assert lin is not None and mei is not None
            ids = []
            for actor in (lin, mei):
                created = flows.create_case(
                    desk=desk,
                    db_session=db_session,
                    case_in=CaseCreate(
                        complaint="后台少了功能", playbook_id="admin-console-missing-features"
                    ),
                    actor=actor,
                )
                ids.append(created.case.id)
            reminders.add_reminder(
                db_session=db_session,
                case_id=ids[0],
                due_at=datetime.now(UTC) - timedelta(minutes=5),
                text_zh="回电客户",
                text_en="call back",
                actor_id=lin.id,
            )
            db_session.commit()
    finally:
        desk.close()
    mine = postdesk("cases", "list", "--assignee", "me", "--user", "lin", "--json", env=env)
    assert mine.code == 0, mine.err
    assert [item["id"] for item in json.loads(mine.out)["items"]] == [ids[0]]
    by_env = postdesk("cases", "list", "--assignee", "me", env={**env, "POSTDESK_USER": "mei"})
    assert by_env.code == 0 and f"{ids[1]:>6}" in by_env.out
    nobody = postdesk("cases", "list", "--assignee", "me", env=env)
    assert nobody.code == 2 and "--as" in nobody.err
    due = postdesk("reminders", "list", "--due", "--assignee", "lin", env=env)
    # The reminder's text in the CLI's language (POSTDESK_LANG=en here, tests/conftest.py).
    assert due.code == 0 and "call back" in due.out and "1 of 1" in due.out
    due_zh = postdesk(
        "reminders", "list", "--due", "--assignee", "lin", env={**env, "POSTDESK_LANG": "zh"}
    )
    assert "回电客户" in due_zh.out and "共 1 条提醒" in due_zh.out
    theirs = postdesk("reminders", "list", "--assignee", "mei", "--json", env=env)
    assert json.loads(theirs.out)["total"] == 0
