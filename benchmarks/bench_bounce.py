"""Bounce analysis: agreement with the corpus, throughput, a 50 MB message, Perl Sisimai.

Run: ``.venv/bin/python benchmarks/bench_bounce.py``. Prints:

- reason / status / reply-code agreement per recipient with ``truth.json``,
  and the share of messages whose recipients were found;
- messages per second on one core, in process and end to end
  (``postdesk bounce DIR --json`` over the corpus copied 10 times, and over
  the corpus once, where start-up weighs more);
- time and peak RSS for one 50 MB message (in a fresh process);
- Perl Sisimai (Debian ``libsisimai-perl``) on the same folders, when installed,
  side by side: in process (its own timing around ``Sisimai->make``), end to
  end, and its agreement with the same truth.
"""

from __future__ import annotations

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

# A Perl script that parses a folder with Sisimai and prints JSON per file.
SISIMAI_SCRIPT = r"""
use Sisimai; use JSON::PP; use Time::HiRes qw(time);
my $started = time;
my $found = Sisimai->make($ARGV[0], 'delivered' => 1, 'vacation' => 1) || [];
printf STDERR "parse-seconds %.4f\n", time - $started;
my %out;
for my $e (@$found) {
    my $d = $e->damn;
    push @{$out{$d->{'origin'}}}, {reason => $d->{'reason'}, status => $d->{'deliverystatus'}};
}
print JSON::PP->new->canonical->encode(\%out);
"""


def agreement() -> dict[str, str]:
    """Per-recipient agreement with truth.json, printed and returned for the table."""
    from postdesk.bounce import analyze

    truth = json.loads((CORPUS / "truth.json").read_text("utf-8"))
    totals = {"reason": 0, "status": 0, "replycode": 0}
    records = found = 0
    for name, expected in truth.items():
        report = analyze((CORPUS / "eml" / name).read_bytes())
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


def in_process_rate() -> float:
    """Messages per second through ``analyze`` (advice included), library already loaded."""
    from postdesk.bounce import analyze

    messages = [p.read_bytes() for p in sorted((CORPUS / "eml").iterdir())]
    analyze(messages[0])  # the playbook library loads once, outside the timing
    started = time.perf_counter()
    for _ in range(COPIES):
        for raw in messages:
            analyze(raw)
    return len(messages) * COPIES / (time.perf_counter() - started)


def cli_rate(folder: Path, count: int) -> float:
    """Messages per second of ``postdesk bounce DIR --json``, start-up included."""
    command = [str(REPO / ".venv" / "bin" / "postdesk"), "bounce", str(folder), "--json"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    lines = result.stdout.count(b"\n")
    if lines != count:
        sys.exit(f"postdesk bounce printed {lines} lines for {count} messages")
    return count / elapsed


def sisimai_version() -> str:
    """Perl Sisimai's version, or ``""`` when it is not installed."""
    probe = subprocess.run(
        ["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True
    )
    return probe.stdout.strip() if probe.returncode == 0 else ""


def sisimai_run(folder: Path, count: int) -> tuple[float, float, bytes]:
    """Perl Sisimai over ``folder``: (in-process msg/s, end-to-end msg/s, its JSON)."""
    started = time.perf_counter()
    result = subprocess.run(["perl", "-e", SISIMAI_SCRIPT, str(folder)], capture_output=True)
    elapsed = time.perf_counter() - started
    parse = [line for line in result.stderr.decode().splitlines() if "parse-seconds" in line]
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


def side_by_side(ours: dict[str, str], theirs: dict[str, str], version: str) -> None:
    """Print the figures of postdesk and Perl Sisimai as two columns."""
    title = f"Perl Sisimai {version}" if version else "Perl Sisimai (absent)"
    print(f"\n{'':42} {'postdesk':>12} {title:>22}")
    for label, value in ours.items():
        print(f"{label:42} {value:>12} {theirs.get(label, '-'):>22}")
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


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, children too
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    ours = agreement()
    version = sisimai_version()
    theirs: dict[str, str] = {}
    ours["in process, msg/s"] = f"{in_process_rate():,.0f}"
    single = len(list((CORPUS / "eml").iterdir()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for copy in range(COPIES):
            for path in (CORPUS / "eml").iterdir():
                shutil.copyfile(path, folder / f"{copy:02d}-{path.name}")
        count = COPIES * single
        batch = f"end to end, {count:,} messages, msg/s"
        once = f"end to end, {single} messages, msg/s"
        ours[batch] = f"{cli_rate(folder, count):,.0f}"
        ours[once] = f"{cli_rate(CORPUS / 'eml', single):,.0f}"
        if version:
            inside, outside, _ = sisimai_run(folder, count)
            theirs["in process, msg/s"] = f"{inside:,.0f}"
            theirs[batch] = f"{outside:,.0f}"
            _, outside, output = sisimai_run(CORPUS / "eml", single)
            theirs[once] = f"{outside:,.0f}"
            reason, status = sisimai_agreement(output)
            theirs["reason agreement"] = f"{reason:.1%}"
            theirs["status agreement"] = f"{status:.1%}"
    side_by_side(ours, theirs, version)
    print()
    big_message()
    adversarial_megabytes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"benchmark process peak RSS {peak} MB")


if __name__ == "__main__":
    main()
