"""One small message per format family, each with the records it must give."""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze
from tests.bounce import built_bounces

# (case id, raw message, [(address, status, replycode, reason), ...])
CASES = [
    (
        "rfc3464-userunknown",
        built_bounces.dsn("5.1.1", "550 5.1.1 <kijitora@example.jp>... User Unknown"),
        [("kijitora@example.jp", "5.1.1", "550", "userunknown")],
    ),
    (
        "rfc3464-mailboxfull",
        built_bounces.dsn("5.2.2", "552 5.2.2 Mailbox full"),
        [("kijitora@example.jp", "5.2.2", "552", "mailboxfull")],
    ),
    (
        "rfc3464-rbl",
        built_bounces.dsn(
            "5.7.1",
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.example.org",
        ),
        [("kijitora@example.jp", "5.7.1", "554", "blocked")],
    ),
    (
        "rfc3464-delayed-temporary-dns",
        built_bounces.dsn(
            "4.4.3", "Host or domain name not found. Name service error", action="delayed"
        ),
        [("kijitora@example.jp", "4.4.3", "", "networkerror")],
    ),
    (
        "rfc3464-delivered",
        built_bounces.dsn("2.0.0", "250 2.0.0 OK queued", action="delivered"),
        [("kijitora@example.jp", "2.0.0", "250", "delivered")],
    ),
    (
        "rfc3464-user-unknown-after-data",
        built_bounces.dsn(
            "5.0.0",
            "550 Unknown user kijitora@example.jp",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.78] said: 550 Unknown user\n"
            "    kijitora@example.jp (in reply to end of DATA command)\n",
        ),
        [("kijitora@example.jp", "5.0.0", "550", "filtered")],
    ),
    (
        "qmail",
        built_bounces.QMAIL,
        [
            ("kijitora@example.jp", "5.1.1", "550", "userunknown"),
            ("mikeneko@example.net", "5.1.2", "", "hostunknown"),
        ],
    ),
    ("exim", built_bounces.EXIM, [("kijitora@example.jp", "5.2.2", "552", "mailboxfull")]),
    (
        "exim-refused-at-mail-from",
        built_bounces.EXIM_SENDER_REFUSED,
        [("kijitora@example.jp", "5.1.7", "550", "rejected")],
    ),
    (
        "sendmail-v5",
        built_bounces.SENDMAIL_V5,
        [("kijitora@example.jp", "5.0.911", "550", "userunknown")],
    ),
    (
        "gmail-text",
        built_bounces.GMAIL_TEXT,
        [("kijitora@example.jp", "5.2.2", "550", "mailboxfull")],
    ),
    (
        "google-groups",
        built_bounces.GOOGLE_GROUPS,
        [("nyaan@googlegroups.com", "5.0.918", "", "rejected")],
    ),
    ("ses-json", built_bounces.SES_JSON, [("kijitora@example.jp", "5.1.1", "550", "userunknown")]),
    ("ses-complaint", built_bounces.SES_COMPLAINT, [("kijitora@example.jp", "", "", "feedback")]),
    ("arf", built_bounces.ARF, [("kijitora@example.net", "", "", "feedback")]),
    ("rfc3834", built_bounces.VACATION, [("kijitora@example.jp", "", "", "vacation")]),
    (
        "dragonfly",
        built_bounces.DRAGONFLY,
        [("kijitora@example.jp", "5.1.1", "550", "userunknown")],
    ),
    (
        "exchange2003",
        built_bounces.EXCHANGE2003,
        [("kijitora@example.jp", "5.0.911", "", "userunknown")],
    ),
    (
        "gb2312-base64",
        built_bounces.gb2312_bounce(),
        [("kijitora@example.cn", "5.0.922", "550", "mailboxfull")],
    ),
    (
        "big5-qp-crlf",
        built_bounces.big5_qp_bounce(),
        [("kijitora@example.tw", "5.1.1", "550", "userunknown")],
    ),
    (
        "iso2022jp-cr",
        built_bounces.iso2022jp_bounce(),
        [("kijitora@example.ezweb.ne.jp", "5.0.922", "", "mailboxfull")],
    ),
    (
        "exchange-text",
        built_bounces.EXCHANGE_TEXT,
        [("kijitora@example.edu", "5.2.2", "550", "mailboxfull")],
    ),
    ("yahoo", built_bounces.YAHOO, [("kijitora@example.org", "5.1.1", "550", "userunknown")]),
    ("notes", built_bounces.NOTES, [("kijitora@example.co.jp", "5.0.911", "", "userunknown")]),
    (
        "forwarded-bounce",
        built_bounces.forwarded_bounce(),
        [("kijitora@example.jp", "5.1.1", "550", "userunknown")],
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_format(raw: bytes, expected: list[tuple[str, str, str, str]]) -> None:
    report = analyze(raw, with_advice=False)
    got = [(r.address, r.status, r.replycode, r.reason) for r in report.recipients]
    assert got == expected
    assert report.is_bounce
    assert report.error is None


def test_crlf_and_lf_read_alike() -> None:
    lf = built_bounces.dsn("5.1.1", "550 5.1.1 User unknown")
    crlf = lf.replace(b"\n", b"\r\n")
    cr = lf.replace(b"\n", b"\r")
    results = [analyze(raw, with_advice=False).recipients[0] for raw in (lf, crlf, cr)]
    assert len({(r.address, r.status, r.reason) for r in results}) == 1


def test_original_message_fields() -> None:
    report = analyze(built_bounces.dsn("5.1.1", "550 5.1.1 User unknown"), with_advice=False)
    assert report.message_id == "original-1@example.org"
    assert report.subject == "Nyaan"
    assert report.from_ == "shironeko@example.org"


def test_record_fields_from_report() -> None:
    record = analyze(built_bounces.dsn("5.1.1", "550 5.1.1 User unknown")).recipients[0]
    assert record.rhost == "mx.example.jp"
    assert record.action == "failed"
    assert record.hardbounce is True
    assert record.date == "Thu, 29 Apr 2021 23:45:32 +0900"
    assert record.diagnostic == "550 5.1.1 User unknown"


def test_not_a_bounce() -> None:
    report = analyze(built_bounces.NOT_A_BOUNCE)
    assert report.is_bounce is False
    assert report.recipients == []
    assert report.error is None


# A bounce forwarded inline to the desk: quoted with "> ", or under a client's own
# (Chinese) forward header block.
_INNER = """This is the mail system at host mx.example.org.

<kijitora@example.jp>: host mx.example.jp[192.0.2.5] said: 550 5.1.1
    <kijitora@example.jp>: Recipient address rejected: User unknown in local
    recipient table (in reply to RCPT TO command)
"""


@pytest.mark.parametrize(
    "body",
    [
        "Please help, what does this mean?\n\n"
        "---------- Forwarded message ---------\n"
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        "Date: Mon, 20 Mar 2023 10:00:00 +0800\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "To: <qian@example.org>\n\n" + _INNER,
        "看一下这个退信\n\n"
        "------------------ 原始邮件 ------------------\n"
        '发件人: "Mail Delivery System" <MAILER-DAEMON@mx.example.org>\n'
        "发送时间: 2023年3月20日(星期一) 上午10:00\n"
        "收件人: <qian@example.org>\n"
        "主题: Undelivered Mail Returned to Sender\n\n" + _INNER,
        "On Mon, Mar 20, 2023 Mail Delivery System wrote:\n"
        + "".join(
            f"> {line}\n"
            for line in (
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
                "Subject: Undelivered Mail Returned to Sender\n\n" + _INNER
            ).splitlines()
        ),
    ],
    ids=["gmail-forward", "foxmail-forward-zh", "quoted-reply"],
)
def test_bounce_forwarded_inline(body: str) -> None:
    raw = built_bounces.build(
        {"From": "qian@example.org", "To": "support@example.net", "Subject": "Fwd: 退信"}, body
    )
    report = analyze(raw, with_advice=False)
    assert [(r.address, r.reason, r.status, r.command) for r in report.recipients] == [
        ("kijitora@example.jp", "userunknown", "5.1.1", "RCPT")
    ]


def test_an_ordinary_forward_is_not_a_bounce() -> None:
    raw = built_bounces.build(
        {"From": "qian@example.org", "To": "support@example.net", "Subject": "Fwd: meeting"},
        "---------- Forwarded message ---------\nFrom: Li <li@example.cn>\n"
        "Subject: meeting\n\nSee you at ten.\n",
    )
    assert analyze(raw, with_advice=False).recipients == []


# Postfix's notice with no report part (bounce(5) default template; an inline forward keeps
# only this text): records start at "<address>:", their text goes on indented.
_POSTFIX_NOTICE = """This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<kijitora@example.jp>: host mx.example.jp[192.0.2.1] said: 552 5.2.2
    Mailbox full (in reply to end of DATA command)

<shironeko@example.net> (expanded from <neko@example.org>): host
    mx.example.net[192.0.2.2] said: 550 5.1.1 <shironeko@example.net>: Recipient
    address rejected: User unknown in virtual mailbox table (in reply to RCPT
    TO command)
<mikeneko@example.com>: connect to mx.example.com[192.0.2.3]:25: Connection refused
"""


def test_postfix_notice_without_report() -> None:
    headers = {
        "From": "MAILER-DAEMON@example.org (Mail Delivery System)",
        "To": "shironeko@example.org",
        "Subject": "Undelivered Mail Returned to Sender",
    }
    report = analyze(built_bounces.build(headers, _POSTFIX_NOTICE), with_advice=False)
    assert report.origin == "postfix"
    got = [(r.address, r.status, r.command, r.rhost, r.reason) for r in report.recipients]
    assert got == [
        ("kijitora@example.jp", "5.2.2", "DATA", "mx.example.jp", "mailboxfull"),
        ("shironeko@example.net", "5.1.1", "RCPT", "mx.example.net", "userunknown"),
        ("mikeneko@example.com", "5.0.947", "", "", "expired"),
    ]


@pytest.mark.parametrize("quote", ["", "> "])
def test_postfix_notice_forwarded_inline(quote: str) -> None:
    """A customer's inline forward keeps only the notice: every record is still read."""
    forwarded = (
        "What does this mean?\n\n---------- Forwarded message ---------\n"
        "From: Mail Delivery System <MAILER-DAEMON@example.org>\n"
        "Subject: Undelivered Mail Returned to Sender\nTo: <shironeko@example.org>\n\n"
        + _POSTFIX_NOTICE
    )
    body = "\n".join(quote + line for line in forwarded.splitlines())
    headers = {
        "From": "shironeko@example.org",
        "To": "support@example.net",
        "Subject": "Fwd: Undelivered Mail Returned to Sender",
    }
    report = analyze(built_bounces.build(headers, body), with_advice=False)
    assert [(r.address, r.reason) for r in report.recipients] == [
        ("kijitora@example.jp", "mailboxfull"),
        ("shironeko@example.net", "userunknown"),
        ("mikeneko@example.com", "expired"),
    ]


# Courier's notice without its report (its templates /etc/courier/dsnheader.txt and
# dsnfailed.txt, dsndelayed.txt): records under each section's heading.
_COURIER_NOTICE = """This is a delivery status notification from courier.example.org,
running the Courier mail server, version 1.0.16.

The original message was received on Mon, 07 Dec 2026 00:00:00 +0000
from localhost [127.0.0.1]

---------------------------------------------------------------------------

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

<kijitora@example.jp>:
    mx.example.jp [192.0.2.1]:
>>> RCPT TO:<kijitora@example.jp>
<<< 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown

<shironeko@example.net>:
    mx.example.net [192.0.2.2]:
>>> DATA
<<< 552 5.2.2 Mailbox full

---------------------------------------------------------------------------

                     DELAYS IN DELIVERING YOUR MESSAGE

The delivery of the following E-mail message has been delayed.

<mikeneko@example.com>:
    mx.example.com [192.0.2.3]:
>>> (initial greeting)
<<< 421 4.3.2 All server ports are busy

---------------------------------------------------------------------------
"""


def test_courier_notice_without_report() -> None:
    headers = {
        "From": "Courier mail server at courier.example.org <@>",
        "To": "shironeko@example.org",
        "Subject": "NOTICE: mail delivery status.",
    }
    report = analyze(built_bounces.build(headers, _COURIER_NOTICE), with_advice=False)
    assert report.origin == "courier"
    got = [(r.address, r.status, r.command, r.action, r.reason) for r in report.recipients]
    assert got == [
        ("kijitora@example.jp", "5.1.1", "RCPT", "failed", "userunknown"),
        ("shironeko@example.net", "5.2.2", "DATA", "failed", "mailboxfull"),
        # X.3.2 read as the taxonomy's status lib reads it (notaccept), in either class
        ("mikeneko@example.com", "4.3.2", "CONN", "delayed", "notaccept"),
    ]


def test_courier_notice_forwarded_inline() -> None:
    forwarded = (
        "Please help.\n\n-------- Forwarded Message --------\n"
        "Subject: NOTICE: mail delivery status.\n"
        "From: Courier mail server at courier.example.org <@>\n"
        "To: shironeko@example.org\n\n" + _COURIER_NOTICE
    )
    headers = {
        "From": "shironeko@example.org",
        "To": "support@example.net",
        "Subject": "Fwd: NOTICE: mail delivery status.",
    }
    report = analyze(built_bounces.build(headers, forwarded), with_advice=False)
    assert [(r.address, r.reason) for r in report.recipients] == [
        ("kijitora@example.jp", "userunknown"),
        ("shironeko@example.net", "mailboxfull"),
        ("mikeneko@example.com", "notaccept"),
    ]


# Sendmail's notice without its report (a forward keeps only the text): the addresses under
# savemail.c's "had permanent fatal errors" heading are all failures, each with its
# "(reason: ...)"; the transcript's verdict lines add the command where they name one.
_SENDMAIL_NOTICE = """The original message was received at Mon, 7 Dec 2026 00:00:00 +0900
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<kijitora@example.jp>
    (reason: 550 5.1.1 <kijitora@example.jp>... User unknown)
<shironeko@example.net>
    (reason: 552 5.2.2 Mailbox full)

   ----- Transcript of session follows -----
... while talking to mx.example.jp.:
>>> RCPT To:<kijitora@example.jp>
<<< 550 5.1.1 <kijitora@example.jp>... User unknown
550 5.1.1 <kijitora@example.jp>... User unknown
... while talking to mx.example.net.:
>>> DATA
<<< 552 5.2.2 Mailbox full
554 5.0.0 Service unavailable
"""


def test_sendmail_notice_without_report() -> None:
    headers = {
        "From": "Mail Delivery Subsystem <MAILER-DAEMON@example.org>",
        "To": "shironeko@example.org",
        "Subject": "Returned mail: see transcript for details",
    }
    report = analyze(built_bounces.build(headers, _SENDMAIL_NOTICE), with_advice=False)
    assert report.origin == "sendmail"
    got = [(r.address, r.status, r.command, r.reason) for r in report.recipients]
    assert got == [
        ("kijitora@example.jp", "5.1.1", "RCPT", "userunknown"),
        ("shironeko@example.net", "5.2.2", "", "mailboxfull"),
    ]


def test_gmail_boxed_notice_reply_after_either_marker() -> None:
    """Gmail's boxed notice puts the remote reply after "The response was:" or "The
    response from the remote server was:"; the reply comes first in the record's text (the
    notice's own sentences follow it)."""
    body = (
        "** Message blocked **\n\nYour message to kijitora@example.jp has been blocked.\n\n"
        "The response from the remote server was:\n552 5.7.0 This message was blocked because"
        " its content presents a potential security issue. - gsmtp\n"
    )
    headers = {
        "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "To": "shironeko@example.org",
        "Subject": "Delivery Status Notification (Failure)",
        "X-Failed-Recipients": "kijitora@example.jp",
    }
    (record,) = analyze(built_bounces.build(headers, body), with_advice=False).recipients
    assert record.diagnostic.startswith("552 5.7.0 This message was blocked")
    assert (record.replycode, record.status) == ("552", "5.7.0")


def test_au_only_for_au_domains() -> None:
    """ "au.com" inside another domain ("bureau.com") is not au by KDDI: its parser, which
    reads a notice's own verdict, must not take that domain's reports."""
    raw = built_bounces.dsn("5.1.1", "550 5.1.1 <kijitora@example.jp>... User Unknown")
    raw = raw.replace(b"MAILER-DAEMON@example.org", b"MAILER-DAEMON@bureau.com")
    report = analyze(raw, with_advice=False)
    assert (report.origin, [r.reason for r in report.recipients]) == ("rfc3464", ["userunknown"])
