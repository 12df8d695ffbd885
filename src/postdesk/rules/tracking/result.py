"""What happens to one message under a tracking configuration: the result shapes.

Pydantic models so that ``model_dump(mode="json")`` gives the CLI's and the
API's JSON directly.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HopKind = Literal["original", "forwarded", "tracking_copy"]
BounceReason = Literal["recipient_full", "tracker_full"]
LoopReason = Literal["repeat", "bound"]
UntrackedReason = Literal["alias", "inbound_from_outside"]
TrackedSide = Literal["sender", "recipient"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Hop(_Frozen):
    """One delivery: ``sender`` (envelope, kept by forwarding) to ``recipient``."""

    sender: str
    recipient: str
    kind: HopKind
    via: str | None = Field(
        default=None,
        description="the forwarding mailbox (forwarded), the alias used (original) "
        "or the tracked mailboxes (tracking_copy)",
    )

    def label(self) -> str:
        """``a@x -> b@y (kind via ...)``, for chains in text output."""
        if self.kind == "tracking_copy":
            return f"{self.sender} -> {self.recipient} (tracking copy: tracks {self.via})"
        via = f" via {self.via}" if self.via else ""
        return f"{self.sender} -> {self.recipient} ({self.kind}{via})"


class TrackingCopy(_Frozen):
    """One tracking copy sent to ``tracker`` because ``tracked`` sent or received the mail."""

    tracker: str
    side: TrackedSide
    tracked: list[str]
    sender: str
    delivered: bool


class Bounce(_Frozen):
    """A bounce to the message's sender (forwarding keeps the sender, so it is the original one)."""

    to: str
    mailbox: str
    reason: BounceReason
    tracked: list[str] = Field(default_factory=list)


class LoopFinding(_Frozen):
    """A forwarding loop: the chain ends with a delivery its own chain already made."""

    reason: LoopReason
    chain: list[Hop]


class Untracked(_Frozen):
    """A tracked mailbox whose trackers got no copy, and why."""

    address: str
    mailbox: str
    reason: UntrackedReason


class MessageOutcome(_Frozen):
    """Everything one message causes: deliveries, tracking copies, bounces, loops."""

    sender: str
    recipients: list[str]
    deliveries: list[Hop]
    tracking_copies: list[TrackingCopy]
    copies_per_tracker: dict[str, int]
    received_per_mailbox: dict[str, int]
    duplicates: dict[str, int]
    bounces: list[Bounce]
    loops: list[LoopFinding]
    untracked: list[Untracked]


class ScenarioOutcome(_Frozen):
    """The outcome of every message of a scenario, with the entry count against the cap."""

    tracking_entries: int
    tracking_max_entries: int
    messages: list[MessageOutcome]
