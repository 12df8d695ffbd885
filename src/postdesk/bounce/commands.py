"""The SMTP command a refusal answered, as each mail system writes it.

The command decides what the same words mean (RFC 5321 section 3.3: a reply
to MAIL is about the sender, to RCPT about one recipient, after DATA about the
message): "user unknown" at RCPT is an unknown address, after DATA the
recipient's filter, at MAIL the sender. Every mail system names the stage in
its own words; each marker below cites where the wording comes from. When a
text names several, the last one named is the one that failed.
"""

from __future__ import annotations

import re

# (pattern, command, source). The patterns are literal alternatives: no nesting.
_MARKERS: tuple[tuple[str, str, str], ...] = (
    # Postfix smtp(8): "(in reply to RCPT TO command)", "(in reply to end of DATA command)"
    (r"in reply to (?:end of )?data\b", "DATA", "postfix"),
    (r"in reply to rcpt to\b", "RCPT", "postfix"),
    (r"in reply to mail from\b", "MAIL", "postfix"),
    (r"in reply to (?:ehlo|helo|lhlo)\b", "EHLO", "postfix"),
    (r"in reply to (?:starttls|auth)\b", "EHLO", "postfix"),
    # Postfix: "refused to talk to me" and "... while receiving the initial server greeting"
    (
        r"refused to talk to me|while receiving the initial server greeting",
        "CONN",
        "postfix",
    ),
    (r"while sending rcpt to\b", "RCPT", "postfix"),
    (r"while sending mail from\b", "MAIL", "postfix"),
    (r"while sending (?:end of )?data\b|while sending message body", "DATA", "postfix"),
    # Exim: "SMTP error from remote mail server after RCPT TO:<a@example.jp>:",
    # "after pipelined MAIL FROM:", "after end of data", "after initial connection"
    (r"\bafter (?:pipelined )?(?:end of )?data\b", "DATA", "exim"),
    (r"\bafter (?:pipelined )?rcpt to\b", "RCPT", "exim"),
    (r"\bafter (?:pipelined )?mail from\b", "MAIL", "exim"),
    (r"\bafter (?:ehlo|helo|starttls)\b", "EHLO", "exim"),
    (r"\bafter initial connection\b", "CONN", "exim"),
    # GMX and other Exim derivatives: "SMTP error from remote server after RCPT command:"
    (r"\bafter rcpt command\b", "RCPT", "exim"),
    (r"\bafter mail command\b", "MAIL", "exim"),
    # qmail-remote.c: "... does not like recipient." / "... failed on DATA command." /
    # "... failed after I sent the message." / "Connected to ... but sender was
    # rejected." / "... but greeting failed." / "... but my name was rejected."
    (r"does not like recipient\b", "RCPT", "qmail"),
    (r"failed on data command|failed after i sent the message", "DATA", "qmail"),
    (r"but sender was rejected", "MAIL", "qmail"),
    (r"but greeting failed", "CONN", "qmail"),
    (r"but my name was rejected", "EHLO", "qmail"),
    # qmail's summary over several MXs: "Sorry, no SMTP connection got far enough;
    # most progress was RCPT TO response"
    (r"most progress was rcpt to\b", "RCPT", "qmail"),
    (r"most progress was mail from\b", "MAIL", "qmail"),
    # Sendmail / Courier transcripts: ">>> RCPT To:<a@example.jp>" then "<<< 550 ..."
    (r"(?<!\S)>>> rcpt\b", "RCPT", "sendmail"),
    (r"(?<!\S)>>> mail from\b", "MAIL", "sendmail"),
    (r"(?<!\S)>>> data\b|(?<!\S)>>> \.(?!\S)", "DATA", "sendmail"),
    # Notices that write the command's name out: "Technical details: SMTP:RCPT host
    # 192.0.2.8: 553 ..." (RFC 5321 4.1.1 command names)
    (r"\bsmtp:rcpt\b", "RCPT", "rfc5321"),
    (r"\bsmtp:mail\b", "MAIL", "rfc5321"),
    (r"\bsmtp:data\b", "DATA", "rfc5321"),
    # DragonFly Mail Agent net.c: "did not like our RCPT TO:", "... our final DATA:"
    (r"did not like our rcpt to\b", "RCPT", "dma"),
    (r"did not like our (?:final )?data\b", "DATA", "dma"),
    (r"did not like our mail from\b", "MAIL", "dma"),
)


# All markers in one pattern (one pass over the text); group N is marker N.
_ANY = re.compile(
    "|".join(f"(?P<m{index}>{pattern})" for index, (pattern, _, _) in enumerate(_MARKERS)),
    re.IGNORECASE,
)
_COMMAND_OF = {f"m{index}": command for index, (_, command, _) in enumerate(_MARKERS)}


def command_in(text: str) -> str:
    """The SMTP command the refusal in ``text`` answered, or ``""``.

    The last marker in the text wins: it names the stage the session failed at.
    """
    last = ""
    for match in _ANY.finditer(text):
        last = match.lastgroup or last
    return _COMMAND_OF.get(last, "")


def sources() -> set[str]:
    """The citation keys the markers stand on (checked against the registry)."""
    return {source for _pattern, _command, source in _MARKERS}
