"""The SMTP command a refusal answered, as each mail system writes it.

The command decides what the same words mean (RFC 5321 section 3.3: a reply
to MAIL is about the sender, to RCPT about one recipient, after DATA about the
message): "user unknown" at RCPT is an unknown address, after DATA the
recipient's filter, at MAIL the sender. Every mail system names the stage in
its own words; each marker below cites where the wording comes from. When a
text names several, the last one named is the one that failed.

STARTTLS is a command of its own (RFC 3207 section 4: the client issues it after EHLO,
and the server answers it, "454 TLS not available due to temporary reason"); the
taxonomy's command lib lists it apart from EHLO (citation "taxonomy", smtp/command
lib.go), and its failedstarttls module reads a refusal at STARTTLS as that reason. A
marker that names STARTTLS therefore gives STARTTLS, not the EHLO stage.
"""

from __future__ import annotations

import re

# (anchor, pattern, command, source): the pattern runs only on a text that holds its
# anchor (a plain substring, lower case), so most texts cost one substring search per
# anchor. The patterns are literal alternatives: nothing nested.
_MARKERS: tuple[tuple[str, str, str, str], ...] = (
    # Postfix smtp(8): "(in reply to RCPT TO command)", "(in reply to end of DATA command)"
    ("in reply to", r"in reply to (?:end of )?data\b", "DATA", "postfix"),
    ("in reply to", r"in reply to rcpt to\b", "RCPT", "postfix"),
    ("in reply to", r"in reply to mail from\b", "MAIL", "postfix"),
    ("in reply to", r"in reply to (?:ehlo|helo|lhlo|auth)\b", "EHLO", "postfix"),
    ("in reply to", r"in reply to starttls\b", "STARTTLS", "postfix"),
    # Postfix: "refused to talk to me" and "... while receiving the initial server greeting"
    ("refused to talk", r"refused to talk to me", "CONN", "postfix"),
    ("server greeting", r"while receiving the initial server greeting", "CONN", "postfix"),
    ("while sending", r"while sending rcpt to\b", "RCPT", "postfix"),
    ("while sending", r"while sending mail from\b", "MAIL", "postfix"),
    ("while sending", r"while sending (?:end of data|data|message body)\b", "DATA", "postfix"),
    # Postfix smtp(8): "lost connection with HOST while performing the EHLO handshake",
    # "... while receiving the STARTTLS response": before any address was sent
    ("while performing", r"while performing the (?:ehlo|helo|lhlo) handshake", "EHLO", "postfix"),
    ("starttls response", r"while receiving the starttls response", "STARTTLS", "postfix"),
    # Exim: "SMTP error from remote mail server after RCPT TO:<a@example.jp>:",
    # "after pipelined MAIL FROM:", "after end of data", "after initial connection";
    # GMX and other Exim derivatives: "... after RCPT command:"
    ("after ", r"\bafter (?:pipelined )?(?:end of )?data\b", "DATA", "exim"),
    ("after ", r"\bafter (?:pipelined )?rcpt (?:to|command)\b", "RCPT", "exim"),
    ("after ", r"\bafter (?:pipelined )?mail (?:from|command)\b", "MAIL", "exim"),
    ("after ", r"\bafter (?:ehlo|helo)\b", "EHLO", "exim"),
    ("after ", r"\bafter starttls\b", "STARTTLS", "exim"),
    ("after ", r"\bafter initial connection\b", "CONN", "exim"),
    # Exim with CHUNKING: "... after BDAT 1234 LAST:"; BDAT carries the message in place of
    # DATA (RFC 3030 section 2)
    ("after ", r"\bafter (?:pipelined )?bdat\b", "DATA", "exim"),
    # Exim transports/smtp.c: "Remote host closed connection in response to RCPT TO:<...>",
    # "Malformed SMTP reply in response to end of data"
    (
        "in response to",
        r"\bin response to (?:pipelined )?(?:end of data|data|bdat)\b",
        "DATA",
        "exim",
    ),
    ("in response to", r"\bin response to (?:pipelined )?rcpt to\b", "RCPT", "exim"),
    ("in response to", r"\bin response to (?:pipelined )?mail from\b", "MAIL", "exim"),
    ("in response to", r"\bin response to (?:ehlo|helo)\b", "EHLO", "exim"),
    ("in response to", r"\bin response to starttls\b", "STARTTLS", "exim"),
    ("in response to", r"\bin response to initial connection\b", "CONN", "exim"),
    # qmail-remote.c: "... does not like recipient." / "... failed on DATA command." /
    # "... failed after I sent the message." / "Connected to ... but sender was
    # rejected." / "... but greeting failed." / "... but my name was rejected."
    ("does not like", r"does not like recipient\b", "RCPT", "qmail"),
    ("failed on data", r"failed on data command", "DATA", "qmail"),
    ("failed after i sent", r"failed after i sent the message", "DATA", "qmail"),
    ("but sender", r"but sender was rejected", "MAIL", "qmail"),
    ("but greeting", r"but greeting failed", "CONN", "qmail"),
    ("but my name", r"but my name was rejected", "EHLO", "qmail"),
    # qmail's summary over several MXs: "Sorry, no SMTP connection got far enough;
    # most progress was RCPT TO response"
    ("most progress", r"most progress was rcpt to\b", "RCPT", "qmail"),
    ("most progress", r"most progress was mail from\b", "MAIL", "qmail"),
    # Sendmail / Courier transcripts: ">>> RCPT To:<a@example.jp>" then "<<< 550 ..."
    (">>> ", r"(?<!\S)>>> rcpt\b", "RCPT", "sendmail"),
    (">>> ", r"(?<!\S)>>> mail from\b", "MAIL", "sendmail"),
    (">>> ", r"(?<!\S)>>> (?:data\b|\.(?!\S))", "DATA", "sendmail"),
    # Courier (after EHLO was refused it falls back to HELO, RFC 5321 3.2) and Sendmail:
    # ">>> HELO courier.test" then "<<< 550 ..."
    (">>> ", r"(?<!\S)>>> (?:ehlo|helo)\b", "EHLO", "sendmail"),
    (">>> ", r"(?<!\S)>>> starttls\b", "STARTTLS", "sendmail"),
    # Courier's courieresmtp writes the stage it was at when no command was sent yet:
    # ">>> (initial greeting)" then "<<< 421 ..." (the bounce factory's greeting_421)
    (">>> ", r"(?<!\S)>>> \(initial greeting\)", "CONN", "courier"),
    # Notices that write the command's name out: "Technical details: SMTP:RCPT host
    # 192.0.2.8: 553 ..." (RFC 5321 4.1.1 command names)
    ("smtp:", r"\bsmtp:rcpt\b", "RCPT", "rfc5321"),
    ("smtp:", r"\bsmtp:mail\b", "MAIL", "rfc5321"),
    ("smtp:", r"\bsmtp:data\b", "DATA", "rfc5321"),
    # Gmail's older notices end the remote reply with the stage its client had reached:
    # "550 550 5.1.1 <a@example.jp>... User Unknown (state 14)." The taxonomy's Gmail
    # module reads state 6 as MAIL, 13 as EHLO, 14 as RCPT and 15, 17, 18 as DATA
    # (citation "taxonomy-lhost", lhost/via-gmail.go; states 8, 9, 12 are AUTH, a stage
    # this table does not name)
    ("(state ", r"\(state (?:15|17|18)\)", "DATA", "taxonomy-lhost"),
    ("(state ", r"\(state 14\)", "RCPT", "taxonomy-lhost"),
    ("(state ", r"\(state 13\)", "EHLO", "taxonomy-lhost"),
    ("(state ", r"\(state 6\)", "MAIL", "taxonomy-lhost"),
    # 1&1 (Exim-based): "SMTP error from remote server for TEXT command, host: ...": TEXT is
    # its name for the message after DATA (the taxonomy's EinsUndEins module reads it as DATA,
    # citation "taxonomy-lhost", lhost/via-einsundeins.go)
    ("for text command", r"for text command", "DATA", "taxonomy-lhost"),
    # The taxonomy's "unknown MTA #6" (lhost/via-x6.go) names the stage in parentheses:
    # "SMTP Server <mx> rejected recipient <a@example.jp> (Error following RCPT command)."
    ("error following", r"error following rcpt command", "RCPT", "taxonomy-lhost"),
    ("error following", r"error following mail command", "MAIL", "taxonomy-lhost"),
    ("error following", r"error following data command", "DATA", "taxonomy-lhost"),
    # SendGrid's notice names it after the reply: "... in RCPT TO", "... in MAIL FROM",
    # "... in End of DATA" (the taxonomy's SendGrid module, rb-sisimai lhost/sendgrid.rb)
    ("in rcpt to", r"\bin rcpt to\b", "RCPT", "taxonomy-lhost"),
    ("in mail from", r"\bin mail from\b", "MAIL", "taxonomy-lhost"),
    ("in end of data", r"\bin end of data\b", "DATA", "taxonomy-lhost"),
    # DragonFly Mail Agent net.c: "did not like our RCPT TO:", "... our final DATA:"
    ("did not like our", r"did not like our rcpt to\b", "RCPT", "dma"),
    ("did not like our", r"did not like our (?:final )?data\b", "DATA", "dma"),
    ("did not like our", r"did not like our mail from\b", "MAIL", "dma"),
)
_ANCHORS = tuple(dict.fromkeys(anchor for anchor, _, _, _ in _MARKERS))


def literal_first(pattern: str) -> str:
    """``pattern`` written to begin with a literal character, matching the same text.

    A pattern that begins with an assertion (``\\b``, ``(?<!\\S)``) is tried at
    every character of a text; one that begins with a literal is searched for
    that character first. ``\\bafter`` is ``a(?<!\\wa)fter`` (a word boundary
    before a letter: no word character before it) and ``(?<!\\S)>>>`` is
    ``>(?<!\\S>)>>``; each match starts where it did.
    """
    if pattern.startswith("\\b") and pattern[2:3].isalpha():
        first = pattern[2]
        return f"{first}(?<!\\w{first}){pattern[3:]}"
    if pattern.startswith("(?<!\\S)") and pattern[7:8] == ">":
        return f">(?<!\\S>){pattern[8:]}"
    return pattern


_COMPILED = tuple(
    (anchor, re.compile(literal_first(pattern)), command)
    for anchor, pattern, command, _ in _MARKERS
)
# The same patterns grouped by anchor, in table order within each group. Two patterns of
# different anchors cannot match at the same place (each begins with its own anchor's
# words, and no anchor's words begin another's at the same place), so the last marker
# found is the same whichever group is read first.
_BY_ANCHOR: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    anchor: tuple((pattern, command) for key, pattern, command in _COMPILED if key == anchor)
    for anchor in _ANCHORS
}


def command_in(text: str) -> str:
    """The SMTP command the refusal in ``text`` answered, or ``""``.

    The last marker in the text wins: it names the stage the session failed at.
    """
    lowered = text.lower()
    best, best_at = "", -1
    for anchor, patterns in _BY_ANCHOR.items():
        if anchor not in lowered:
            continue
        for pattern, command in patterns:
            for match in pattern.finditer(lowered):
                if match.start() > best_at:
                    best, best_at = command, match.start()
    return best


def sources() -> set[str]:
    """The citation keys the markers stand on (checked against the registry)."""
    return {source for _anchor, _pattern, _command, source in _MARKERS}
