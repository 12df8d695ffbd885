"""``postdesk bounce`` and ``postdesk explain`` run as a user runs them (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.bounce import built_bounces

ENTRY = "from postdesk.cli.main import main; main()"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args], input=stdin, capture_output=True, timeout=60
    )


def lines(result: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def test_folder_in_order_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(built_bounces.QMAIL)
    (tmp_path / "b.eml").write_bytes(b"")
    (tmp_path / "c.eml").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "d.eml").write_bytes(built_bounces.NOT_A_BOUNCE)
    result = run("bounce", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert [o["file"] for o in out] == ["a.eml", "b.eml", "c.eml", "d.eml"]
    assert out[0]["is_bounce"] and out[0]["error"] is None
    assert [r["reason"] for r in out[0]["recipients"]] == ["userunknown", "hostunknown"]
    assert set(out[0]["recipients"][0]) == {
        "address",
        "status",
        "replycode",
        "reason",
        "hardbounce",
        "diagnostic",
        "rhost",
        "playbook",
        "reply",
        "next_action",
    }
    assert out[1]["error"] and out[2]["error"]
    assert out[3] == {
        "file": "d.eml",
        "is_bounce": False,
        "recipients": [],
        "error": None,
        "undecodable_bytes": 0,
        "truncated_headers": [],
    }


def test_mbox_and_stdin(tmp_path: Path) -> None:
    mbox = b"From MAILER-DAEMON Thu Apr 29 23:45:32 2021\n" + built_bounces.EXIM + b"\n"
    mbox += b"From MAILER-DAEMON Thu Apr 29 23:45:33 2021\n" + built_bounces.QMAIL + b"\n"
    path = tmp_path / "box.mbox"
    path.write_bytes(mbox)
    out = lines(run("bounce", str(path), "--json"))
    assert [o["file"] for o in out] == ["box.mbox:1", "box.mbox:2"]
    assert [o["recipients"][0]["reason"] for o in out] == ["mailboxfull", "userunknown"]
    piped = lines(run("bounce", "-", "--json", stdin=built_bounces.EXIM))
    assert piped[0]["file"] == "-" and piped[0]["recipients"][0]["status"] == "5.2.2"


def test_maildir(tmp_path: Path) -> None:
    for sub in ("new", "cur", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1.host").write_bytes(built_bounces.EXIM)
    (tmp_path / "cur" / "2.host:2,S").write_bytes(built_bounces.SES_JSON)
    out = lines(run("bounce", str(tmp_path), "--json"))
    assert [o["file"] for o in out] == ["1.host", "2.host:2,S"]


def test_unreadable_path_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.eml"
    result = run("bounce", str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_table_output(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(built_bounces.EXIM)
    result = run("bounce", str(tmp_path / "a.eml"))
    text = result.stdout.decode()
    assert "kijitora@example.jp" in text and "mailboxfull" in text


def test_explain_json() -> None:
    result = run("explain", "550 Mailbox exceed", "--json")
    data = json.loads(result.stdout)
    assert data["reason"] == "mailboxfull" and data["playbook"] == "bounce-interpretation"
    assert data["reply"]["zh"] and data["reply"]["en"]
    # the document's next action and meaning come with it (4.0.12 1))
    assert "清理邮箱" in data["next_action"]["zh"] and data["next_action"]["en"]
    assert "超容" in data["meaning"]["zh"]


def test_explain_client_error_code_gives_meaning_and_next_action() -> None:
    data = json.loads(run("explain", "0x800CCC0F", "--json").stdout)
    assert data["playbook"] == "client-send-receive"
    assert "0x800CCC0F" in data["meaning"]["zh"]
    assert "telnet" in data["next_action"]["zh"]


def test_pseudo_status_marked_inferred_for_people_only(tmp_path: Path) -> None:
    # "Mailbox exceed" carries no status code: the record's 5.0.922 is Sisimai's pseudo code.
    table = run("explain", "Mailbox exceed").stdout.decode()
    assert "status: 5.0.922 (inferred)" in table
    data = json.loads(run("explain", "Mailbox exceed", "--json").stdout)
    assert data["status"] == "5.0.922"
    (tmp_path / "notes.eml").write_bytes(built_bounces.NOTES)  # no code: 5.0.911
    (tmp_path / "exim.eml").write_bytes(built_bounces.EXIM)  # the server's own 5.2.2
    text = run("bounce", str(tmp_path)).stdout.decode()
    assert "5.0.911 (inferred)" in text
    assert "5.2.2 " in text and "5.2.2 (inferred)" not in text
    notes = lines(run("bounce", str(tmp_path / "notes.eml"), "--json"))
    assert [r["status"] for r in notes[0]["recipients"]] == ["5.0.911"]
