"""Read Received header fields: who handed the message to whom, and when.

RFC 5321 section 4.4 gives the shape every mail system follows more or less:
``from <helo> (<rdns> [<ip>]) by <host> (<comment>) with <protocol> id <id>
for <address>; <date>``. Mail systems differ in what goes where (Exim puts
the verified host name after ``from`` and the HELO in ``(helo=...)``; qmail
writes ``(HELO x) (ip)``; Exchange's protocol is ``with Microsoft SMTP Server``;
Gmail's internal hops are ``by <IPv6> with SMTP id``; Domino puts a space
before the semicolon), comments nest (Postfix's TLS comment holds
``(256/256 bits)``), parts go missing and lines fold anywhere.

So a field is read with a small tokenizer, not a regular expression: one pass
splits it into words, bracketed literals and (nested) comments, the last
semicolon outside comments separates the date, and the clause keywords
(``from by via with id for``) take the words after them. Every step is linear
in the field's length, and a field is read at most :data:`MAX_FIELD_CHARS`
far. Which mail system wrote a field is told by ``received_formats.yaml``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz
from functools import lru_cache
from importlib.resources import files
from typing import Any

MAX_FIELD_CHARS = 4096
MAX_COMMENT_DEPTH = 16
_KEYWORDS = ("from", "by", "via", "with", "id", "for")


@dataclass
class Token:
    kind: str  # "word" or "comment"
    text: str


@dataclass
class Clause:
    """One clause: its keyword's value, the words after it, and its comments."""

    value: str = ""
    words: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class Hop:
    """One Received field read."""

    index: int  # position among the fields, 0 = the top (newest)
    raw: str
    from_host: str = ""  # what follows "from" (HELO name for Postfix, host for Exim)
    helo: str = ""
    rdns: str = ""  # the reverse-DNS name the receiving host found
    ip: str = ""
    by: str = ""
    with_: str = ""
    id: str = ""
    for_: str = ""
    mta: str = ""  # which mail system wrote it (received_formats.yaml), "" unknown
    at: datetime | None = None  # aware; None when the date cannot be read
    date_text: str = ""
    zone_missing: bool = False  # the date had no zone; read as UTC
    comments: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "from": self.from_host,
            "helo": self.helo,
            "rdns": self.rdns,
            "ip": self.ip,
            "by": self.by,
            "with": self.with_,
            "id": self.id,
            "for": self.for_,
            "mta": self.mta,
            "at": self.at.isoformat() if self.at else None,
            "zone_missing": self.zone_missing,
        }


def _comment_end(text: str, start: int) -> int:
    """Index just past the comment that opens at ``start`` (nesting, backslash escapes)."""
    depth = 0
    position = start
    length = len(text)
    while position < length:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return length  # unbalanced: the comment runs to the end


def split_date(text: str) -> tuple[str, str]:
    """``(clauses, date)`` split at the last semicolon outside comments and brackets."""
    position = 0
    last = -1
    length = len(text)
    while position < length:
        char = text[position]
        if char == "(":
            position = _comment_end(text, position)
            continue
        if char == "<":
            close = text.find(">", position)
            position = close + 1 if close > 0 else position + 1
            continue
        if char == ";":
            last = position
        position += 1
    if last < 0:
        return text, ""
    return text[:last], text[last + 1 :]


def tokens(text: str) -> list[Token]:
    """Words and comments of a clause text, in order."""
    found: list[Token] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char == "(":
            end = _comment_end(text, position)
            found.append(Token("comment", text[position + 1 : end - 1].strip()))
            position = end
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != "(":
            if text[end] == "<":  # an address may hold spaces inside its brackets
                close = text.find(">", end)
                end = close + 1 if close > 0 else end + 1
                continue
            end += 1
        found.append(Token("word", text[position:end]))
        position = end
    return found


def clauses(items: list[Token]) -> dict[str, Clause]:
    """The clauses by keyword; comments before any keyword go under ""."""
    found: dict[str, Clause] = {"": Clause()}
    current = found[""]
    for token in items:
        lowered = token.text.lower()
        if token.kind == "word" and lowered in _KEYWORDS and lowered not in found:
            current = found.setdefault(lowered, Clause())
            continue
        if token.kind == "comment":
            current.comments.append(token.text)
        elif not current.value and current is not found[""]:
            current.value = token.text
        else:
            current.words.append(token.text)
    return found


def clean_ip(text: str) -> str:
    """An IP address from ``1.2.3.4``, ``[1.2.3.4]``, ``[IPv6:...]``, ``1.2.3.4:port``,
    ``[1.2.3.4]:port`` or ``fe80::1%4``; "" when there is none."""
    value = text.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1 and "." in value:  # IPv4 with a port (Exim)
        value = value.split(":", 1)[0]
    if value.lower().startswith("ipv6:"):  # RFC 5321 4.1.3 address literal
        value = value[5:]
    value = value.split("%", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def _from_parts(clause: Clause, hop: Hop) -> None:
    """HELO, reverse name and IP from the ``from`` clause, whichever way the MTA wrote them.

    The address in a comment is the one the receiving host saw connect (Postfix,
    Sendmail, Coremail, qmail, Exchange); an address after ``from`` is Exim's
    connecting host, or a client's literal HELO when a comment has another.
    """
    hop.from_host = clause.value.rstrip(".")
    helo = ""
    for comment in clause.comments:
        words = comment.replace("(", " ").replace(")", " ").split()
        for index, word in enumerate(words):
            lowered = word.lower()
            if lowered.startswith("helo="):  # Exim: (helo=name), ([ip] helo=name)
                helo = word[5:]
            elif lowered == "helo" and index + 1 < len(words):  # qmail: (HELO name)
                helo = words[index + 1]
            elif not hop.ip and (ip := clean_ip(word.split("@")[-1])):
                hop.ip = ip
                before = words[index - 1] if index else ""
                if "." in before and not clean_ip(before) and before.lower() != "unknown":
                    hop.rdns = before.rstrip(".")
    if not hop.ip:
        hop.ip = clean_ip(hop.from_host)
    named = bool(hop.from_host) and not clean_ip(hop.from_host) and hop.from_host != "unknown"
    if helo:
        hop.helo = helo
        if named:
            hop.rdns = hop.rdns or hop.from_host  # Exim writes the verified name after "from"
    elif hop.from_host.lower() != "unknown":
        hop.helo = hop.from_host


_ZONE_PREFIXES = ("gmt+", "gmt-", "utc+", "utc-")


def parse_date(text: str) -> tuple[datetime | None, bool]:
    """``(aware datetime, zone_missing)`` of an RFC 5322 date (obsolete forms too)."""
    text = " ".join(text.split()[:8])[:200]
    if not text:
        return None, False
    words = text.replace(",", " ").split()
    zone_word = ""
    for index, word in enumerate(words):
        if word.count(":") in (1, 2) and index + 1 < len(words):
            zone_word = words[index + 1]
            break
    offset_fix: int | None = None
    if zone_word.lower().startswith(_ZONE_PREFIXES) and zone_word[4:].isdigit():
        sign = 1 if zone_word[3] == "+" else -1
        digits = zone_word[4:].rjust(4, "0")
        offset_fix = sign * (int(digits[:2]) * 3600 + int(digits[2:4]) * 60)
        text = text.replace(zone_word, "+0000")
    try:
        parsed = parsedate_tz(text)
    except (ValueError, IndexError, OverflowError):
        return None, False
    if parsed is None:
        return None, False
    zone_missing = not zone_word or zone_word.startswith("(")
    offset = offset_fix if offset_fix is not None else parsed[9] or 0
    if abs(offset) > 18 * 3600:
        return None, zone_missing
    year, month, day, hour, minute, second = parsed[:6]
    if not 1970 <= year <= 2100:
        return None, zone_missing
    try:
        stamp = datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return None, zone_missing
    return stamp.replace(tzinfo=timezone(timedelta(seconds=offset))), zone_missing


@lru_cache(maxsize=1)
def formats() -> list[dict[str, Any]]:
    """The mail systems' markers (received_formats.yaml), in the order they are tried."""
    from postdesk.yamlio import load_yaml

    text = files("postdesk.inspect").joinpath("received_formats.yaml").read_text("utf-8")
    loaded: list[dict[str, Any]] = load_yaml(text)
    return loaded


def _version_pair(comment: str) -> bool:
    """Sendmail's ``(8.17.1/8.17.1)``: two version numbers and a slash."""
    head = comment.split("/")
    return len(head) >= 2 and all(p and p.replace(".", "").isdigit() for p in head[:2])


def _tests(hop: Hop, parts: dict[str, Clause]) -> dict[str, Any]:
    """The tests ``received_formats.yaml`` keys name, bound to one hop (built once)."""
    by_comments = [c.lower() for c in parts.get("by", Clause()).comments]
    all_comments = [c.lower() for c in hop.comments]
    by_host = hop.by.lower()
    with_ = hop.with_.lower()
    by_is_ip = bool(clean_ip(hop.by))
    version = any(_version_pair(c) for c in by_comments)
    return {
        "by_comment_contains": lambda v: any(v in c for c in by_comments),
        "comment_prefix": lambda v: any(c.startswith(v) for c in all_comments),
        "comment_contains": lambda v: any(v in c for c in all_comments),
        "by_suffix": lambda v: by_host == v or by_host.endswith("." + v),
        "with_contains": lambda v: v in with_,
        "by_is_ip": lambda v: by_is_ip == v,
        "sendmail_version": lambda v: version == v,
    }


def _matches(rule: dict[str, Any], tests: dict[str, Any]) -> bool:
    for key, values in rule.items():
        wanted = values if isinstance(values, list) else [values]
        if not any(tests[key](value) for value in wanted):
            return False
    return True


def _identify(hop: Hop, parts: dict[str, Clause]) -> str:
    tests = _tests(hop, parts)
    for entry in formats():
        if any(_matches(rule, tests) for rule in entry["when"]):
            return str(entry["id"])
    return ""


def parse_received(raw: str, index: int = 0) -> Hop:
    """One Received field's value (folded or not) as a :class:`Hop`."""
    text = " ".join(raw[:MAX_FIELD_CHARS].split())
    head, date_text = split_date(text)
    hop = Hop(index=index, raw=text)
    parts = clauses(tokens(head))
    if "from" in parts:
        _from_parts(parts["from"], hop)
    by = parts.get("by", Clause())
    hop.by = by.value.rstrip(".")
    with_ = parts.get("with", Clause())
    hop.with_ = " ".join([with_.value, *with_.words]).strip()
    hop.id = parts.get("id", Clause()).value.rstrip(";")
    hop.for_ = parts.get("for", Clause()).value.strip("<>")
    hop.comments = [comment for clause in parts.values() for comment in clause.comments]
    if not date_text:  # no semicolon: some mailers put the date straight after the clauses
        date_text = " ".join(by.words[-6:]) if by.words else ""
    hop.at, hop.zone_missing = parse_date(date_text)
    hop.date_text = date_text.strip()
    hop.mta = _identify(hop, parts)
    return hop


def travel_order(fields: list[bytes], limit: int = 200) -> list[Hop]:
    """The Received fields (top first, as written) as hops in the order the message went."""
    hops = [
        parse_received(value.decode("latin-1"), index) for index, value in enumerate(fields[:limit])
    ]
    hops.reverse()
    for position, hop in enumerate(hops):  # qmail-queue's own line names no host: the one below
        if not hop.by and hop.mta == "qmail" and position:
            hop.by = hops[position - 1].by
    return hops
