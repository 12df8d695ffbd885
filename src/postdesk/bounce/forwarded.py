"""A bounce the customer forwarded inline: find it in the text, quoted or not.

Customers forward their bounces to the support desk. A mail client that
forwards as an attachment leaves a ``message/rfc822`` part (read by
:mod:`postdesk.bounce.message`); one that forwards inline writes the bounce's
header block into the text ("---------- Forwarded message ---------",
Outlook's "From: ... Sent: ... Subject:", Foxmail's 发件人/主题), often with
every line quoted ("> "). :func:`embedded_bounce` strips the quoting and
returns the bounce from its header block on, as a message of its own.
"""

from __future__ import annotations

import re

from postdesk.bounce.plaintext import BOUNCE_SENDERS, BOUNCE_SUBJECTS

# Header labels mail clients write in a forwarded block, and the field each is.
_LABELS = {
    "from": "From",
    "subject": "Subject",
    "to": "To",
    "date": "Date",
    "sent": "Date",
    "发件人": "From",
    "寄件者": "From",
    "主题": "Subject",
    "主旨": "Subject",
    "收件人": "To",
    "日期": "Date",
    "发送时间": "Date",
    "時間": "Date",
    "差出人": "From",
    "件名": "Subject",
    "宛先": "To",
}
_FIELD = re.compile(r"^[ \t]*([A-Za-z]+|[\u3040-\u30ff\u4e00-\u9fff]{2,4})[ \t]*[:：][ \t]*(.*)$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
# Lines looked at for a header block (a forwarded bounce sits near the top).
_MAX_LINES = 400


def _unquoted(lines: list[str]) -> list[str]:
    """The lines without "> " quoting when most of them are quoted."""
    filled = [line for line in lines if line.strip()]
    quoted = sum(1 for line in filled if line.lstrip().startswith(">"))
    if not filled or quoted * 2 < len(filled):
        return lines
    return [_QUOTE.sub("", line) for line in lines]


def _bouncy(fields: dict[str, str]) -> bool:
    sender = fields.get("From", "").lower()
    subject = fields.get("Subject", "").lower()
    return any(name in sender for name in BOUNCE_SENDERS) or any(
        hint in subject for hint in BOUNCE_SUBJECTS
    )


def embedded_bounce(text: str) -> bytes | None:
    """The forwarded bounce inside ``text`` as message bytes, or ``None`` when there is none.

    A header block is a run of "Label: value" lines (From and Subject among
    them) that ends at a blank line; it counts when its sender or subject is a
    mail system's. The block becomes the inner message's headers and what
    follows it its body.
    """
    lines = _unquoted(text.splitlines())
    for start in range(min(len(lines), _MAX_LINES)):
        if _FIELD.match(lines[start]) is None:
            continue
        fields: dict[str, str] = {}
        end = start
        while end < len(lines) and end - start < 12:
            match = _FIELD.match(lines[end])
            if match is None:
                break
            label = _LABELS.get(match.group(1).lower())
            if label:
                fields.setdefault(label, match.group(2).strip())
            end += 1
        if "From" in fields and "Subject" in fields and _bouncy(fields):
            head = "".join(f"{name}: {value}\n" for name, value in fields.items())
            body = "\n".join(lines[end:])
            return (head + "\n" + body.lstrip("\n")).encode("utf-8", "replace")
    return None
