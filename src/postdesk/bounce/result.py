"""The one record shape every bounce parser fills.

A parser (RFC 3464, ARF, RFC 3834 or one mail system's own format) returns
:class:`Recipient` records with what it could read: the address, the remote
server's text and whatever codes it saw. :mod:`postdesk.bounce.finish` then
completes every record the same way (status and reply code taken from the
text, reason, hard/soft, playbook), so no parser decides those on its own
unless its format says so outright.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Recipient:
    """What a bounce says about one recipient (or, from ``explain``, about one line)."""

    address: str = ""
    status: str = ""  # enhanced status code, "5.1.1"
    replycode: str = ""  # SMTP reply code, "550"; empty where none
    reason: str = ""  # a name from postdesk.bounce.reasons.REASONS
    hardbounce: bool = False  # retrying cannot help: the address or domain does not exist
    diagnostic: str = ""  # the remote server's text, one line
    rhost: str = ""  # remote host that gave the answer, where known
    action: str = ""  # failed, delayed, delivered, ... (RFC 3464 Action)
    date: str = ""  # when it was tried (Last-Attempt-Date, Arrival-Date or Date)
    diagtype: str = ""  # Diagnostic-Code type: smtp, x-unix, ...
    command: str = ""  # SMTP command the reply answered: MAIL, RCPT, DATA, ...
    feedbacktype: str = ""  # ARF Feedback-Type (abuse, fraud, ...) for reason feedback
    lhost: str = ""  # the reporting host
    playbook: str = ""  # id of the playbook that explains it, where one applies
    reply: dict[str, str] | None = None  # scripted reply {"zh": ..., "en": ...}
    signal: str = ""  # id of the playbook signal that matched, if any
    meaning: dict[str, str] | None = None  # the signal's meaning {"zh", "en"}
    next_action: dict[str, str] | None = None  # the signal's next action for the agent
    # The reporting MTA's own classification of the failure where its format documents one
    # (PowerMTA's X-PowerMTA-BounceCategory): read only when nothing else decides
    # (postdesk.bounce.decide), not part of the output.
    hint: str = field(default="", repr=False)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        data = asdict(self)
        del data["hint"]
        return data


@dataclass
class BounceReport:
    """The analysis of one message."""

    is_bounce: bool = False
    recipients: list[Recipient] = field(default_factory=list)
    message_id: str = ""  # Message-ID of the returned (original) message
    subject: str = ""  # Subject of the returned message
    from_: str = ""  # From of the returned message
    origin: str = ""  # the parser that read it: "rfc3464", "lhost.qmail", ...
    error: str | None = None  # set when nothing could be read
    # The same error as a key of postdesk/locale/messages.yaml and its values, so that a
    # reader in zh is told in Chinese (the engine imports no catalogue: ``error`` is the
    # catalogue's en text, kept in JSON as it always was). Not part of as_dict().
    error_key: str | None = field(default=None, compare=False)
    error_values: dict[str, str] = field(default_factory=dict, compare=False)
    # Bytes that were not text in their charset: each shows as U+FFFD in the strings.
    undecodable_bytes: int = 0
    # Headers longer than bounce.message.MAX_HEADER_CHARS, decoded only that far.
    truncated_headers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON (``from_`` is spelled ``from``)."""
        data = asdict(self)
        data["from"] = data.pop("from_")
        del data["error_key"], data["error_values"]
        return data
