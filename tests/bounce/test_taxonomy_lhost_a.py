"""Recognition and boundary markers adopted from the taxonomy's modules for the biggest
families (citation ``taxonomy-lhost``): qmail's clones, Exim's frozen-message and other
notices, Postfix with a reworded template, V5 Sendmail without a collected message, SES
Transient subtypes. Each bounce here is built from the module's documented layout, not
taken from a corpus sample.
"""

from __future__ import annotations

import json

import pytest

from postdesk.bounce import analyze
from tests.bounce.built_bounces import build


def _qmail_clone(intro: str, end: str) -> bytes:
    return build(
        {
            "From": "MAILER-DAEMON@mx.example.org",
            "To": "sironeko@example.jp",
            "Subject": "failure notice",
        },
        f"""
{intro}

<kijitora@example.org>:
192.0.2.153 does not like recipient.
Remote host said: 550 5.1.1 <kijitora@example.org>... User Unknown
Giving up on 192.0.2.153.

{end}

Subject: Nyaan
""",
    )


@pytest.mark.parametrize(
    ("intro", "end"),
    [
        ("He/Her is not available.", "--- Below the next line is a copy of the message."),
        (
            "This is the machine generated message from mail service.",
            "--- Below this line is a copy of the mail header.",
        ),
        ("Su mensaje no pudo ser entregado.", "--- Mensaje original adjunto."),
        ("This is the mail delivery agent at mx.example.org.", "Original message follows."),
    ],
)
def test_qmail_clone_read_by_subject_and_intro(intro: str, end: str) -> None:
    report = analyze(_qmail_clone(intro, end), with_advice=False)
    assert report.origin == "qmail"
    [record] = report.recipients
    assert record.address == "kijitora@example.org"
    assert record.reason == "userunknown" and record.command == "RCPT"
    # the end line stops the record: the returned message's header is not its text
    assert "Nyaan" not in record.diagnostic


def test_qmail_subject_alone_needs_exactly_failure_notice() -> None:
    raw = _qmail_clone("He/Her is not available.", "--- Below the next line is a copy")
    raw = raw.replace(b"Subject: failure notice", b"Subject: failure notice: re nyaan")
    assert analyze(raw, with_advice=False).origin != "qmail"


def _exim(subject: str, body: str, extra: dict[str, str] | None = None) -> bytes:
    headers = {
        "From": "Mail Delivery System <Mailer-Daemon@mx.example.org>",
        "To": "postmaster@example.org",
        "Subject": subject,
        **(extra or {}),
    }
    return build(headers, body)


def test_exim_frozen_notice_lists_the_address_and_is_expired() -> None:
    raw = _exim(
        "Message frozen",
        """
Message 1P1YNN-0003AD-Ga has been frozen by the system filter.
The sender is <sironeko@example.org>.

  kijitora@example.jp
""",
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "exim"
    [record] = report.recipients
    assert record.address == "kijitora@example.jp"
    assert "has been frozen" in record.diagnostic
    assert record.reason == "expired"


def test_exim_frozen_on_arrival_falls_back_to_x_failed_recipients() -> None:
    raw = _exim(
        "Message frozen on arrival",
        """
Message 1P1YNN-0003AD-Ga was frozen on arrival by ACL.
The sender is <sironeko@example.org>.
""",
        {"X-Failed-Recipients": "kijitora@example.jp, mikeneko@example.jp"},
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "exim"
    assert [r.address for r in report.recipients] == ["kijitora@example.jp", "mikeneko@example.jp"]
    assert {r.reason for r in report.recipients} == {"expired"}


def test_exim_known_by_its_message_id() -> None:
    body = """
This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  kijitora@example.jp
    local delivery failed

------ This is a copy of the message, including all the headers. ------
"""
    with_id = _exim("Undelivered", body, {"Message-ID": "<E1P1YNN-0003AD-Ga@mx.example.org>"})
    report = analyze(with_id, with_advice=False)
    assert report.origin == "exim"
    assert report.recipients[0].reason == "systemerror"
    other_id = _exim("Undelivered", body, {"Message-ID": "<20240101.abc@mx.example.org>"})
    assert analyze(other_id, with_advice=False).origin != "exim"


def _postfix(first_line: str, subject: str) -> bytes:
    return build(
        {"From": "MAILER-DAEMON (Mail Delivery System)", "Subject": subject},
        f"""
{first_line}

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

                   The mail system

<kijitora@example.jp>: host mx.example.jp[192.0.2.153] said: 550 5.1.1
    <kijitora@example.jp>... User Unknown (in reply to RCPT TO command)
""",
    )


def test_postfix_reworded_template_known_by_subject_and_heading() -> None:
    raw = _postfix(
        "Our mail gateway at mx.example.org here.", "Undelivered Mail Returned to Sender"
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "postfix"
    [record] = report.recipients
    assert record.address == "kijitora@example.jp"
    assert record.reason == "userunknown" and record.command == "RCPT"
    assert record.rhost == "mx.example.jp"


def test_postfix_heading_alone_is_not_enough() -> None:
    raw = _postfix("Our mail gateway at mx.example.org here.", "Returned")
    assert analyze(raw, with_advice=False).origin != "postfix"


def test_v5sendmail_no_message_collected_ends_the_transcript() -> None:
    raw = build(
        {
            "From": "Mail Delivery Subsystem <MAILER-DAEMON>",
            "Subject": "Returned mail: User unknown",
        },
        """
   ----- Transcript of session follows -----
While talking to mx.example.jp:
>>> RCPT To:<kijitora@example.jp>
<<< 550 <kijitora@example.jp>... User unknown
550 <kijitora@example.jp>... User unknown

  ----- No message was collected -----

550 <nekochan@example.jp>... User unknown
""",
    )
    report = analyze(raw, with_advice=False)
    assert [r.address for r in report.recipients] == ["kijitora@example.jp"]
    assert report.recipients[0].command == "RCPT"


@pytest.mark.parametrize(
    ("kind", "subtype", "reason"),
    [
        ("Transient", "MailboxFull", "mailboxfull"),
        ("Transient", "MessageTooLarge", "mesgtoobig"),
    ],
)
def test_ses_transient_subtype_names_the_reason(kind: str, subtype: str, reason: str) -> None:
    notification = {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": kind,
            "bounceSubType": subtype,
            "bouncedRecipients": [
                {"emailAddress": "kijitora@example.jp", "action": "failed", "status": "5.0.0"}
            ],
            "timestamp": "2024-01-01T00:00:00.000Z",
            "reportingMTA": "dsn; a27-23.smtp-out.us-west-2.amazonses.com",
        },
    }
    raw = build(
        {"From": "no-reply@sns.amazonaws.com", "Subject": "AWS Notification Message"},
        json.dumps(notification),
    )
    [record] = analyze(raw, with_advice=False).recipients
    assert record.reason == reason
