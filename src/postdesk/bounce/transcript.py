"""Read the human-readable part of a bounce around one recipient.

Most mail systems write, next to each failed address, the remote server's
reply and the SMTP command it answered ("in reply to RCPT TO command",
"after end of data"); :mod:`postdesk.bounce.commands` reads the command out of
the paragraph found here.
"""

from __future__ import annotations

_MAX_LINES = 12


def paragraph_for(text: str, address: str) -> str:
    """Lines of ``text`` from the first mention of ``address`` to the next blank line."""
    if not address:
        return ""
    lowered = text.lower()
    at = lowered.find(address.lower())
    if at < 0:
        return ""
    start = lowered.rfind("\n", 0, at) + 1
    lines: list[str] = []
    for line in text[start:].splitlines():
        if lines and not line.strip():
            break
        lines.append(line.strip())
        if len(lines) >= _MAX_LINES:
            break
    return " ".join(lines)


def lines_about(text: str, address: str) -> str:
    """Lines of ``text`` that name ``address`` and say something more about it.

    Sendmail writes ``<a@example.jp>... Deferred: Connection refused by ...``
    in its transcript even when its report part has no diagnostic.
    """
    if not address:
        return ""
    found = []
    for line in text.splitlines():
        lowered = line.lower()
        if address in lowered:
            rest = lowered.replace(address, "").strip(" <>.:;,\t")
            if len(rest) > 3:
                found.append(line.strip())
    return " ".join(found[:3])
