"""The auth-records check: a domain's SPF and DMARC records, parsed and sanity-checked.

Parsing, lookup counting and the sanity rules are checkdmarc's (a maintained
library). Its DNS questions go through the run's own look-ups (a bridge
resolver: the nameserver given, CNAMEs followed whoever answers, each
failure kept), so this module can tell the three things checkdmarc folds
into one "record not found":

- the domain has no record (warn: "no SPF record");
- a look-up failed (timeout, SERVFAIL, REFUSED): nothing can be said of
  the record (error: "could not check"), never "no record";
- two SPF records: a permanent error for every receiver (RFC 7208 §4.5:
  "If the resultant record set includes more than one record, check_host()
  produces the "permerror" result"), so a fail; two DMARC records likewise
  (RFC 7489 §6.6.3: the receiver applies no policy at all).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import threading
import time
import warnings
from types import ModuleType
from typing import Any

import dns.name
import dns.rdatatype
import dns.resolver

from postdesk.diagnose import dns as lookups
from postdesk.diagnose import texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult, Status, Summary, worst
from postdesk.diagnose.steps import make_result
from postdesk.diagnose.targets import DomainName, parse_domain

_IMPORT_LOCK = threading.Lock()
# Record types whose failed look-up can change a verdict. checkdmarc also asks
# for the obsolete SPF type and for CNAMEs beside a record it found; their
# failure changes nothing it reports.
JUDGED_TYPES = frozenset({"TXT", "A", "AAAA", "MX"})


def _checkdmarc() -> tuple[ModuleType, ModuleType]:
    """checkdmarc's SPF and DMARC modules, imported on first use (they are slow to load).

    checkdmarc imports dnspython's DNSSEC support, whose DSA key classes touch
    cryptography's DSA API; cryptography 46+ deprecates DSA and warns once per
    import (``dns/dnssecalgs/dsa.py``). postdesk never validates DNSSEC, so that
    one third-party warning is silenced here, matched by category and by the
    dnspython module that triggers it: every other warning, postdesk's own
    included, stays as the caller's filters say (errors under pytest). The lock
    keeps two threads from changing the warning filters at once.

    checkdmarc keeps every answer for a while in a process-wide cache
    (``checkdmarc.utils.DNS_CACHE``); a diagnosis must see the DNS as it is now
    (the customer has just changed the record), and the run's nameserver may
    differ from one check to the next, so that cache is turned off.
    """
    with _IMPORT_LOCK, warnings.catch_warnings():
        from cryptography.utils import CryptographyDeprecationWarning

        warnings.filterwarnings(
            "ignore", category=CryptographyDeprecationWarning, module=r"dns\.dnssecalgs\."
        )
        import checkdmarc.dmarc
        import checkdmarc.spf
        import checkdmarc.utils

        checkdmarc.utils.DNS_CACHE = _NoCache()
    return checkdmarc.spf, checkdmarc.dmarc


class _NoCache(dict[str, Any]):
    """Stands in for checkdmarc's answer cache: remembers nothing.

    (query_dns() only caches into an ExpiringDict, which this is not; the MX
    path reads and writes DNS_CACHE directly, and gets nothing back.)
    """

    def get(self, key: str, default: Any = None) -> Any:
        return default

    def __setitem__(self, key: str, value: Any) -> None:
        return None


@dataclasses.dataclass(frozen=True)
class FailedLookup:
    name: str
    rdtype: str
    status: str


class BridgeResolver(dns.resolver.Resolver):
    """A blocking resolver for checkdmarc (run in a thread) that asks through the run's look-ups.

    Each ``resolve`` runs :func:`postdesk.diagnose.dns.query` on the event
    loop the check runs on and turns its status back into what dnspython
    would raise; every failed look-up is kept in ``failures``.
    """

    def __init__(self, ctx: DiagnoseContext, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(configure=False)
        self.ctx = ctx
        self.loop = loop
        self.lifetime = ctx.timeout
        self.failures: list[FailedLookup] = []

    def resolve(  # type: ignore[override]
        self, qname: Any, rdtype: Any = "A", *args: Any, **kwargs: Any
    ) -> list[Any]:
        name = qname.to_text() if isinstance(qname, dns.name.Name) else str(qname)
        kind = dns.rdatatype.to_text(dns.rdatatype.RdataType.make(rdtype))
        future = asyncio.run_coroutine_threadsafe(lookups.query(self.ctx, name, kind), self.loop)
        try:
            # The look-up has its own timeout; this one only keeps the thread from
            # waiting for ever on a loop that stopped (the check was cut off).
            answer = future.result(self.ctx.timeout * (lookups.MAX_CHAIN_QUERIES + 1))
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
            future.cancel()
            self.failures.append(FailedLookup(name.rstrip(".").lower(), kind, "timeout"))
            raise dns.resolver.LifetimeTimeout(timeout=self.ctx.timeout, errors=[]) from None
        if answer.status == "ok":
            return list(answer.rdatas)
        if answer.status == "nxdomain":
            raise dns.resolver.NXDOMAIN(qnames=[dns.name.from_text(name)])
        if answer.status in ("noanswer", "cname-loop"):
            raise dns.resolver.NoAnswer()
        if kind in JUDGED_TYPES:
            self.failures.append(FailedLookup(answer.name, kind, answer.status))
        raise dns.resolver.LifetimeTimeout(timeout=self.ctx.timeout, errors=[])


@dataclasses.dataclass
class Part:
    """What one of SPF and DMARC came to: status, its words, its evidence."""

    status: Status
    text: Summary
    evidence: dict[str, Any]
    failed: bool = False


def _failed_text(failures: list[FailedLookup]) -> Summary:
    return texts.joined(
        (
            texts.say(
                "auth-records.failed-lookup",
                name=f.name,
                rdtype=f.rdtype,
                why=lookups.status_text(f.status),
            )
            for f in failures
        ),
        zh="、",
        en=", ",
    )


def _spf(domain: str, ctx: DiagnoseContext, resolver: BridgeResolver) -> Part:
    spf, _ = _checkdmarc()
    options = {"resolver": resolver, "timeout": ctx.timeout, "retries": 0}
    try:
        found = spf.query_spf_record(domain, **options)
    except spf.MultipleSPFRTXTRecords:
        return Part("fail", texts.say("auth-records.spf-multiple"), {"error": "multiple"})
    except spf.SPFError as err:
        if resolver.failures:
            return _could_not("spf", resolver.failures)
        return Part("warn", texts.say("auth-records.spf-none"), {"record": None, "error": str(err)})
    record = found["record"]
    evidence: dict[str, Any] = {"record": record, "warnings": list(found["warnings"])}
    try:
        parsed = spf.parse_spf_record(record, domain, **options)
    except spf.SPFError as err:
        parsed = {"error": str(err.args[0]) if err.args else str(err), "warnings": []}
    if resolver.failures:
        return _could_not("spf", resolver.failures, evidence)
    evidence["warnings"] += list(parsed.get("warnings", []))
    evidence["dns_lookups"] = parsed.get("dns_lookups")
    if "error" in parsed:
        evidence["error"] = parsed["error"]
        return Part("fail", texts.say("auth-records.spf-invalid", error=parsed["error"]), evidence)
    evidence["parsed"] = parsed.get("parsed")
    if (parsed.get("parsed") or {}).get("all") == "pass":
        return Part("warn", texts.say("auth-records.spf-pass-all"), evidence)
    status: Status = "warn" if evidence["warnings"] else "ok"
    return Part(status, texts.say("auth-records.spf-valid", record=record), evidence)


def _dmarc(domain: str, ctx: DiagnoseContext, resolver: BridgeResolver) -> Part:
    _, dmarc = _checkdmarc()
    options = {"resolver": resolver, "timeout": ctx.timeout, "retries": 0}
    own = f"_dmarc.{domain}"

    def missing(err: Exception) -> Part:
        # Only the domain's own record decides: when _dmarc.<domain> answered,
        # a parent domain that could not be asked (the RFC 9989 tree walk) is
        # noted, not a reason to say nothing.
        if any(f.name == own for f in resolver.failures):
            return _could_not("dmarc", resolver.failures)
        evidence: dict[str, Any] = {"record": None, "error": str(err)}
        if resolver.failures:
            evidence["failed_lookups"] = [dataclasses.asdict(f) for f in resolver.failures]
        return Part("warn", texts.say("auth-records.dmarc-none"), evidence)

    try:
        found = dmarc.query_dmarc_record(domain, **options)
    except dmarc.MultipleDMARCRecords:
        return Part("fail", texts.say("auth-records.dmarc-multiple"), {"error": "multiple"})
    except dmarc.DMARCRecordNotFound as err:
        return missing(err)
    except dmarc.DMARCError as err:
        if resolver.failures:
            return missing(err)
        return Part(
            "fail", texts.say("auth-records.dmarc-invalid", error=str(err)), {"error": str(err)}
        )
    evidence: dict[str, Any] = {
        "record": found["record"],
        "location": found["location"],
        "warnings": list(found["warnings"]),
    }
    try:
        parsed = dmarc.parse_dmarc_record(found["record"], found["location"], **options)
    except dmarc.DMARCError as err:
        evidence["error"] = str(err)
        return Part("fail", texts.say("auth-records.dmarc-invalid", error=str(err)), evidence)
    evidence["warnings"] += list(parsed.get("warnings", []))
    evidence["tags"] = parsed.get("tags")
    policy = (parsed.get("tags") or {}).get("p", {}).get("value")
    status: Status = "warn" if evidence["warnings"] else "ok"
    return Part(status, texts.say("auth-records.dmarc-valid", policy=policy), evidence)


def _could_not(
    which: str, failures: list[FailedLookup], evidence: dict[str, Any] | None = None
) -> Part:
    shown = {**(evidence or {}), "failed_lookups": [dataclasses.asdict(f) for f in failures]}
    return Part(
        "error",
        texts.say(f"auth-records.{which}-lookup-failed", lookups=_failed_text(failures)),
        shown,
        failed=True,
    )


def _both(domain: str, ctx: DiagnoseContext, loop: asyncio.AbstractEventLoop) -> tuple[Part, Part]:
    return _spf(domain, ctx, BridgeResolver(ctx, loop)), _dmarc(
        domain, ctx, BridgeResolver(ctx, loop)
    )


async def check_auth_records(target: str | DomainName, ctx: DiagnoseContext) -> CheckResult:
    """Look up and judge ``target``'s SPF and DMARC records."""
    started = time.perf_counter()
    domain = target if isinstance(target, DomainName) else parse_domain(target)
    spf, dmarc = await asyncio.to_thread(_both, domain.ascii, ctx, asyncio.get_running_loop())
    evidence: dict[str, Any] = {"spf": spf.evidence, "dmarc": dmarc.evidence}
    found = [part for part in (spf, dmarc) if not part.failed]
    status = worst([part.status for part in found])
    if status != "fail" and (spf.failed or dmarc.failed):
        # A failed look-up is "could not check" for its part, never "no record";
        # the other part still says what it found (and a fail there leads).
        verdict = "lookup-failed"
    else:
        verdict = {"ok": "records-ok", "warn": "records-weak", "fail": "records-invalid"}[status]
    listed = texts.joined([spf.text, dmarc.text])
    warned = list(spf.evidence.get("warnings") or []) + list(dmarc.evidence.get("warnings") or [])
    notes = (
        texts.say("auth-records.warnings", warnings="; ".join(str(w) for w in warned))
        if warned
        else texts.say("auth-records.empty")
    )
    key = f"auth-records.{verdict}"
    return make_result(
        "auth-records",
        domain.shown,
        texts.status_of(key),
        verdict,
        texts.say(key, domain=domain.shown, parts=listed, notes=notes),
        evidence,
        started,
    )


async def _run(
    target: str | DomainName, ctx: DiagnoseContext, options: CheckOptions
) -> CheckResult:
    return await check_auth_records(target, ctx)


CHECK = CheckSpec(
    name="auth-records",
    target="domain",
    run=_run,
    order=100,
    in_all=lambda domain, ctx: domain,
)
