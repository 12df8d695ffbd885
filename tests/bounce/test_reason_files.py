"""The reason files: the common vocabulary, every rule citing a registered source, docs in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.bounce import commands, rhost, status
from postdesk.bounce.citations import SOURCES
from postdesk.bounce.phrases import Phrase, fold, match_end, ordered, phrase
from postdesk.bounce.reasons import CATALOGUE, ORDER, PSEUDO_STATUS, REASONS

SISIMAI_NAMES = {
    "authfailure",
    "badreputation",
    "blocked",
    "contenterror",
    "delivered",
    "exceedlimit",
    "expired",
    "failedstarttls",
    "feedback",
    "filtered",
    "hasmoved",
    "hostunknown",
    "mailboxfull",
    "mailererror",
    "mesgtoobig",
    "networkerror",
    "norelaying",
    "notaccept",
    "notcompliantrfc",
    "onhold",
    "policyviolation",
    "rejected",
    "requireptr",
    "securityerror",
    "spamdetected",
    "speeding",
    "suppressed",
    "suspend",
    "syntaxerror",
    "systemerror",
    "systemfull",
    "toomanyconn",
    "undefined",
    "userunknown",
    "vacation",
    "virusdetected",
}
DOC = Path(__file__).resolve().parents[2] / "docs" / "bounce-reasons.md"
# One-word phrases that are not generic: names (of a block list, a provider's token)
# that only one cause uses. Every other one-word phrase must be marked generic.
NAMES = {
    "rbl",
    "dnsbl",
    "spamhaus",
    "spamcop",
    "sorbs",
    "barracudacentral",
    "abusix",
    "uceprotect",
    "psbl",
    "dialup",
    "ube",
    "rdns",
    "nxdomain",
    "servfail",
    "nonexistentdomain",
    "overquota",
    "recipnotfound",
    "recipientnotfound",
    "exrecipnotfound",
    "mapiexceptionshutoffquotaexceeded",
    "mapiexceptionquotaexceeded",
    "quotaexceededexception",
    "queue.expired",
    "recipsizelimit",
    "resolver.rst.authrequired",
    "dnsbl-lookup",
    "dial-up",
    "badmailfrom",
    "procmail:",
    "ratelimit",
    "rate-limit",
    "tenantattribution",
    "rfc5322",
    "rfc2822",
    # Exchange Online's own tokens (its NDR table: 5.7.321, 5.6.11)
    "starttls-not-supported",
    "barelinefeedsareillegal",
    # Identifiers the taxonomy's index lists: Exchange's RESOLVER.RST.NotAuthorized, procmail's
    # path, Gmail's RFC 5322 help link
    "resolver.rst.notauthorized",
    "bin/procmail",
    "https://support.google.com/mail/?p=rfcmessagenoncompliant",
}


def _phrases() -> list[tuple[str, Phrase]]:
    return [(name, entry) for name, reason in CATALOGUE.items() for entry in reason.phrases]


def test_taxonomy_is_the_common_vocabulary() -> None:
    assert set(REASONS) == SISIMAI_NAMES
    assert all(name == reason.name for name, reason in CATALOGUE.items())


def test_every_reason_has_a_pseudo_status_of_its_own_form() -> None:
    assert all(re.fullmatch(r"X\.0\.9\d\d", code) for code in PSEUDO_STATUS.values())


def test_order_names_every_reason_with_phrases() -> None:
    with_phrases = {name for name, reason in CATALOGUE.items() if reason.phrases}
    assert with_phrases <= set(ORDER) <= set(REASONS)


def test_status_tables_only_name_known_reasons() -> None:
    named = set(status.SPECIFIC.values()) | set(status.FALLBACK.values())
    assert named <= set(REASONS)


def test_every_rule_cites_a_registered_source() -> None:
    cited = {entry.source for _, entry in _phrases()}
    cited |= set(rhost.keys().values()) | commands.sources()
    cited |= {module.SOURCE for module in rhost.modules()}
    assert cited - set(SOURCES) == set()


def test_phrases_are_lower_case_and_trimmed() -> None:
    for name, entry in _phrases():
        for part in entry.parts:
            assert part == part.lower() == part.strip() and part, (name, entry.text)


def test_one_word_phrases_are_generic_unless_a_name() -> None:
    loose = [
        (name, entry.text)
        for name, entry in _phrases()
        if len(entry.parts) == 1
        and " " not in entry.parts[0]
        and entry.parts[0].isascii()
        and not entry.generic
        and not entry.wrapper
        and entry.parts[0] not in NAMES
    ]
    assert loose == []


def test_every_reason_has_its_section_in_the_docs() -> None:
    text = DOC.read_text("utf-8")
    documented = re.findall(r"^### `([a-z]+)`", text, flags=re.MULTILINE)
    assert sorted(documented) == sorted(REASONS)


@pytest.mark.parametrize(
    ("text", "entry", "found"),
    [
        ("terrible rbl", phrase("rbl", "document"), True),
        ("a terrible day", phrase("rbl", "document"), False),
        ("ip throttled", phrase("throttl*", "gmail"), True),
        ("host mx.example.jp not found", ordered("host", "not found", source="resolver"), True),
        ("not found host", ordered("host", "not found", source="resolver"), False),
        ("host " + "x" * 100 + " gone", ordered("host", "gone", source="resolver"), False),
        ("couldn\u2019t be found", phrase("couldn't be found", "exchange"), True),
    ],
)
def test_phrase_matching(text: str, entry: Phrase, found: bool) -> None:
    assert (match_end(fold(text), entry) >= 0) is found


def test_the_docs_count_each_reasons_phrases() -> None:
    """docs/bounce-reasons.md's "N phrases." under each reason is the reason file's count
    (the counts went stale once when phrases were added without the docs)."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "bounce-reasons.md").read_text()
    counted: dict[str, int] = {}
    current = None
    for line in docs.splitlines():
        heading = re.match(r"^### `([a-z]+)`", line)
        if heading:
            current = heading.group(1)
            continue
        count = re.search(r"; (\d+) phrases\.\*$", line)
        if count and current:
            counted[current] = int(count.group(1))
    assert counted == {name: len(reason.phrases) for name, reason in CATALOGUE.items()}
