"""Shared reader for plain-text bounces: a recipient line, then the reason below it.

Most mail systems that do not send RFC 3464 reports write the same shape: an
introduction, then for each failed address a line naming it followed by the
remote server's text, then a marker before the returned message. A parser
describes its format as a :class:`TextFormat` (where the recipients start,
where the returned message starts, how a recipient line looks) and gets
:class:`~postdesk.bounce.result.Recipient` records back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from postdesk.bounce.codes import clean_address
from postdesk.bounce.result import Recipient

# "<a@example.jp>:", "  a@example.jp", "a@example.jp: 550 ...", '"a@example.jp":'
DEFAULT_RECIPIENT = re.compile(
    r"^\s*[\"<]?(?P<address>[^\s<>\"@:]+@[^\s<>\":]+?)[\">]?:?(?:\s+(?P<rest>.*))?$"
)


@dataclass(frozen=True)
class TextFormat:
    """How one mail system lays out its plain-text bounce."""

    # Lower-case fragments of the line after which the recipients are listed;
    # empty: from the first line.
    start: tuple[str, ...] = ()
    # Lower-case fragments of the line where the returned message begins.
    end: tuple[str, ...] = ()
    # A line naming a failed recipient: groups ``address`` and (optional) ``rest``.
    recipient: re.Pattern[str] = DEFAULT_RECIPIENT
    # Lines to leave out of the diagnostic (lower-case fragments).
    skip: tuple[str, ...] = field(default_factory=tuple)
    # Whether a bare local part ("  kijitora", a local user) names a recipient.
    local_parts: bool = False


def _starts(line: str, fragments: tuple[str, ...]) -> bool:
    lowered = line.lower()
    # A plain loop, not any() over a generator: this runs for every line of a notice.
    for fragment in fragments:  # noqa: SIM110
        if fragment in lowered:
            return True
    return False


def intro(text: str, fmt: TextFormat) -> str:
    """The line holding the start marker ("... was aborted after 5 hours:"), or ``""``."""
    for line in text.splitlines():
        if fmt.start and _starts(line, fmt.start):
            return line.strip()
    return ""


def section(text: str, fmt: TextFormat) -> list[str]:
    """The lines between the start marker and the end marker (``[]`` without a start)."""
    lines = text.splitlines()
    begin = 0
    if fmt.start:
        for index, line in enumerate(lines):
            if _starts(line, fmt.start):
                begin = index + 1
                break
        else:
            return []
    out: list[str] = []
    for line in lines[begin:]:
        if fmt.end and _starts(line, fmt.end):
            break
        out.append(line)
    return out


def read_text(text: str, fmt: TextFormat) -> list[Recipient]:
    """Recipients and their diagnostic text from a plain-text bounce."""
    recipients: list[Recipient] = []
    current: Recipient | None = None
    lines: list[str] = []
    for line in section(text, fmt):
        match = fmt.recipient.match(line)
        address = clean_address(match.group("address")) if match else ""
        named = match is not None and ("@" in address or fmt.local_parts)
        if named and (current is None or address != current.address):
            if current is not None:
                current.diagnostic = " ".join(lines)
            current = Recipient(address=address)
            recipients.append(current)
            assert match is not None
            rest = match.groupdict().get("rest") or ""
            lines = [rest.strip()] if rest else []
            continue
        if current is None or not line.strip():
            continue
        if fmt.skip and _starts(line, fmt.skip):
            continue
        lines.append(line.strip())
    if current is not None:
        current.diagnostic = " ".join(lines)
    return recipients


def header_has(value: str, fragments: tuple[str, ...]) -> bool:
    """Whether a header value contains one of ``fragments`` (lower case)."""
    lowered = value.lower()
    return any(fragment in lowered for fragment in fragments)


def coded_reason(pattern: re.Pattern[str], codes: dict[str, str], diagnostic: str) -> str:
    """The reason ``codes`` gives the mail system's own code that ``pattern`` captures
    (group 1, any case) in ``diagnostic``, or ``""`` (Exchange's MSEXCH and NDR codes)."""
    found = pattern.search(diagnostic)
    return codes.get(found.group(1).lower(), "") if found else ""
