"""The scripted remote answers each stage as told, refuses, drops, stalls, and records."""

from __future__ import annotations

import smtplib
import socket

import pytest

from tests.realservers import STALL, CaptureSMTP, Reply, ScriptedSMTP, Stage

MESSAGE = b"Subject: hello\r\nFrom: a@sender.test\r\n\r\nbody\r\n"


def test_capture_keeps_exact_bytes_and_envelope() -> None:
    with CaptureSMTP() as capture, smtplib.SMTP(*capture.address) as client:
        client.sendmail("a@sender.test", ["b@remote.test", "c@remote.test"], MESSAGE)
    (received,) = capture.wait_for_messages(1)
    assert received.mail_from == "a@sender.test"
    assert received.rcpt_tos == ("b@remote.test", "c@remote.test")
    assert received.data == MESSAGE


def test_multiline_greeting_and_rcpt_reply_with_enhanced_status() -> None:
    script = {
        Stage.GREETING: Reply(220, "remote.test first line\nsecond line"),
        Stage.RCPT: Reply(550, "No such user here\nSee the postmaster", "5.1.1"),
    }
    with ScriptedSMTP(script) as remote, smtplib.SMTP(*remote.address) as client:
        assert client.ehlo()[0] == 250
        client.mail("a@sender.test")
        code, text = client.rcpt("b@remote.test")
    assert (code, text) == (550, b"5.1.1 No such user here\n5.1.1 See the postmaster")
    session = remote.sessions[0]
    assert session.replies[0] == "220-remote.test first line\r\n220 second line"
    assert "550-5.1.1 No such user here\r\n550 5.1.1 See the postmaster" in session.replies
    assert session.commands[-1] == "QUIT"
    assert remote.messages == []


@pytest.mark.parametrize(
    ("stage", "expected_command"),
    [(Stage.HELO, "ehlo"), (Stage.MAIL, "mail"), (Stage.DATA, "data")],
)
def test_reply_at_each_stage(stage: Stage, expected_command: str) -> None:
    script = {stage: Reply(421, "closing", "4.3.2")}
    with ScriptedSMTP(script) as remote, smtplib.SMTP(*remote.address) as client:
        if expected_command == "ehlo":
            assert client.ehlo() == (421, b"4.3.2 closing")
            return
        client.ehlo()
        if expected_command == "mail":
            assert client.mail("a@sender.test") == (421, b"4.3.2 closing")
            return
        client.mail("a@sender.test")
        client.rcpt("b@remote.test")
        assert client.docmd("DATA") == (421, b"4.3.2 closing")


def test_end_of_data_reply_and_per_occurrence_script() -> None:
    script = {Stage.END_OF_DATA: [Reply(552, "too big", "5.3.4"), None]}
    with ScriptedSMTP(script) as remote:
        for expected in (552, None):
            with smtplib.SMTP(*remote.address) as client:
                if expected is None:
                    client.sendmail("a@sender.test", ["b@remote.test"], MESSAGE)
                else:
                    with pytest.raises(smtplib.SMTPDataError) as refused:
                        client.sendmail("a@sender.test", ["b@remote.test"], MESSAGE)
                    assert refused.value.smtp_code == expected
        assert len(remote.wait_for_messages(1)) == 1


def test_script_as_function_of_the_address() -> None:
    def rcpt(address: str) -> Reply | None:
        return Reply(550, "User unknown", "5.1.1") if address.startswith("unknown") else None

    with ScriptedSMTP({Stage.RCPT: rcpt}) as remote, smtplib.SMTP(*remote.address) as client:
        client.ehlo()
        client.mail("a@sender.test")
        assert client.rcpt("unknown@remote.test")[0] == 550
        assert client.rcpt("known@remote.test")[0] == 250


def test_refuse_drop_and_stall() -> None:
    with ScriptedSMTP(mode="refuse") as remote, pytest.raises(ConnectionRefusedError):
        socket.create_connection(remote.address, timeout=2)
    with ScriptedSMTP(mode="drop") as remote, pytest.raises(smtplib.SMTPServerDisconnected):
        smtplib.SMTP(*remote.address, timeout=2)
    with ScriptedSMTP({Stage.GREETING: STALL}) as remote:
        with (
            socket.create_connection(remote.address, timeout=0.5) as conn,
            pytest.raises(TimeoutError),
        ):
            conn.recv(100)
        assert remote.wait_for_sessions(1)[0].replies == []
