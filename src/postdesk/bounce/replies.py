"""Make a reply text readable for the rules: one reply per line, the last one found.

Two things stand between a bounce's text and its reason:

- A multi-line SMTP reply repeats its code on every line ("550-5.7.1 The
  user ... 550-5.7.1 Please ... 550 5.7.1 more"; RFC 5321 section 4.2.1, RFC
  2034 section 4). Once the lines are joined, the repeated prefixes split
  phrases in two; :func:`join_continuations` keeps the first and drops the rest.
- A relay or a queue wraps the remote server's reply in its own summary
  ("Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection
  timed out>", "retry timeout exceeded ... host said: 550 ..."). The reason is
  the underlying reply's, so :func:`last_reply` finds where the last reply
  of the text starts: a reply code followed by an enhanced status code, or a
  reply code right after a quoting mark or a "said:"/"returned" (Postfix,
  qmail, Exchange and Gmail introduce the remote reply so).

Both are linear scans with simple patterns (no nested repetition).
"""

from __future__ import annotations

import re

# "550-5.7.1 " / "550 5.7.1 " / "550-" at a word start: a reply line's prefix.
_PREFIX = re.compile(r"(?<![\w.])([245]\d\d)([ -])(?:#?([245]\.\d{1,3}\.\d{1,3})\b ?)?")
# A reply start: code and enhanced code ("421 4.4.2", "550-5.1.1", "550 #5.1.0").
_CODED_REPLY = re.compile(r"(?<![\w.:/=-])([45]\d\d)[ -]#?[45]\.\d{1,3}\.\d{1,3}(?![\d.])")
# A reply code right after what introduces a remote reply.
# Sendmail puts its own code before the remote one ("554 550 Host unknown"): the
# second is the remote reply.
_INTRODUCED_REPLY = re.compile(
    r"(?:[<'\"(\[]|said:|returned|was:|response:|reply:|responded:|error:|\b[45]\d\d )\s?"
    r"([45]\d\d)(?=[ -])",
    re.IGNORECASE,
)
_LEADING_REPLY = re.compile(r"[45]\d\d[ -]")
# Characters that close what opened a quoted reply.
_CLOSERS = {"<": ">", "'": "'", '"': '"', "(": ")", "[": "]"}


def join_continuations(text: str) -> str:
    """``text`` with the repeated prefixes of a multi-line reply dropped.

    Only a prefix that repeats the code (and enhanced code) of the line
    before it is a continuation; a different code is another reply and stays.
    """
    out: list[str] = []
    last = 0
    previous: tuple[str, str] | None = None
    previous_end = -1
    for match in _PREFIX.finditer(text):
        code, _, enhanced = match.groups()
        current = (code, enhanced or "")
        between = text[previous_end : match.start()] if previous_end >= 0 else ""
        same_enhanced = (
            not current[1] or not previous or current[1] == previous[1] or not previous[1]
        )
        if previous is not None and current[0] == previous[0] and between.strip() and same_enhanced:
            out.append(text[last : match.start()])
            last = match.end()
            previous_end = match.end()
            continue
        previous = current
        previous_end = match.end()
    out.append(text[last:])
    return " ".join("".join(out).split())


def last_reply(text: str) -> str:
    """The last remote reply in ``text`` (from its code on), or ``""`` when there is only one.

    A reply opened by a quoting mark ends at the matching close; otherwise
    it runs to the end of the text.
    """
    starts: list[tuple[int, str]] = []
    if _LEADING_REPLY.match(text):
        starts.append((0, ""))  # the text itself opens with a reply
    for match in _CODED_REPLY.finditer(text):
        starts.append((match.start(1), ""))
    for match in _INTRODUCED_REPLY.finditer(text):
        opener = text[match.start()]
        starts.append((match.start(1), _CLOSERS.get(opener, "")))
    if len(starts) < 2:
        return ""
    starts.sort()
    at, closer = starts[-1]
    if at == starts[0][0]:
        return ""
    rest = text[at:]
    if closer:
        end = rest.find(closer)
        if end > 0:
            rest = rest[:end]
    return rest.strip()
