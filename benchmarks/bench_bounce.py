"""Bounce analysis: agreement with the corpus, throughput, a 50 MB message, Perl Sisimai.

Run: ``.venv/bin/python benchmarks/bench_bounce.py``. Prints:

- reason / status / reply-code agreement per recipient with ``truth.json``,
  and the share of messages whose recipients were found;
- messages per second on one core, in process and end to end
  (``postdesk bounce DIR --json`` over the corpus copied 10 times);
- time and peak RSS for one 50 MB message (in a fresh process);
- Perl Sisimai (Debian ``libsisimai-perl``) on the same folder, when installed.
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
CORPUS = REPO.parent / "shared" / "corpus" / "bounces"
COPIES = 10

# A Perl script that parses a folder with Sisimai and prints JSON per file.
SISIMAI_SCRIPT = r"""
use Sisimai; use JSON::PP;
my $found = Sisimai->make($ARGV[0], 'delivered' => 1, 'vacation' => 1) || [];
my %out;
for my $e (@$found) {
    my $d = $e->damn;
    push @{$out{$d->{'origin'}}}, {reason => $d->{'reason'}, status => $d->{'deliverystatus'}};
}
print JSON::PP->new->canonical->encode(\%out);
"""


def agreement() -> None:
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


def in_process_rate() -> None:
    from postdesk.bounce import analyze

    messages = [p.read_bytes() for p in sorted((CORPUS / "eml").iterdir())]
    analyze(messages[0])  # the playbook library loads once, outside the timing
    started = time.perf_counter()
    for _ in range(COPIES):
        for raw in messages:
            analyze(raw)
    elapsed = time.perf_counter() - started
    print(f"in process: {len(messages) * COPIES / elapsed:,.0f} messages/s (one core)")


def cli_rate(folder: Path, count: int) -> None:
    command = [str(REPO / ".venv" / "bin" / "postdesk"), "bounce", str(folder), "--json"]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    lines = result.stdout.count(b"\n")
    print(
        f"postdesk bounce DIR --json: {count} messages in {elapsed:.2f} s = "
        f"{count / elapsed:,.0f} messages/s end to end, start-up included ({lines} lines)"
    )


def sisimai_rate(folder: Path, count: int) -> None:
    probe = subprocess.run(
        ["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        print("Perl Sisimai: absent (apt-get install libsisimai-perl to compare)")
        return
    started = time.perf_counter()
    result = subprocess.run(["perl", "-e", SISIMAI_SCRIPT, str(folder)], capture_output=True)
    elapsed = time.perf_counter() - started
    print(
        f"Perl Sisimai {probe.stdout.strip()}: {count} messages in {elapsed:.2f} s = "
        f"{count / elapsed:,.0f} messages/s end to end"
    )
    single = subprocess.run(
        ["perl", "-e", SISIMAI_SCRIPT, str(CORPUS / "eml")], capture_output=True, check=False
    )
    if single.returncode == 0 and result.returncode == 0:
        got = {Path(k).name: v for k, v in json.loads(single.stdout or b"{}").items()}
        truth = json.loads((CORPUS / "truth.json").read_text("utf-8"))
        pairs = [(rec, (got.get(name) or [])) for name, recs in truth.items() for rec in recs]
        records = sum(len(recs) for recs in truth.values())
        agreed = {"reason": 0, "status": 0}
        for name, recs in truth.items():
            theirs = got.get(name) or []
            for index, rec in enumerate(recs):
                if index < len(theirs):
                    agreed["reason"] += theirs[index]["reason"] == rec["reason"]
                    agreed["status"] += theirs[index]["status"] == rec["status"]
        del pairs
        print(
            f"  Perl Sisimai agreement on the corpus: reason {agreed['reason'] / records:.1%}, "
            f"status {agreed['status'] / records:.1%}"
        )


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


def main() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, children too
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    agreement()
    in_process_rate()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for copy in range(COPIES):
            for path in (CORPUS / "eml").iterdir():
                shutil.copyfile(path, folder / f"{copy:02d}-{path.name}")
        count = COPIES * len(list((CORPUS / "eml").iterdir()))
        cli_rate(folder, count)
        sisimai_rate(folder, count)
    big_message()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"benchmark process peak RSS {peak} MB")


if __name__ == "__main__":
    main()
