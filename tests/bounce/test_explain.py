"""Single lines, and the document's own texts mapped to playbooks and scripted replies.

The expected playbook of each document text is looked up in the playbook
library's signals (not written here), so the test follows the playbooks.
"""

from __future__ import annotations

import pytest

from postdesk.bounce import explain
from postdesk.bounce.reasons import CATALOGUE
from postdesk.kb.load import default_library
from postdesk.kb.signals import match_signals

# Texts of sections 4.0.12 (bounce list), 4.0.9, 4.0.28 and 4.0.29 (server replies).
DOCUMENT_TEXTS = [
    ("Mailbox exceed", "mailboxfull"),
    ("Quota exceed", "mailboxfull"),
    ("Invalid Recipient", "userunknown"),
    ("User Unknown", "userunknown"),
    ("Recipient unknown", "userunknown"),
    ("Invalid rcpt address", "userunknown"),
    ("Name service error", "networkerror"),
    ("Host not found", "hostunknown"),
    ("Blocked by RBL", "blocked"),
    ("Authentication needed for local user", "securityerror"),
    ("Authentication required", "securityerror"),
    ("550 Error: Message content reject", "contenterror"),
    ("598 mail rejected by keyword", "contenterror"),
    # 4.0.9 G: the sending rate or concurrent connections over the limit
    ("sender in prison", "speeding"),
    ("554 Sender address rejected: Access denied", "rejected"),
    ("551 user not local", "userunknown"),
]


@pytest.mark.parametrize(("text", "reason"), DOCUMENT_TEXTS)
def test_document_text(text: str, reason: str) -> None:
    record = explain(text)
    assert record.reason == reason
    signals = match_signals(text)
    assert signals, f"no playbook signal for {text!r}"
    assert record.playbook == signals[0].playbook_id
    assert record.signal == signals[0].signal.id
    reply = signals[0].signal.reply
    assert record.reply == ({"zh": reply.zh, "en": reply.en} if reply else None)


@pytest.mark.parametrize("code", ["0x800CCC0E", "0x800CCC0F", "0x800CCC90", "0x800ccc92"])
def test_client_error_code(code: str) -> None:
    record = explain(f"Outlook Express error {code}")
    assert record.reason == ""
    assert record.playbook == match_signals(code)[0].playbook_id


@pytest.mark.parametrize(
    ("text", "status", "replycode", "reason"),
    [
        ("5.1.1", "5.1.1", "", "userunknown"),
        ("4.4.7", "4.4.7", "", "expired"),
        ("452 4.3.1 Insufficient system storage", "4.3.1", "452", "systemfull"),
        ("554 5.7.1 <a@example.jp>: Relay access denied", "5.7.1", "554", "norelaying"),
        (
            "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus",
            "5.7.1",
            "550",
            "blocked",
        ),
        ("552 5.3.4 Message size exceeds fixed limit", "5.3.4", "552", "mesgtoobig"),
        (
            "550 5.1.2 Host unknown (Name server: example.jp: host not found)",
            "5.1.2",
            "550",
            "hostunknown",
        ),
        ("552 5.2.2 Mailbox full", "5.2.2", "552", "mailboxfull"),
        ("421 4.7.0 Too many concurrent SMTP connections", "4.7.0", "421", "toomanyconn"),
        (
            "550 5.7.26 Unauthenticated email from example.org is not accepted",
            "5.7.26",
            "550",
            "authfailure",
        ),
    ],
)
def test_single_line_codes(text: str, status: str, replycode: str, reason: str) -> None:
    record = explain(text)
    assert (record.status, record.replycode, record.reason) == (status, replycode, reason)
    assert record.address == ""


def test_reason_replies_name_real_playbooks_and_signals() -> None:
    library = {playbook.id: playbook for playbook in default_library()}
    for name, reason in CATALOGUE.items():
        for choice in (reason.reply, reason.own_reply, *reason.also_replies):
            if choice is None:
                continue
            assert choice.playbook in library, name
            if choice.signal:
                ids = {signal.id for signal in library[choice.playbook].signals}
                assert choice.signal in ids, name


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "554 DT:SPM 163 smtp10, please see http://mail.163.com/help/help_spam_16.htm",
            "spamdetected",
        ),
        ("451 RP:QRC 163 mx3, please see http://mail.163.com/help/help_spam_16.htm", "speeding"),
        ("550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help", "toomanyconn"),
        ("550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1", "userunknown"),
        ("550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]", "spamdetected"),
        ("550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes#rcp Refused", "filtered"),
        # Yahoo's bracketed codes (TSS04 the sender deferred, the taxonomy's rejected; block lists)
        (
            "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred; see "
            "https://postmaster.yahooinc.com/error-codes",
            "rejected",
        ),
        (
            "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1; see "
            "https://postmaster.yahooinc.com/error-codes",
            "blocked",
        ),
        # Microsoft's unknown recipients: 5.1.10 is its own code here, not a null MX
        (
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            "userunknown",
        ),
        (
            "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) "
            "[x.prod.protection.outlook.com]",
            "userunknown",
        ),
        # NetEase tags, Alibaba Mail's documented refusals
        (
            "550 MI:SPF 163 mx14, please see http://mail.163.com/help/help_spam_16.htm",
            "authfailure",
        ),
        (
            "554 Reject by behaviour spam at DATA State ANTISPAM_BAT[]: list on rbl sites",
            "blocked",
        ),
        ("421 Sender address blocked https://community.mimecast.com/docs/DOC-1369", "blocked"),
    ],
)
def test_provider_codes(text: str, reason: str) -> None:
    assert explain(text).reason == reason


def test_greylisting_is_read_as_a_deferral_that_clears_itself() -> None:
    """Issue 13.11: RFC 6647 greylisting is a temporary refusal, not a remote failure."""
    from postdesk.bounce import explain

    found = explain("451 4.7.1 Greylisted, please try again later")
    assert found.meaning is not None
    assert "灰名单" in found.meaning["zh"] and "自动重试" in found.meaning["zh"]
    assert "temporary deferral" in found.meaning["en"]
    assert found.next_action is not None and "wait" in found.next_action["en"]
    # A final refusal that merely mentions a grey list is not a deferral.
    assert explain("550 5.7.1 listed on a greylist for spam").meaning != found.meaning


@pytest.mark.parametrize(
    "text",
    [
        # Sina's and vpopmail's wording, and the same word without its subject
        "550 user is locked",
        "vdelivermail: account is locked email bounced a@example.org",
        "550 The mailbox you are sending to is locked",
    ],
)
def test_a_locked_account_is_a_suspended_mailbox(text: str) -> None:
    assert explain(text).reason == "suspend"


def test_locked_yields_to_specific_wording() -> None:
    # Generic: a status that says the mailbox is full decides first.
    assert explain("552 5.2.2 mailbox full, account is locked for writing").reason == "mailboxfull"
