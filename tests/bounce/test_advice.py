"""Who refused decides the reply: the document's 4.0.9 E/F and 4.0.28 texts are about the
provider's own servers, a remote server's refusal gets the 4.0.12 handling."""

from __future__ import annotations

import pytest

from postdesk.bounce import analyze, explain
from postdesk.profile.load import load_profile
from tests.bounce import built_bounces


def _bounce(host: str, diagnostic: str, status: str = "5.7.1", command: str = "DATA") -> bytes:
    """A Postfix report whose remote reply came from ``host``."""
    said = {"DATA": "end of DATA", "MAIL": "MAIL FROM", "RCPT": "RCPT TO"}[command]
    raw = built_bounces.dsn(
        status,
        diagnostic,
        text=f"<kijitora@example.jp>: host {host}[192.0.2.5] said: {diagnostic}\n"
        f"    (in reply to {said} command)\n",
    )
    return raw.replace(b"Remote-MTA: dns; mx.example.jp", f"Remote-MTA: dns; {host}".encode())


OWN_MX = load_profile().hosts.mx


@pytest.mark.parametrize(
    ("host", "diagnostic", "reason", "playbook", "signal"),
    [
        # A remote spam verdict: 4.0.12, never "our system found virus keywords" (4.0.9 E).
        (
            "mx.example.jp",
            "554 5.7.1 Message rejected as spam",
            "spamdetected",
            "bounce-interpretation",
            "",
        ),
        # The document's own wording from a remote server is still a remote refusal.
        (
            "mx.example.jp",
            "550 Error: Message content reject",
            "contenterror",
            "bounce-interpretation",
            "",
        ),
        # ... and from the provider's own MX it is 4.0.9 E.
        (
            OWN_MX,
            "550 Error: Message content reject",
            "contenterror",
            "client-send-receive",
            "content-reject",
        ),
        (
            OWN_MX,
            "598 mail rejected by keyword",
            "contenterror",
            "client-send-receive",
            "rejected-by-keyword",
        ),
    ],
)
def test_content_refusal_reply_follows_the_refusing_host(
    host: str, diagnostic: str, reason: str, playbook: str, signal: str
) -> None:
    record = analyze(_bounce(host, diagnostic)).recipients[0]
    assert (record.reason, record.playbook, record.signal) == (reason, playbook, signal)
    if not signal:
        assert record.reply is None  # 4.0.12 sends other bounces to the agent interface


@pytest.mark.parametrize(
    ("host", "playbook", "signal"),
    [
        ("mx.example.jp", "bounce-interpretation", ""),
        (OWN_MX, "same-domain-auth", "sender-address-rejected-access-denied"),
    ],
)
def test_sender_refusal_reply_follows_the_refusing_host(
    host: str, playbook: str, signal: str
) -> None:
    diagnostic = "554 5.7.1 <shironeko@example.org>: Sender address rejected: Access denied"
    record = analyze(_bounce(host, diagnostic, command="MAIL")).recipients[0]
    assert (record.reason, record.playbook, record.signal) == ("rejected", playbook, signal)


def test_a_line_on_its_own_is_the_providers_reply_unless_it_names_a_remote_host() -> None:
    # What the customer's client showed: the provider's SMTP server (4.0.9 E).
    assert explain("550 Error: Message content reject").signal == "content-reject"
    remote = explain("host mx.example.jp[192.0.2.5] said: 550 Error: Message content reject")
    assert (remote.playbook, remote.signal) == ("bounce-interpretation", "")


def test_a_spam_verdict_on_its_own_is_not_taken_for_the_providers_content_check() -> None:
    # Only the document's own texts (4.0.9 E/F) are read as the provider's reply when
    # no host is named; any other spam verdict is a remote one (4.0.12).
    record = explain("554 5.7.1 Message rejected as spam")
    assert (record.reason, record.playbook, record.signal) == (
        "spamdetected",
        "bounce-interpretation",
        "",
    )


def test_user_unknown_words_after_data_do_not_get_the_user_unknown_reply() -> None:
    record = analyze(_bounce("mx.example.jp", "550 5.0.0 User unknown", status="5.0.0")).recipients[
        0
    ]
    assert record.reason == "filtered"
    assert record.signal != "user-unknown"  # the address may well exist: the filter refused
    at_rcpt = analyze(_bounce("mx.example.jp", "550 5.1.1 User unknown", "5.1.1", "RCPT"))
    assert (at_rcpt.recipients[0].reason, at_rcpt.recipients[0].signal) == (
        "userunknown",
        "user-unknown",
    )
