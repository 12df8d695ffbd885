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

from postdesk.diagnose import dns
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import CheckResult, InvalidTargetError
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
        raise InvalidTargetError("no DNSBL zone: set dnsbl_zones in the profile or give --zone")
    rows = await asyncio.gather(*(_lookup(ctx, ip, zone) for zone in chosen))
    evidence = {"ip": ip, "zones": rows}

    result = reporter("dnsbl", ip, evidence, started)

    listed = [row["zone"] for row in rows if row["listed"]]
    unknown = [row["zone"] for row in rows if row["listed"] is None]
    abuse = ctx.profile.channels.get("abuse")
    to_abuse = abuse.address if abuse and abuse.address else "abuse"
    if listed:
        names = ", ".join(listed)
        return result(
            "fail",
            "listed",
            f"{ip} 被列入黑名单：{names}。属于RBL拒收，"
            f"转给反垃圾专员（{to_abuse}）联系对方放开（4.0.12 4)）。",
            f"{ip} is listed on: {names}. This is an RBL rejection; pass it to the anti-spam "
            f"officer ({to_abuse}) to have it lifted (4.0.12 4)).",
        )
    if unknown:
        names = ", ".join(unknown)
        return result(
            "error" if len(unknown) == len(rows) else "warn",
            "unknown",
            f"{ip} 未在其余黑名单中；以下列表未能给出结果：{names}。",
            f"{ip} is not on the other lists; these gave no usable answer: {names}.",
        )
    return result(
        "ok",
        "not-listed",
        f"{ip} 不在所查的 {len(rows)} 个黑名单中。",
        f"{ip} is on none of the {len(rows)} lists checked.",
    )
