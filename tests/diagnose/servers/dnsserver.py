"""A stand-in authoritative DNS server over UDP and TCP for test zones, built on dnslib records.

The diagnose checks are tested against BIND (tests/diagnose/environment.py). This stand-in
stays for what BIND cannot be made to do here: delay every answer by a set time while
thousands of queries are in flight (benchmarks/bench_diagnose.py), and for the desk, page and
walk tests that only need a name or two answered.

Zones are plain dicts of ``(name, type) -> [record text]``. Names can also be
told to answer SERVFAIL, REFUSED, or nothing at all (to make clients time
out). Every answer can be delayed (the benchmark delays each by 50 ms, like a
recursive resolver's round trip): replies are scheduled with
``loop.call_later`` so thousands of queries can be in flight at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import socket
import struct
import threading
from typing import Any

from dnslib import QTYPE, RCODE, RR, DNSRecord


@dataclasses.dataclass
class Zone:
    """Test records plus names that misbehave on purpose."""

    records: dict[tuple[str, str], list[str]] = dataclasses.field(default_factory=dict)
    servfail: set[str] = dataclasses.field(default_factory=set)
    refused: set[str] = dataclasses.field(default_factory=set)
    silent: set[str] = dataclasses.field(default_factory=set)
    ttl: int = 300

    _names: set[str] = dataclasses.field(default_factory=set)

    def add(self, name: str, rtype: str, *values: str) -> Zone:
        self.records.setdefault((_key(name), rtype), []).extend(values)
        self._names.add(_key(name))
        return self

    def names(self) -> set[str]:
        return self._names


def _key(name: str) -> str:
    return name.rstrip(".").lower()


# Header counts of a plain query: one question, no answer, authority or additional records.
_PLAIN_COUNTS = b"\x00\x01\x00\x00\x00\x00\x00\x00"
_PORT_ATTEMPTS = 50  # UDP ports tried until the same number is free on TCP too


def _under(name: str, zones: set[str]) -> bool:
    """Whether ``name`` is one of ``zones`` or below one."""
    return any(name == zone or name.endswith("." + zone) for zone in zones)


def answer(zone: Zone, request: DNSRecord) -> DNSRecord | None:
    """The reply to ``request`` from ``zone`` (None: stay silent); follows CNAMEs in the zone."""
    reply = request.reply()
    qname = _key(str(request.q.qname))
    qtype = QTYPE[request.q.qtype]
    if _under(qname, zone.silent):
        return None
    if _under(qname, zone.servfail):
        reply.header.rcode = RCODE.SERVFAIL
        return reply
    if _under(qname, zone.refused):
        reply.header.rcode = RCODE.REFUSED
        return reply
    name = qname
    for _ in range(8):  # CNAME chain limit
        values = zone.records.get((name, qtype))
        if values:
            for value in values:
                reply.add_answer(*RR.fromZone(f"{name}. {zone.ttl} IN {qtype} {value}"))
            return reply
        cname = zone.records.get((name, "CNAME"))
        if not cname or qtype == "CNAME":
            break
        reply.add_answer(*RR.fromZone(f"{name}. {zone.ttl} IN CNAME {cname[0]}"))
        name = _key(cname[0])
    if name not in zone.names() and not reply.rr:
        reply.header.rcode = RCODE.NXDOMAIN
    return reply


class _UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, server: DnsServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.server.queries += 1
        packed = self.server.prepared_reply(data)
        if packed is not None and self.transport is not None:
            self._send(packed, addr)
            return
        try:
            request = DNSRecord.parse(data)
        except Exception:  # a test server drops garbage, as real ones do
            return
        reply = answer(self.server.zone, request)
        if reply is None or self.transport is None:
            return
        self._send(reply.pack(), addr)

    def _send(self, packed: bytes, addr: tuple[str, int]) -> None:
        assert self.transport is not None
        if self.server.delay:
            asyncio.get_running_loop().call_later(
                self.server.delay, self.transport.sendto, packed, addr
            )
        else:
            self.transport.sendto(packed, addr)


class DnsServer:
    """Serves ``zone`` on 127.0.0.1 (UDP and TCP, same ephemeral port) from a background thread."""

    def __init__(self, zone: Zone, *, delay: float = 0.0, host: str = "127.0.0.1") -> None:
        self.zone = zone
        self.delay = delay
        self.host = host
        self.port = 0
        self.queries = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closers: list[object] = []
        self._prepared: dict[bytes, bytes] = {}

    def prepare(self) -> None:
        """Pack the reply to every question the zone answers, ahead of time.

        A benchmark server must answer thousands of queries a second; parsing
        each with dnslib costs more than the client's work. A plain query
        (one question, no EDNS) is then answered by a dict look-up on its
        question bytes with the query id put in front.
        """
        for name, rtype in self.zone.records:
            request = DNSRecord.question(name, rtype)
            reply = answer(self.zone, request)
            if reply is None:
                continue
            question = bytes(request.pack()[12:])
            self._prepared[question] = bytes(reply.pack()[2:])

    def prepared_reply(self, data: bytes) -> bytes | None:
        if not self._prepared or len(data) <= 12 or data[4:12] != _PLAIN_COUNTS:
            return None
        tail = self._prepared.get(data[12:])
        return data[:2] + tail if tail is not None else None

    async def _start(self) -> None:
        # DNS answers on UDP and TCP at one port number. The system picks a free UDP
        # port; the same number can already be taken on TCP (by any connection's
        # local end on this machine), so a clash is retried with a new UDP port.
        for _ in range(_PORT_ATTEMPTS):
            transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: _UdpProtocol(self), local_addr=(self.host, 0)
            )
            port = transport.get_extra_info("sockname")[1]
            try:
                tcp = await asyncio.start_server(self._serve_tcp, self.host, port)
            except OSError as err:
                transport.close()
                if err.errno != errno.EADDRINUSE:
                    raise
                continue
            self.port = port
            self._closers += [transport, tcp]
            return
        raise OSError(f"no port free on both UDP and TCP after {_PORT_ATTEMPTS} tries")

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                (length,) = struct.unpack("!H", await reader.readexactly(2))
                request = DNSRecord.parse(await reader.readexactly(length))
                self.queries += 1
                reply = answer(self.zone, request)
                if reply is None:
                    continue
                if self.delay:
                    await asyncio.sleep(self.delay)
                packed = reply.pack()
                writer.write(struct.pack("!H", len(packed)) + packed)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def start(self) -> DnsServer:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(5)
        return self

    def stop(self) -> None:
        assert self._loop is not None and self._thread is not None

        async def close() -> None:
            for closer in self._closers:
                closer.close()  # type: ignore[attr-defined]

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(zone: Zone, delay: float, port_queue: Any) -> None:
    """Serve UDP on an ephemeral port in this process until killed; puts the port on the queue.

    The benchmark runs this in a subprocess so that the server's loop does
    not share a CPU-bound event loop with the client it measures.
    """

    async def main() -> None:
        server = DnsServer(zone, delay=delay)
        server.prepare()
        loop = asyncio.get_running_loop()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # Thousands of queries in flight: a bigger buffer than the default
        # keeps bursts from being dropped while the loop is busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 * 1024 * 1024)
        sock.bind(("127.0.0.1", 0))
        await loop.create_datagram_endpoint(lambda: _UdpProtocol(server), sock=sock)
        port_queue.put(sock.getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(main())
