"""Formats recognised by their documented markers, not by one corpus sample's strings.

Each message here is built from the mail system's documented layout (its source or
manual, cited with the parser), with other recipients, replies and line endings than
the corpus sample that first taught the parser, and asserts recipient, status, reply
code and reason. Delay warnings must come out as ``delayed``, never as failures.
"""

from __future__ import annotations

import pytest

from postdesk.bounce.engine import analyze
from tests.bounce.built_bounces import build

Row = tuple[str, str, str, str, str]  # address, status, reply code, reason, action


def _rows(raw: bytes) -> list[Row]:
    report = analyze(raw, with_advice=False)
    return [(r.address, r.status, r.replycode, r.reason, r.action) for r in report.recipients]


def _quoted(raw: bytes, newline: str = "\n") -> bytes:
    """``raw`` forwarded inline by a customer, every line quoted with "> "."""
    inner = raw.decode("utf-8").replace("\r\n", "\n")
    body = "Please see the message below.\n\n" + "".join(
        f"> {line}\n" for line in inner.splitlines()
    )
    return build(
        {"From": "qian@example.org", "To": "support@example.net", "Subject": "Fwd: 退信?"},
        body,
        newline=newline,
    )


# --- Delay warnings: nothing has failed yet, the message is still being retried ------------

# Postfix's built-in delay template (bounce(5)), under a Subject the site translated.
_POSTFIX_DELAY = """This is the mail system at host mx.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<mikeneko@example.net>: host mx.example.net[192.0.2.7] said: 451 4.3.0
    Temporary local problem, please try again later (in reply to end of DATA
    command)
"""

# Exim's delay warning (deliver.c), Subject changed by warn_message_file, two addresses.
_EXIM_DELAY = """This message was created automatically by mail delivery software.

A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.org.

The message identifier is:     1q2w3e-000Abc-00
The subject of the message is: Nyaan
The date of the message is:    Mon, 20 Mar 2023 10:00:00 +0800

The addresses to which the message has not yet been delivered are:

  sabineko@example.jp
    host mx.example.jp [192.0.2.20]
    Delay reason: SMTP error from remote mail server after RCPT TO:<sabineko@example.jp>:
    452 4.2.2 <sabineko@example.jp>: Mailbox full, try again later
  tora@example.com
    host mx.example.com [192.0.2.30]
    Delay reason: SMTP error from remote mail server after RCPT TO:<tora@example.com>:
    450 4.1.1 <tora@example.com>: Recipient address rejected: User unknown in
    local recipient table

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
"""

_POSTFIX_DELAY_ROWS = [("mikeneko@example.net", "4.3.0", "451", "systemerror", "delayed")]
_EXIM_DELAY_ROWS = [
    ("sabineko@example.jp", "4.2.2", "452", "mailboxfull", "delayed"),
    ("tora@example.com", "4.1.1", "450", "userunknown", "delayed"),
]


def _postfix_delay(newline: str = "\n") -> bytes:
    return build(
        {
            "From": "MAILER-DAEMON@mx.example.org (Mail Delivery System)",
            "To": "shironeko@example.org",
            "Subject": "邮件延迟投递通知",
        },
        _POSTFIX_DELAY,
        newline=newline,
    )


def _exim_delay(newline: str = "\n") -> bytes:
    return build(
        {
            "From": "Mail Delivery System <Mailer-Daemon@mx.example.org>",
            "To": "shironeko@example.org",
            "Subject": "Zustellung verzoegert",
        },
        _EXIM_DELAY,
        newline=newline,
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_postfix_delay_warning_known_by_its_text(newline: str) -> None:
    assert _rows(_postfix_delay(newline)) == _POSTFIX_DELAY_ROWS


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_exim_delay_warning_known_by_its_text(newline: str) -> None:
    report = analyze(_exim_delay(newline), with_advice=False)
    assert report.origin == "exim"
    assert _rows(_exim_delay(newline)) == _EXIM_DELAY_ROWS
    # The record's text is the underlying reply, not the notice's introduction.
    assert report.recipients[0].diagnostic.startswith("host mx.example.jp")
    assert "No action is required" not in report.recipients[1].diagnostic


def test_quoted_forwarded_delay_warnings_stay_delays() -> None:
    assert _rows(_quoted(_postfix_delay())) == _POSTFIX_DELAY_ROWS
    assert _rows(_quoted(_exim_delay(), newline="\r\n")) == _EXIM_DELAY_ROWS


def test_sendmail_warning_banner_marks_a_delay() -> None:
    # Sendmail's warning banner (savemail.c) under a Subject the site changed.
    raw = build(
        {
            "From": "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>",
            "Subject": "Returned mail: warning",
        },
        """    **********************************************
    **      THIS IS A WARNING MESSAGE ONLY      **
    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **
    **********************************************

The original message was received at Mon, 20 Mar 2023 10:00:00 +0800
from localhost [127.0.0.1]

   ----- The following addresses had transient non-fatal errors -----
<kijitora@example.jp>

   ----- Transcript of session follows -----
... while talking to mx.example.jp.:
>>> RCPT To:<kijitora@example.jp>
<<< 450 4.2.1 <kijitora@example.jp>: mailbox temporarily disabled
<kijitora@example.jp>... Deferred: 450 4.2.1 <kijitora@example.jp>: mailbox temporarily disabled
""",
    )
    assert [row[0] for row in _rows(raw)] == ["kijitora@example.jp"]
    assert {row[4] for row in _rows(raw)} == {"delayed"}
    assert {row[1][:1] for row in _rows(raw)} == {"4"}


def test_a_failure_notice_is_not_a_delay() -> None:
    # Exim's failure text: permanent, no warning wording.
    raw = build(
        {
            "From": "Mail Delivery System <Mailer-Daemon@mx.example.org>",
            "Subject": "Zustellung fehlgeschlagen",
            "X-Failed-Recipients": "tora@example.com",
        },
        """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  tora@example.com
    host mx.example.com [192.0.2.30]
    SMTP error from remote mail server after RCPT TO:<tora@example.com>:
    550 5.1.1 <tora@example.com>: Recipient address rejected: User unknown
""",
    )
    assert _rows(raw) == [("tora@example.com", "5.1.1", "550", "userunknown", "")]


# --- Ipswitch IMail: known by its X-Mailer, "<reason>: <address>" lines --------------------


def _imail(newline: str = "\n", mailer: str = "<SMTP32 v10.05>") -> bytes:
    headers = {
        "From": '"Postmaster" <postmaster@mail.example.org>',
        "To": "<shironeko@example.org>",
        "Subject": "Undeliverable Mail",
    }
    if mailer:
        headers["X-Mailer"] = mailer
    return build(
        headers,
        """Unknown user: kijitora@example.com
User mailbox exceeds allowed size: mikeneko@example.net


Original message follows.

From: shironeko@example.org
To: kijitora@example.com, mikeneko@example.net
Subject: Nyaan
X-Mailer: Thunderbird

Nyaan
""",
        newline=newline,
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_imail_known_by_its_x_mailer(newline: str) -> None:
    report = analyze(_imail(newline), with_advice=False)
    assert report.origin == "imailserver"
    assert _rows(_imail(newline)) == [
        ("kijitora@example.com", "5.0.911", "", "userunknown", ""),
        ("mikeneko@example.net", "5.0.922", "", "mailboxfull", ""),
    ]
    assert [r.diagnostic for r in report.recipients] == [
        "Unknown user",
        "User mailbox exceeds allowed size",
    ]


def test_imail_lines_without_its_x_mailer_are_not_imail() -> None:
    assert analyze(_imail(mailer=""), with_advice=False).origin != "imailserver"


# --- m-FILTER: known by its X-Mailer; every address of its introduction ----------------------


def _mfilter(newline: str = "\n") -> bytes:
    body = """Notice from the mail gateway of example.co.jp.
Please contact the administrator (postmaster@example.co.jp) with any question
about this message; quote the identifier below when you do.

The message could not be sent to the following addresses:
kijitora@example.org
mikeneko@example.net


-------server message
452 4.5.3 Too many recipients

-------SMTP command
RCPT TO:<mikeneko@example.net>

-------original message
From: shironeko@example.co.jp
To: kijitora@example.org, mikeneko@example.net
Subject: Nyaan
"""
    return build(
        {
            "From": "POSTMASTER <postmaster@example.co.jp>",
            "To": "shironeko@example.co.jp",
            "Subject": "failure notice",
            "X-Mailer": "m-FILTER",
        },
        body,
        newline=newline,
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_mfilter_known_by_its_x_mailer_with_several_recipients(newline: str) -> None:
    report = analyze(_mfilter(newline), with_advice=False)
    assert report.origin == "mfilter"
    assert [(r.address, r.status, r.replycode, r.command) for r in report.recipients] == [
        ("kijitora@example.org", "4.5.3", "452", "RCPT"),
        ("mikeneko@example.net", "4.5.3", "452", "RCPT"),
    ]
    # RFC 3463 X.5.3 (too many recipients), under the taxonomy's name
    assert {r.reason for r in report.recipients} == {"toomanyconn"}


# --- Exchange 5.5/2000/2003: the knowledge base's other introductions, quoted addresses ------

_EXCHANGE_OLD = """Your message did not reach some or all of the intended recipients.

      Subject:  Nyaan
      Sent:     3/20/2003 10:57 AM

The following recipient(s) could not be reached:

      'kijitora@example.com' on 3/20/2003 10:58:39 AM
            The recipient name is not recognized
            MSEXCH:IMS:Example:HQ:MAIL01 0 (000C05A6) Unknown Recipient

      'mikeneko@example.net' on 3/20/2003 10:58:40 AM
            A syntax error was detected in the content of the message
            MSEXCH:IMC:Example:HQ:MAIL01
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_exchange_knowledge_base_form(newline: str) -> None:
    raw = build(
        {
            "From": "System Administrator <postmaster@example.com>",
            "Subject": "Undeliverable: Nyaan",
        },
        _EXCHANGE_OLD,
        newline=newline,
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "exchange2003"
    assert _rows(raw) == [
        ("kijitora@example.com", "5.0.911", "", "userunknown", ""),
        ("mikeneko@example.net", "5.0.902", "", "syntaxerror", ""),
    ]
    # The date after "on" (with its AM/PM) is not part of the text.
    assert report.recipients[0].diagnostic.startswith("The recipient name is not recognized")


def test_plain_text_notice_with_quoted_addresses_keeps_whole_domains() -> None:
    raw = build(
        {"From": "MAILER-DAEMON@mx.example.org", "Subject": "Undeliverable mail"},
        """Your message could not be delivered to the following addresses:

  'kijitora@mail.example.com': 550 5.1.1 User unknown
  "mikeneko@example.net": 552 5.2.2 Mailbox full.
""",
    )
    assert _rows(raw) == [
        ("kijitora@mail.example.com", "5.1.1", "550", "userunknown", ""),
        ("mikeneko@example.net", "5.2.2", "552", "mailboxfull", ""),
    ]


# --- Apache James: every RCPT TO of the message details ----------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_apache_james_lists_every_recipient(newline: str) -> None:
    # James's notifier: the first recipient after "  RCPT TO: ", the others on lines of
    # their own below it; the error it relays answered the whole message (DATA).
    raw = build(
        {"From": "MAILER-DAEMON@james.example.org", "Subject": "Undelivered mail"},
        """Hi. This is the James mail server at james.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

Error message below:
552 5.2.2 Mailbox full

Message details:
  Subject: Nyaan
  Sent date: Mon Mar 20 10:00:00 CST 2023
  MAIL FROM: shironeko@example.org
  RCPT TO: kijitora@example.jp
           mikeneko@example.net
  From: shironeko@example.org
  To: kijitora@example.jp mikeneko@example.net
  Size (in bytes): 1024
""",
        newline=newline,
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "apachejames"
    assert [(r.address, r.status, r.replycode, r.reason, r.command) for r in report.recipients] == [
        ("kijitora@example.jp", "5.2.2", "552", "mailboxfull", "DATA"),
        ("mikeneko@example.net", "5.2.2", "552", "mailboxfull", "DATA"),
    ]


# --- Google Groups: a Workspace customer's group has the customer's own domain ---------------

_GROUPS_NOTICE = """Hello shironeko@example.org,

We're writing to let you know that the group you tried to contact (sales) may not exist,
or you may not have permission to post messages to the group. A few more details on why
you weren't able to post:

 * You might have spelled or formatted the group name incorrectly.
 * The owner of the group may have removed this group.
 * You may need to join the group before receiving permission to post.
 * This group may not be open to posting.

If you have questions related to this or any other Google Group, visit the Help Center at
https://groups.google.com/support/.

Thanks,

Google Groups



----- Original message -----

From: shironeko@example.org
To: sales@example.com
Subject: Nyaan
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_google_groups_notice_for_a_workspace_group(newline: str) -> None:
    raw = build(
        {
            "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Subject": "Delivery Status Notification (Failure)",
            "X-Failed-Recipients": "sales@example.com",
        },
        _GROUPS_NOTICE,
        newline=newline,
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "googlegroups"
    assert _rows(raw) == [("sales@example.com", "5.0.918", "", "rejected", "")]


@pytest.mark.parametrize("prefix", ["> > ", ">", ">> "], ids=["nested", "no-space", "double"])
def test_bounce_quoted_in_other_ways_is_read(prefix: str) -> None:
    inner = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        "Subject: Undelivered Mail Returned to Sender\n\n" + _POSTFIX_DELAY
    )
    body = "Why?\n\n" + "".join(f"{prefix}{line}\n" for line in inner.splitlines())
    raw = build({"From": "qian@example.org", "Subject": "Re: help"}, body, newline="\r\n")
    assert _rows(raw) == _POSTFIX_DELAY_ROWS
