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
from functools import lru_cache

# "550-5.7.1 " / "550 5.7.1 " / "550-" at a word start: a reply line's prefix.
# (Both start with their first character and look behind from there, "[45](?<![...][45])"
# for "(?<![...])[45]": the same matches, found by searching for that character instead of
# trying the look-behind at every position of the text.)
_PREFIX = re.compile(r"([245](?<![\w.][245])\d\d)([ -])(?:#?([245]\.\d{1,3}\.\d{1,3})\b ?)?")
# A reply code where a reply can start: not inside a number, a word or an address.
_CODE = re.compile(r"[45](?<![\w.:/=@#-][45])\d\d(?=[ -])")
_ENHANCED = re.compile(r"[ -]#?[45]\.\d{1,3}\.\d{1,3}(?![\d.])")
# What introduces a quoted remote reply, read backwards from the code: a quoting mark,
# "said:", "returned", "was:", "response:", "reply:", "error:", or Sendmail's own code
# in front of the remote one ("554 550 Host unknown").
_INTRODUCERS = ("said:", "returned", "was:", "response:", "reply:", "responded:", "error:")
# Characters that close what opened a quoted reply.
_CLOSERS = {"<": ">", "'": "'", '"': '"', "(": ")", "[": "]"}


def _start(text: str, at: int) -> tuple[bool, str]:
    """Whether the code at ``at`` starts a reply, and the mark that closes it ("" if none)."""
    if at == 0 or _ENHANCED.match(text, at + 3):
        return True, ""
    before = text[max(0, at - 12) : at].rstrip()
    if not before:
        return True, ""
    if before[-1] in _CLOSERS:
        return True, _CLOSERS[before[-1]]
    lowered = before.lower()
    if lowered.endswith(_INTRODUCERS):
        return True, ""
    # another reply code right before this one ("554 550 ..."): this is the quoted reply
    own_code = lowered[-3:]
    if own_code.isdigit() and own_code[0] in "45" and (len(lowered) == 3 or lowered[-4] == " "):
        return True, ""
    return False, ""


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


@lru_cache(maxsize=256)
def last_reply(text: str) -> str:
    """The last remote reply in ``text`` (from its code on), or ``""`` when there is only one.

    A reply opened by a quoting mark ends at the matching close; otherwise
    it runs to the end of the text.
    """
    starts: list[tuple[int, str]] = []
    for match in _CODE.finditer(text):
        opens, closer = _start(text, match.start())
        if opens:
            starts.append((match.start(), closer))
    if len(starts) < 2:
        return ""
    at, closer = starts[-1]
    rest = text[at:]
    if closer:
        end = rest.find(closer)
        if end > 0:
            rest = rest[:end]
    return rest.strip()
