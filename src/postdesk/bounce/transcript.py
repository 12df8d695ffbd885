"""Read the human-readable part of a bounce around one recipient.

Most mail systems write, next to each failed address, the remote server's
reply and the SMTP command it answered ("in reply to RCPT TO command",
"after end of data"). The command matters: a "user unknown" given after DATA
is a content filter's verdict, not a missing mailbox.
"""

from __future__ import annotations

import re

# Phrasings that name the SMTP command a reply answered, most specific first.
_COMMAND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Postfix: (in reply to end of DATA command) / (in reply to RCPT TO command)
    (re.compile(r"in reply to (?:end of )?data\b", re.I), "DATA"),
    (re.compile(r"in reply to rcpt to\b", re.I), "RCPT"),
    (re.compile(r"in reply to mail from\b", re.I), "MAIL"),
    (re.compile(r"in reply to (?:ehlo|helo)\b", re.I), "EHLO"),
    # Exim: SMTP error from remote mail server after RCPT TO:<a@example.jp>:
    (re.compile(r"after (?:end of )?data\b", re.I), "DATA"),
    # GMX: SMTP error from remote server after RCPT command:
    (re.compile(r"after rcpt(?: to| command)\b", re.I), "RCPT"),
    (re.compile(r"after mail(?: from| command)\b", re.I), "MAIL"),
    (re.compile(r"after (?:ehlo|helo)\b", re.I), "EHLO"),
    (
        re.compile(r"after initial connection|while connected to|refused to talk to me", re.I),
        "CONN",
    ),
    # Technical details: SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.jp>...
    (re.compile(r"\bsmtp:rcpt\b", re.I), "RCPT"),
    (re.compile(r"\bsmtp:mail\b", re.I), "MAIL"),
    (re.compile(r"\bsmtp:data\b", re.I), "DATA"),
    # Sendmail transcript: ">>> DATA" followed by "<<< 550 ..."
    (re.compile(r"^>>> (?:rcpt to|rcpt)", re.I | re.M), "RCPT"),
    (re.compile(r"^>>> mail from", re.I | re.M), "MAIL"),
    (re.compile(r"^>>> data", re.I | re.M), "DATA"),
)
_MAX_LINES = 12


def command_in(text: str) -> str:
    """The SMTP command a reply in ``text`` answered, or ``""``."""
    best = ""
    best_at = -1
    for pattern, command in _COMMAND_PATTERNS:
        for match in pattern.finditer(text):
            if match.start() > best_at:  # the last command named is the one that failed
                best, best_at = command, match.start()
    return best


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
