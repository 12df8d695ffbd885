"""The SMTP command a refusal answered, in each mail system's own words.

Each text is the wording the mail system's source or documentation gives (cited in
``postdesk.bounce.commands``); the last command named is the one the session failed at.
"""

from __future__ import annotations

import re

import pytest

from postdesk.bounce.commands import _MARKERS, command_in, literal_first

CASES = [
    # Postfix smtp(8)
    ("host mx.example.jp said: 550 5.1.1 unknown (in reply to RCPT TO command)", "RCPT"),
    ("host mx.example.jp said: 554 5.7.1 spam (in reply to end of DATA command)", "DATA"),
    ("host mx.example.jp said: 553 5.1.8 sender (in reply to MAIL FROM command)", "MAIL"),
    ("host mx.example.jp refused to talk to me: 554 go away", "CONN"),
    ("lost connection with mx.example.jp[192.0.2.1] while performing the EHLO handshake", "EHLO"),
    # STARTTLS is its own command (RFC 3207 section 4; the taxonomy's command lib)
    (
        "conversation with mx.example.jp timed out while receiving the STARTTLS response",
        "STARTTLS",
    ),
    (
        "host mx.example.jp said: 454 4.7.0 TLS not available (in reply to STARTTLS command)",
        "STARTTLS",
    ),
    ("host mx.example.jp said: 550 5.7.1 no (in reply to EHLO command)", "EHLO"),
    (
        "SMTP error from remote mail server after STARTTLS: 454 TLS currently unavailable",
        "STARTTLS",
    ),
    ("Remote host closed connection in response to STARTTLS", "STARTTLS"),
    (
        "... while talking to mx.example.jp.:\n>>> STARTTLS\n<<< 454 4.7.0 TLS not available",
        "STARTTLS",
    ),
    ("conversation with mx.example.jp timed out while sending end of data", "DATA"),
    # Exim transports/smtp.c
    ("SMTP error from remote mail server after RCPT TO:<a@example.jp>: 550 unknown", "RCPT"),
    ("SMTP error from remote mail server after pipelined MAIL FROM:<> SIZE=1: 550 no", "MAIL"),
    ("SMTP error from remote mail server after end of data: 554 5.7.1 spam", "DATA"),
    ("SMTP error from remote mail server after BDAT 1234 LAST: 554 5.7.1 spam", "DATA"),
    ("SMTP error from remote mail server after initial connection: 554 go away", "CONN"),
    ("Remote host closed connection in response to RCPT TO:<a@example.jp>", "RCPT"),
    ("Malformed SMTP reply in response to end of data: 2", "DATA"),
    ("SMTP timeout after RCPT TO:<a@example.jp>", "RCPT"),
    # qmail-remote.c
    (
        "192.0.2.1 does not like recipient. Remote host said: 550 5.1.1 unknown user."
        " Giving up on 192.0.2.1.",
        "RCPT",
    ),
    ("Connected to 192.0.2.1 but sender was rejected.", "MAIL"),
    ("192.0.2.1 failed after I sent the message.", "DATA"),
    # Sendmail and Courier transcripts: the command sent last before the reply
    (">>> MAIL From:<a@example.org>\n<<< 250 ok\n>>> RCPT To:<b@example.jp>\n<<< 550 no", "RCPT"),
    (">>> DATA\n<<< 554 no", "DATA"),
    # Nothing said about the stage
    ("550 5.1.1 user unknown", ""),
]


@pytest.mark.parametrize(("text", "command"), CASES, ids=[c[0][:40] for c in CASES])
def test_command_named(text: str, command: str) -> None:
    assert command_in(text) == command


@pytest.mark.parametrize(
    "text",
    [
        "after data",
        "x after data; xafter data; _after rcpt to; 1after mail from; -after ehlo",
        "in response to rcpt to xin response to data .in response to bdat",
        ">>> rcpt to:<a@b> x>>> mail from: >>>> data \t>>> . ;>>> (initial greeting)",
        "smtp:rcpt xsmtp:data (smtp:mail é smtp:rcpt éafter data",
        "ǅafter data ١after data",  # a title-case letter and an Arabic digit are word characters
    ],
)
def test_literal_first_patterns_match_where_the_table_patterns_do(text: str) -> None:
    """Every marker pattern, rewritten to begin with a literal, finds the same matches."""
    for _anchor, pattern, _command, _source in _MARKERS:
        original = [m.span() for m in re.finditer(pattern, text)]
        assert [m.span() for m in re.finditer(literal_first(pattern), text)] == original, pattern
