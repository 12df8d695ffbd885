"""Any bytes get a result or a clear error, as valid UTF-8 JSON (the full 10,000 in benchmarks)."""

from __future__ import annotations

import json
import random

import pytest

from postdesk.inspect import InspectContext, inspect_many
from tests.conftest import DATA
from tests.inspect.test_samples_spam_virus_duplicate import SPAM

CONTEXT = InspectContext.default(frozenset({"spam", "duplicate"}))
FUZZ_COUNT = 400  # benchmarks/bench_inspect.py runs 10,000


def seeds() -> list[bytes]:
    found = [SPAM, *(p.read_bytes() for p in sorted((DATA / "tnef").glob("*.tnef"))[:4])]
    found += [p.read_bytes() for p in sorted((DATA / "msg").glob("*.msg"))]
    found += [p.read_bytes() for p in sorted((DATA / "bounces").rglob("*.eml"))[:20]]
    return found


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage: flipped bytes, cut, repeated slice, inserted junk or markers."""
    data = bytearray(data[:200_000])
    kind = rng.randrange(6)
    if kind == 0 and data:
        for _ in range(rng.randrange(1, 50)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:
        data = data[: rng.randrange(len(data) + 1)]
    elif kind == 2 and data:
        start = rng.randrange(len(data))
        data[start:start] = data[start : start + rng.randrange(1, 200)] * rng.randrange(2, 50)
    elif kind == 3:
        junk = rng.choice([b"=?", b"?=", b"(", b")", b";", b"\n\n", b"--", b"\xff\xfe", b"\x00"])
        for _ in range(rng.randrange(1, 200)):
            data.insert(rng.randrange(len(data) + 1), junk[rng.randrange(len(junk))])
    elif kind == 4:
        data = bytearray(rng.randbytes(rng.randrange(1, 5000)))
    else:
        data = bytearray(b"Content-Type: multipart/mixed; boundary=a\n\n" + b"--a\n" * 300) + data
    return bytes(data)


def fuzzed(count: int, seed: int = 17) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    base = seeds()
    return [(f"fuzz-{n}", mutate(rng.choice(base), rng)) for n in range(count)]


def test_fuzzed_messages_never_crash_and_give_utf8_json() -> None:
    items = fuzzed(FUZZ_COUNT)
    for start in range(0, len(items), 50):
        for result in inspect_many(items[start : start + 50], CONTEXT):
            assert not result.problems, (result.file, result.problems)
            text = json.dumps(result.as_dict(), ensure_ascii=False)
            text.encode("utf-8")  # no lone surrogates: strict UTF-8
            assert result.error is None or result.error["code"].startswith("error_")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\n\n\n",
        b"\x00" * 100,
        b"no headers here at all",
        b"Subject: " + b"=?utf-8?B?" * 5000,
        b"Received: " + b"(" * 20000 + b"\n\nx",
        b"Content-Type: multipart/mixed; boundary=x\n\n"
        + b"--x\nContent-Type: multipart/mixed; boundary=x\n\n" * 500,
        b"Content-Type: message/rfc822\n\n" * 1000,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    ],
)
def test_hostile_shapes(raw: bytes) -> None:
    result = inspect_many([("bad", raw)], CONTEXT)[0]
    assert not result.problems
    json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8")
