"""Duplicates (4.0.14): whether several originals are one message, and why it came again.

Needs two or more originals. Copies are one message when they share a
Message-ID (RFC 5322 3.6.4: one per message), or, without one, the same body
text; same text under different Message-IDs means the sender sent twice.
For one message, where the Received chains part tells why there are copies:

- the chains are the same to the last hop (the same delivery, the same queue
  id): the server delivered once and the client fetched it again (4.0.14 2));
- a chain passes the same host twice, or repeats the other chain and goes on:
  a forwarding loop (4.0.19 2): a tracking target that forwards);
- list headers (RFC 2369 List-*, RFC 2919 List-Id) on copies that reached the
  customer through different lists: a list expansion;
- the chains part on one of the provider's hosts: the provider made the
  copies, which is what mail tracking does (4.0.19 1), 3));
- they part before reaching the provider: the sending side sent it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.original import Original

KIND = "duplicate"
ORDER = 70
PLAYBOOK = "duplicate-mail"
LIST_FIELDS = ("list-id", "list-post", "mailing-list")


@dataclass
class Copy:
    """What one original contributes to the comparison."""

    label: str
    message_id: str
    body_sha256: str
    has_body: bool
    chain: list[tuple[str, str, str]]  # (by host, id, time) per hop, in travel order
    own: list[bool]
    lists: str  # the list headers, joined; "" when none
    sender: str = ""  # envelope (Return-Path) or header sender address
    recipient: str = ""  # the first To address
    mailbox: str = ""  # the mailbox it was delivered to (Delivered-To, X-Original-To, for)


def _address(value: str) -> str:
    from email.utils import getaddresses

    found = [address for _, address in getaddresses([value]) if "@" in address]
    return found[0].lower() if found else ""


def summarise(original: Original, context: InspectContext) -> Copy | None:
    """The facts compared across originals."""
    if original.tnef_file:
        return None
    hops = original.hops
    return Copy(
        label=original.label,
        message_id=original.message_id.lower(),
        body_sha256=original.body_digest,
        has_body=bool(original.body_text.strip()),
        chain=[(h.by.lower(), h.id, h.at.isoformat() if h.at else "") for h in hops],
        own=[context.is_own_host(h.by) for h in hops],
        lists=" ".join(original.text(name) for name in LIST_FIELDS).strip(),
        sender=_address(original.text("return-path")) or _address(original.text("from")),
        recipient=_address(original.text("to")),
        mailbox=_address(original.text("delivered-to"))
        or _address(original.text("x-original-to"))
        or (_address(hops[-1].for_) if hops else ""),
    )


def _parting(first: Copy, second: Copy) -> int:
    """How many hops the two chains share from the start."""
    shared = 0
    for one, two in zip(first.chain, second.chain, strict=False):
        if one[0] != two[0]:
            break
        shared += 1
    return shared


def _looped(copy: Copy) -> bool:
    hosts = [by for by, _, _ in copy.chain if by]
    return len(hosts) != len(set(hosts))


def _cause(copies: list[Copy], context: InspectContext) -> tuple[str, dict[str, Any]]:
    """The advice id and where the chains part, for copies of one message."""
    first = copies[0]
    if all(copy.chain == first.chain for copy in copies[1:]):
        return "duplicate-client-download", {}
    if any(_looped(copy) for copy in copies):
        return "duplicate-forwarding-loop", {}
    listed = {copy.lists for copy in copies if copy.lists}
    if len(listed) > 1:
        return "duplicate-list-expansion", {"lists": sorted(listed)}
    for other in copies[1:]:
        shared = _parting(first, other)
        longer, shorter = (first, other) if len(first.chain) > len(other.chain) else (other, first)
        if shared == len(shorter.chain) and shared < len(longer.chain):
            return "duplicate-forwarding-loop", {}
        if shared and first.own[shared - 1]:
            return "duplicate-tracking", {
                "parted_after": first.chain[shared - 1][0],
                "tracking_rules": tracking_rules(first, len(copies), context),
            }
    return "duplicate-sent-twice", {"parted_after": first.chain[0][0] if first.chain else ""}


def tracking_rules(copy: Copy, count: int, context: InspectContext) -> dict[str, Any] | None:
    """What 4.0.19's rules (postdesk.rules.tracking) give if the mailbox tracked both ends.

    Rule 3): a tracker of both the sender and the recipient gets two copies of
    one message. The simulation says how many copies the mailbox the copies
    reached would get under that hypothesis, so the agent can ask the right
    question (4.0.14 1)); ``consistent`` says whether it matches the copies seen.
    """
    from postdesk.errors import PostdeskError
    from postdesk.rules.tracking import TrackingConfig, simulate_message
    from postdesk.rules.tracking.config import domain_of

    tracker, sender, recipient = copy.mailbox, copy.sender, copy.recipient
    if not (tracker and sender and recipient) or len({tracker, sender, recipient}) < 3:
        return None
    try:
        config = TrackingConfig.for_profile([domain_of(tracker)], context.profile)
        config.add_tracking(tracker, sender)
        config.add_tracking(tracker, recipient)
        outcome = simulate_message(config, sender, [recipient])
    except PostdeskError:  # an end outside the tracker's domain cannot be tracked (rule A)
        return None
    copies = outcome.copies_per_tracker.get(tracker, 0)
    return {
        "tracker": tracker,
        "sender": sender,
        "recipient": recipient,
        "copies_if_both_tracked": copies,
        "consistent": copies == count,
    }


def _groups(copies: list[tuple[int, Copy]]) -> list[list[tuple[int, Copy]]]:
    groups: dict[str, list[tuple[int, Copy]]] = {}
    for index, copy in copies:
        key = f"id:{copy.message_id}" if copy.message_id else f"body:{copy.body_sha256}"
        groups.setdefault(key, []).append((index, copy))
    return list(groups.values())


def _finding(advice: str, members: list[tuple[int, Copy]], extra: dict[str, Any]) -> Finding:
    copies = [copy for _, copy in members]
    same = advice not in ("duplicate-different", "duplicate-sent-twice")
    details = {
        "same_message": same,
        "copies": [copy.label for copy in copies],
        "message_ids": sorted({copy.message_id for copy in copies}),
        "same_body": len({copy.body_sha256 for copy in copies}) == 1,
        "cause": advice.removeprefix("duplicate-"),
        **extra,
    }
    evidence = [
        Evidence("ev_copy", f"{copy.label}: Message-ID <{copy.message_id}>, {len(copy.chain)} hops")
        for copy in copies
    ]
    rules = extra.get("tracking_rules")
    if rules:
        evidence.append(
            Evidence(
                "ev_tracking_rules",
                f"{rules['tracker']} <- {rules['sender']}, {rules['recipient']}: "
                f"{rules['copies_if_both_tracked']}",
            )
        )
    return Finding(KIND, PLAYBOOK, advice, details, evidence)


def find_among(copies: list[tuple[int, Copy]], context: InspectContext) -> dict[int, list[Finding]]:
    """Findings for every original, by its position in the batch."""
    found: dict[int, list[Finding]] = {}
    groups = _groups(copies)
    by_body: dict[str, list[tuple[int, Copy]]] = {}
    for group in groups:
        if len(group) > 1:
            advice, extra = _cause([copy for _, copy in group], context)
            finding = _finding(advice, group, extra)
            for index, _ in group:
                found.setdefault(index, []).append(finding)
            continue
        index, copy = group[0]
        if copy.has_body:
            by_body.setdefault(copy.body_sha256, []).append((index, copy))
    for members in by_body.values():
        if len(members) > 1:
            finding = _finding("duplicate-sent-twice", members, {})
            for index, _ in members:
                found.setdefault(index, []).append(finding)
    if not found and "duplicate" in context.purposes:  # said to be copies, but are not
        finding = _finding("duplicate-different", copies, {})
        for index, _ in copies:
            found[index] = [finding]
    return found
