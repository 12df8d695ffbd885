"""Each of the five mail systems relays to the scripted remote and returns the DSN it makes.

One instance per mail system for the module (the remote answers by recipient): a message to a
known recipient arrives with the mail system's Received header; one to ``unknown@`` is refused at
RCPT with 550 5.1.1 and the mail system's own bounce comes back to the sender's domain.
"""

from __future__ import annotations

import email
from email.message import Message

import pytest

from tests.realservers import MAIL_SYSTEMS, MailSystem, Reply, ScriptedSMTP, Stage
from tests.realservers.fixtures import ServerPool

SENDER = "alice@sender.test"


def _rcpt(address: str) -> Reply | None:
    if address.startswith("unknown"):
        return Reply(550, "User unknown", "5.1.1")
    return None


@pytest.fixture(scope="module")
def remote(module_real_servers: ServerPool) -> ScriptedSMTP:
    return module_real_servers.start(ScriptedSMTP({Stage.RCPT: _rcpt}))


@pytest.fixture(scope="module", params=sorted(MAIL_SYSTEMS))
def mta(request: pytest.FixtureRequest, remote: ScriptedSMTP) -> MailSystem:
    system = MAIL_SYSTEMS[request.param](relay=remote.address)
    system.start()
    request.addfinalizer(system.stop)
    return system


def _message(to: str, subject: str) -> bytes:
    return (
        f"From: {SENDER}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject}@sender.test>\r\n\r\nHello from the test.\r\n"
    ).encode()


def _delivery_status(dsn: Message) -> str:
    for part in dsn.walk():
        if part.get_content_type() == "message/delivery-status":
            return "\n".join(
                str(block) for block in part.get_payload() if isinstance(block, Message)
            )
    raise AssertionError(f"no message/delivery-status part in {dsn.get_content_type()}")


def test_relays_to_the_remote(mta: MailSystem, remote: ScriptedSMTP) -> None:
    subject = f"relay-{mta.name}"
    mta.send(SENDER, ["bob@remote.test"], _message("bob@remote.test", subject))
    remote.wait_for(
        lambda: any(subject.encode() in m.data for m in remote.messages), "the relayed message"
    )
    (received,) = [m for m in remote.messages if subject.encode() in m.data]
    assert received.mail_from == SENDER
    assert received.rcpt_tos == ("bob@remote.test",)
    headers = email.message_from_bytes(received.data)
    assert mta.hostname in headers["Received"]


def test_rcpt_refusal_comes_back_as_a_dsn(mta: MailSystem) -> None:
    subject = f"bounce-{mta.name}"
    mta.send(SENDER, ["unknown@remote.test"], _message("unknown@remote.test", subject))
    (dsn,) = mta.dsn_messages(1, timeout=60)
    # RFC 3464 says multipart/report; OpenSMTPD 6.8 sends multipart/mixed with the same parts.
    assert dsn.get_content_type() in ("multipart/report", "multipart/mixed")
    status = _delivery_status(dsn)
    assert "unknown@remote.test" in status.lower()
    assert "Action: failed" in status
    # The remote's reply is quoted (OpenSMTPD puts it in the human-readable part only).
    assert "550 5.1.1 User unknown" in dsn.as_string()
    assert subject in dsn.as_string()
    assert mta.dsn_capture is not None
    assert mta.dsn_capture.messages[0].mail_from == ""  # a DSN's envelope sender is null
    assert mta.dsn_capture.messages[0].rcpt_tos == (SENDER,)
