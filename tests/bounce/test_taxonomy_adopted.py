"""Readings of the reference taxonomy adopted where postdesk once cited an RFC against them.

The reason names are the taxonomy's (Sisimai v5), so what each covers is read from its lib
code unless an RFC plainly contradicts it (docs/bounce-reasons.md, "Taxonomy readings
adopted"). Each case is a reply written from the text the taxonomy's module lists (citation
``taxonomy-index`` / ``taxonomy-rhost``) or from the mail system's own documented wording, not
from a corpus sample; each also checks what still reads otherwise, so the test can fail both ways.
"""

from __future__ import annotations

import pytest

from tests.bounce.finished import reason_of


@pytest.mark.parametrize(
    "text",
    [
        # Sendmail's own wording for ECONNREFUSED (its queue's Status 4.4.7)
        "Deferred: Connection refused by mx.example.org.",
        "Deferred: Connection reset by peer",
        "Connection dropped by mx.example.org",
        "The connection was dropped by remote host mx.example.org",
    ],
)
def test_a_refused_or_dropped_connection_is_blocked(text: str) -> None:
    # why-blocked.go lists these; find.go tries blocked's module before anything X.4.7 says
    assert reason_of(text, status="4.4.7") == "blocked"


def test_a_refused_connection_without_the_taxonomys_words_is_still_the_queue_giving_up() -> None:
    # Postfix's "connect to ...: Connection refused" is not in the index: X.4.7 decides
    text = "connect to mx.example.org[192.0.2.1]:25: Connection refused"
    assert reason_of(text, status="4.4.7") == "expired"


def test_a_status_the_taxonomy_retries_does_not_make_its_own_words_win() -> None:
    # find.go anotherone: expired, networkerror, systemerror and securityerror read from a
    # status decide only when no reason's text is found ("connection reset" is networkerror's
    # shorter wording, "connection reset by peer" blocked's)
    text = "lost connection with mx.example.org while sending RCPT TO: Connection reset by peer"
    assert reason_of(text, status="4.4.2") == "blocked"
    # a status that is not retried still prefers its own wording
    assert reason_of("552 5.2.2 Mailbox full, quota exceeded", status="5.2.2") == "mailboxfull"


def test_rfc5321s_421_text_is_blocked_at_any_stage() -> None:
    text = "421 mx.example.org Service not available, closing transmission channel"
    assert reason_of(text, command="DATA", replycode="421") == "blocked"


def test_yahoo_ts01_is_blocked_ts02s_text_badreputation() -> None:
    # for-yahooinc.go gives TS01 no reading; why-blocked.go lists its text
    ts01 = "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints"
    assert reason_of(ts01, rhost="mta5.am0.yahoodns.net") == "blocked"
    assert reason_of("Messages from 192.0.2.1 temporarily deferred due to user complaints") == (
        "blocked"
    )
    # why-badreputation.go (tried before blocked) lists the "unexpected volume" text
    other = (
        "421 Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user"
        " complaints"
    )
    assert reason_of(other) == "badreputation"


def test_postfix_loops_back_to_myself_is_systemerror() -> None:
    # why-systemerror.go lists it; why-networkerror.go does not
    text = "mail for example.org loops back to myself"
    assert reason_of(text, status="5.4.6") == "systemerror"
    # other loop texts stay networkerror (why-networkerror.go "mail forwarding loop for ")
    assert reason_of("mail forwarding loop for a@example.org", status="5.4.6") == "networkerror"


def test_exim_unrouteable_mail_domain_is_networkerror_unrouteable_address_hostunknown() -> None:
    assert reason_of("501 <a@example.org>: Unrouteable mail domain", replycode="501") == (
        "networkerror"
    )
    assert reason_of("Unrouteable address") == "hostunknown"


def test_an_address_not_found_at_rcpt_is_userunknown() -> None:
    # why-userunknown.go pairs "<" ... "> not found", read at RCPT (or under X.1.1) only
    text = "550 <a@example.org> not found"
    assert reason_of(text, command="RCPT", replycode="550") == "userunknown"
    assert reason_of(text, command="DATA", replycode="550") != "userunknown"


def test_messagelabs_relay_without_authentication_is_norelaying() -> None:
    # why-norelaying.go lists the relay text; for-messagelabs.go reads "Please turn on SMTP
    # Authentication in your mail client" as securityerror, and the provider module comes first
    relay = (
        "550 mail.example.org [192.0.2.1]:25 is not permitted to relay through this server"
        " without authentication."
    )
    assert reason_of(relay, command="RCPT", replycode="550") == "norelaying"
    both = "550-Please turn on SMTP Authentication in your mail client. " + relay[4:]
    assert reason_of(both, replycode="550", rhost="mail0.example.messagelabs.com") == (
        "securityerror"
    )


def test_messagelabs_542_rejected_is_userunknown() -> None:
    # for-messagelabs.go lists "542 " ... " Rejected" under userunknown
    text = "542 a@example.org Rejected"
    assert reason_of(text, replycode="542", rhost="cluster1.eu.messagelabs.com") == "userunknown"
    # from another host the words name no cause
    assert reason_of(text, replycode="542", rhost="mx.example.org") != "userunknown"


def test_several_from_addresses_are_policyviolation_unless_the_text_names_the_header() -> None:
    # why-policyviolation.go lists "messages with multiple addresses" and "header are not
    # accepted"; why-notcompliantrfc.go ("multiple" ... "header") is tried first
    assert reason_of("550 Messages with multiple addresses are refused", command="DATA") == (
        "policyviolation"
    )
    assert reason_of("550 Messages with a Sender: header are not accepted", command="DATA") == (
        "policyviolation"
    )
    gmail = "550 5.7.1 Messages with multiple addresses in From: header are not accepted"
    assert reason_of(gmail, command="DATA", status="5.7.1") == "notcompliantrfc"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # RFC 3463's own X.2.3 name; the taxonomy's status table reads X.2.3 as exceedlimit
        ("552 Message length exceeds administrative limit", "exceedlimit"),
        # RFC 3463's own X.4.6 name; the taxonomy's status table reads X.4.6 as networkerror
        ("Routing loop detected -- too many Received: headers", "networkerror"),
        # RFC 5321's 452; the taxonomy's reply table reads 452 as systemfull
        ("452 Insufficient disk space", "systemfull"),
    ],
)
def test_readings_kept_where_an_rfc_and_the_taxonomys_own_table_agree(text: str, kept: str) -> None:
    assert reason_of(text) == kept


def test_policy_words_before_data_decide_when_nothing_else_does() -> None:
    # why-policyviolation.go sets no stage; find.go anotherone reads its texts once the first
    # pass found nothing and the status names nothing or a reason it retries
    assert reason_of("550 Denied by policy", command="RCPT", replycode="550") == "policyviolation"
    assert reason_of("550 5.7.1 Denied by policy", command="RCPT", status="5.7.1") == (
        "policyviolation"
    )
    # a status the taxonomy does not retry decides first (why-userunknown.go: X.1.1)
    denied = reason_of("550 5.1.1 Denied by policy", command="RCPT", status="5.1.1")
    assert denied == "userunknown"
    # filtered's words are not read again before DATA (its module alone reads them, after DATA)
    assert reason_of("550 User refuses to receive this mail", command="RCPT") != "filtered"


def test_administrative_prohibition_is_the_senders_before_data() -> None:
    # why-rejected.go reads its texts at MAIL, and elsewhere with no status of its own
    text = "550 Administrative prohibition"
    assert reason_of(text, command="MAIL", replycode="550") == "rejected"
    assert reason_of(text, command="RCPT", replycode="550") == "rejected"
    # after DATA Mimecast's equal text for a content policy ranks first
    assert reason_of(text, command="DATA", replycode="550") == "policyviolation"
