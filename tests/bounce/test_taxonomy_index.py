"""Every text of the reference taxonomy's index is read as the reason it lists it under.

The index (:mod:`tests.bounce.taxonomy`) is the taxonomy's own published
list of mail-system texts per reason; each of postdesk's ``taxonomy-index``
phrases stands on one of them. A text read otherwise is listed in
``READ_OTHERWISE`` with the source that outranks the taxonomy there (an RFC,
the provider's own page, or the taxonomy listing the same text under two
reasons); the test fails when such a text comes to agree, so the list stays true.
"""

from __future__ import annotations

import pytest

from postdesk.bounce.citations import SOURCES
from postdesk.bounce.finish import finish
from postdesk.bounce.reasons import CATALOGUE
from postdesk.bounce.result import Recipient
from tests.bounce.taxonomy import INDEX, example

_TWICE = "the taxonomy lists this text (or one it contains) under another reason too"
READ_OTHERWISE: dict[tuple[str, ...], str] = {
    ("userunknown", "<", "> not found"): "a bare '<' ... '> not found' names no mailbox",
    # RFC 3463 X.2.3 "Message length exceeds administrative limit": exceedlimit
    ("mesgtoobig", "message length exceeds administrative limit"): "RFC 3463 X.2.3",
    # RFC 5321 4.2.3: "452 Requested action not taken: insufficient system storage"
    ("mailboxfull", "452 insufficient disk space"): "RFC 5321 452: the system's storage",
    # RFC 3463 X.4.1 "No answer from host" / X.4.2 "Bad connection": a network failure
    ("blocked", "connection dropped"): "RFC 3463 X.4.2",
    ("blocked", "connection refused by"): "RFC 3463 X.4.1",
    ("blocked", "connection reset by peer"): "RFC 3463 X.4.2",
    ("blocked", "connection was dropped by remote host"): "RFC 3463 X.4.2",
    # RFC 5321 4.2.3's own 421 text: the service is closing, no cause named
    ("blocked", "service not available, closing transmission channel"): "RFC 5321 421",
    # RFC 3463 X.4.6 "Routing loop detected" (the taxonomy's own "too many hops" is networkerror)
    ("contenterror", "routing loop detected -- too many received: headers"): "RFC 3463 X.4.6",
    # Yahoo's SLN3434: "[TS01] Messages from ... temporarily deferred due to user complaints" is
    # the sending IP's complaints (badreputation)
    ("blocked", "messages from ", " temporarily deferred due to user complaints"): "Yahoo SLN3434",
    # RFC 5322 3.6.2: more than one From address needs a Sender field (Gmail's 5.7.1 text)
    ("policyviolation", "messages with multiple addresses"): "RFC 5322 3.6.2",
    ("policyviolation", "header are not accepted"): "RFC 5322 3.6.2",
    ("blocked", "temporarily deferred due to unexpected volume or user complaints"): _TWICE,
    ("securityerror", "recipient address rejected: access denied"): _TWICE,
    ("securityerror", "insecure mail relay"): _TWICE,
    ("rejected", "message rejected: email address is not verified"): _TWICE,
    ("spamdetected", "message filtered"): _TWICE,
    ("spamdetected", "our system has detected that this message is"): _TWICE,
    ("mailboxfull", "mail file size exceeds the maximum size allowed for mail delivery"): _TWICE,
    ("exceedlimit", "message too large"): _TWICE,
    ("toomanyconn", "has exceeded the max emails per hour"): _TWICE,
    ("blocked", "domain does not exist:"): "hostunknown's 'domain does not exist' with a colon",
    # MessageLabs's own page (citation "messagelabs") reads its relay refusal as an
    # authentication demand: securityerror
    (
        "norelaying",
        "is not permitted to relay through this server without authentication",
    ): "MessageLabs",
    # Same text as an older rule of equal length that ranks first
    ("systemerror", "loops back to myself"): "Postfix's loop text, networkerror here",
    ("networkerror", "unrouteable mail domain"): "hostunknown here",
}


# The stage each module decides its reason at (their own checks): userunknown at RCPT (or with
# X.1.1), rejected at MAIL; words about the message only after DATA.
STAGE = {
    "userunknown": "RCPT",
    "rejected": "MAIL",
    "spamdetected": "DATA",
    "virusdetected": "DATA",
    "filtered": "DATA",
    "policyviolation": "DATA",
    "contenterror": "DATA",
    "notcompliantrfc": "DATA",
}


def _read(reason: str, parts: tuple[str, ...]) -> str:
    record = Recipient(
        address="a@example.org", diagnostic=example(parts), command=STAGE.get(reason, "")
    )
    return finish(record).reason


@pytest.mark.parametrize("entry", INDEX, ids=lambda entry: f"{entry[0]}:{entry[1].strip()}")
def test_taxonomy_text_is_read_as_its_reason(entry: tuple[str, ...]) -> None:
    reason, parts = entry[0], entry[1:]
    got = _read(reason, parts)
    if entry in READ_OTHERWISE:
        assert got != reason, f"{entry} now agrees: take it off READ_OTHERWISE"
    else:
        assert got == reason, (entry, got)


def test_read_otherwise_lists_only_index_texts() -> None:
    assert set(READ_OTHERWISE) <= set(INDEX)


def test_taxonomy_phrases_cite_the_index_source() -> None:
    cited = [
        entry
        for reason in CATALOGUE.values()
        for entry in reason.phrases
        if entry.source == "taxonomy-index"
    ]
    assert "taxonomy-index" in SOURCES and len(cited) > 200
