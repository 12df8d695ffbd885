"""Reason phrases for the newer reasons, each from a published text (issue 14, item 5).

Each line is a reply as an RFC, a mail system's documentation or source, or a
provider's published error page words it (the comment next to the phrase in
the reason file names the source); none is taken from a corpus sample. The
lines are read on their own (``explain``), with no provider host around them,
so what decides is the reason files' wording.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import explain

LINES = [
    # requireptr
    (
        # (Gmail's 4.7.23 text; the code itself, RFC 7372's "SPF validation failed", is
        # read Google's way only in Gmail's own replies: test_rhost_published)
        "The sending IP address for this message doesn't have a PTR record, or"
        " the PTR record's forward DNS entry doesn't match the sending IP address.",
        "requireptr",
    ),
    (
        "550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records"
        " and authentication.",
        "requireptr",
    ),
    (
        "550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse"
        " DNS record",
        "requireptr",
    ),
    ("554-Bad DNS PTR resource record.", "requireptr"),
    ("550 5.7.1 Fix reverse DNS for 192.0.2.1", "requireptr"),
    ("450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", "requireptr"),
    # notaccept
    ("556 5.1.10 Recipient address has null MX", "notaccept"),
    ("550 5.1.10 example.jp has a null MX record", "notaccept"),
    ("No MX found for domain example.jp", "notaccept"),
    ("556 5.1.10 The domain example.jp does not accept mail", "notaccept"),
    # badreputation
    (
        "550 5.7.28 There is an unusual rate of unsolicited email originating from your IP"
        " address.",
        "badreputation",
    ),
    (
        "421 4.7.0 This message is suspicious due to the very low reputation of the sending"
        " IP address.",
        "badreputation",
    ),
    (
        "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP"
        " reputation.",
        "badreputation",
    ),
    ("550 Poor Reputation Sender", "badreputation"),
    # notcompliantrfc
    (
        "550 5.7.1 Messages missing a valid address in the From: header, or having no From:"
        " header, are not accepted.",
        "notcompliantrfc",
    ),
    ("550 5.7.1 Messages missing a valid Message-ID: header are not accepted.", "notcompliantrfc"),
    (
        "550 5.7.1 This message is not RFC 5322 compliant because it has duplicate headers.",
        "notcompliantrfc",
    ),
    (
        "550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers.",
        "notcompliantrfc",
    ),
    (
        "550 5.7.1 The message contains a unicode character in a disallowed header.",
        "notcompliantrfc",
    ),
    (
        "550 5.7.1 Encoded-word syntax is not permitted in message header From.",
        "notcompliantrfc",
    ),
    (
        "554 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which"
        " cannot be sent via DATA",
        "notcompliantrfc",
    ),
    ("550 5.5.2 Error: bare <LF> received", "notcompliantrfc"),
    # authfailure
    (
        # (Gmail's 4.7.27 text without its code, RFC 7505's null MX elsewhere)
        "Your email has been rate limited because SPF authentication didn't pass for this message.",
        "authfailure",
    ),
    (
        "550 5.7.30 This message was blocked because it didn't pass DKIM authentication.",
        "authfailure",
    ),
    (
        "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in"
        " this message isn't aligned with either the authenticated SPF or DKIM organizational"
        " domain.",
        "authfailure",
    ),
    (
        "550 5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard fail"
        " policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.1].",
        "authfailure",
    ),
    (
        "451 4.7.26 Access denied, a message sent over IPv6 [2001:db8::25] must pass either"
        " SPF or DKIM validation, this message is not signed",
        "authfailure",
    ),
    (
        "550 5.7.515 Access denied, sending domain [example.org] does not meet the required"
        " authentication level.",
        "authfailure",
    ),
    ("550 command rejected due to Sender ID validation failure.", "authfailure"),
    # failedstarttls
    (
        "421 4.7.29 Your email has been rate limited because you're not using a TLS connection.",
        "failedstarttls",
    ),
    (
        "550 5.7.321 starttls-not-supported: Destination mail server must support TLS to"
        " receive mail.",
        "failedstarttls",
    ),
    ("454 4.7.0 TLS not available due to temporary reason", "failedstarttls"),
    (
        "TLS is required, but was not offered by host mx.example.jp[192.0.2.25]",
        "failedstarttls",
    ),
    ("550 5.7.323 tlsa-invalid: The domain failed DANE validation.", "failedstarttls"),
    (
        "a TLS session is required, but the server did not offer TLS",
        "failedstarttls",
    ),
    # speeding (the taxonomy's ratelimited): a rate over time
    (
        "450 4.2.1 The user you are trying to contact is receiving email too quickly.",
        "speeding",
    ),
    ("450 4.2.1 Peak SMTP relay limit exceeded for this customer.", "speeding"),
    ("550 5.4.5 Daily user sending limit exceeded.", "speeding"),
    ("432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded", "speeding"),
    ("450 4.7.1 Error: too many recipients from 192.0.2.1", "speeding"),
    (
        "421 RP-001 The mail server IP connecting to Outlook.com server has exceeded the rate"
        " limit allowed.",
        "speeding",
    ),
    # "black list" in two words, as Exim's dnslists message spells it (was onhold)
    ("554 IP address is black listed", "blocked"),
    # RFC 5321 4.2.3's 555 (a parameter of MAIL FROM or RCPT TO refused): was onhold
    ("555 MAIL FROM/RCPT TO parameters not recognized or not implemented", "syntaxerror"),
    # cPanel's maxemailsperhour on the sending domain (was onhold: no rule knew it)
    (
        "Domain example.org has exceeded the max emails per hour (501/500 (100%)) allowed."
        " Message discarded.",
        "speeding",
    ),
    # toomanyconn: connections at once, or recipients of one transaction
    ("452 4.5.3 Error: too many recipients", "toomanyconn"),
    (
        "452 4.5.3 Domain policy size per transaction exceeded, please try this recipient in"
        " a separate transaction.",
        "toomanyconn",
    ),
    ("421 Too many concurrent SMTP connections; please try again later.", "toomanyconn"),
    ("421 4.3.2 Connection rate limit exceeded.", "toomanyconn"),
    ("421 4.3.2 Too many open connections.", "toomanyconn"),
    ("421 4.7.0 mx.example.jp Error: too many connections from 192.0.2.1", "toomanyconn"),
]


@pytest.mark.parametrize(("line", "reason"), LINES, ids=[line[:48] for line, _ in LINES])
def test_published_line(line: str, reason: str) -> None:
    assert explain(line).reason == reason
