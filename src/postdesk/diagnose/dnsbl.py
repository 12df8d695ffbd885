"""The dnsbl check: is an IP on a DNS blocklist (4.0.12 4), "Blocked by rbl")?

The address is reversed under each zone (``5.113.0.203.zen.example``, nibbles
for IPv6) and looked up: an A record in 127.0.0.0/8 means listed (the TXT
record usually says why), NXDOMAIN means not listed. Zones come from the
profile's ``dnsbl_zones`` unless given.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from typing import Any

from postdesk.diagnose import dns, texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult, InvalidTargetError, Summary
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import parse_domain, parse_ip

# Answers some lists give for "this query was refused" rather than "listed"
# (e.g. a public resolver is blocked by the list operator).
REFUSED_ANSWER_PREFIX = "127.255.255."


def reversed_name(ip: str, zone: str) -> str:
    """The DNSBL query name for ``ip`` under ``zone``."""
    address = ipaddress.ip_address(ip)
    return address.reverse_pointer.rsplit(".", 2)[0] + "." + zone


async def _lookup(ctx: DiagnoseContext, ip: str, zone: str) -> dict[str, Any]:
    name = reversed_name(ip, zone)
    answer = await dns.query(ctx, name, "A")
    row: dict[str, Any] = {"zone": zone, "query": name, "dns_status": answer.status}
    if answer.status == "nxdomain":
        row["listed"] = False
        return row
    if answer.status != "ok":
        row["listed"] = None
        return row
    row["answers"] = answer.records
    listed = [
        a
        for a in answer.records
        if a.startswith("127.") and not a.startswith(REFUSED_ANSWER_PREFIX)
    ]
    row["listed"] = bool(listed) if listed or not answer.records else None
    if listed:
        reason = await dns.query(ctx, name, "TXT")
        row["reason"] = reason.records
    elif answer.records:
        row["detail"] = "answer is not a listing code (query refused or list error)"
    return row


async def check_dnsbl(
    target: str, ctx: DiagnoseContext, zones: list[str] | None = None
) -> CheckResult:
    """Look ``target`` (an IP address) up in each DNSBL zone."""
    started = time.perf_counter()
    ip = parse_ip(target)
    chosen = [parse_domain(zone).ascii for zone in (zones or ctx.profile.dnsbl_zones)]
    if not chosen:
        raise InvalidTargetError(key="dnsbl_no_zone")
    rows = await asyncio.gather(*(_lookup(ctx, ip, zone) for zone in chosen))
    evidence = {"ip": ip, "zones": rows}

    result = reporter("dnsbl", ip, evidence, started)

    listed = [row["zone"] for row in rows if row["listed"]]
    unknown = [row for row in rows if row["listed"] is None]
    abuse = ctx.profile.channels.get("abuse")
    to_abuse = abuse.address if abuse and abuse.address else "abuse"
    if listed:
        return result("listed", ip=ip, zones=", ".join(listed), abuse=to_abuse)
    why = texts.joined(
        texts.say("dnsbl.zone-status", zone=row["zone"], why=_why(row)) for row in unknown
    )
    if unknown and len(unknown) == len(rows):
        return result("all-unknown", ip=ip, zones=why)
    if unknown:
        return result("unknown", ip=ip, zones=why, checked=len(rows) - len(unknown))
    return result("not-listed", ip=ip, count=len(rows))


def _why(row: dict[str, Any]) -> Summary:
    """Why a list gave no usable answer: its DNS status, or an answer that is not a listing."""
    if row["dns_status"] == "ok":
        return texts.say("dnsbl.not-a-listing", answers=", ".join(row.get("answers", [])))
    return dns.status_text(row["dns_status"])


async def _run(target: str, ctx: DiagnoseContext, options: CheckOptions) -> CheckResult:
    return await check_dnsbl(target, ctx, options.zones)


CHECK = CheckSpec(name="dnsbl", target="ip", run=_run, order=90, options=("zones",))
