"""DNS look-ups for the checks: one answer shape that says plainly what came back.

Every look-up goes through the run's dnspython asyncio resolver (the given
nameserver or the system's) and ends in one of: ok, nxdomain, noanswer,
servfail, timeout, error. ``--resolve NAME=IP`` overrides are consulted before
DNS for address look-ups, like a hosts file.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import Summary

DnsStatus = str  # "ok" | "nxdomain" | "noanswer" | "servfail" | "timeout" | "error"

# What each non-answer means, for summaries.
DNS_STATUS_TEXT: dict[str, Summary] = {
    "nxdomain": Summary(zh="域名不存在（NXDOMAIN）", en="the name does not exist (NXDOMAIN)"),
    "noanswer": Summary(zh="该名称没有此类记录", en="the name has no record of this type"),
    "servfail": Summary(
        zh="DNS服务器解析失败（SERVFAIL）", en="the DNS server failed to resolve it (SERVFAIL)"
    ),
    "timeout": Summary(zh="DNS查询超时", en="the DNS query timed out"),
    "error": Summary(zh="DNS查询出错", en="the DNS query failed"),
}


@dataclasses.dataclass(frozen=True)
class DnsAnswer:
    """What one query returned: records as text, the name they belong to, how long it took."""

    name: str
    rdtype: str
    status: DnsStatus
    records: list[str] = dataclasses.field(default_factory=list)
    canonical_name: str | None = None
    ttl: int | None = None
    elapsed_ms: float = 0.0
    detail: str | None = None

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
        if self.ttl is not None:
            out["ttl"] = self.ttl
        if self.detail:
            out["detail"] = self.detail
        return out


def _strip_dot(name: str) -> str:
    return name.rstrip(".").lower()


async def query(ctx: DiagnoseContext, name: str, rdtype: str) -> DnsAnswer:
    """Look ``name`` up for ``rdtype``; failures become a status, never an exception."""
    import dns.exception
    import dns.resolver

    if ctx.bulk is not None:
        return await ctx.bulk.query(name, rdtype)
    started = time.perf_counter()

    def done(status: DnsStatus, detail: str | None = None, **values: object) -> DnsAnswer:
        elapsed = (time.perf_counter() - started) * 1000
        return DnsAnswer(
            name=name, rdtype=rdtype, status=status, elapsed_ms=elapsed, detail=detail, **values
        )  # type: ignore[arg-type]

    try:
        answer = await ctx.resolver.resolve(name, rdtype, search=False)
    except dns.resolver.NXDOMAIN:
        return done("nxdomain")
    except dns.resolver.NoAnswer:
        return done("noanswer")
    except dns.resolver.NoNameservers as err:
        # dnspython raises this when every server answered SERVFAIL (or REFUSED).
        return done("servfail", _first_line(str(err)))
    except dns.exception.Timeout:
        return done("timeout", f"no answer within {ctx.timeout:g} s")
    except dns.exception.DNSException as err:
        return done("error", _first_line(str(err)))
    except OSError as err:
        return done("error", err.strerror or str(err))
    records = [record_text(rdata) for rdata in answer]
    return done(
        "ok",
        records=records,
        canonical_name=_strip_dot(answer.canonical_name.to_text()),
        ttl=answer.rrset.ttl if answer.rrset is not None else None,
    )


def record_text(rdata: object) -> str:
    text = rdata.to_text()  # type: ignore[attr-defined]
    rdtype = type(rdata).__name__
    if rdtype == "TXT":
        return b"".join(rdata.strings).decode("utf-8", "replace")  # type: ignore[attr-defined]
    return text


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


@dataclasses.dataclass(frozen=True)
class Addresses:
    """The addresses a host name leads to, and where they came from."""

    host: str
    addresses: list[str]
    source: str  # "override" | "literal" | "dns"
    status: DnsStatus
    canonical_name: str | None = None
    answers: list[DnsAnswer] = dataclasses.field(default_factory=list)

    def evidence(self) -> dict[str, object]:
        out: dict[str, object] = {
            "host": self.host,
            "addresses": self.addresses,
            "source": self.source,
            "status": self.status,
        }
        if self.canonical_name and self.canonical_name != self.host:
            out["canonical_name"] = self.canonical_name
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


async def _addresses(ctx: DiagnoseContext, key: str, *, ipv6: bool = True) -> Addresses:
    from postdesk.diagnose.targets import is_ip

    if is_ip(key):
        return Addresses(host=key, addresses=[key], source="literal", status="ok")
    if key in ctx.overrides:
        return Addresses(
            host=key, addresses=list(ctx.overrides[key]), source="override", status="ok"
        )
    kinds = ["A", "AAAA"] if ipv6 else ["A"]
    answers = await asyncio.gather(*(query(ctx, key, kind) for kind in kinds))
    found = [record for answer in answers for record in answer.records]
    statuses = [answer.status for answer in answers]
    if found:
        status = "ok"
    elif "nxdomain" in statuses:
        status = "nxdomain"
    else:
        status = statuses[0] if statuses[0] != "noanswer" else statuses[-1]
    canonical = next((a.canonical_name for a in answers if a.canonical_name), None)
    return Addresses(
        host=key,
        addresses=found,
        source="dns",
        status=status,
        canonical_name=canonical,
        answers=list(answers),
    )
