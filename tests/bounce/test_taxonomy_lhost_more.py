"""The taxonomy's per-mail-system modules, second set (citation ``taxonomy-lhost``).

Texts of :data:`tests.bounce.taxonomy_lhost_more.LHOST_MORE` must be read as the reason
their module reads them as. The layouts the modules document (X6, Verizon, Zoho,
Google Groups) and the stages their wording names (X6, SendGrid) are tested
with bounces built here from that documentation, not corpus samples.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze
from postdesk.bounce.commands import command_in
from postdesk.bounce.finish import finish
from postdesk.bounce.result import Recipient
from tests.bounce.built_bounces import build
from tests.bounce.taxonomy import example
from tests.bounce.taxonomy_lhost_more import LHOST_MORE


@pytest.mark.parametrize("entry", LHOST_MORE, ids=lambda entry: f"{entry[0]}:{entry[1].strip()}")
def test_lhost_more_text_is_read_as_its_reason(entry: tuple[str, ...]) -> None:
    reason, parts = entry[0], entry[1:]
    got = finish(Recipient(address="a@example.org", diagnostic=example(parts))).reason
    assert got == reason, (entry, got)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        (
            "SMTP Server <mx.example.jp> rejected recipient <a@example.jp> "
            "(Error following RCPT command).",
            "RCPT",
        ),
        ("SMTP Server <mx.example.jp> rejected sender (Error following MAIL command).", "MAIL"),
        ("It responded as follows (Error following DATA command).", "DATA"),
        ("550 5.1.1 unknown user in RCPT TO", "RCPT"),
        ("550 5.7.1 sender refused in MAIL FROM", "MAIL"),
        ("554 5.7.1 message refused in End of DATA", "DATA"),
        ("the following error occurred", ""),
    ],
)
def test_module_stage_markers(text: str, command: str) -> None:
    assert command_in(text) == command


def _x6(paragraph: str) -> bytes:
    return build(
        {"From": "postmaster@example.jp", "Subject": "There was an error sending your mail"},
        f"""
We had trouble delivering your message. Full details follow:

Subject: 'Nyaan'
Date: 'Thu, 29 Apr 2012 23:34:45 +0000'

1 error(s):

{paragraph}

The attachment contains the original mail headers
""",
    )


def test_x6_rejected_recipient_paragraph() -> None:
    report = analyze(
        _x6(
            "SMTP Server <mta2.example.jp> rejected recipient <kijitora@example.jp>\n"
            "  (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]"
        ),
        with_advice=False,
    )
    assert report.origin == "x6"
    record = report.recipients[0]
    assert (record.address, record.command, record.reason) == (
        "kijitora@example.jp",
        "RCPT",
        "userunknown",
    )
    assert "Subject:" not in record.diagnostic  # the notice's own fields are not the reason


def test_x6_permanent_errors_line_names_the_recipient() -> None:
    report = analyze(
        _x6("The following recipients returned permanent errors: neko@example.jp."),
        with_advice=False,
    )
    assert [(r.address, report.origin) for r in report.recipients] == [("neko@example.jp", "x6")]


def test_x6_permanent_errors_line_carries_the_remote_reply() -> None:
    report = analyze(
        _x6(
            "The following recipients returned permanent errors: neko@example.jp. Reason: SMTP"
            " Server <192.0.2.2> refused it, with the following error message:"
            " [550 5.2.2 Mailbox full]"
        ),
        with_advice=False,
    )
    record = report.recipients[0]
    assert (record.address, record.reason) == ("neko@example.jp", "mailboxfull")
    assert report.origin == "x6"


def test_x6_needs_its_subject() -> None:
    raw = _x6("SMTP Server <mx.example.jp> rejected recipient <kijitora@example.jp>")
    raw = raw.replace(b"There was an error sending your mail", b"Returned mail")
    assert analyze(raw, with_advice=False).origin != "x6"


def test_verizon_message_details_names_only_the_envelope_recipient() -> None:
    raw = build(
        {"From": "sysadmin@mms.vzwpix.com", "Subject": "Undeliverable"},
        """
Error: No valid recipients

Message details:
  Subject: Test message
  Sent date: Wed Apr 29 23:34:45 GMT 2013
  MAIL FROM: shironeko@example.org
  RCPT TO: kijitora@vtext.com
  From: sabineko@example.com
""",
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "verizon"
    assert [(r.address, r.reason) for r in report.recipients] == [
        ("kijitora@vtext.com", "userunknown")
    ]


def test_verizon_original_message_to_is_the_recipient() -> None:
    raw = build(
        {"From": "post_master@vtext.com", "Subject": "Undeliverable"},
        """
Error: 550 - Requested action not taken: no such user here

Original Message:
From: shironeko@example.org
To: kijitora@vtext.com
Subject: Nyaan
""",
    )
    report = analyze(raw, with_advice=False)
    assert [(r.address, r.reason, report.origin) for r in report.recipients] == [
        ("kijitora@vtext.com", "userunknown", "verizon")
    ]


def _zoho(sender: str, line: str) -> bytes:
    return build(
        {"From": sender, "Subject": "Undelivered Mail", "X-ZohoMail": "Si Ai"},
        f"""
This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients.
This is a permanent error.

{line}

Received:from mail.example.org by mx.zohomail.com
""",
    )


def test_zoho_is_known_by_its_header() -> None:
    raw = _zoho(
        "mailer-daemon@mail.example.org",
        "kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1"
        " <kijitora@example.co.jp>... User Unknown",
    )
    report = analyze(raw, with_advice=False)
    assert report.origin == "zoho"
    assert [(r.address, r.reason) for r in report.recipients] == [
        ("kijitora@example.co.jp", "userunknown")
    ]


def test_zoho_host_not_reachable_is_expired() -> None:
    raw = _zoho(
        "mailer-daemon@zoho.com",
        "[Status: Error, Address: <kijitora@6kaku.example.co.jp>, ResponseCode 421, ,"
        " Host not reachable.]",
    )
    record = analyze(raw, with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("kijitora@6kaku.example.co.jp", "expired")


def _groups(bullets: str) -> bytes:
    return build(
        {
            "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Subject": "Delivery Status Notification (Failure)",
            "X-Failed-Recipients": "group-name@googlegroups.com",
            "X-Google-Smtp-Source": "APXvYqx67WVONuSclAC3Hck",
        },
        f"""
Hello kijitora@example.org,

We're writing to let you know that the group you tried to contact (group-name)
may not exist, or you may not have permission to post messages to the group.
A few more details on why you weren't able to post:

{bullets}

If you have questions related to this or any other Google Group,
visit the Help Center at https://groups.google.com/support/.

Thanks,

Google Groups

----- Original message -----
""",
    )


def test_google_groups_four_causes_is_rejected() -> None:
    bullets = (
        " * You might have spelled or formatted the group name incorrectly.\n"
        " * The owner of the group may have removed this group.\n"
        " * You may need to join the group before receiving permission to post.\n"
        " * This group may not be open to posting."
    )
    record = analyze(_groups(bullets), with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("group-name@googlegroups.com", "rejected")


def test_google_groups_without_the_four_causes_is_held() -> None:
    bullets = " * You may need to join the group before receiving permission to post."
    record = analyze(_groups(bullets), with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("group-name@googlegroups.com", "onhold")
