"""Reasons decided by context beyond the reply text: command, codes, vendor conventions.

Each case is a small message of our own whose reply text alone would read
as another reason (or as none); the expected reason follows from the SMTP
command, the status code's class, or the sending system's own table.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze
from tests.bounce import built_bounces


def _messagelabs(reply: str) -> bytes:
    """An Email Security.cloud (MessageLabs) report with a catch-all 5.0.0 status."""
    body = f"""
--ML
Content-Type: text/plain; charset="UTF-8"

This is the mail delivery agent at messagelabs.com.
I was unable to deliver your message to the following addresses:

kijitora@example.jp

Reason: {reply}

--ML
Content-Type: message/delivery-status

Reporting-MTA: dns; server-1.bemta-2.messagelabs.com
Arrival-Date: Thu, 29 Apr 2021 23:34:45 +0000

Action: failed
Final-Recipient: rfc822; kijitora@example.jp
Diagnostic-Code: smtp; {reply}
Status: 5.0.0

--ML--
"""
    headers = {
        "From": "Mail Delivery System <MAILER-DAEMON@messagelabs.com>",
        "To": "shironeko@example.org",
        "Subject": "Mail Delivery Failure",
        "MIME-Version": "1.0",
        "Content-Type": 'multipart/report; report-type=delivery-status; boundary="ML"',
    }
    return built_bounces.build(headers, body)


def _sendmail(transcript: str, *, action: str, status: str, diagnostic: str = "") -> bytes:
    """A Sendmail V8 report: its session transcript, then the report part."""
    body = f"""
--SM
Content-Type: text/plain

The original message was received at Sun, 13 Sep 2015 03:10:06 +0900

   ----- Transcript of session follows -----
{transcript}
--SM
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
Arrival-Date: Sun, 13 Sep 2015 03:10:06 +0900

Final-Recipient: RFC822; kijitora@example.jp
Action: {action}
Status: {status}
Diagnostic-Code: SMTP; {diagnostic}

--SM--
"""
    headers = {
        "From": "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>",
        "To": "shironeko@example.org",
        "Subject": "Returned mail: see transcript for details",
        "MIME-Version": "1.0",
        "Content-Type": 'multipart/report; report-type=delivery-status; boundary="SM"',
    }
    return built_bounces.build(headers, body)


_BARE_GREETING = (
    "... while talking to mx.example.jp.:\n<<< 421\n<kijitora@example.jp>... Deferred: 421\n"
)

# (case id, raw message, expected reason of the one record)
CASES = [
    # A greeting answered by a bare "421" and nothing else names no cause (RFC 5321 4.2.2:
    # 421 is also a server shutting down): the queue's own state decides, a delay notice or
    # its X.4.7 "Delivery time expired" (RFC 3463).
    (
        "bare-421-greeting-delayed",
        _sendmail(_BARE_GREETING, action="delayed", status="4.5.0"),
        "expired",
    ),
    (
        "bare-421-greeting-expired",
        _sendmail(_BARE_GREETING, action="failed", status="4.4.7"),
        "expired",
    ),
    # The same greeting refused with words is a refusal of the client.
    (
        "worded-421-greeting",
        _sendmail(
            "... while talking to mx.example.jp.:\n<<< 421 4.7.0 mx.example.jp Service refused,"
            " your IP is on our block list\n<kijitora@example.jp>... Deferred: 421\n",
            action="failed",
            status="4.4.7",
        ),
        "blocked",
    ),
    # X.3.2 "System not accepting network messages" in either class: the taxonomy's status
    # lib reads 4.3.2 and 5.3.2 alike as notaccept (words about connections would decide).
    ("busy-4-3-2", built_bounces.dsn("4.3.2", "421 4.3.2 Service busy"), "notaccept"),
    ("refusing-5-3-2", built_bounces.dsn("5.3.2", "554 5.3.2 Service closed"), "notaccept"),
    # X.1.10 is RFC 7505's null MX, but Exchange Online's unknown recipient too: its words
    # decide (the provider table is not needed).
    (
        "x1-10-recipient-not-found",
        built_bounces.dsn("5.1.10", "550 5.1.10 Recipient not found by SMTP address lookup"),
        "userunknown",
    ),
    (
        "x1-10-null-mx",
        built_bounces.dsn("5.1.10", "556 5.1.10 Recipient address has null MX"),
        "notaccept",
    ),
    # A content or security detail past the registry's is read by its subject (RFC 3463 2).
    ("unregistered-5-7-x", built_bounces.dsn("5.7.777", "550 5.7.777 Nope"), "securityerror"),
    ("unregistered-5-6-x", built_bounces.dsn("5.6.255", "554 5.6.255 Nope"), "contenterror"),
    # A mailbox-status code (X.2.1) with "User Unknown", command not shown: a relay
    # passing on the recipient side's verdict, not an address check at RCPT.
    (
        "x21-user-unknown-no-command",
        built_bounces.dsn("5.2.1", "550 5.2.1 <kijitora@example.jp>... User Unknown"),
        "filtered",
    ),
    # The same reply said at RCPT is an unknown address.
    (
        "x21-user-unknown-at-rcpt",
        built_bounces.dsn(
            "5.2.1",
            "550 5.2.1 <kijitora@example.jp>... User Unknown",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.5] said: 550 5.2.1\n"
            "    <kijitora@example.jp>... User Unknown (in reply to RCPT TO command)\n",
        ),
        "userunknown",
    ),
    # X.3.0 is a mail-system code: "Unknown user" under it is a relay's summary.
    (
        "x30-unknown-user",
        built_bounces.dsn(
            "5.3.0", "5.3.0 - Other mail system problem 550-'Unknown user a@example.jp'"
        ),
        "filtered",
    ),
    # "SMTP:RCPT host ..." names the command: the unknown user is real.
    (
        "smtp-rcpt-marker",
        built_bounces.dsn(
            "5.3.0",
            "Technical details: SMTP:RCPT host 192.0.2.8: 553 5.3.0 <kijitora@example.jp>... "
            "Addressee unknown, relay=[192.0.2.8]",
        ),
        "userunknown",
    ),
    # X.7.9 is "authentication mechanism is too weak" (RFC 4954).
    ("x79-security", built_bounces.dsn("5.7.9", "550 5.7.9 Rejected"), "securityerror"),
    # Postfix's "Recipient address rejected:" prefix precedes any restriction's text;
    # with nothing recognisable after it the bounce is held for review.
    (
        "recipient-address-rejected-prefix-only",
        built_bounces.dsn(
            "5.0.0", "550 5.0.0 <kijitora@example.jp>: Recipient address rejected: Nyaan"
        ),
        "onhold",
    ),
    # A bare "Address rejected." under X.1.0 (an addressing status): the address.
    ("address-rejected", built_bounces.dsn("5.1.0", "550 #5.1.0 Address rejected."), "userunknown"),
    # The same loose words under a catch-all status from a relay, no command: a filter.
    (
        "relay-no-such-user-catch-all",
        built_bounces.dsn("5.0.0", "550 kijitora@example.jp... No such user"),
        "filtered",
    ),
    # ... unless the relay is a gateway whose own documentation reads its words: Broadcom's
    # Email Security.cloud (MessageLabs) answers "No such user" for an address that does not
    # exist at its customer (the provider table, postdesk.bounce.rhost.messagelabs).
    (
        "messagelabs-no-such-user",
        _messagelabs("550 kijitora@example.jp... No such user"),
        "userunknown",
    ),
    # RFC 5321 4.3.2: 553 never answers DATA; with words about the recipient it is RCPT.
    (
        "553-means-rcpt",
        built_bounces.dsn("5.0.0", "553 Invalid recipient kijitora@example.jp"),
        "userunknown",
    ),
    # A directory's own answer is an unknown address whatever the status (Exchange Online).
    (
        "microsoft-resolver-5-1-10",
        built_bounces.dsn(
            "5.1.10",
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        ),
        "userunknown",
    ),
    # The underlying reply decides, not the queue's wrapper around it.
    (
        "wrapper-around-a-reply",
        built_bounces.dsn(
            "4.4.7",
            "554 4.4.7 Message expired: unable to deliver in 840 minutes."
            "<452 4.2.2 The email account that you tried to reach is over quota>",
        ),
        "mailboxfull",
    ),
    # A refusal at MAIL FROM that says nothing more is about the sender.
    (
        "mail-from-bare-refusal",
        built_bounces.dsn(
            "5.7.1",
            "550 5.7.1 Access denied",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.5] said: 550 5.7.1\n"
            "    Access denied (in reply to MAIL FROM command)\n",
        ),
        "rejected",
    ),
    # Before any address was sent, generic words say less than the stage: the client.
    (
        "greeting-refusal",
        built_bounces.dsn(
            "4.0.0",
            "421 Service not available, closing transmission channel",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.5] refused to talk to me:\n"
            "    421 Service not available, closing transmission channel\n",
        ),
        "blocked",
    ),
    # A multi-line reply's continuation prefixes do not split the phrase in two.
    (
        "continuation-prefixes",
        built_bounces.dsn(
            "5.7.26",
            "550-5.7.26 This message does not have authentication information or fails to\n"
            " 550-5.7.26 pass authentication checks. 550 5.7.26 Learn more",
        ),
        "authfailure",
    ),
    # Postfix access(5) "REJECT optional text" on the recipient: "554 5.7.1 <a>: Recipient
    # address rejected: Policy violation" at RCPT. The message was not sent yet (RFC 5321
    # 3.3): words about it do not decide there, the status does (5.7.1: securityerror).
    (
        "message-words-at-rcpt",
        built_bounces.dsn(
            "5.7.1",
            "554 5.7.1 <kijitora@example.jp>: Recipient address rejected: Policy violation",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.5] said: 554 5.7.1\n"
            "    <kijitora@example.jp>: Recipient address rejected: Policy violation (in reply"
            " to RCPT TO command)\n",
        ),
        "securityerror",
    ),
    # The same words after the message was sent are about the message.
    (
        "message-words-after-data",
        built_bounces.dsn(
            "5.7.1",
            "554 5.7.1 Policy violation",
            text="<kijitora@example.jp>: host mx.example.jp[192.0.2.5] said: 554 5.7.1\n"
            "    Policy violation (in reply to end of DATA command)\n",
        ),
        "policyviolation",
    ),
    # postgrey's documented reply ("450 4.2.0 ... Greylisted, see http://postgrey.schweikert.ch/
    # help/..."), given on every attempt until the queue lifetime ran out: a failure report
    # over a transient reply that no rule explains is the queue giving up (RFC 5321 4.5.4.1).
    (
        "transient-reply-until-given-up",
        built_bounces.dsn(
            "4.2.0",
            "450 4.2.0 <kijitora@example.jp>: Recipient address rejected: Greylisted, see"
            " http://postgrey.schweikert.ch/help/example.jp.html",
        ),
        "expired",
    ),
    # Under a permanent status the same words are read by that status (X.2.0: filtered).
    (
        "permanent-reply-unexplained",
        built_bounces.dsn(
            "5.2.0",
            "550 5.2.0 <kijitora@example.jp>: Recipient address rejected: Greylisted, see"
            " http://postgrey.schweikert.ch/help/example.jp.html",
        ),
        "filtered",
    ),
    # "example.jp does not exist": the destination system (RFC 3463 X.1.2), not a mailbox.
    (
        "domain-does-not-exist",
        built_bounces.dsn("5.0.0", "553 example.jp does not exist"),
        "hostunknown",
    ),
    # A refusal at STARTTLS, in the replies RFC 3207 section 4 gives for it: the taxonomy's
    # failedstarttls module reads the STARTTLS stage as failedstarttls, whatever the words
    # (a 501 "Syntax error" would otherwise be syntaxerror, RFC 5321 4.2.3).
    (
        "starttls-not-available",
        built_bounces.dsn(
            "4.7.0",
            "454 4.7.0 TLS not available due to temporary reason (in reply to STARTTLS command)",
        ),
        "failedstarttls",
    ),
    (
        "starttls-syntax-error",
        built_bounces.dsn(
            "5.5.4", "501 5.5.4 Syntax error (no parameters allowed) (in reply to STARTTLS command)"
        ),
        "failedstarttls",
    ),
    # The same reply at EHLO stays what its words say (RFC 5321 4.2.3 501): not TLS.
    (
        "ehlo-syntax-error",
        built_bounces.dsn("5.5.4", "501 5.5.4 Syntax error (in reply to EHLO command)"),
        "syntaxerror",
    ),
]


@pytest.mark.parametrize(("raw", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reason_from_context(raw: bytes, reason: str) -> None:
    report = analyze(raw, with_advice=False)
    assert [r.reason for r in report.recipients] == [reason]


def _au_dsn(diagnostic: str, address: str = "kijitora@ezweb.ne.jp") -> bytes:
    raw = built_bounces.dsn("5.0.0", diagnostic)
    return raw.replace(b"kijitora@example.jp", address.encode())


@pytest.mark.parametrize(
    ("diagnostic", "reason"),
    [
        # Refused after DATA by the recipient's reception settings: no address shown.
        ("550 : User unknown", "filtered"),
        # Refused at RCPT: the address is named.
        ("550 <kijitora@ezweb.ne.jp>: User unknown", "userunknown"),
    ],
)
def test_au_user_unknown_forms(diagnostic: str, reason: str) -> None:
    record = analyze(_au_dsn(diagnostic), with_advice=False).recipients[0]
    assert record.reason == reason


def test_sendmail_verdict_with_status_names_the_command() -> None:
    """Sendmail V8's verdict line carries a status ("550 5.1.1 <a>... User unknown"); the
    command it answered is still the one before the remote's reply (">>> RCPT To:")."""
    raw = _sendmail(
        "... while talking to mx.example.jp.:\n>>> RCPT To:<kijitora@example.jp>\n"
        "<<< 550 5.7.1 IP address blacklisted by recipient\n"
        "550 5.1.1 <kijitora@example.jp>... User unknown\n>>> DATA\n<<< 503 need RCPT\n",
        action="failed",
        status="5.7.1",
        diagnostic="550 5.7.1 IP address blacklisted by recipient",
    )
    (record,) = analyze(raw, with_advice=False).recipients
    assert (record.command, record.reason) == ("RCPT", "blocked")


def test_a_pipe_recipient_is_a_local_program() -> None:
    """A recipient "|command" is a delivery to a program (aliases(5), Postfix local(8),
    Exim's pipe transport): its failure is the program's, whatever the boilerplate says."""
    raw = built_bounces.dsn("5.0.0", "", text="Failed to read the response template.\n")
    raw = raw.replace(
        b"Final-Recipient: rfc822; kijitora@example.jp",
        b"Final-Recipient: rfc822;|/usr/local/bin/filter",
    ).replace(b"Original-Recipient: rfc822; kijitora@example.jp\n", b"")
    (record,) = analyze(raw, with_advice=False).recipients
    assert (record.address, record.reason) == ("|/usr/local/bin/filter", "mailererror")
