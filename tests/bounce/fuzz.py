"""Hostile bounces for the fuzz test and its benchmark: every way a message can be broken.

:func:`messages` yields ``(label, raw)`` pairs, reproducibly for a seed: the
corpus samples truncated, with bits flipped, NUL bytes and CR-only lines,
bogus or unterminated MIME boundaries, bad charsets and encoded words,
multiparts nested 500 deep, a 20 MB header, and texts made to stress the
reason rules (runs of continuation prefixes, of reply codes, of dotted names,
of a phrase's first word without the rest). :func:`run` analyses each under
a per-message time limit and says which crashed and which were too slow.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from postdesk.bounce import analyze

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces" / "eml"
HEADERS = (
    b"From: MAILER-DAEMON@example.org\nTo: a@example.jp\nSubject: Undelivered Mail\n"
    b"MIME-Version: 1.0\n"
)


def _nested(depth: int) -> bytes:
    parts = [HEADERS + b'Content-Type: multipart/mixed; boundary="b0"\n\n']
    for level in range(1, depth):
        parts.append(
            f'--b{level - 1}\nContent-Type: multipart/mixed; boundary="b{level}"\n\n'.encode()
        )
    parts.append(f"--b{depth - 1}\nContent-Type: text/plain\n\n550 5.1.1 user unknown\n".encode())
    parts.extend(f"--b{level}--\n".encode() for level in reversed(range(depth)))
    return b"".join(parts)


def _stress_texts() -> list[bytes]:
    """Reply texts made to make a naive matcher (or regex) work in quadratic time."""
    runs = [
        b"550-5.7.1 " * 40000,
        b"550 " * 50000,
        b"host " * 60000 + b"not found",
        b"a." * 100000 + b" does not exist",
        b"user " * 60000,
        b"<" * 200000 + b"421 4.4.2 x",
        b"'550 " * 50000,
        b"(in reply to " * 30000,
        b"x" * 300000 + b"@" + b"y." * 50000,
        b">>> " * 60000,
        b"\xe6\x94\xb6\xe4\xbb\xb6\xe4\xba\xba" * 60000,
    ]
    out = []
    for run in runs:
        out.append(
            HEADERS
            + b"X-Failed-Recipients: a@example.jp\n\n"
            + b"The following address(es) failed:\n\n  a@example.jp\n    "
            + run
            + b"\n"
        )
        out.append(
            HEADERS
            + b'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n'
            b"--R\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@example.jp\n"
            b"Action: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; " + run + b"\n\n--R--\n"
        )
    return out


def _mutate(raw: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.randrange(9)
    if kind == 0:
        return "truncated", raw[: rng.randrange(len(raw) + 1)]
    if kind == 1:
        data = bytearray(raw)
        for _ in range(rng.randrange(1, 64)):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return "bit-flips", bytes(data)
    if kind == 2:
        data = bytearray(raw)
        for _ in range(rng.randrange(1, 32)):
            data.insert(rng.randrange(len(data) + 1), 0)
        return "nul-bytes", bytes(data)
    if kind == 3:
        return "cr-only", raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if kind == 4:
        data = raw.replace(b"boundary=", b"boundary=" + bytes([rng.randrange(33, 127)]) * 3, 1)
        cut = rng.randrange(len(data) + 1)
        return "bogus-boundary", data[:cut] + b"\n--\n--" + data[cut:]
    if kind == 5:
        charset = rng.choice([b"x-nonsense", b"utf-7", b"utf-16", b"iso-2022-kr", b"", b'"'])
        data = raw.replace(b"charset=", b"charset=" + charset + b";x=", 1)
        return "bad-charset", data.replace(
            b"Subject: ", b"Subject: =?" + charset + b"?B?////?= ", 1
        )
    if kind == 6:
        cut = rng.randrange(len(raw) + 1)
        return "splice", raw[:cut] + raw[rng.randrange(len(raw) + 1) :]
    if kind == 7:
        return "no-header-end", raw.replace(b"\n\n", b"\n", 3)
    return "repeated", raw * rng.randrange(2, 6)


def messages(count: int, seed: int = 14) -> Iterator[tuple[str, bytes]]:
    """``count`` hostile messages, the same ones for the same seed."""
    rng = random.Random(seed)
    corpus = [path.read_bytes() for path in sorted(CORPUS.iterdir())]
    fixed: list[tuple[str, bytes]] = [
        ("nested-500", _nested(500)),
        ("header-20mb", HEADERS + b"X-Pad: " + b"a" * (20 * 1024 * 1024) + b"\n\nbody\n"),
        ("many-headers", HEADERS + b"X-Pad: a\n" * 500_000 + b"\n550 user unknown\n"),
        ("empty", b""),
        ("nul-only", b"\0" * 100_000),
    ]
    fixed += [("stress", text) for text in _stress_texts()]
    for produced, item in enumerate(fixed):
        if produced >= count:
            return
        yield item
    for _ in range(count - len(fixed)):
        yield _mutate(rng.choice(corpus), rng)


class _TooSlow(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _TooSlow


@dataclass
class Outcome:
    """What a fuzz run found: counts, the slowest message, and every failure."""

    count: int = 0
    slowest: float = 0.0
    slowest_label: str = ""
    failures: list[str] = field(default_factory=list)


def run(count: int, *, limit: float = 5.0, seed: int = 14) -> Outcome:
    """Analyse ``count`` fuzzed messages; a message over ``limit`` seconds is a failure (a hang)."""
    outcome = Outcome()
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for number, (label, raw) in enumerate(messages(count, seed)):
            outcome.count += 1
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                report = analyze(raw)
                json.dumps(report.as_dict())
            except _TooSlow:
                outcome.failures.append(f"#{number} {label}: over {limit:.0f} s")
            except Exception as err:  # every crash is a finding, whatever its type
                outcome.failures.append(f"#{number} {label}: {type(err).__name__}: {err}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elapsed = time.perf_counter() - started
            if elapsed > outcome.slowest:
                outcome.slowest, outcome.slowest_label = elapsed, f"#{number} {label}"
    finally:
        signal.signal(signal.SIGALRM, previous)
    return outcome
