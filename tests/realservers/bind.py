"""Debian's BIND 9.18: an authoritative instance with zones given as text, and a resolver.

``BindAuthoritative(zones={"example.test": "@ MX 10 mx.example.test.\\n..."})`` serves each zone
from a file written in its workdir (a zone text without an SOA gets a standard SOA and NS
``ns.<zone>`` = 127.0.0.1 added). ``recursion no``: like a customer's or provider's
authoritative server, it answers only for its zones and REFUSES everything else (RFC 8906 §3).
Two kinds of zone exist to make the answers a resolver can fail with:

* ``refused_zones``: configured with ``allow-query { none; }``, so queries get REFUSED;
* ``servfail_zones``: configured with a zone file that does not load, so queries get SERVFAIL
  (BIND answers SERVFAIL for a zone it serves but could not load).

``BindResolver(upstream=auth.address)`` is a recursive resolver on another free port that
forwards every query (``zone "." { type forward; forward only; }``) to the authoritative instance,
so nothing ever goes to the real root servers. It follows CNAME chains across zones itself,
answers SERVFAIL when the upstream refuses or fails, and, for a name below a delegation to a dead
server, SERVFAIL too. ``blackhole=True`` (on either) ignores every query: clients time out.

Both listen on 127.0.0.1 only, UDP and TCP on the same port (a truncated UDP answer — e.g. an MX
set over 512 bytes without EDNS — is retried over TCP by the client). ``named -g`` keeps named in
the foreground, logging to stderr (the sandbox log); queries are logged too.
"""

from __future__ import annotations

import shutil
import socket
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.realservers.launcher import Launcher
from tests.realservers.sandbox import Sandbox, free_port, make_workdir

NAMED = "/usr/sbin/named"
Address = tuple[str, int]


def _free_udp_and_tcp_port() -> int:
    """A port free for TCP on 127.0.0.1 that is also free for UDP (named binds both)."""
    for _ in range(50):
        port = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError("no port free for both TCP and UDP on 127.0.0.1")


def zone_text(zone: str, records: str) -> str:
    """The zone file: ``records`` as given when they hold an SOA, else with SOA and NS added."""
    if " SOA " in f" {records.upper()} ":
        return records
    return (
        f"$ORIGIN {zone}.\n$TTL 300\n"
        f"@ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 300\n"
        f"@ IN NS ns.{zone}.\n"
        f"ns IN A 127.0.0.1\n"
        f"{records}\n"
    )


def dns_query_rcode(address: Address, name: str, rtype: int = 1, timeout: float = 2) -> int:
    """Send one UDP query and return the reply's RCODE (a readiness probe without dnspython)."""
    labels = b"".join(bytes([len(part)]) + part.encode() for part in name.strip(".").split("."))
    query = struct.pack(">HHHHHH", 0x5044, 0x0100, 1, 0, 0, 0) + labels + b"\0"
    query += struct.pack(">HH", rtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(query, address)
        reply = sock.recv(4096)
    return reply[3] & 0x0F


class _Named(Launcher):
    """One named process in its own namespace with a generated named.conf."""

    name = "bind"
    required = (NAMED,)
    readiness = "a DNS answer"

    def __init__(self, *, blackhole: bool = False) -> None:
        super().__init__()
        self.blackhole = blackhole
        self.host = "127.0.0.1"
        self.port = 0

    @property
    def address(self) -> Address:
        return (self.host, self.port)

    def options(self, workdir: Path) -> list[str]:
        options = [
            f'directory "{workdir}";',
            f"listen-on port {self.port} {{ {self.host}; }};",
            "listen-on-v6 { none; };",
            "pid-file none;",
            f'session-keyfile "{workdir}/session.key";',
            "dnssec-validation no;",
            "notify no;",
            "querylog yes;",
            "allow-transfer { none; };",
            "minimal-responses no;",
            "edns-udp-size 1232;",
        ]
        if self.blackhole:
            options.append("blackhole { any; };")
        return options

    def zones(self, workdir: Path) -> list[str]:
        return []

    def probe_name(self) -> str:
        return "."

    def ready(self) -> bool:
        if self.blackhole:
            # Nothing answers by design: ready once named has logged that it is running.
            assert self.sandbox is not None
            return "running" in self.sandbox.log_text()
        dns_query_rcode(self.address, self.probe_name(), rtype=6, timeout=0.5)
        return True

    def before_start(self) -> None:
        self.port = _free_udp_and_tcp_port()

    def build(self) -> Sandbox:
        workdir = make_workdir(self.name)
        conf = ["options {", *(f"  {line}" for line in self.options(workdir)), "};"]
        conf += ["controls { };", *self.zones(workdir)]
        (workdir / "named.conf").write_text("\n".join(conf) + "\n")
        shutil.chown(workdir, "bind", "bind")
        return Sandbox(
            self.name,
            workdir,
            [NAMED, "-g", "-4", "-u", "bind", "-n", "1", "-c", str(workdir / "named.conf")],
        )


class BindAuthoritative(_Named):
    """Authoritative only (``recursion no``) for ``zones`` (name -> zone text)."""

    name = "bind-authoritative"

    def __init__(
        self,
        zones: Mapping[str, str],
        *,
        refused_zones: Sequence[str] = (),
        servfail_zones: Sequence[str] = (),
        blackhole: bool = False,
    ) -> None:
        super().__init__(blackhole=blackhole)
        self.zone_texts = {name.strip("."): text for name, text in zones.items()}
        self.refused_zones = [name.strip(".") for name in refused_zones]
        self.servfail_zones = [name.strip(".") for name in servfail_zones]

    def options(self, workdir: Path) -> list[str]:
        return [*super().options(workdir), "recursion no;", "allow-query { any; };"]

    def zones(self, workdir: Path) -> list[str]:
        folder = workdir / "zones"
        folder.mkdir()
        statements = []
        for zone, records in self.zone_texts.items():
            (folder / f"{zone}.zone").write_text(zone_text(zone, records))
            statements.append(f'zone "{zone}" {{ type primary; file "zones/{zone}.zone"; }};')
        for zone in self.refused_zones:
            (folder / f"{zone}.zone").write_text(zone_text(zone, ""))
            statements.append(
                f'zone "{zone}" {{ type primary; file "zones/{zone}.zone"; '
                "allow-query { none; }; };"
            )
        for zone in self.servfail_zones:
            # A zone file with no SOA does not load: BIND then answers SERVFAIL for the zone.
            (folder / f"{zone}.zone").write_text(f"$ORIGIN {zone}.\n@ 300 IN A 127.0.0.1\n")
            statements.append(f'zone "{zone}" {{ type primary; file "zones/{zone}.zone"; }};')
        return statements

    def probe_name(self) -> str:
        return next(iter(self.zone_texts), ".")


class BindResolver(_Named):
    """A recursive resolver that forwards every query to ``upstream`` (host, port)."""

    name = "bind-resolver"

    def __init__(self, upstream: Address, *, blackhole: bool = False) -> None:
        super().__init__(blackhole=blackhole)
        self.upstream = upstream

    def options(self, workdir: Path) -> list[str]:
        return [
            *super().options(workdir),
            "recursion yes;",
            "allow-query { 127.0.0.0/8; };",
            "allow-recursion { 127.0.0.0/8; };",
            "resolver-query-timeout 3000;",
            "servfail-ttl 0;",
            "max-cache-ttl 5;",
            "max-ncache-ttl 5;",
        ]

    def zones(self, workdir: Path) -> list[str]:
        host, port = self.upstream
        return [
            f'zone "." {{ type forward; forward only; forwarders {{ {host} port {port}; }}; }};'
        ]
