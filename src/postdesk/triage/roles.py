"""Whose domain is whose: the customer's own, or the other side's (issue 13.2).

"我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回…公司域名
boyuan-eng.com" names two companies; only one is the customer. Each mention
of a domain or address gets a role from the wording around it: the nearest
cue word before it in the same clause (``roles.yaml``: 我们/公司域名/our ->
the customer; 对方/合作伙伴/给…发/partner -> the other side; 发件人/收件人 ->
by the direction of the problem), a cue right after it ("…发来的", "是我们的")
winning over those before, and a mention with no cue of its own sharing the
cue of a mention joined to it by "和", "、", "and". Mentions are grouped by
registrable domain (the public suffix list: ``mail.abc.com.cn`` is
``abc.com.cn``), and the provider's own domains, blocklists and free mailbox
services are never the customer's.

The customer's domain is the one its mentions most often call the customer's;
failing any cue, the first domain nobody calls the other side's (customers
mostly name their own). Every other domain is the other side's. Everything is
a bounded look around each mention, so the work is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import idna

from postdesk.yamlio import load_yaml

Role = Literal["customer", "counterpart", "sender", "recipient"]
_CLAUSE_ENDS = frozenset("。；;！!？?，,\n")
_LOOK_BEHIND = 40  # characters of the clause read before a mention
_LOOK_AHEAD = 32  # characters read after it ("…>: Recipient address rejected")


@dataclass(frozen=True)
class Mention:
    """A domain, or an address (``address`` set), found at ``start:end`` of the text."""

    start: int
    end: int
    name: str
    ascii: str
    address: str | None = None


@dataclass(frozen=True)
class _Cues:
    before: dict[str, Role]  # casefolded cue -> role
    after: dict[str, Role]
    # Every inbound and outbound word, longest first: matched without overlaps, so
    # "对方没收到" counts as the outbound phrase it is, not also as inbound "没收到".
    direction_words: re.Pattern[str]
    inbound: frozenset[str]
    connectors: frozenset[str]
    host_prefixes: frozenset[str]
    freemail: frozenset[str]
    infrastructure: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_yaml(
        resources.files("postdesk.triage").joinpath("roles.yaml").read_text(encoding="utf-8")
    )
    before: dict[str, Role] = {}
    for role in ("customer", "counterpart", "sender", "recipient"):
        for word in raw[role]:
            before[str(word).casefold()] = role  # type: ignore[assignment]
    after: dict[str, Role] = {str(w).casefold(): "customer" for w in raw["customer_after"]}
    after.update({str(w).casefold(): "counterpart" for w in raw["counterpart_after"]})
    after.update({str(w).casefold(): "recipient" for w in raw["recipient_after"]})
    inbound = {str(w).casefold() for w in raw["inbound"]}
    words = sorted(inbound | {str(w).casefold() for w in raw["outbound"]}, key=len, reverse=True)
    return _Cues(
        before=before,
        after=after,
        # An alternation of plain words: each position is tried against each word once.
        direction_words=re.compile("|".join(re.escape(word) for word in words)),
        inbound=frozenset(inbound),
        connectors=frozenset(str(w).casefold() for w in raw["connectors"]),
        host_prefixes=frozenset(raw["host_prefixes"]),
        freemail=frozenset(raw["freemail"]),
        infrastructure=frozenset(raw["infrastructure"]),
    )


@lru_cache(maxsize=1)
def suffix_list() -> Any:
    """The public suffix list (parsing it takes ~80 ms: triage keeps a parsed copy in its
    start-up cache and passes it in)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable(ascii_name: str, suffixes: Any = None) -> str | None:
    """The name a company registers (``mail.abc.com.cn`` -> ``abc.com.cn``), in ASCII.

    None for a public suffix itself ("gov.cn", "com.cn"): nobody's domain.
    """
    found = (suffixes or suffix_list()).privatesuffix(ascii_name.lower())
    return str(found) if found else None


def display(ascii_name: str) -> str:
    """An ASCII domain as people write it (punycode labels decoded)."""
    if "xn--" not in ascii_name:
        return ascii_name
    try:
        return str(idna.decode(ascii_name))
    except (idna.IDNAError, UnicodeError):
        return ascii_name


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _cue_before(folded: str, start: int, cues: _Cues, floor: int) -> tuple[Role, int] | None:
    """The nearest cue ending before ``start`` in the same clause: (role, where it ends).

    The clause is read back to ``floor`` at most (the end of the mention before:
    cues before that one are its own).
    """
    low = max(0, start - _LOOK_BEHIND, floor)
    clause_start = low
    for position in range(start - 1, low - 1, -1):
        if folded[position] in _CLAUSE_ENDS:
            clause_start = position + 1
            break
    window = folded[clause_start:start]
    best: tuple[int, int, Role] | None = None  # (end, length, role)
    for word, role in cues.before.items():
        position = window.rfind(word)
        while position >= 0:
            end = position + len(word)
            if _is_whole_word(window, position, end, word):
                if best is None or (end, len(word)) > best[:2]:
                    best = (end, len(word), role)
                break
            position = window.rfind(word, 0, position)
    if best is None:
        return None
    return best[2], clause_start + best[0]


def _is_whole_word(text: str, start: int, end: int, word: str) -> bool:
    """ASCII cues must stand as words ("to" is not in "tokyo"); Chinese ones need not."""
    if not word[:1].isascii():
        return True
    before_ok = start == 0 or not _is_word_char(text[start - 1])
    after_ok = end >= len(text) or not _is_word_char(text[end])
    return before_ok and after_ok


def _cue_after(folded: str, end: int, cues: _Cues) -> Role | None:
    window = folded[end : end + _LOOK_AHEAD]
    for position, char in enumerate(window):
        if char in _CLAUSE_ENDS:
            window = window[:position]
            break
    best: tuple[int, Role] | None = None
    for word, role in cues.after.items():
        position = window.find(word)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, role)
    return best[1] if best else None


def _joined(folded: str, earlier: Mention, later: Mention, cues: _Cues) -> bool:
    """Whether only connectors stand between two mentions ("a.com 和 b.com")."""
    between = folded[earlier.end : later.start].strip()
    if not between:
        return True
    return between in cues.connectors


def _direction(folded: str, cues: _Cues) -> Literal["inbound", "outbound"]:
    inbound = outbound = 0
    for match in cues.direction_words.finditer(folded):
        if match.group(0) in cues.inbound:
            inbound += 1
        else:
            outbound += 1
    return "inbound" if inbound > outbound else "outbound"


def _resolve(role: Role, direction: str) -> Literal["customer", "counterpart"]:
    if role == "sender":
        return "customer" if direction == "outbound" else "counterpart"
    if role == "recipient":
        return "counterpart" if direction == "outbound" else "customer"
    return role


@dataclass(frozen=True)
class Roles:
    """The customer's domain (or None) and the other side's domains, in order of mention."""

    customer_domain: str | None
    counterpart_domains: list[str]


# How much a cue counts: words that name a side outright weigh more than a sender or
# recipient whose side comes from the direction of the problem.
_EXPLICIT = 2
_BY_DIRECTION = 1
# A cue right before a mention ("同事 fan@…", "客户：a@…") is about it, whatever follows.
_GLUE = frozenset(" \t:：(（<「\"'“")


def decide(
    text: str,
    mentions: Iterable[Mention],
    own_domains: Iterable[str] = (),
    suffixes: Any = None,
) -> Roles:
    """Roles of the domains ``mentions`` found in ``text`` (see the module docstring).

    ``suffixes``: a parsed public suffix list (default: parsed on first use).
    """
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    if not ordered:
        return Roles(None, [])
    cues = _cues()
    folded = text.casefold()
    suffixes = suffixes or suffix_list()
    excluded = {registrable(name, suffixes) or name for name in own_domains}
    excluded |= cues.infrastructure
    direction = _direction(folded, cues)
    votes: dict[str, list[int]] = {}  # registrable -> [customer weight, counterpart weight]
    order: list[str] = []
    host_named: set[str] = set()
    previous: tuple[Mention, tuple[str, int] | None] | None = None
    for mention in ordered:
        key = _key(mention.ascii, cues, suffixes)
        if key is None or key in excluded or mention.ascii in excluded:
            previous = None
            continue
        if key not in votes:
            votes[key] = [0, 0]
            order.append(key)
        role = _role_of(folded, mention, previous, cues, direction)
        previous = (mention, role)
        if role is not None:
            votes[key][0 if role[0] == "customer" else 1] += role[1]
        first_label = mention.ascii.split(".", 1)[0]
        if mention.address is None and first_label in cues.host_prefixes and key != mention.ascii:
            host_named.add(key)
    candidates = [key for key in order if key not in cues.freemail]
    customer = _pick_customer(candidates, votes, host_named)
    # A domain called the customer's outright is not the other side's, even when it is
    # not the one chosen ("把 a.com 换到 b.com"); a sender or recipient that lost is.
    counterparts = [
        display(key)
        for key in order
        if key != customer and not (votes[key][0] >= _EXPLICIT and votes[key][0] >= votes[key][1])
    ]
    return Roles(display(customer) if customer else None, counterparts)


def _key(ascii_name: str, cues: _Cues, suffixes: Any) -> str | None:
    """What mentions are grouped by: the registrable domain, or a free mail service's own name
    ("vip.163.com" is a service of its own, not 163.com)."""
    labels = ascii_name.lower().split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in cues.freemail:
            return candidate
    return registrable(ascii_name, suffixes)


def _role_of(
    folded: str,
    mention: Mention,
    previous: tuple[Mention, tuple[str, int] | None] | None,
    cues: _Cues,
    direction: str,
) -> tuple[str, int] | None:
    """(side, weight) of one mention, or None when nothing says whose it is."""
    floor = previous[0].end if previous is not None else 0
    before = _cue_before(folded, mention.start, cues, floor)
    explicit = before is not None and before[0] in ("customer", "counterpart")
    if before is not None and explicit and _adjacent(folded, before[1], mention.start):
        return before[0], _EXPLICIT
    after = _cue_after(folded, mention.end, cues)
    if after is not None:
        weight = _EXPLICIT if after in ("customer", "counterpart") else _BY_DIRECTION
        return _resolve(after, direction), weight
    if previous is not None and _joined(folded, previous[0], mention, cues):
        return previous[1]
    if before is None:
        return None
    weight = _EXPLICIT if before[0] in ("customer", "counterpart") else _BY_DIRECTION
    return _resolve(before[0], direction), weight


def _adjacent(folded: str, cue_end: int, start: int) -> bool:
    return start - cue_end <= 3 and all(char in _GLUE for char in folded[cue_end:start])


def _pick_customer(
    candidates: list[str], votes: dict[str, list[int]], host_named: set[str]
) -> str | None:
    """The best-called domain; else a webmail host's; else the first nobody called."""
    called = [key for key in candidates if votes[key][0] and votes[key][0] >= votes[key][1]]
    if called:
        return max(called, key=lambda key: (votes[key][0] - votes[key][1], -candidates.index(key)))
    hosts = [key for key in candidates if key in host_named and votes[key][1] == 0]
    if hosts:
        return hosts[0]
    uncued = [key for key in candidates if votes[key] == [0, 0]]
    return uncued[0] if uncued else None
