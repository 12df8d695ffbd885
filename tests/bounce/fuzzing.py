"""Fuzzed bounces: the corpus's real messages, damaged the ways hostile or broken mail is.

Each message is a corpus file with a few mutations drawn from a seeded
generator, so a failure names a seed and a number that rebuild the same bytes:
bytes flipped or inserted (lone 0xC2, 0xFF, NUL, half a UTF-8 character),
cuts, CR/LF changes, long runs of RFC 2047 encoded words, boundary and
parameter junk, deep nesting. Used by ``test_fuzz.py`` and by
``benchmarks/bench_fuzz_bounce.py`` (the full 10,000).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces" / "eml"
# Bytes that break decoders: a lone UTF-8 lead byte, invalid bytes, half of 中, NUL, CR.
BAD_BYTES = [b"\xc2", b"\xff", b"\xfe", b"\xe4\xb8", b"\x00", b"\r", b"\x80", b"\xed\xa0\x80"]


def corpus_files() -> list[bytes]:
    return [path.read_bytes() for path in sorted(CORPUS.rglob("*")) if path.is_file()]


def _flip(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) or 1)
    return data[:at] + rng.choice(BAD_BYTES) + data[at + 1 :]


def _insert_in_line(rng: random.Random, data: bytes) -> bytes:
    """A bad byte in a line the parsers read (Diagnostic-Code, Status, Subject ...)."""
    for marker in (b"Diagnostic-Code:", b"Status:", b"Subject:", b"Final-Recipient:", b"\n\n"):
        at = data.find(marker)
        if at >= 0 and rng.random() < 0.6:
            at += len(marker) + rng.randrange(1, 20)
            return data[:at] + rng.choice(BAD_BYTES) + data[at:]
    return _flip(rng, data)


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _line_ends(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\r", b"\r\r\n"]))


def _encoded_words(rng: random.Random, data: bytes) -> bytes:
    word = rng.choice([b"=?utf-8?B?5Lit?=", b"=?gb2312?Q?=D6=D0?=", b"=?x?q?=C2?=", b"=?u?q?a"])
    return b"Subject: " + word * rng.randrange(100, 3000) + b"\n" + data


def _junk_parameters(rng: random.Random, data: bytes) -> bytes:
    junk = b'; boundary="' + b";" * rng.randrange(100, 5000)
    return data.replace(b"Content-Type: multipart/report", b"Content-Type: multipart/report" + junk)


def _nest(rng: random.Random, data: bytes) -> bytes:
    depth = rng.randrange(5, 200)
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (n, n) for n in range(depth)
    )
    return head + data


def _random_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) or 1)
    return data[:at] + rng.randbytes(rng.randrange(1, 200)) + data[at:]


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _flip,
    _insert_in_line,
    _insert_in_line,
    _cut,
    _line_ends,
    _encoded_words,
    _junk_parameters,
    _nest,
    _random_bytes,
]


def fuzzed(count: int, seed: int = 12) -> Iterator[tuple[str, bytes]]:
    """``count`` fuzzed messages as ``(name, bytes)``; the same seed gives the same bytes."""
    rng = random.Random(seed)
    originals = corpus_files()
    for number in range(count):
        data = rng.choice(originals)
        for _ in range(rng.randrange(1, 4)):
            data = rng.choice(MUTATIONS)(rng, data)
        yield f"fuzz-{seed}-{number:05d}.eml", data
