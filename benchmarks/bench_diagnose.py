"""Benchmark of postdesk.diagnose: ``watch --once`` over 10,000 domains, and ``diagnose all``.

Real resolvers answer in tens of milliseconds and loopback in microseconds,
so the local DNS server (a separate process) delays every answer by 50 ms,
like a recursive round trip, while keeping thousands of queries in flight.
Figures printed:

- watch --once over 10,000 domains, the real CLI in a subprocess (target <= 5 s);
- a sequential dnspython loop over a sample of 200 domains against the same
  server, scaled to 10,000, and the speed-up (target >= 50x);
- diagnose all for one domain against BIND, Postfix and Dovecot on loopback
  (the diagnose tests' servers: root and scripts/install-test-servers), in
  process and through the CLI (target < 1 s).

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
sys.path.insert(0, str(REPO))

from servers.dnsserver import Zone, serve_forever  # noqa: E402

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
    """diagnose all for one domain against BIND, Postfix (STARTTLS, AUTH) and Dovecot on loopback.

    The same servers the diagnose tests run (tests/diagnose/environment.py); they need root and
    scripts/install-test-servers.
    """
    import yaml
    from environment import profile_for, provider_cert, start_dns, start_mail
    from tests.realservers import CertificateAuthority
    from tests.realservers.fixtures import ServerPool
    from tests.realservers.sandbox import make_workdir

    from postdesk.diagnose.context import DiagnoseContext
    from postdesk.diagnose.run_all import run_all

    pool = ServerPool()
    try:
        ca = CertificateAuthority(make_workdir("bench-ca"))
        dns = start_dns(pool)
        profile = profile_for(start_mail(pool, provider_cert(ca)))
        nameserver = dns.authoritative.address

        def context() -> DiagnoseContext:
            return DiagnoseContext(
                profile=profile, nameserver=nameserver, timeout=2, cafile=str(ca.ca_file)
            )

        started = time.perf_counter()
        results, overall = asyncio.run(run_all("good.test", context()))
        cold = time.perf_counter() - started
        started = time.perf_counter()
        results, overall = asyncio.run(run_all("good.test", context()))
        warm = time.perf_counter() - started
        statuses = {r.check: r.status for r in results}
        with tempfile.TemporaryDirectory() as folder:
            profile_file = Path(folder) / "profile.yaml"
            profile_file.write_text(
                yaml.safe_dump(profile.model_dump(mode="json"), allow_unicode=True)
            )
            command = [
                str(REPO / ".venv" / "bin" / "postdesk"), "diagnose", "all", "good.test",
                "--json", "--profile", str(profile_file),
                "--nameserver", "{}:{}".format(*nameserver), "--cafile", str(ca.ca_file),
            ]  # fmt: skip
            started = time.perf_counter()
            completed = subprocess.run(command, capture_output=True, text=True, check=False)
            cli = time.perf_counter() - started
    finally:
        pool.stop_all()
    print(f"diagnose all good.test: {overall.status} {statuses}")
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
