"""Bad input: never a traceback; an error where nothing can be read; the batch goes on."""

from __future__ import annotations

import random
import time

import pytest

from postdesk.bounce import analyze
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
