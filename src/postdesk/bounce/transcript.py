"""Read the human-readable part of a bounce around one recipient.

Most mail systems write, next to each failed address, the remote server's
reply and the SMTP command it answered ("in reply to RCPT TO command",
"after end of data"); :mod:`postdesk.bounce.commands` reads the command out of
the paragraph found here.
"""

from __future__ import annotations

_MAX_LINES = 12
# Characters read ahead for the paragraph's lines; when they hold fewer than
# _MAX_LINES whole lines, the rest of the text is split instead.
_AHEAD = 4096


def _lines_from(text: str, start: int) -> list[str]:
    """At least the first _MAX_LINES lines of ``text[start:]`` as ``str.splitlines`` gives
    them, without splitting the whole rest of a long text."""
    lines = text[start : start + _AHEAD].splitlines()
    if len(lines) > _MAX_LINES:  # each of the first _MAX_LINES ended inside the window
        return lines
    return text[start:].splitlines()


def paragraph_for(text: str, address: str, lowered: str | None = None) -> str:
    """Lines of ``text`` from the first mention of ``address`` to the next blank line.

    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    if not address:
        return ""
    if lowered is None:
        lowered = text.lower()
    at = lowered.find(address.lower())
    if at < 0:
        return ""
    start = lowered.rfind("\n", 0, at) + 1
    lines: list[str] = []
    for line in _lines_from(text, start):
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
