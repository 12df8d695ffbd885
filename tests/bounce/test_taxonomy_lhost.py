"""The taxonomy's per-mail-system modules (citation ``taxonomy-lhost``), as postdesk reads them.

Each text of :data:`tests.bounce.taxonomy.LHOST` is one a mail system writes and its
module reads as a reason; postdesk's phrases must read it the same (or say why not).
Exchange's own failure codes, the Gmail "(state N)" stages and 1&1's "TEXT command"
are read by the parsers and the command table; each is tested here with a bounce built
from the module's documented layout, not a corpus sample.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze
from postdesk.bounce.citations import SOURCES
from postdesk.bounce.commands import command_in
from postdesk.bounce.finish import finish
from postdesk.bounce.reasons import CATALOGUE
from postdesk.bounce.result import Recipient
from tests.bounce.built_bounces import build
from tests.bounce.taxonomy import LHOST, example

# Texts postdesk reads otherwise, with what outranks the module there.
READ_OTHERWISE: dict[tuple[str, ...], str] = {}


@pytest.mark.parametrize("entry", LHOST, ids=lambda entry: f"{entry[0]}:{entry[1].strip()}")
def test_lhost_text_is_read_as_its_reason(entry: tuple[str, ...]) -> None:
    reason, parts = entry[0], entry[1:]
    got = finish(Recipient(address="a@example.org", diagnostic=example(parts))).reason
    if entry in READ_OTHERWISE:
        assert got != reason, f"{entry} now agrees: take it off READ_OTHERWISE"
    else:
        assert got == reason, (entry, got)


def test_lhost_phrases_cite_the_modules() -> None:
    cited = [
        entry
        for reason in CATALOGUE.values()
        for entry in reason.phrases
        if entry.source == "taxonomy-lhost"
    ]
    assert "taxonomy-lhost" in SOURCES and len(cited) >= 40


def _exchange2007(code_line: str) -> bytes:
    """Exchange 2007's plain notice as the module documents it (the admin section's code line)."""
    return build(
        {"From": "postmaster@example.edu", "Subject": "Undeliverable: Nyaan"},
        f"""
Delivery has failed to these recipients or groups:

kijitora@example.edu<mailto:kijitora@example.edu>
The message could not be delivered.

Diagnostic information for administrators:

Generating server: mx.example.edu

kijitora@example.edu
#{code_line} ##

Original message headers:
""",
    )


@pytest.mark.parametrize(
    ("code_line", "reason"),
    [
        ("550 5.1.4 RESOLVER.ADR.Ambiguous; ambiguous address", "systemerror"),
        ("550 5.2.0 RESOLVER.ADR.BadPrimary; bad primary address", "systemerror"),
        ("550 5.1.0 RESOLVER.ADR.InvalidInSmtp; invalid address", "systemerror"),
        ("550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized", "rejected"),
        ("554 5.4.4 SMTPSEND.DNS.MxLoopback; DNS records in a loop", "networkerror"),
        ("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "userunknown"),
    ],
)
def test_exchange2007_ndr_code_decides(code_line: str, reason: str) -> None:
    record = analyze(_exchange2007(code_line), with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("kijitora@example.edu", reason)


def _exchange2003(code: str, text: str) -> bytes:
    """Exchange 2003's notice as the module documents it: Your message / To / MSEXCH line."""
    return build(
        {"From": "postmaster@example.co.jp", "Subject": "Undeliverable: Nyaan"},
        f"""
Your message

  To:      kijitora@example.co.jp
  Subject: Nyaan
  Sent:    Thu, 29 Apr 2010 18:14:35 +0000

did not reach the following recipient(s):

kijitora@example.co.jp on Thu, 29 Apr 2010 18:14:35 +0000
    The recipient could not be reached
    MSEXCH:IMS:KIJITORA CAT:EXAMPLE:EXCHANGE 0 ({code}) {text}
""",
    )


@pytest.mark.parametrize(
    ("code", "text", "reason"),
    [
        ("000C0595", "Ambiguous Recipient", "filtered"),
        ("00010256", "Too many recipients", "systemerror"),
        ("000D06B5", "No proxy for recipient", "systemerror"),
        ("00120270", "Too Many Hops", "networkerror"),
        ("000502CC", "Conversion to Internet format failed", "contenterror"),
        ("000B0981", "502 Server does not support AUTH", "securityerror"),
        ("000C05A6", "Unknown Recipient", "userunknown"),
    ],
)
def test_exchange2003_msexch_code_decides(code: str, text: str, reason: str) -> None:
    record = analyze(_exchange2003(code, text), with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("kijitora@example.co.jp", reason)


def test_exchange2003_unknown_code_leaves_the_words() -> None:
    record = analyze(_exchange2003("0000FFFF", "Unknown Recipient"), with_advice=False)
    assert record.recipients[0].reason == "userunknown"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("550 550 5.1.1 <a@example.jp>... User Unknown (state 14).", "RCPT"),
        ("554 554 5.7.0 Header error (state 18).", "DATA"),
        ("550 550 Unknown user a@example.jp (state 18).", "DATA"),
        ("550 550 5.7.1 SPF unauthorized mail is prohibited. (state 15).", "DATA"),
        ("550 550 <a@example.jp> No such user here (state 17).", "DATA"),
        ("550 550 5.7.1 <a@example.jp>... Access denied (state 13).", "EHLO"),
        ("500 Remote server does not support TLS (state 6).", "MAIL"),
        ("535 SMTP AUTH failed with the remote server. (state 8).", ""),
        ("SMTP error from remote server for TEXT command, host: mx.example.fr", "DATA"),
        ("the state 14 of the art", ""),
    ],
)
def test_lhost_command_markers(text: str, command: str) -> None:
    assert command_in(text) == command


def test_gmail_state_18_is_the_filter_after_data() -> None:
    """Gmail's older notice: "Unknown user ... (state 18)" was refused after DATA."""
    raw = build(
        {
            "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Subject": "Delivery Status Notification (Failure)",
        },
        """
Delivery to the following recipient failed permanently:

     kijitora@example.jp

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the recipient domain.
We recommend contacting the other email provider for further information about the
cause of this error. The error that the other server returned was:
550 550 Unknown user kijitora@example.jp (state 18).

----- Original message -----
""",
    )
    record = analyze(raw, with_advice=False).recipients[0]
    assert (record.command, record.reason) == ("DATA", "filtered")


def _gmail_notice(reply: str) -> bytes:
    return build(
        {
            "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Subject": "Delivery Status Notification (Failure)",
        },
        f"""
Delivery to the following recipient failed permanently:

     kijitora@example.jp

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the recipient domain.
We recommend contacting the other email provider for further information about the
cause of this error. The error that the other server returned was:
{reply}

----- Original message -----
""",
    )


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        # via-gmail.go's state table: the stage's reason is final for the taxonomy
        ("554 554 5.7.0 Header error (state 18).", "filtered"),
        ("550 550 5.7.0 Message refused (state 15).", "filtered"),
        ("550 550 Access denied (state 13).", "blocked"),
        ("500 Remote server does not support TLS (state 6).", "failedstarttls"),
        # a status code that is not an X.N.0 one decides instead, as in the module
        ("552 552 5.2.2 <kijitora@example.jp>... Mailbox Full (state 18).", "mailboxfull"),
        # state 14's userunknown is one the taxonomy decides again: the words and code decide
        ("550 550 5.2.2 <kijitora@example.jp>... Mailbox Full (state 14).", "mailboxfull"),
    ],
)
def test_gmail_state_table_reasons(reply: str, reason: str) -> None:
    record = analyze(_gmail_notice(reply), with_advice=False).recipients[0]
    assert record.reason == reason


def _imail_notice(line: str) -> bytes:
    return build(
        {
            "From": "Mail Delivery System <postmaster@example.jp>",
            "Subject": "Undeliverable Mail",
            "X-Mailer": "<SMTP32 v8.22>",
        },
        f"""
{line}

Original message follows.

From: sender@example.org
Subject: hello
""",
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # via-imailserver.go: IMail's own line texts, the reporting server's verdict
        ("Unknown user: kijitora@example.jp", "userunknown"),
        ("User mailbox exceeds allowed size: kijitora@example.jp", "mailboxfull"),
        ("Unknown host: kijitora@example.jp", "hostunknown"),
        ("Requested action not taken: virus detected: kijitora@example.jp", "virusdetected"),
    ],
)
def test_imail_own_texts_decide(line: str, reason: str) -> None:
    record = analyze(_imail_notice(line), with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("kijitora@example.jp", reason)


def _boxed_gmail_notice(heading: str, sentence: str, response: str) -> bytes:
    return build(
        {
            "From": "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            "Subject": "Delivery Status Notification (Failure)",
            "X-Failed-Recipients": "kijitora@example.jp",
        },
        f"""** {heading} **

{sentence}

The response was:

{response}

----- Original message -----
""",
    )


def test_google_workspace_notice_sentence_counts_with_the_reply() -> None:
    # via-googleworkspace.go reads the whole notice; the taxonomy's rejected index lists its
    # 'Send mail as' sentence ("sending this from a different address or alias using the")
    raw = _boxed_gmail_notice(
        "Message not delivered",
        "You're sending this from a different address or alias using the 'Send mail as'"
        " feature. The settings for your 'Send mail as' account are misconfigured or out of"
        " date. Check those settings and try resending.",
        "Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability",
    )
    record = analyze(raw, with_advice=False).recipients[0]
    assert (record.address, record.reason) == ("kijitora@example.jp", "rejected")


def test_boxed_gmail_notice_reply_still_decides() -> None:
    raw = _boxed_gmail_notice(
        "Address not found",
        "Your message wasn't delivered to kijitora@example.jp because the address couldn't be"
        " found, or is unable to receive mail.",
        "550 5.1.1 The email account that you tried to reach does not exist.",
    )
    record = analyze(raw, with_advice=False).recipients[0]
    assert (record.status, record.reason) == ("5.1.1", "userunknown")
