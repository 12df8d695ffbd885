"""Bad input: never a traceback; an error where nothing can be read; the batch goes on."""

from __future__ import annotations

import json
import random
import time

import pytest

from postdesk.bounce import analyze, explain
from postdesk.bounce.message import decode_header
from tests.bounce import built_bounces

TRUNCATED = built_bounces.dsn("5.1.1", "550 5.1.1 User unknown")[:420]
NO_BOUNDARY = built_bounces.build(
    {
        "From": "MAILER-DAEMON@example.org",
        "Subject": "Undelivered Mail Returned to Sender",
        "MIME-Version": "1.0",
        "Content-Type": "multipart/report; report-type=delivery-status",
    },
    "--X\nContent-Type: text/plain\n\nnothing here\n--X--\n",
)


@pytest.mark.parametrize(
    ("raw", "needs_error"),
    [
        (b"", True),
        (b"\n\n\n", True),
        (random.Random(7).randbytes(4096), True),
        (bytes(range(256)) * 20, True),
        (b"\x00\x01\x02binary\xff\xfe", True),
        (TRUNCATED, False),
        (NO_BOUNDARY, False),
        (b"Subject: only a header", False),
    ],
    ids=["empty", "blank", "random", "bytes", "nul", "truncated", "no-boundary", "header-only"],
)
def test_never_raises(raw: bytes, needs_error: bool) -> None:
    report = analyze(raw)
    assert (report.error is not None) == needs_error
    if report.error is not None:
        assert report.is_bounce is False


def test_truncated_report_still_reads_what_is_there() -> None:
    full = built_bounces.dsn("5.1.1", "550 5.1.1 User unknown")
    cut = full[: full.index(b"Diagnostic-Code")]
    report = analyze(cut)
    assert [r.status for r in report.recipients] == ["5.1.1"]


def test_huge_message_is_fast_and_capped() -> None:
    head = built_bounces.dsn("5.2.2", "552 5.2.2 Mailbox full")
    attachment = b"QUFBQUFBQUFBQUFB" * (50 * 1024 * 1024 // 16)  # 50 MB of base64 text
    raw = head.replace(
        b"--B1--",
        b"--B1\nContent-Type: application/octet-stream\n"
        b"Content-Transfer-Encoding: base64\n\n" + attachment + b"\n--B1--",
    )
    started = time.perf_counter()
    report = analyze(raw)
    elapsed = time.perf_counter() - started
    assert [r.reason for r in report.recipients] == ["mailboxfull"]
    assert elapsed < 2.0


LONE_LEAD_BYTE = built_bounces.dsn("5.1.1", "550 5.1.1 user unknown").replace(
    b"550 5.1.1 user unknown", b"550 5.1.1 user \xc2 unknown"
)


def test_undecodable_bytes_are_replaced_and_counted() -> None:
    """A lone 0xC2 in a Diagnostic-Code line reaches the record as U+FFFD, and is counted."""
    report = analyze(LONE_LEAD_BYTE)
    assert [r.diagnostic for r in report.recipients] == ["550 5.1.1 user \ufffd unknown"]
    assert report.undecodable_bytes == 1
    json.dumps(report.as_dict(), ensure_ascii=False).encode("utf-8")  # no surrogate left


def test_eight_bit_header_text_without_a_charset_is_read_as_utf8_not_replaced() -> None:
    raw = LONE_LEAD_BYTE.replace(b"Subject: Nyaan", "Subject: 你好".encode())
    report = analyze(raw)
    assert report.subject == "你好"
    assert report.undecodable_bytes == 1  # only the Diagnostic-Code's byte


def test_explain_replaces_lone_surrogates() -> None:
    record = explain("550 5.1.1 user \ud800 unknown")
    assert "\ud800" not in record.diagnostic and "\ufffd" in record.diagnostic
    assert record.reason == "userunknown"


def test_a_megabyte_subject_is_decoded_in_linear_time_and_capped() -> None:
    """1 MB of encoded words took 5 s (2 MB 40 s) in email.header.decode_header."""
    words = b"=?utf-8?B?5Lit?=" * (1024 * 1024 // 16)
    raw = LONE_LEAD_BYTE.replace(b"Subject: Undelivered", b"Subject: " + words + b" Undelivered")
    report = analyze(raw)
    assert report.truncated_headers == ["subject"]
    assert [r.reason for r in report.recipients] == ["userunknown"]
    # decode_header itself, without the cap: linear (a generous bound; old code > 40 s).
    started = time.perf_counter()
    decoded = decode_header((words * 2).decode("ascii"))
    assert time.perf_counter() - started < 10
    assert decoded == "中" * (2 * 1024 * 1024 // 16)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=?utf-8?B?5Lit?= =?utf-8?B?5paH?=", "中文"),  # white space between words dropped
        ("=?utf-8?Q?=E4=B8?= =?utf-8?Q?=AD?=", "中"),  # a character split between words
        ("=?gb2312?B?1tDOxA==?=", "中文"),
        ("=?UTF-8?Q?Why_not??=", "Why not?"),  # "?" inside a Q word, as the stdlib reads it
        ("=?utf-8*en?Q?hi?= there", "hi there"),  # RFC 2231 language suffix
        ("plain =?bogus?Q?x?= text", "plain x text"),
        ("=?utf-8?Q?a b?=", "=?utf-8?Q?a b?="),  # white space: not an encoded word
        ("no words at all", "no words at all"),
    ],
)
def test_encoded_words(value: str, expected: str) -> None:
    assert decode_header(value) == expected


ADVERSARIAL_MEGABYTE = {
    # Inputs that were quadratic (or worse) before: a Subject of encoded words, a
    # body of one long token (address patterns rescanned it from every position), a
    # Content-Type of quoted semicolons, unclosed <script> and "<" runs in HTML, and
    # runs of newlines under line-anchored patterns.
    "encoded-words": b"Subject: " + b"=?utf-8?B?5Lit?=" * 65536 + b"\n\nx\n",
    "one-token": b"Subject: x\n\n" + b"a" * (1 << 20),
    "digits": b"Subject: x\n\n" + b"5" * (1 << 20),
    "dotted": b"Subject: x\n\n" + b"5." * (1 << 19),
    "quoted-semicolons": b'Content-Type: multipart/report; boundary="' + b";" * (1 << 20),
    "unclosed-script": b"Content-Type: text/html\n\n" + b"<script>" * (1 << 17),
    "open-angles": b"Content-Type: text/html\n\n" + b"<p" * (1 << 19),
    "newlines": b"Subject: x\n\n" + b"\n" * (1 << 20),
    # A recipient line of "a@a@a@..." under the qmail, Sendmail and au parsers: their
    # address patterns tried every "@" as the split, then every end (8.5 s at 40 KB).
    "qmail-address-run": b"Subject: failure notice\n\nHi. This is the qmail-send program.\n\n<"
    + b"a@" * (1 << 18),
    "sendmail-address-run": b"Subject: Returned mail\n\n----- Transcript of session follows"
    b" -----\n550 <" + b"a@" * (1 << 18),
    "au-address-run": b"From: Postmaster@ezweb.ne.jp\nSubject: x\n\n<" + b"a@" * (1 << 18),
    "zoho-address-run": b"From: mailer-daemon@zoho.com\nSubject: x\n\nThis is a permanent error"
    b"\n" + b"a@" * (1 << 18),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_MEGABYTE))
def test_adversarial_megabyte_finishes_promptly(name: str) -> None:
    """Each took 28-120 s before; all are linear now (timed in bench_bounce.py).

    The bound is generous (the machine is shared); the old code misses it by far.
    """
    started = time.perf_counter()
    report = analyze(ADVERSARIAL_MEGABYTE[name])
    assert time.perf_counter() - started < 10
    json.dumps(report.as_dict(), ensure_ascii=False).encode("utf-8")
