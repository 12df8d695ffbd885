"""Delay (4.0.13): where a late message waited, read from its Received chain.

Each Received field is stamped by the host that took the message in, so in
travel order (bottom field first) the time between two stamps is what the
message spent on the earlier host and on the wire; the first stamp is
compared with ``Date:``, which the sender's client wrote. The slowest hop is
placed by the host that held the message: the sender's side (before the
provider's hosts), the provider's own hosts (``profile.inspect``), or the
recipient's side (after them). Which case of 4.0.13 it is follows from where
the provider's hosts sit: at the end of the chain, our user received the
mail (case 1); at the start only, our user sent it (case 2).

A stamp earlier than the one before it by more than
``clock_skew_seconds`` means a wrong clock; when the slowest hop sits next
to such a stamp, the "delay" is the clock's, and the finding says so.
Postfix log lines in the text (``delay=N, delays=a/b/c/d``, postconf(5)) and
a DSN's ``Arrival-Date`` (RFC 3464 2.2.5) add how long a queue held it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original
from postdesk.inspect.received import Hop, parse_date

KIND = "delay"
ORDER = 20
PLAYBOOK = "mail-delay"
# (4.0.13 case, side of the slowest hop) -> the playbook's finding.
ADVICE = {
    ("inbound", "sender"): "delay-inbound-sender",
    ("inbound", "provider"): "delay-inbound-provider",
    ("outbound", "sender"): "delay-outbound-sender",
    ("outbound", "provider"): "delay-outbound-provider",
    ("outbound", "recipient"): "delay-outbound-recipient",
}
# What each part of Postfix's "delays=a/b/c/d" measures (postconf(5), delay_logging).
POSTFIX_DELAY_PARTS = (
    "before_queue_manager",
    "in_queue_manager",
    "connection_setup",
    "transmission",
)
MAX_LOG_LINES = 50


@dataclass
class Point:
    """One stamped moment of the journey: which hop, who held it before, when."""

    hop: Hop | None  # None: the Date header
    at: datetime


def _side(index: int, own: list[bool]) -> str:
    """Where the message waited before hop ``index`` reached its host."""
    if index == 0:
        return "sender"  # between the client writing Date and the first server
    if not any(own):
        return "unknown"
    if own[index - 1]:
        return "provider"
    first = own.index(True)
    last = len(own) - 1 - own[::-1].index(True)
    if index - 1 < first:
        return "sender"
    if index - 1 > last:
        return "recipient"
    return "provider"


def _case(own: list[bool]) -> str:
    """Which case of 4.0.13: our user received it (inbound) or sent it (outbound)."""
    if not any(own):
        return "unknown"
    if own[-1]:
        return "inbound"
    if own.index(True) <= 1:
        return "outbound"
    return "unknown"


def _hops(original: Original, context: InspectContext) -> tuple[list[dict[str, Any]], list[Hop]]:
    hops = original.hops
    date, _ = parse_date(original.text("date"))
    own = [context.is_own_host(hop.by) for hop in hops]
    rows: list[dict[str, Any]] = []
    previous = date
    for position, hop in enumerate(hops):
        delay = None
        if hop.at is not None and previous is not None:
            delay = int((hop.at - previous).total_seconds())
        rows.append(
            {
                "from": hop.from_host or hop.helo,
                "by": hop.by,
                "at": hop.at.isoformat() if hop.at else None,
                "delay_seconds": delay,
                "ip": hop.ip,
                "mta": hop.mta,
                "own": own[position],
                "side": _side(position, own),
                "zone_missing": hop.zone_missing,
                "received_index": hop.index + 1,
            }
        )
        previous = hop.at or previous
    return rows, hops


def _postfix_delays(original: Original) -> list[dict[str, Any]]:
    """``delay=N, delays=a/b/c/d`` from Postfix log lines quoted in the text."""
    found: list[dict[str, Any]] = []
    text = original.body_text
    at = text.find("delays=")
    while at >= 0 and len(found) < MAX_LOG_LINES:
        end = at + 7
        while end < len(text) and (text[end].isdigit() or text[end] in "./"):
            end += 1
        parts = text[at + 7 : end].split("/")
        numbers = [float(p) for p in parts if p.replace(".", "", 1).isdigit()]
        if len(numbers) == 4:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line = text[line_start : line_end if line_end >= 0 else len(text)][:400]
            largest = max(range(4), key=numbers.__getitem__)
            found.append(
                {
                    "delays": dict(zip(POSTFIX_DELAY_PARTS, numbers, strict=True)),
                    "largest": POSTFIX_DELAY_PARTS[largest],
                    "line": line.strip(),
                }
            )
        at = text.find("delays=", end)
    return found


def _dsn_queue(original: Original, context: InspectContext) -> dict[str, Any] | None:
    """How long the reporting MTA held the message, from a DSN's Arrival-Date."""
    for part in original.root.walk():
        if part.content_type not in ("message/delivery-status", "message/global-delivery-status"):
            continue
        text = original.body_bytes(part).decode("utf-8", "replace")
        values: dict[str, str] = {}
        for line in text.splitlines()[:500]:
            name, sep, value = line.partition(":")
            key = name.strip().lower()
            if sep and key in ("arrival-date", "last-attempt-date", "reporting-mta", "action"):
                values.setdefault(key, value.strip())
        arrival, _ = parse_date(values.get("arrival-date", ""))
        until, _ = parse_date(values.get("last-attempt-date", "") or original.text("date"))
        if arrival is None or until is None:
            return None
        mta = values.get("reporting-mta", "").split(";")[-1].strip()
        return {
            "reporting_mta": mta,
            "own": context.is_own_host(mta),
            "action": values.get("action", "").lower(),
            "arrival": arrival.isoformat(),
            "last_attempt": until.isoformat(),
            "seconds": int((until - arrival).total_seconds()),
        }
    return None


def _skews(rows: list[dict[str, Any]], tolerance: int) -> list[int]:
    return [
        index
        for index, row in enumerate(rows)
        if row["delay_seconds"] is not None and row["delay_seconds"] < -tolerance
    ]


def _skew_artefact(slowest: int, rows: list[dict[str, Any]], skews: list[int]) -> bool:
    """Whether the slowest hop's delay is a wrong clock's: a neighbour runs as far back."""
    size = rows[slowest]["delay_seconds"]
    return any(
        abs(index - slowest) == 1 and -rows[index]["delay_seconds"] >= size / 2 for index in skews
    )


def find(original: Original, context: InspectContext) -> list[Finding]:
    """A delay finding when a hop or a queue held the message past the threshold."""
    rows, hops = _hops(original, context)
    settings = context.profile.inspect
    threshold, tolerance = settings.delay_threshold_seconds, settings.clock_skew_seconds
    timed = [index for index, row in enumerate(rows) if row["delay_seconds"] is not None]
    skews = _skews(rows, tolerance)
    postfix = _postfix_delays(original)
    queue = _dsn_queue(original, context)
    slowest = max(timed, key=lambda index: rows[index]["delay_seconds"], default=None)
    delayed = slowest is not None and rows[slowest]["delay_seconds"] >= threshold
    queued = queue is not None and queue["seconds"] >= threshold
    slow_log = any(sum(entry["delays"].values()) >= threshold for entry in postfix)
    if not (delayed or skews or queued or slow_log):
        return []
    own = [row["own"] for row in rows]
    case = _case(own) if rows else "unknown"
    details: dict[str, Any] = {
        "case": case,
        "hops": rows,
        "slowest": None,
        "total_seconds": None,
        "clock_skew": [
            {
                "by": rows[i]["by"],
                "seconds": rows[i]["delay_seconds"],
                "received_index": rows[i]["received_index"],
            }
            for i in skews
        ],
        "postfix_delays": postfix,
        "queue": queue,
        "threshold_seconds": threshold,
        "escalate_with": {
            "sender": original.text("from"),
            "recipient": original.text("to"),
            "sent_at": original.text("date"),
        },
    }
    stamps = [hop.at for hop in hops if hop.at is not None]
    start, _ = parse_date(original.text("date"))
    if stamps:
        details["total_seconds"] = int((stamps[-1] - (start or stamps[0])).total_seconds())
    evidence: list[Evidence] = []
    advice = "delay-unplaced"
    if slowest is not None:
        row = rows[slowest]
        details["slowest"] = {key: row[key] for key in ("from", "by", "delay_seconds", "side")}
        where = f"Received #{row['received_index']}"
        evidence.append(Evidence("ev_slowest_hop", hops[slowest].raw[:400], where))
        if delayed:
            advice = ADVICE.get((case, row["side"]), "delay-unplaced")
        if not delayed or _skew_artefact(slowest, rows, skews):
            advice = "delay-clock-skew" if skews else advice
    elif skews:
        advice = "delay-clock-skew"
    if queued and queue is not None and not delayed:
        advice = "delay-outbound-provider" if queue["own"] else "delay-unplaced"
        evidence.append(Evidence("ev_dsn_queue", f"{queue['arrival']} → {queue['last_attempt']}"))
    if original.text("date"):
        evidence.append(Evidence("ev_date", original.text("date"), "Date"))
    for index in skews:
        evidence.append(
            Evidence(
                "ev_clock_skew", hops[index].raw[:400], f"Received #{rows[index]['received_index']}"
            )
        )
    evidence.extend(Evidence("ev_postfix_delays", entry["line"]) for entry in postfix[:5])
    return [Finding(KIND, PLAYBOOK, advice, details, evidence)]
