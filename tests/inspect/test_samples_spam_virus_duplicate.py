"""Spam and virus samples (4.0.15, 4.0.16), duplicates (4.0.14), bounces as one finding."""

from __future__ import annotations

import email
import json
from pathlib import Path

import pytest

from postdesk.bounce import analyze
from postdesk.inspect import InspectContext, archive, inspect_many

SPAM = b"""Return-Path: <bulk@promo.example>
Received: from mx01.263xmail.com (mx01.263xmail.com [211.150.100.34])
\tby mailbox3.263xmail.com (Postfix) with ESMTP id AAA
\tfor <u@customer.example>; Mon,  1 Jan 2024 13:13:10 +0800 (CST)
Received: from bulk.promo.example (unknown [198.51.100.23])
\tby mx01.263xmail.com (Postfix) with ESMTP id BBB
\tfor <u@customer.example>; Mon,  1 Jan 2024 13:13:02 +0800 (CST)
Received: from [10.0.0.8] (helo=ws8)
\tby bulk.promo.example with esmtp (Exim 4.96)
\tid 1qAB-0001-AB; Mon, 01 Jan 2024 05:13:00 +0000
Authentication-Results: mx01.263xmail.com; spf=softfail smtp.mailfrom=promo.example;
 dkim=none; dmarc=fail header.from=bank.example
DKIM-Signature: v=1; a=rsa-sha256; d=promo.example; s=s1; bh=x; b=y
List-Unsubscribe: <mailto:unsub@promo.example>
Date: Mon, 1 Jan 2024 13:12:58 +0800
From: "Bank" <notice@bank.example>
To: u@customer.example
Subject: Invoice
Message-ID: <s1@promo.example>

buy now
"""


def run(items: list[tuple[str, bytes]], *purposes: str) -> list:
    return inspect_many(items, InspectContext.default(frozenset(purposes)))


def test_spam_sample_names_the_relay_and_builds_an_arf_report() -> None:
    result = run([("spam.eml", SPAM)], "spam")[0]
    spam = result.finding("spam")
    data = spam.as_dict()
    assert data["relay"] == {
        "ip": "198.51.100.23",
        "helo": "bulk.promo.example",
        "rdns": "",
        "received_index": 2,
        "trusted": True,
    }
    assert data["envelope_from"] == "bulk@promo.example"
    assert data["authentication_results"] == {"spf": "softfail", "dkim": "none", "dmarc": "fail"}
    assert data["dkim_signatures"] == [{"domain": "promo.example", "selector": "s1"}]
    assert data["abuse_mailbox"] == "abuse@link263.com"
    report = email.message_from_bytes(spam.artifacts["spam-report.eml"])
    assert report.get_content_type() == "multipart/report"
    assert report.get_param("report-type") == "feedback-report"
    human, machine, attached = report.get_payload()
    assert human.get_content_type() == "text/plain"
    assert machine.get_content_type() == "message/feedback-report"
    fields = machine.as_string()
    for line in ("Feedback-Type: abuse", "Version: 1", "Source-IP: 198.51.100.23"):
        assert line in fields
    assert attached.get_content_type() == "message/rfc822"
    inner = attached.get_payload()[0]
    assert inner["Message-ID"] == "<s1@promo.example>" and "buy now" in inner.get_payload()


def test_not_a_spam_finding_unless_said_or_flagged() -> None:
    assert run([("m.eml", SPAM)])[0].finding("spam") is None
    flagged = SPAM.replace(b"Subject: Invoice", b"X-Spam-Flag: YES\nSubject: Invoice")
    assert run([("m.eml", flagged)])[0].finding("spam") is not None


def test_virus_sample_is_packed_with_a_password_that_stays_out_of_the_json() -> None:
    result = run([("virus.eml", SPAM)], "virus")[0]
    virus = result.finding("virus")
    password = virus.secrets["archive_password"]
    _, packed = next(iter(virus.artifacts.items()))
    assert archive.unpack(packed, password) == SPAM
    assert password not in json.dumps(result.as_dict()) and password.encode() not in packed
    assert virus.details["archive"]["encryption"].startswith("AES-256")
    with pytest.raises(RuntimeError):
        archive.unpack(packed, "wrong-pass-word-xx")
    assert virus.step == "collect-sender-mailbox"


def test_virus_marked_by_a_scanner_on_the_way() -> None:
    marked = SPAM.replace(b"Subject:", b"X-Virus-Status: Infected (Eicar-Signature)\nSubject:")
    virus = run([("m.eml", marked)])[0].finding("virus")
    assert virus is not None and virus.details["marked"].startswith("Infected")


def test_duplicates_by_where_the_chains_part() -> None:
    same = run([("a.eml", SPAM), ("b.eml", SPAM)])
    assert [r.finding("duplicate").advice for r in same] == ["duplicate-client-download"] * 2
    tracked = SPAM.replace(b"id AAA", b"id ZZZ")
    parted = run([("a.eml", SPAM), ("b.eml", tracked)])
    assert parted[0].finding("duplicate").advice == "duplicate-tracking"
    looped = SPAM.replace(
        b"Return-Path: <bulk@promo.example>\n",
        b"Return-Path: <bulk@promo.example>\nReceived: from mailbox3.263xmail.com (m3 "
        b"[211.150.100.36]) by mx01.263xmail.com (Postfix) with ESMTP id L1; Mon,  1 Jan 2024 "
        b"13:13:20 +0800\n",
    )
    assert run([("a.eml", SPAM), ("b.eml", looped)])[1].finding("duplicate").advice == (
        "duplicate-forwarding-loop"
    )
    resent = SPAM.replace(b"<s1@promo.example>", b"<s2@promo.example>")
    assert run([("a.eml", SPAM), ("b.eml", resent)])[0].finding("duplicate").advice == (
        "duplicate-sent-twice"
    )
    other = SPAM.replace(b"<s1@promo.example>", b"<s3@x>").replace(b"buy now", b"hello")
    assert run([("a.eml", SPAM), ("b.eml", other)])[0].finding("duplicate") is None
    said = run([("a.eml", SPAM), ("b.eml", other)], "duplicate")
    assert said[0].finding("duplicate").advice == "duplicate-different"


BOUNCES = sorted((Path(__file__).parents[1] / "bounce" / "samples").glob("*.eml"))


@pytest.mark.parametrize("path", BOUNCES, ids=[p.name for p in BOUNCES])
def test_bounce_finding_carries_the_engines_report_unchanged(path: Path) -> None:
    raw = path.read_bytes()
    expected = analyze(raw)
    result = run([(path.name, raw)])[0]
    finding = result.finding("bounce")
    if not expected.is_bounce:
        assert finding is None
        return
    assert finding.details["report"] == expected.as_dict()
    assert finding.reply == expected.recipients[0].reply


def forwarded(original: bytes, name: bytes = b"spam.eml") -> bytes:
    """The customer's mail to the agent, with the original attached whole (以附件形式)."""
    return (
        b"From: u@customer.example\nTo: service@provider.example\nSubject: Fw: junk\n"
        b"Message-ID: <fw1@customer.example>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="F"\n\n--F\nContent-Type: text/plain\n\n'
        b"see the attached spam\n--F\nContent-Type: message/rfc822\n"
        b'Content-Disposition: attachment; filename="' + name + b'"\n\n' + original + b"\n--F--\n"
    )


def test_an_original_attached_to_the_customers_mail_is_read_on_its_own() -> None:
    carrier, inner = run([("fw.eml", forwarded(SPAM))], "spam")
    assert carrier.file == "fw.eml" and carrier.carried_in is None
    assert inner.file == "fw.eml › spam.eml" and inner.carried_in == "fw.eml"
    assert inner.finding("spam").details["relay"]["ip"] == "198.51.100.23"
    assert inner.as_dict()["carried_in"] == "fw.eml"


def test_a_bounce_returned_message_is_not_read_as_an_original() -> None:
    dsn = (
        Path(__file__).parents[1] / "bounce" / "samples" / "exim-user-not-local.eml"
    ).read_bytes()
    results = run([("dsn.eml", dsn)])
    assert [r.file for r in results] == ["dsn.eml"]


def test_tracking_copies_are_checked_against_the_tracking_rules() -> None:
    internal = SPAM.replace(
        b"Return-Path: <bulk@promo.example>",
        b"Return-Path: <boss@customer.example>\nDelivered-To: audit@customer.example",
    ).replace(b"To: u@customer.example", b"To: staff@customer.example")
    second = internal.replace(b"id AAA", b"id ZZZ")
    finding = run([("a.eml", internal), ("b.eml", second)])[0].finding("duplicate")
    assert finding.advice == "duplicate-tracking"
    assert finding.details["tracking_rules"] == {
        "tracker": "audit@customer.example",
        "sender": "boss@customer.example",
        "recipient": "staff@customer.example",
        "copies_if_both_tracked": 2,  # 4.0.19 3): sender and recipient both tracked
        "consistent": True,
    }
    outside = run([("a.eml", SPAM), ("b.eml", SPAM.replace(b"id AAA", b"id ZZZ"))])
    assert outside[0].finding("duplicate").details["tracking_rules"] is None  # rule A: not ours
