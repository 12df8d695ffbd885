"""Message reader: mixed throughput on one core, a 50 MB message, 10,000 fuzzed messages.

Run: ``.venv/bin/python benchmarks/bench_inspect.py``. Prints:

- messages per second, in process on one core, over a mixed set: the bounce
  corpus (``tests/data/bounces``), the garbled, delayed, spam and duplicate
  samples the tests build, and the TNEF samples wrapped in messages; each
  message is inspected on its own (no duplicate comparison across the set);
- time and peak RSS (fresh process) for one 50 MB message: a 50 MB base64
  attachment, and a 50 MB winmail.dat inside a message;
- 10,000 fuzzed messages (the mutations of tests/inspect/test_bad_input.py):
  how many gave an error, how many made a finding module fail (must be 0),
  the slowest one.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FUZZ_COUNT = 10_000
TARGET_RATE = 500


def mixed_set() -> list[tuple[str, bytes]]:
    """The corpus and the tests' samples, about as many of each kind as bounces."""
    from tests.inspect import samples
    from tests.inspect.test_delay import INBOUND, OUTBOUND
    from tests.inspect.test_samples_spam_virus_duplicate import SPAM
    from tests.inspect.test_tnef import _wrapped

    items = [(p.name, p.read_bytes()) for p in sorted((REPO / "tests/data/bounces").rglob("*.eml"))]
    for lang, (subject, body) in samples.TEXTS.items():
        native = samples.NATIVE[lang]
        items.append(
            (
                f"{lang}-missing",
                samples.message(subject.encode(native), body.encode(native), b"text/plain"),
            )
        )
        items.append(
            (
                f"{lang}-label",
                samples.message(
                    samples.b64word("utf-8", subject.encode(native)),
                    body.encode(native),
                    b"text/plain; charset=utf-8",
                ),
            )
        )
        items.append(
            (
                f"{lang}-ok",
                samples.message(
                    samples.b64word("utf-8", subject.encode()),
                    body.encode(),
                    b"text/plain; charset=utf-8",
                ),
            )
        )
    items += [("inbound", INBOUND), ("outbound", OUTBOUND), ("spam", SPAM)]
    for path in sorted((REPO / "tests/data/tnef").glob("*.tnef")):
        if path.stat().st_size < 200_000:
            items.append((path.name, _wrapped(path.read_bytes())))
    items += [
        (path.name, path.read_bytes()) for path in sorted((REPO / "tests/data/msg").glob("*.msg"))
    ]
    return items


def throughput() -> float:
    from postdesk.inspect import InspectContext, inspect_many

    plain = InspectContext.default()
    # One message in ten is handed over as a spam sample and one in twenty as a virus
    # sample (ARF report, AES archive), as the agent would say on such calls.
    said = {
        0: InspectContext(plain.profile, plain.library, frozenset({"spam"})),
        5: InspectContext(plain.profile, plain.library, frozenset({"virus"})),
    }
    items = mixed_set()
    inspect_many(items[:20], plain)  # warm caches (charset tables, playbooks)
    rounds = 3
    kinds: dict[str, int] = {}
    started = time.process_time()
    for _ in range(rounds):
        for number, item in enumerate(items):
            context = said.get(number % 20, said.get(number % 10, plain))
            for finding in inspect_many([item], context)[0].findings:
                kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    elapsed = time.process_time() - started
    rate = len(items) * rounds / elapsed
    print(
        f"mixed set: {len(items)} messages x {rounds}, findings {json.dumps(kinds, sort_keys=True)}"
    )
    verdict = "meets" if rate >= TARGET_RATE else "MISSES"
    print(f"throughput (one core, CPU time): {rate:,.0f} messages/s ({verdict} {TARGET_RATE}/s)")
    return rate


# The peak is VmHWM of the fresh process: ru_maxrss would carry the parent's peak
# across fork and exec on Linux.
BIG_SCRIPT = r"""
import sys, time
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
sys.path.insert(0, sys.argv[1])
from postdesk.inspect import InspectContext, inspect_many
context = InspectContext.default()
inspect_many([("warm.eml", b"From: a@b\n\nhi\n")], context)
raw = open(sys.argv[2], "rb").read()
before = hwm()
started = time.perf_counter()
cpu = time.process_time()
result = inspect_many([("big.eml", raw)], context)[0]
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu
peak = hwm()
print(f"{len(raw) / 1048576:.1f} {elapsed:.2f} {cpu:.2f} {peak / 1024:.0f} {before / 1024:.0f} "
      f"{','.join(f.kind for f in result.findings) or '-'} {len(result.problems)}")
"""


def big_message(kind: str) -> bytes:
    """About 50 MB: a base64 attachment, or a winmail.dat with a 37 MB file inside."""
    from tests.inspect.test_tnef import _wrapped

    filler = bytes(range(256)) * (50 * 1024 * 1024 * 3 // 4 // 256)
    if kind == "winmail.dat":
        tnef = (REPO / "tests/data/tnef/two-files.tnef").read_bytes()
        # attAttachData (0x800F, attachment level) holding the filler, as one more attribute
        attribute = b"\x02\x0f\x80\x06\x00" + len(filler).to_bytes(4, "little") + filler
        return _wrapped(tnef + attribute + (sum(filler) & 0xFFFF).to_bytes(2, "little"))
    return (
        b"From: a@b.example\nTo: c@d.example\nSubject: big\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
        b"hi\n--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(filler)
        + b"--B--\n"
    )


def big_messages() -> None:
    import tempfile

    for kind in ("attachment", "winmail.dat"):
        with tempfile.NamedTemporaryFile(suffix=".eml") as file:
            file.write(big_message(kind))
            file.flush()
            out = subprocess.run(
                [sys.executable, "-c", BIG_SCRIPT, str(REPO), file.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        size, seconds, cpu, peak, base, kinds, problems = out
        print(
            f"50 MB message ({kind}): {size} MB read in {seconds} s ({cpu} s CPU), "
            f"peak RSS {peak} MB "
            f"(with the message loaded, before reading: {base} MB), findings {kinds}, "
            f"failures {problems}"
        )


def fuzz() -> None:
    import random

    from tests.inspect.test_bad_input import mutate, seeds

    from postdesk.inspect import InspectContext, inspect_many

    context = InspectContext.default(frozenset({"spam", "duplicate"}))
    rng = random.Random(2026)
    base = seeds()
    errors = failures = 0
    slowest = (0.0, "")
    for number in range(FUZZ_COUNT):
        raw = mutate(rng.choice(base), rng)
        started = time.perf_counter()
        result = inspect_many([(f"fuzz-{number}", raw)], context)[0]
        json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8")
        took = time.perf_counter() - started
        slowest = max(slowest, (took, f"fuzz-{number} ({len(raw)} bytes)"))
        errors += result.error is not None
        failures += len(result.problems)
    print(
        f"fuzz: {FUZZ_COUNT:,} messages, {errors:,} refused with an error, "
        f"{failures} finding failures, slowest {slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    throughput()
    big_messages()
    fuzz()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
