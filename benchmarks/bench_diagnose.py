"""Benchmark of postdesk.diagnose: ``watch --once`` over 10,000 domains, and ``diagnose all``.

Real resolvers answer in tens of milliseconds and loopback in microseconds,
so the local DNS server (a separate process) delays every answer by 50 ms,
like a recursive round trip, while keeping thousands of queries in flight.
Figures printed:

- watch --once over 10,000 domains, the real CLI in a subprocess (target <= 5 s);
- a sequential dnspython loop over a sample of 200 domains against the same
  server, scaled to 10,000, and the speed-up (target >= 50x);
- diagnose all for one domain against loopback DNS, SMTP and POP3 servers,
  in-process and through the CLI (target < 1 s).

Run: .venv/bin/python benchmarks/bench_diagnose.py
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "diagnose"))

from servers.dnsserver import DnsServer, Zone, serve_forever  # noqa: E402

DOMAINS = 10_000
SAMPLE = 200
DELAY_S = 0.050
PROVIDER_MX = "mx01.263xmail.com"  # the default profile's MX
OVERSEAS_MX = "mxw.263xmail.com"


def domain_names() -> list[str]:
    return [f"customer{i:05d}.example" for i in range(DOMAINS)]


def build_zone(names: list[str]) -> Zone:
    """80% point to the provider, 5% overseas layout, 5% CNAME MX, 5% elsewhere, 5% missing."""
    zone = Zone()
    zone.add(PROVIDER_MX, "A", "211.150.100.34")
    zone.add(OVERSEAS_MX, "A", "203.0.113.80")
    zone.add("mail.other.example", "A", "192.0.2.25")
    for index, name in enumerate(names):
        kind = index % 20
        if kind == 0:
            zone.add(name, "MX", f"10 {OVERSEAS_MX}.", f"50 {PROVIDER_MX}.")
        elif kind == 1:
            zone.add(name, "MX", f"10 mx.{name}.")
            zone.add(f"mx.{name}", "CNAME", f"{PROVIDER_MX}.")
        elif kind == 2:
            zone.add(name, "MX", "10 mail.other.example.")
        elif kind == 3:
            continue  # NXDOMAIN
        else:
            zone.add(name, "MX", f"10 {PROVIDER_MX}.")
    return zone


def start_delayed_server(zone: Zone) -> tuple[multiprocessing.Process, int]:
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    process = multiprocessing.Process(
        target=serve_forever, args=(zone, DELAY_S, ports), daemon=True
    )
    process.start()
    return process, ports.get(timeout=30)


def bench_watch(port: int, names: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        pending = Path(folder) / "pending.txt"
        pending.write_text("\n".join(names) + "\n")
        output = Path(folder) / "out.jsonl"
        command = [
            str(REPO / ".venv" / "bin" / "postdesk"),
            "diagnose", "watch", str(pending), "--once", "--json",
            "--nameserver", f"127.0.0.1:{port}",
        ]  # fmt: skip
        started = time.perf_counter()
        with output.open("w") as out:
            subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - started
        records = [json.loads(line) for line in output.read_text().splitlines()]
    results = [r for r in records if r["check"] == "mx"]
    verdicts = Counter(r["verdict"] for r in results)
    print(f"watch --once, {len(results)} domains (CLI subprocess): {elapsed:.2f} s")
    print(f"  verdicts: {dict(verdicts)}")
    assert len(results) == DOMAINS, "every domain must be answered"
    assert "timeout" not in verdicts, "the server must keep up: no query may time out"
    return elapsed


def bench_sequential(port: int, names: list[str]) -> float:
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    resolver.lifetime = 5
    sample = names[:: DOMAINS // SAMPLE][:SAMPLE]
    started = time.perf_counter()
    for name in sample:
        with contextlib.suppress(dns.resolver.NXDOMAIN):
            resolver.resolve(name, "MX")
    elapsed = time.perf_counter() - started
    scaled = elapsed * DOMAINS / len(sample)
    print(
        f"sequential dnspython loop: {len(sample)} domains in {elapsed:.2f} s, "
        f"scaled to {DOMAINS}: {scaled:.0f} s"
    )
    return scaled


def bench_all() -> float:
    """diagnose all for one domain against loopback DNS, SMTP (with STARTTLS) and POP3 servers."""
    import yaml
    from servers.loop import LoopThread
    from servers.mailbox import MailboxServer
    from servers.pki import TestCA
    from servers.smtpserver import ProviderMxHandler, smtp_factory
    from servers.test_zone import build_zone as test_zone

    from postdesk.diagnose.context import DiagnoseContext
    from postdesk.diagnose.run_all import run_all
    from postdesk.profile import Profile, load_profile

    loop = LoopThread()
    with tempfile.TemporaryDirectory() as folder, DnsServer(test_zone()) as dns_server:
        ca = TestCA(Path(folder))
        valid = ca.issue("valid", ["smtp.provider.test", "pop.provider.test"]).server_context()
        accounts = {"alice@good.example": "x"}
        smtp_port = loop.serve(
            smtp_factory(ProviderMxHandler({"ruled.example"}), accounts, starttls=valid)
        )
        pop_port = loop.serve_streams(MailboxServer(accounts, valid).pop3)
        data = load_profile().model_dump(mode="json")
        data["hosts"].update(
            mx="mx01.provider.test", mx_overseas="mxw.provider.test",
            smtp="smtp.provider.test", pop="pop.provider.test", imap="imap.provider.test",
        )  # fmt: skip
        data["ports"].update(smtp=smtp_port, pop3=pop_port)
        data["server_addresses"] = {
            "pop": ["127.0.0.1"], "smtp": ["127.0.0.1"], "mx": ["127.0.0.1"],
            "imap": ["127.0.0.1"], "mx_overseas": ["127.0.0.2"],
        }  # fmt: skip
        profile = Profile.model_validate(data)
        ctx = DiagnoseContext(
            profile=profile,
            nameserver=("127.0.0.1", dns_server.port),
            timeout=2,
            cafile=str(ca.ca_file),
        )
        started = time.perf_counter()
        results, overall = asyncio.run(run_all("good.example", ctx))
        cold = time.perf_counter() - started
        ctx = DiagnoseContext(
            profile=profile, nameserver=ctx.nameserver, timeout=2, cafile=ctx.cafile
        )
        started = time.perf_counter()
        results, overall = asyncio.run(run_all("good.example", ctx))
        warm = time.perf_counter() - started
        statuses = {r.check: r.status for r in results}
        profile_file = Path(folder) / "profile.yaml"
        profile_file.write_text(yaml.safe_dump(data, allow_unicode=True))
        command = [
            str(REPO / ".venv" / "bin" / "postdesk"), "diagnose", "all", "good.example",
            "--json", "--profile", str(profile_file), "--nameserver", dns_server.address,
            "--cafile", str(ca.ca_file),
        ]  # fmt: skip
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        cli = time.perf_counter() - started
    loop.close()
    print(f"diagnose all good.example: {overall.status} {statuses}")
    print(
        f"  in-process: first run {cold * 1000:.0f} ms (imports checkdmarc), "
        f"second run {warm * 1000:.0f} ms; CLI subprocess {cli * 1000:.0f} ms "
        f"(exit {completed.returncode})"
    )
    return cold


def main() -> None:
    names = domain_names()
    process, port = start_delayed_server(build_zone(names))
    try:
        watch_s = bench_watch(port, names)
        sequential_s = bench_sequential(port, names)
    finally:
        process.kill()
        process.join()
    speedup = sequential_s / watch_s
    print(f"speed-up of watch over the sequential loop: {speedup:.0f}x")
    cold = bench_all()
    print()
    print(f"target watch <= 5 s: {'met' if watch_s <= 5 else 'MISSED'} ({watch_s:.2f} s)")
    print(f"target speed-up >= 50x: {'met' if speedup >= 50 else 'MISSED'} ({speedup:.0f}x)")
    print(f"target diagnose all < 1 s: {'met' if cold < 1 else 'MISSED'} (first run {cold:.2f} s)")


if __name__ == "__main__":
    main()
