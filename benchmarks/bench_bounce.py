"""Bounce analysis: agreement, held-out agreement, speed against Perl Sisimai, memory, fuzzing.

Run: ``.venv/bin/python benchmarks/bench_bounce.py`` (``--fuzz N`` to change the
number of fuzzed messages, 10,000 by default; ``--no-install`` not to install
Sisimai). Prints:

- reason / status / reply-code agreement per recipient with ``truth.json`` (the
  development figure: the rules were written with the corpus in view), and the
  share of messages whose recipients were found;
- the leave-one-family-out figure (``tests/bounce/holdout.py``): each family's
  samples decided without the rules only that family supports (held out; the
  documented texts of ``tests/bounce/documented.py`` support rules as one more
  family);
- messages per CPU second on one core, in process and end to end
  (``postdesk bounce DIR --json`` over the corpus copied 10 times, and over
  the corpus once, where start-up weighs more);
- Perl Sisimai 4.25 (Debian ``libsisimai-perl``; installed with apt-get when
  missing and this runs as root) on the same folders in the same run, side by
  side, with the speed ratio: in process (its own timing around
  ``Sisimai->make``) and end to end, and its agreement with the same truth;
- time and peak RSS for one 50 MB message (in a fresh process);
- the fuzz run: crashes, hangs and the slowest of N hostile messages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "bounces"
COPIES = 10
ROUNDS = 3  # turns each program takes at every speed figure (the best one counts)
sys.path.insert(0, str(REPO))  # tests.bounce.holdout / tests.bounce.fuzz

# A Perl script that parses a folder with Sisimai and prints JSON per file.
SISIMAI_SCRIPT = r"""
use Sisimai; use JSON::PP;
my @before = times;
my $found = Sisimai->make($ARGV[0], 'delivered' => 1, 'vacation' => 1) || [];
my @after = times;
printf STDERR "parse-cpu-seconds %.4f\n", ($after[0] + $after[1]) - ($before[0] + $before[1]);
my %out;
for my $e (@$found) {
    my $d = $e->damn;
    push @{$out{$d->{'origin'}}}, {reason => $d->{'reason'}, status => $d->{'deliverystatus'}};
}
print JSON::PP->new->canonical->encode(\%out);
"""


def agreement() -> dict[str, str]:
    """Per-recipient agreement with truth.json, printed and returned for the table."""
    from tests.bounce.holdout import analyze_file

    truth = json.loads((CORPUS / "truth.json").read_text("utf-8"))
    totals = {"reason": 0, "status": 0, "replycode": 0}
    records = found = 0
    for name, expected in truth.items():
        report = analyze_file((CORPUS / "eml" / name).read_bytes())  # an mbox: each message
        found += bool(report.recipients)
        for index, record in enumerate(expected):
            records += 1
            got = report.recipients[index] if index < len(report.recipients) else None
            for field in totals:
                totals[field] += got is not None and getattr(got, field) == record[field]
    print(f"corpus: {len(truth)} messages, {records} recipients")
    for field, agreed in totals.items():
        print(f"  {field} agreement: {agreed / records:.1%} ({agreed}/{records})")
    print(f"  recipients found: {found / len(truth):.1%} of messages")
    return {f"{field} agreement": f"{agreed / records:.1%}" for field, agreed in totals.items()}


# Speeds are messages per CPU second (user + system) of the process doing the work, for
# postdesk and Sisimai alike: on a shared machine wall-clock time measures the other
# processes as much as the program.


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_child(command: list[str]) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Run ``command``; its result and the CPU seconds it used."""
    before = _children_cpu()
    result = subprocess.run(command, capture_output=True)
    return result, _children_cpu() - before


def in_process_rate() -> float:
    """Messages per CPU second through ``analyze`` (advice included), library already loaded."""
    from postdesk.bounce import analyze

    messages = [p.read_bytes() for p in sorted((CORPUS / "eml").iterdir())]
    analyze(messages[0])  # the playbook library loads once, outside the timing
    started = time.process_time()
    for _ in range(COPIES):
        for raw in messages:
            analyze(raw)
    return len(messages) * COPIES / (time.process_time() - started)


def cli_rate(folder: Path, count: int) -> float:
    """Messages per CPU second of ``postdesk bounce DIR --json``, start-up included."""
    command = [str(REPO / ".venv" / "bin" / "postdesk"), "bounce", str(folder), "--json"]
    result, elapsed = _run_child(command)
    result.check_returncode()
    lines = result.stdout.count(b"\n")
    # One JSON line per message: a file holding an mbox of several (the corpus has one:
    # a bounce and its postmaster copy) gives a line each. Rates stay per file, as
    # Sisimai's are counted, so the two columns divide the same work.
    held = _messages_in(folder)
    if lines != held:
        sys.exit(f"postdesk bounce printed {lines} lines for {held} messages in {count} files")
    return count / elapsed


def _messages_in(folder: Path) -> int:
    from postdesk.bounce.sources import each_message

    return sum(len(each_message(path.read_bytes())) for path in folder.iterdir())


def held_out() -> dict[str, str]:
    """The leave-one-family-out figures, printed and returned for the table."""
    from tests.bounce.holdout import measure

    whole, held, families = measure()
    print(
        f"leave-one-family-out: {len(families)} families, {held.held_rules} rules held out"
        " (each family's samples decided without the rules only it supports)"
    )
    for field in ("reason", "status"):
        print(f"  {field} agreement: {held.share(field):.1%} (all rules: {whole.share(field):.1%})")
    return {
        f"held-out {field} agreement": f"{held.share(field):.1%}" for field in ("reason", "status")
    }


def sisimai_version(install: bool) -> str:
    """Perl Sisimai's version; installed from Debian (libsisimai-perl) when missing and allowed."""
    probe = ["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"]
    found = subprocess.run(probe, capture_output=True, text=True)
    if found.returncode != 0 and install and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Perl Sisimai not found: apt-get install libsisimai-perl ...")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "libsisimai-perl"],
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = subprocess.run(probe, capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def sisimai_run(folder: Path, count: int) -> tuple[float, float, bytes]:
    """Perl Sisimai over ``folder``: (in-process msg/s, end-to-end msg/s, its JSON)."""
    result, elapsed = _run_child(["perl", "-e", SISIMAI_SCRIPT, str(folder)])
    parse = [line for line in result.stderr.decode().splitlines() if "parse-cpu-seconds" in line]
    parse_seconds = float(parse[-1].split()[-1]) if parse else elapsed
    return count / parse_seconds, count / elapsed, result.stdout


def sisimai_agreement(output: bytes) -> tuple[float, float]:
    """Perl Sisimai's reason and status agreement with truth.json."""
    got = {Path(k).name: v for k, v in json.loads(output or b"{}").items()}
    truth = json.loads((CORPUS / "truth.json").read_text("utf-8"))
    records = sum(len(recs) for recs in truth.values())
    agreed = {"reason": 0, "status": 0}
    for name, recs in truth.items():
        theirs = got.get(name) or []
        for index, rec in enumerate(recs):
            if index < len(theirs):
                agreed["reason"] += theirs[index]["reason"] == rec["reason"]
                agreed["status"] += theirs[index]["status"] == rec["status"]
    return agreed["reason"] / records, agreed["status"] / records


def _rate(value: str) -> float:
    return float(value.replace(",", "")) if value and value != "-" else 0.0


def side_by_side(ours: dict[str, str], theirs: dict[str, str], version: str) -> None:
    """Print the figures of postdesk and Perl Sisimai as two columns, with the speed ratios."""
    title = f"Perl Sisimai {version}" if version else "Perl Sisimai (absent)"
    print(f"\n{'':42} {'postdesk':>12} {title:>22} {'ratio':>7}")
    for label, value in ours.items():
        other = theirs.get(label, "-")
        ratio = ""
        if "msg per CPU s" in label and _rate(other):
            ratio = f"{_rate(value) / _rate(other):.2f}x"
        print(f"{label:42} {value:>12} {other:>22} {ratio:>7}")
    if not version:
        print("(apt-get install libsisimai-perl to compare)")


BIG_CHILD = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from postdesk.bounce import analyze
head = open(sys.argv[2], 'rb').read()
body = b'QUFBQUFBQUFBQUFB\n' * (50 * 1024 * 1024 // 17)
raw = head.replace(b'\n\n', b'\nX-Pad: yes\n\n', 1) + b'\n' + body
analyze(b'Subject: warm-up\n\nx')
started = time.perf_counter()
report = analyze(raw)
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(raw) / 1e6:.0f} MB message: {elapsed:.2f} s, peak RSS {rss:.0f} MB "
      f"(reason {report.recipients[0].reason if report.recipients else '-'})")
"""


def big_message() -> None:
    sample = CORPUS / "eml" / "lhost-postfix-01.eml"
    subprocess.run([sys.executable, "-c", BIG_CHILD, str(REPO / "src"), str(sample)], check=True)


def adversarial_megabytes() -> None:
    """Each input that was quadratic before (tests/bounce/test_bad_input.py), at 256 KB
    and 1 MB: linear reading takes about four times as long for four times the bytes."""
    sys.path.insert(0, str(REPO))
    from tests.bounce.test_bad_input import ADVERSARIAL_MEGABYTE

    from postdesk.bounce import analyze

    print("adversarial inputs, seconds at 256 KB / 1 MB:")
    for name, data in sorted(ADVERSARIAL_MEGABYTE.items()):
        times = []
        for size in (len(data) // 4, len(data)):
            started = time.perf_counter()
            analyze(data[:size])
            times.append(time.perf_counter() - started)
        print(f"  {name:<18} {times[0]:6.3f} / {times[1]:6.3f}")


def fuzzed(count: int) -> None:
    """Analyse ``count`` hostile messages; print crashes, hangs (over 10 s) and the slowest."""
    from tests.bounce import fuzz

    started = time.perf_counter()
    outcome = fuzz.run(count, limit=10.0)
    elapsed = time.perf_counter() - started
    print(
        f"fuzz: {outcome.count:,} messages in {elapsed:.1f} s, {len(outcome.failures)} crashes"
        f" or hangs; slowest {outcome.slowest:.2f} s ({outcome.slowest_label})"
    )
    for failure in outcome.failures[:20]:
        print(f"  {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fuzz", type=int, default=10_000, help="fuzzed messages (0: none)")
    parser.add_argument("--no-install", action="store_true", help="do not apt-get Sisimai")
    options = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, children too
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    ours = agreement()
    ours.update(held_out())
    version = sisimai_version(install=not options.no_install)
    theirs: dict[str, str] = {}
    single = len(list((CORPUS / "eml").iterdir()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for copy in range(COPIES):
            for path in (CORPUS / "eml").iterdir():
                shutil.copyfile(path, folder / f"{copy:02d}-{path.name}")
        count = COPIES * single
        inside = f"in process, msg per CPU s (best of {ROUNDS})"
        batch = f"end to end, {count:,} messages, msg per CPU s"
        once = f"end to end, {single} messages, msg per CPU s"
        # The two programs take turns, ROUNDS times, and each keeps its best round:
        # the machine is shared, and a round slowed by a neighbour says nothing of either.
        rates: dict[str, list[float]] = {label: [] for label in (inside, batch, once)}
        other: dict[str, list[float]] = {label: [] for label in (inside, batch, once)}
        output = b""
        for _ in range(ROUNDS):
            rates[inside].append(in_process_rate())
            rates[batch].append(cli_rate(folder, count))
            rates[once].append(cli_rate(CORPUS / "eml", single))
            if version:
                their_inside, their_batch, _ = sisimai_run(folder, count)
                other[inside].append(their_inside)
                other[batch].append(their_batch)
                _, their_once, output = sisimai_run(CORPUS / "eml", single)
                other[once].append(their_once)
        for label in rates:
            ours[label] = f"{max(rates[label]):,.0f}"
            if other[label]:
                theirs[label] = f"{max(other[label]):,.0f}"
        if version:
            reason, status = sisimai_agreement(output)
            theirs["reason agreement"] = f"{reason:.1%}"
            theirs["status agreement"] = f"{status:.1%}"
    side_by_side(ours, theirs, version)
    print()
    big_message()
    adversarial_megabytes()
    if options.fuzz:
        fuzzed(options.fuzz)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"benchmark process peak RSS {peak} MB")


if __name__ == "__main__":
    main()
