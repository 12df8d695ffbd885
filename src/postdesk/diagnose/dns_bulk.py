"""Many DNS queries at once over one UDP socket, for ``watch`` over thousands of domains.

dnspython's asyncio resolver opens a fresh socket (and an asyncio endpoint)
for every query; that costs about 0.4 ms of CPU each, which caps a 10,000
domain watch at several seconds on a small machine. Here queries are built
and parsed with dnspython's wire code but share one socket, matched back by
message id and question, so the cost is mostly dnspython's wire parsing. A
plain answer is read by a lean parser; anything else (NXDOMAIN, a CNAME to
follow, a referral) by :func:`postdesk.diagnose.dns.interpret`, as every
other look-up is, and :func:`postdesk.diagnose.dns.query` follows CNAMEs
across replies for both. Truncated replies are retried over TCP with
``dns.asyncquery.tcp``. Message ids are random; a
diagnostic tool that only reads MX records accepts the weaker spoofing
resistance of a fixed source port.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import struct
from dataclasses import replace

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.wire

from postdesk.diagnose.dns import MAX_CHAIN, RETRY_AFTER_S, Hop, interpret

RECEIVE_BUFFER = 4 * 1024 * 1024
_HEADER = struct.Struct("!HHHHHH")
# Replies with no answer whose rcode alone says it all.
_PLAIN_FAILURES = {
    dns.rcode.NXDOMAIN: "nxdomain",
    dns.rcode.SERVFAIL: "servfail",
    dns.rcode.REFUSED: "refused",
}
_QUESTION_TAIL = struct.Struct("!HH")


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, client: BulkDnsClient) -> None:
        self.client = client

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.client._received(data)

    def error_received(self, exc: Exception) -> None:
        # ICMP port unreachable and the like: the waiting queries will time out.
        self.client.last_error = exc


class BulkDnsClient:
    """Sends queries to one nameserver over a shared UDP socket; use as ``async with``."""

    def __init__(self, nameserver: str, port: int = 53, *, timeout: float = 5.0) -> None:
        self.nameserver = nameserver
        self.port = port
        self.timeout = timeout
        self.last_error: Exception | None = None
        self._pending: dict[int, asyncio.Future[bytes]] = {}
        self._transport: asyncio.DatagramTransport | None = None

    async def __aenter__(self) -> BulkDnsClient:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in self.nameserver else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        # Thousands of replies can arrive while the loop is busy parsing; the
        # default buffer (~200 KB) would drop some of them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        sock.connect((self.nameserver, self.port))
        sock.setblocking(False)
        self._transport, _ = await loop.create_datagram_endpoint(lambda: _Protocol(self), sock=sock)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._transport is not None:
            self._transport.close()
        for future in list(self._pending.values()):
            future.cancel()

    def _received(self, data: bytes) -> None:
        if len(data) < 2:
            return
        future = self._pending.get(int.from_bytes(data[:2], "big"))
        if future is not None and not future.done():
            future.set_result(data)

    def _new_id(self) -> int:
        while True:
            query_id = secrets.randbelow(65536)
            if query_id not in self._pending:
                return query_id

    def _wait_for_reply(self, wire: bytes, query_id: int) -> asyncio.Future[bytes]:
        """Send ``wire`` and resend it every RETRY_AFTER_S until answered or timed out.

        Plain timer callbacks rather than ``asyncio.wait_for``: with thousands of
        queries in flight, a task per wait costs more than the query itself.
        """
        assert self._transport is not None
        transport = self._transport
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bytes] = loop.create_future()
        self._pending[query_id] = future
        deadline = loop.time() + self.timeout
        timer: asyncio.TimerHandle | None = None

        def resend() -> None:
            nonlocal timer
            if future.done():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                future.set_exception(TimeoutError())
                return
            transport.sendto(wire)
            timer = loop.call_later(min(RETRY_AFTER_S, remaining), resend)

        def finished(_: asyncio.Future[bytes]) -> None:
            self._pending.pop(query_id, None)
            if timer is not None:
                timer.cancel()

        future.add_done_callback(finished)
        resend()
        return future

    async def ask(self, qname: dns.name.Name, qtype: int, text: str) -> Hop:
        """One question; the reply read as :func:`postdesk.diagnose.dns.interpret` reads it.

        ``text`` is ``qname`` as the caller wrote it (lower case, no final dot): the
        name of the answer, without turning ``qname`` back into text per reply.
        """
        assert self._transport is not None, "use BulkDnsClient as an async context manager"
        query_id = self._new_id()
        # The question built directly (header, name in dnspython's wire form,
        # type, class IN): make_query + to_wire cost twice as much per query.
        wire = (
            _HEADER.pack(query_id, dns.flags.RD, 1, 0, 0, 0)
            + qname.to_wire()
            + _QUESTION_TAIL.pack(qtype, dns.rdataclass.IN)
        )
        where = f"{self.nameserver}:{self.port}"
        names = (text,)
        try:
            reply = await self._wait_for_reply(wire, query_id)
            flags = _HEADER.unpack_from(reply)[1]
            if flags & dns.flags.TC:
                request = dns.message.make_query(qname, qtype)
                response = await dns.asyncquery.tcp(
                    request, self.nameserver, timeout=self.timeout, port=self.port
                )
                return replace(interpret(response, qname, qtype), server=where)
            parsed = parse_reply(reply, qname, qtype, text)
            if parsed is None:
                return Hop("error", names, detail="reply does not match the question", server=where)
            rcode, records, path, ttl = parsed
            if rcode == dns.rcode.NOERROR and records:
                return Hop("ok", path, tuple(records), ttl, server=where)
            if rcode in _PLAIN_FAILURES and len(path) == 1:
                return Hop(_PLAIN_FAILURES[rcode], path, server=where)
            # Anything else (a CNAME to follow, NODATA or a referral, told apart
            # by the authority section) is rare in a watch list: the full parser
            # reads it.
            response = dns.message.from_wire(reply)
            return replace(interpret(response, qname, qtype), server=where)
        except TimeoutError:
            return Hop(
                "timeout", names, detail=f"no answer within {self.timeout:g} s", server=where
            )
        except dns.exception.DNSException as err:
            return Hop("error", names, detail=str(err).splitlines()[0], server=where)
        except OSError as err:
            return Hop("error", names, detail=err.strerror or str(err), server=where)


Reply = tuple[int, list[dns.rdata.Rdata], tuple[str, ...], int | None]


def parse_reply(wire: bytes, qname: dns.name.Name, qtype: int, text: str) -> Reply | None:
    """rcode, the records answering ``qname``/``qtype`` (after CNAMEs), their owner and TTL.

    Built from dnspython's wire parser and rdata parsers, skipping the Message
    and RRset objects (and their hashing) that ``dns.message.from_wire``
    builds: a sixth of its cost, which is most of watch's CPU. None when the
    reply is not for this question.
    """
    _, flags, questions, answers, _, _ = _HEADER.unpack_from(wire)
    parser = dns.wire.Parser(wire, _HEADER.size)
    if not flags & dns.flags.QR or questions != 1:
        return None
    name = parser.get_name(decompress=True)
    rdtype, _ = parser.get_struct("!HH")
    if name != qname or rdtype != qtype:
        return None
    rrs = []
    for _ in range(answers):
        owner = parser.get_name(decompress=True)
        rdtype, rdclass, ttl, length = parser.get_struct("!HHIH")
        with parser.restrict_to(length):
            rrs.append((owner, rdtype, ttl, dns.rdata.from_wire_parser(rdclass, rdtype, parser)))
    current = qname
    path = [qname]
    for _ in range(MAX_CHAIN):
        found = [rr for rr in rrs if rr[1] == qtype and rr[0] == current]
        if found:
            names = (text, *(name.to_text().rstrip(".").lower() for name in path[1:]))
            return flags & 0xF, [rr[3] for rr in found], names, min(rr[2] for rr in found)
        alias = next((rr for rr in rrs if rr[1] == dns.rdatatype.CNAME and rr[0] == current), None)
        if alias is None or alias[3].target in path:  # type: ignore[attr-defined]
            break
        current = alias[3].target  # type: ignore[attr-defined]
        path.append(current)
    # Only the length of the path matters here (a CNAME met or not): the full
    # parser reads any reply that has one.
    return flags & 0xF, [], (text,) * len(path), None
