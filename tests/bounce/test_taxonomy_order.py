"""Where the reference taxonomy's reason modules decide by status, reply code or command.

Each of Sisimai v5's reason modules (citation ``taxonomy-index``) says when its
words count, beside what they are; postdesk's decision order
(:mod:`postdesk.bounce.decide`) agrees with these, each case a reply of our own
whose words alone would read otherwise.
"""

from __future__ import annotations

import pytest

from tests.bounce.finished import reason_of


def test_an_addressing_status_does_not_outrank_a_block_text() -> None:
    # why-userunknown.go: under X.1.1 the texts of norelaying, blocked, mailboxfull, hasmoved,
    # rejected and notaccept are checked first
    text = "550 5.1.1 <a@example.org>: Client host 192.0.2.1 blocked using zen.spamhaus.org"
    assert reason_of(text, command="RCPT", status="5.1.1", replycode="550") == "blocked"
    # with no such text the status decides as before
    plain = "550 5.1.1 <a@example.org>: No such user here"
    assert reason_of(plain, command="RCPT", status="5.1.1", replycode="550") == "userunknown"


def test_a_destination_system_status_yields_to_a_dns_failure_text() -> None:
    # why-hostunknown.go: X.1.2 decides "to prevent classifying DNS errors as HostUnknown"
    # only when no network-error text is there
    text = "550 5.1.2 Host name lookup failure for example.org"
    assert reason_of(text, status="5.1.2", replycode="550") == "networkerror"
    assert reason_of("550 5.1.2 Host unknown", status="5.1.2", replycode="550") == "hostunknown"


@pytest.mark.parametrize(
    ("text", "reason_after_data"),
    [
        ("550 5.7.1 Message detected as spam", "spamdetected"),
        ("550 5.7.1 User refuses to receive this mail", "filtered"),
    ],
)
def test_message_words_before_data_do_not_decide(text: str, reason_after_data: str) -> None:
    # why-spamdetected.go, why-filtered.go: not at CONN, EHLO, HELO, MAIL or RCPT
    assert reason_of(text, command="DATA", status="5.7.1", replycode="550") == reason_after_data
    assert reason_of(text, command="RCPT", status="5.7.1", replycode="550") != reason_after_data


def test_relay_words_before_any_address_are_about_the_client() -> None:
    # why-norelaying.go: not at CONN, EHLO or HELO (no recipient was named)
    text = "554 Relay access denied"
    assert reason_of(text, command="RCPT", replycode="554") == "norelaying"
    assert reason_of(text, command="EHLO", replycode="554") == "blocked"


@pytest.mark.parametrize(
    ("replycode", "reason"),
    [("521", "notaccept"), ("538", "failedstarttls"), ("525", "suspend")],
)
def test_reply_codes_that_name_one_cause(replycode: str, reason: str) -> None:
    # RFC 7504 521; RFC 4954 538; the IANA registry's 525 for X.7.13; the taxonomy reads so
    assert reason_of(f"{replycode} Sorry", replycode=replycode) == reason
