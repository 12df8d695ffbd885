"""DNS look-ups for the checks: one answer shape that says plainly what came back.

Every look-up is sent to the run's nameserver (``--nameserver``, or the
system's from ``/etc/resolv.conf``) and ends in one status:

- ``ok``, ``nxdomain`` (the name does not exist), ``noanswer`` (it exists
  but has no record of that type), ``cname-loop`` (its CNAMEs lead round in
  a circle or on without end): answers about the name itself;
- ``servfail``, ``refused``, ``referral`` (the server does not hold the
  name and points elsewhere), ``timeout``, ``error``: no answer was had,
  which proves nothing about the name (:data:`LOOKUP_FAILED`).

CNAME chains are followed here, hop by hop, whoever answers: a recursive
resolver hands back the whole chain, but an authoritative server (agents
and the tests often ask the customer's own) returns only the CNAME when its
target lies in another zone (RFC 1034 §4.3.2 step 3a), and the answer then
has to be asked for at the target. ``--resolve NAME=IP`` overrides are
consulted before DNS for address look-ups, like a hosts file.

The reading of one reply (:func:`interpret`) is shared with ``dns_bulk``,
which sends watch's thousands of queries over one socket.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING, Any

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype

from postdesk.diagnose import texts
from postdesk.diagnose.result import Summary

if TYPE_CHECKING:
    from postdesk.diagnose.context import DiagnoseContext

DnsStatus = str  # one of STATUSES below

# Statuses that say something about the name; the others are look-ups that failed.
DEFINITE = frozenset({"ok", "nxdomain", "noanswer", "cname-loop"})
LOOKUP_FAILED = frozenset({"servfail", "refused", "referral", "timeout", "error"})
STATUSES = DEFINITE | LOOKUP_FAILED

# Names one answer may pass through by CNAME, and queries a chain may take;
# BIND's resolver gives up after 16 CNAMEs (max-query-count aside), so no
# working chain is longer.
MAX_CHAIN = 16
MAX_CHAIN_QUERIES = 8
# A UDP query that got no reply is sent again after this long (as stub
# resolvers do) until the look-up's timeout is spent.
RETRY_AFTER_S = 2.0
# EDNS buffer size of the DNS Flag Day 2020 (also dnspython's and BIND's default).
EDNS_PAYLOAD = 1232


def status_text(status: DnsStatus) -> Summary:
    """What a look-up status means, for the verdict texts."""
    return texts.say(f"dns.{status}")


def lookup_failed(status: DnsStatus) -> bool:
    """True when the look-up got no answer to judge the name by."""
    return status in LOOKUP_FAILED


@dataclasses.dataclass(frozen=True)
class Hop:
    """What one reply says about one name: the status, and where its CNAMEs led.

    ``path`` is the names the reply led through, from the name asked to
    ``path[-1]``; ``follow`` means the chain stopped at ``path[-1]`` without
    an answer and without saying there is none, so ``path[-1]`` must be asked.
    """

    status: DnsStatus
    path: tuple[str, ...]
    rdatas: tuple[Any, ...] = ()
    ttl: int | None = None
    detail: str | None = None
    follow: bool = False
    server: str | None = None
    # A referral: the zone delegated and the nameservers it is delegated to.
    delegation: tuple[str, tuple[str, ...]] | None = None


@dataclasses.dataclass(frozen=True)
class DnsAnswer:
    """What one look-up returned: records as text, the name they belong to, how long it took."""

    name: str
    rdtype: str
    status: DnsStatus
    records: list[str] = dataclasses.field(default_factory=list)
    canonical_name: str | None = None
    ttl: int | None = None
    elapsed_ms: float = 0.0
    detail: str | None = None
    chain: list[str] = dataclasses.field(default_factory=list)
    server: str | None = None
    delegation: tuple[str, tuple[str, ...]] | None = None
    rdatas: tuple[Any, ...] = dataclasses.field(default=(), repr=False, compare=False)

    def explained(self) -> dict[str, Any]:
        """What a verdict text says about this look-up: why (the status), where, what it met."""
        zone, servers = self.delegation or ("-", ())
        return {
            "why": status_text(self.status),
            "server": self.server or "-",
            "chain": " → ".join(self.chain),
            "delegated": texts.say("dns.delegated", zone=zone, servers=", ".join(servers)),
            "detail": self.detail or "-",
        }

    def evidence(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "type": self.rdtype,
            "status": self.status,
            "records": self.records,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }
        if self.canonical_name and self.canonical_name != self.name:
            out["canonical_name"] = self.canonical_name
        if len(self.chain) > 1:
            out["cname_chain"] = self.chain
        if self.ttl is not None:
            out["ttl"] = self.ttl
        if self.detail:
            out["detail"] = self.detail
        if self.server and self.status != "ok":
            out["server"] = self.server
        if self.delegation:
            out["delegated_to"] = {"zone": self.delegation[0], "servers": list(self.delegation[1])}
        return out


def _text(name: dns.name.Name) -> str:
    return name.to_text().rstrip(".").lower()


def _strip_dot(name: str) -> str:
    return name.rstrip(".").lower()


def record_text(rdata: Any) -> str:
    if rdata.rdtype == dns.rdatatype.TXT:
        return b"".join(rdata.strings).decode("utf-8", "replace")
    return str(rdata.to_text())


def interpret(response: dns.message.Message, qname: dns.name.Name, qtype: int) -> Hop:
    """Read one reply to ``qname``/``qtype``: its status, the CNAMEs it led through, the records."""
    rcode = response.rcode()
    path = [qname]
    current = qname
    for _ in range(MAX_CHAIN):
        found = response.get_rrset(response.answer, current, dns.rdataclass.IN, qtype)
        if found is not None and rcode == dns.rcode.NOERROR:
            return Hop("ok", tuple(map(_text, path)), tuple(found), found.ttl)
        alias = response.get_rrset(response.answer, current, dns.rdataclass.IN, dns.rdatatype.CNAME)
        if alias is None:
            break
        current = alias[0].target
        if current in path:
            return Hop("cname-loop", tuple(map(_text, [*path, current])), detail="CNAME loop")
        path.append(current)
    else:
        return Hop("cname-loop", tuple(map(_text, path)), detail=f"over {MAX_CHAIN} CNAMEs")
    names = tuple(map(_text, path))
    if rcode == dns.rcode.NXDOMAIN:
        return Hop("nxdomain", names)
    if rcode == dns.rcode.SERVFAIL:
        return Hop("servfail", names)
    if rcode == dns.rcode.REFUSED:
        return Hop("refused", names)
    if rcode != dns.rcode.NOERROR:
        return Hop("error", names, detail=f"the server answered {dns.rcode.to_text(rcode)}")
    # NOERROR and nothing of the type asked for. An SOA above the last name
    # says it has none (NODATA, RFC 2308 §2.2); a CNAME chain that stops
    # without one stopped at the edge of what this server holds.
    soa_above = any(
        rrset.rdtype == dns.rdatatype.SOA and current.is_subdomain(rrset.name)
        for rrset in response.authority
    )
    if len(path) > 1 and not soa_above:
        return Hop("noanswer", names, follow=True)
    authoritative = bool(response.flags & dns.flags.AA)
    delegation = [
        rrset
        for rrset in response.authority
        if rrset.rdtype == dns.rdatatype.NS and current.is_subdomain(rrset.name)
    ]
    if not authoritative and not soa_above and delegation:
        servers = sorted(_text(rdata.target) for rrset in delegation for rdata in rrset)
        zone = _text(delegation[0].name)
        return Hop(
            "referral",
            names,
            detail=f"{zone} is delegated to {', '.join(servers)}",
            delegation=(zone, tuple(servers)),
        )
    return Hop("noanswer", names)


async def query(ctx: DiagnoseContext, name: str, rdtype: str) -> DnsAnswer:
    """Look ``name`` up for ``rdtype``, following CNAMEs; failures become a status, never raise."""
    started = time.perf_counter()
    qtype = dns.rdatatype.from_text(rdtype)
    asked = _strip_dot(name)
    chain = [asked]
    current = dns.name.from_text(asked)
    hop = Hop("error", (asked,), detail="no query was sent")
    for hops in range(MAX_CHAIN_QUERIES):
        if hops:
            hop = await _chased(ctx, current, qtype, chain[-1])
        else:
            hop = await _ask(ctx, current, qtype, chain[-1])
        looped = any(step in chain for step in hop.path[1:])
        chain.extend(hop.path[1:])
        if looped or len(chain) > MAX_CHAIN:
            hop = dataclasses.replace(hop, status="cname-loop", detail="CNAME loop", follow=False)
            break
        if not hop.follow:
            break
        current = dns.name.from_text(hop.path[-1])
    else:
        hop = dataclasses.replace(
            hop, status="cname-loop", detail=f"over {MAX_CHAIN_QUERIES} CNAME hops", follow=False
        )
    return DnsAnswer(
        name=asked,
        rdtype=rdtype,
        status=hop.status,
        records=[record_text(rdata) for rdata in hop.rdatas],
        canonical_name=chain[-1],
        ttl=hop.ttl,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        detail=hop.detail,
        chain=chain,
        server=hop.server,
        delegation=hop.delegation,
        rdatas=hop.rdatas,
    )


async def _chased(ctx: DiagnoseContext, qname: dns.name.Name, qtype: int, text: str) -> Hop:
    """A question a CNAME led to, asked once per run however many aliases lead there."""
    key = (text, qtype)
    memo = ctx.chase_memo.get(key)
    if memo is None:
        memo = asyncio.ensure_future(_ask(ctx, qname, qtype, text))
        ctx.chase_memo[key] = memo
    return await asyncio.shield(memo)


async def _ask(ctx: DiagnoseContext, qname: dns.name.Name, qtype: int, text: str) -> Hop:
    if ctx.bulk is not None:
        return await ctx.bulk.ask(qname, qtype, text)
    return await ask_nameservers(ctx.nameservers(), qname, qtype, ctx.timeout)


async def ask_nameservers(
    servers: list[tuple[str, int]], qname: dns.name.Name, qtype: int, timeout: float
) -> Hop:
    """One question to ``servers`` in turn until one answers for the name, within ``timeout``.

    A lost datagram is sent again every RETRY_AFTER_S; a truncated reply is
    asked again over TCP. SERVFAIL or REFUSED from one server moves on to the
    next; when none is left, the last server's answer is the result.
    """
    request = dns.message.make_query(qname, qtype, use_edns=0, payload=EDNS_PAYLOAD)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    names = (_text(qname),)
    last: Hop | None = None
    tries = 0
    while (remaining := deadline - loop.time()) > 0:
        host, port = servers[tries % len(servers)]
        where = f"{host}:{port}"
        tries += 1
        try:
            response, _ = await dns.asyncquery.udp_with_fallback(
                request,
                host,
                timeout=min(RETRY_AFTER_S, remaining),
                port=port,
                ignore_unexpected=True,
            )
        except dns.exception.Timeout:
            continue
        except (OSError, dns.exception.DNSException) as err:
            last = Hop("error", names, detail=_failure(err), server=where)
            if tries >= len(servers):
                return last
            continue
        hop = dataclasses.replace(interpret(response, qname, qtype), server=where)
        if hop.status in ("servfail", "refused") and tries < len(servers):
            last = hop
            continue
        return hop
    if last is not None:
        return last
    shown = ", ".join(f"{host}:{port}" for host, port in servers)
    return Hop("timeout", names, detail=f"no answer within {timeout:g} s", server=shown)


def _failure(err: BaseException) -> str:
    if isinstance(err, ConnectionRefusedError):
        return "nothing answers DNS there (connection refused)"
    if isinstance(err, OSError):
        return err.strerror or str(err)
    return (str(err) or type(err).__name__).splitlines()[0]


@dataclasses.dataclass(frozen=True)
class Addresses:
    """The addresses a host name leads to, and where they came from."""

    host: str
    addresses: list[str]
    source: str  # "override" | "literal" | "dns"
    status: DnsStatus
    canonical_name: str | None = None
    answers: list[DnsAnswer] = dataclasses.field(default_factory=list)

    @property
    def failed(self) -> bool:
        """No address, and no answer that says the name has none."""
        return not self.addresses and lookup_failed(self.status)

    @property
    def chain(self) -> list[str]:
        return next((a.chain for a in self.answers if len(a.chain) > 1), [])

    def evidence(self) -> dict[str, object]:
        out: dict[str, object] = {
            "host": self.host,
            "addresses": self.addresses,
            "source": self.source,
            "status": self.status,
        }
        if self.canonical_name and self.canonical_name != self.host:
            out["canonical_name"] = self.canonical_name
        if self.chain:
            out["cname_chain"] = self.chain
        if self.answers:
            out["queries"] = [answer.evidence() for answer in self.answers]
        return out


async def addresses(ctx: DiagnoseContext, host: str) -> Addresses:
    """A and AAAA of ``host`` (overrides first), looked up once per run."""
    memo = addresses_future(ctx, host)
    if memo.done():
        return memo.result()
    # Shielded: a cancelled caller must not cancel the look-up other callers share.
    return await asyncio.shield(memo)


def addresses_future(ctx: DiagnoseContext, host: str) -> asyncio.Future[Addresses]:
    """The run's shared look-up of ``host`` (started now if it is the first)."""
    key = _strip_dot(host)
    memo = ctx.address_memo.get(key)
    if memo is None:
        memo = asyncio.ensure_future(_addresses(ctx, key))
        ctx.address_memo[key] = memo
    return memo


async def dns_addresses(ctx: DiagnoseContext, host: str) -> Addresses:
    """A and AAAA of ``host`` from DNS, overrides not consulted (what DNS itself says)."""
    answers = await asyncio.gather(*(query(ctx, host, kind) for kind in ("A", "AAAA")))
    found = [record for answer in answers for record in answer.records]
    return Addresses(
        host=host,
        addresses=found,
        source="dns",
        status=_combined([answer.status for answer in answers], bool(found)),
        canonical_name=next((a.canonical_name for a in answers if a.status == "ok"), None)
        or answers[0].canonical_name,
        answers=list(answers),
    )


def _combined(statuses: list[DnsStatus], found: bool) -> DnsStatus:
    """One status for a host from its A and AAAA look-ups."""
    if found:
        return "ok"
    for status in ("nxdomain", "cname-loop"):
        if status in statuses:
            return status
    # A failed look-up outweighs "no record": the other type may be what was lost.
    return next((status for status in statuses if lookup_failed(status)), "noanswer")


async def _addresses(ctx: DiagnoseContext, key: str) -> Addresses:
    from postdesk.diagnose.targets import is_ip

    if is_ip(key):
        return Addresses(host=key, addresses=[key], source="literal", status="ok")
    if key in ctx.overrides:
        return Addresses(
            host=key, addresses=list(ctx.overrides[key]), source="override", status="ok"
        )
    return await dns_addresses(ctx, key)
