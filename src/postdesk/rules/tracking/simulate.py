"""Deliver one message under a tracking configuration, rules A to E of 4.0.19.

The model, as the work instruction describes the system:

* A submission is a sender and its recipients. The original message is one;
  every forward is another, with the *same sender* and only the recipient
  changed (4.0.19 2): "转发时只改收件人而不改发件人地址").
* Sender side: if the sender is a hosted mailbox (not an alias) its trackers
  get a copy, whether the recipients are hosted (rule A) or outside (rule B).
* Recipient side: a hosted recipient addressed by its own address (not an
  alias, rule D) gives its trackers a copy when the sender is hosted too
  (rule A). Mail from outside domains is not covered by rules A or B, so it
  is not tracked unless the configuration says otherwise.
* Per submission a tracker gets at most one recipient-side copy however many
  of the recipients it tracks, plus one sender-side copy if it tracks the
  sender too: one or two copies (3), 4.0.14 1)).
* A tracking copy is not tracked again by anybody (rule C), but when the
  tracker forwards its mail the forward is a new submission from the same
  sender, which is tracked again: 4.0.19 2)'s loop.
* A copy to a full tracker bounces to the sender (rule E); so does mail to a
  full recipient.

A chain of deliveries stops when it repeats a (sender, recipient) delivery it
already made (a loop, reported with the chain) or when the run reaches
``max_deliveries`` (reported too), so a loop never runs forever.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Literal

from postdesk.rules.tracking.config import TrackingConfig, normalize_address
from postdesk.rules.tracking.result import (
    Bounce,
    Hop,
    HopKind,
    LoopFinding,
    MessageOutcome,
    TrackedSide,
    TrackingCopy,
    Untracked,
)

DEFAULT_MAX_DELIVERIES = 200

# arrived: delivered, may be forwarded; looped: delivered, but its chain repeats itself;
# bounced: the mailbox is full; stopped: the run reached its bound.
_Status = Literal["arrived", "looped", "bounced", "stopped"]


@dataclass(frozen=True)
class _Submission:
    sender: str
    recipients: tuple[str, ...]
    chain: tuple[Hop, ...]  # the deliveries that led to this submission
    forwarded_by: str | None


@dataclass
class _Run:
    """What one message has caused so far."""

    config: TrackingConfig
    max_deliveries: int
    queue: deque[_Submission] = field(default_factory=deque)
    deliveries: list[Hop] = field(default_factory=list)
    copies: list[TrackingCopy] = field(default_factory=list)
    received: Counter[str] = field(default_factory=Counter)
    bounces: list[Bounce] = field(default_factory=list)
    loops: list[LoopFinding] = field(default_factory=list)
    untracked: list[Untracked] = field(default_factory=list)
    copies_sent: int = 0
    bound_reached: bool = False

    def deliver(self, hop: Hop, chain: tuple[Hop, ...], bounce: Bounce | None) -> _Status:
        """Deliver ``hop`` (or bounce it, or stop the run at the bound) and say which."""
        if self.bound_reached:
            return "stopped"
        if len(self.deliveries) + self.copies_sent >= self.max_deliveries:
            self.bound_reached = True
            self.loops.append(LoopFinding(reason="bound", chain=[*chain, hop]))
            return "stopped"
        if bounce is not None and hop.recipient in self.config.full_mailboxes:
            self.bounces.append(bounce)
            return "bounced"
        self.received[hop.recipient] += 1
        if hop.kind == "tracking_copy":
            self.copies_sent += 1
        else:
            self.deliveries.append(hop)
        key = (hop.sender, hop.recipient)
        if any((earlier.sender, earlier.recipient) == key for earlier in chain):
            finding = LoopFinding(reason="repeat", chain=[*chain, hop])
            if finding not in self.loops:
                self.loops.append(finding)
            return "looped"
        return "arrived"

    def note_untracked(self, note: Untracked) -> None:
        if note not in self.untracked:
            self.untracked.append(note)

    def forward(self, hop: Hop, chain: tuple[Hop, ...]) -> None:
        """Queue the forward of a delivered ``hop`` if its mailbox forwards."""
        target = self.config.forwards.get(hop.recipient)
        if target is not None:
            self.queue.append(_Submission(hop.sender, (target,), (*chain, hop), hop.recipient))


def _sender_trackers(config: TrackingConfig, sender: str, run: _Run) -> list[str]:
    if not config.is_hosted(sender):
        return []
    if config.is_alias(sender):
        real = config.aliases[sender]
        if config.trackers_of(real):
            run.note_untracked(Untracked(address=sender, mailbox=real, reason="alias"))
        return []
    return config.trackers_of(sender)


def _note_recipient(
    config: TrackingConfig,
    submission: _Submission,
    address: str,
    alias: str | None,
    by_tracker: dict[str, list[str]],
    run: _Run,
) -> None:
    """Collect the trackers of recipient ``address`` (rules A, D and the outside-sender case)."""
    trackers = config.trackers_of(address) if config.is_hosted(address) else []
    if not trackers:
        return
    if alias is not None:
        run.note_untracked(Untracked(address=alias, mailbox=address, reason="alias"))
        return
    if not config.is_hosted(submission.sender) and not config.track_inbound_from_outside:
        run.note_untracked(
            Untracked(address=address, mailbox=address, reason="inbound_from_outside")
        )
        return
    for tracker in trackers:
        by_tracker.setdefault(tracker, []).append(address)


def _submit(config: TrackingConfig, submission: _Submission, run: _Run) -> None:
    sender = submission.sender
    kind: HopKind = "forwarded" if submission.forwarded_by else "original"
    by_tracker: dict[str, list[str]] = {}
    # A forward's tracking copies are caused by the forwarded delivery; keep it in their chain.
    copy_chain = submission.chain
    for address in dict.fromkeys(submission.recipients):
        mailbox, alias = config.resolve(address)
        hop = Hop(sender=sender, recipient=mailbox, kind=kind, via=submission.forwarded_by or alias)
        hosted = config.is_hosted(mailbox)
        bounce = Bounce(to=sender, mailbox=mailbox, reason="recipient_full") if hosted else None
        status = run.deliver(hop, submission.chain, bounce)
        if status == "arrived" and hosted:
            run.forward(hop, submission.chain)
        if submission.forwarded_by is not None and status in ("arrived", "looped"):
            copy_chain = (*copy_chain, hop)
        _note_recipient(config, submission, mailbox, alias, by_tracker, run)

    sides: list[tuple[str, TrackedSide, list[str]]] = [
        (tracker, "sender", [sender]) for tracker in _sender_trackers(config, sender, run)
    ]
    sides += [(tracker, "recipient", tracked) for tracker, tracked in by_tracker.items()]
    for tracker, side, tracked in sides:
        hop = Hop(sender=sender, recipient=tracker, kind="tracking_copy", via=", ".join(tracked))
        bounce = Bounce(to=sender, mailbox=tracker, reason="tracker_full", tracked=tracked)
        status = run.deliver(hop, copy_chain, bounce)
        if status == "stopped":
            return
        run.copies.append(
            TrackingCopy(
                tracker=tracker,
                side=side,
                tracked=tracked,
                sender=sender,
                delivered=status != "bounced",
            )
        )
        if status == "arrived":
            run.forward(hop, copy_chain)


def simulate_message(
    config: TrackingConfig,
    sender: str,
    recipients: list[str],
    *,
    max_deliveries: int = DEFAULT_MAX_DELIVERIES,
) -> MessageOutcome:
    """Deliver a message from ``sender`` to ``recipients`` and report what it causes."""
    sender_address = normalize_address(sender)
    recipient_addresses = [normalize_address(r) for r in recipients]
    run = _Run(config=config, max_deliveries=max_deliveries)
    run.queue.append(_Submission(sender_address, tuple(recipient_addresses), (), None))
    while run.queue and not run.bound_reached:
        _submit(config, run.queue.popleft(), run)

    per_tracker = Counter(copy.tracker for copy in run.copies if copy.delivered)
    return MessageOutcome(
        sender=sender_address,
        recipients=recipient_addresses,
        deliveries=run.deliveries,
        tracking_copies=run.copies,
        copies_per_tracker=dict(per_tracker),
        received_per_mailbox=dict(run.received),
        duplicates={mailbox: n for mailbox, n in run.received.items() if n > 1},
        bounces=run.bounces,
        loops=run.loops,
        untracked=run.untracked,
    )
