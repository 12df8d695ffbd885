"""Whose domain is whose: the customer's own, or the other side's (issue 13.2).

"我们给德国合作伙伴 m.schmidt@kraus-technik.de 发邮件一直被退回…公司域名
boyuan-eng.com" names two companies; only one is the customer. Each mention of
a domain or address is read for two things (cue words in ``roles.yaml``):

- its *side*, when the wording names it: the nearest cue word before it in the
  same clause (我们/我司/our -> the customer; 对方/合作伙伴/客户/partner -> the
  other side), or a cue right after it ("是我们的", "（我司）"). A thing anyone has
  (域名, 邮箱, 同事, domain) is whoever's is named right before it ("对方域名",
  "their domain", "我们同事");
- its place in the *flow* of the mail complained about, sender or recipient:
  from wording (发件人/收件人, 给…发, "…发来的", to/from) or from mail structure
  (header fields, a bounce's list of failed recipients: :mod:`postdesk.triage.flow`).

Items of one list ("a.com、b.com 和 c.com") share what is said before the first
or after the last. In an agent's note ("客户来电：…", "Customer called: …") the
caller is written in the third person, so 客户/customer/他 names the customer
there, unless it is what mail is sent to ("给客户…发").

A sender or recipient becomes a side once the direction of the mail is known.
The customer is always one end of the mail it complains about, so a mention
whose side and flow place are both known says the direction outright ("发件人
sales@x.com（我司）": the customer sends); failing that, the grammar of the
complaint does (:func:`postdesk.triage.flow.read`). For the same reason, once
the customer's domain is known, every other company's domain in the complaint
is the other end. A domain that is both sender and recipient is mail inside one
domain: the customer's, unless the wording names it otherwise.

Mentions are grouped by registrable domain (the public suffix list:
``mail.abc.com.cn`` is ``abc.com.cn``). The provider's own domains, blocklists,
the servers of free mail and large mail hosts (``smtp.126.com``,
``aspmx.l.google.com``), a test target (``telnet smtp.x.com``), a caller's
personal mailbox and a name written wrongly are neither side; a request to change
or delete a domain names the customer's own ("把 a.com 换到 b.com": both). A free
mail address is the other side's only when the wording makes it so (a person
there can be the caller).

A name the text corrects ("…, sorry typo, 应该是 b.com") is neither side's and its
correction takes its place; in a change of domain the one moved to ("新域名 b.com")
is neither side's and the one hosted now is the customer's. With no direction said
and one company named, that company is the caller's.

Services a caller uses are neither side whatever their name: a DNS blocklist's
zone, a relay sent through, the host an MX record points to, a file named like a
domain ("readme.md" near "附件"). Someone outside may call about a company the
provider hosts ("我们给贵司托管的客户 a.com 发信"): that company is the customer, the
caller's side the other side. An English possessive reaching a name through a noun
("from their bank (a@b)") weighs less than a cue naming one outright.

Every side cue is the writer's, so who writes comes first: a writer outside the
provider's customers ("我是外面公司的", "our emails to one of your customers") sees
every side and the direction from the other end; in an agent's note "our customer"
is the provider's. The writer naming itself ("我们是 a@b", "We are a.com") is the
strongest cue. The whole complaint has exactly one customer: when the wording calls
every other company the other side's, the one it calls nobody's is the caller's, and
once the customer is known every other company (and free mail nobody's wording gives
to the caller) is the other end. The order of these reasons is in docs/triage.md
("Fifth round").

A statement that a name is hosted with the provider ("a.com 的邮箱在你们这托管",
"该域为我司托管用户", "their mail is hosted with you") names the customer outright, even
when the caller is the other side; a company of the caller's group ("our parent
company", 总部, 子公司) is a company of its own, the caller only when nothing else is
(docs/triage.md, "Sixth round").

The customer's domain is the one most called the customer's; failing any cue,
a webmail host's, or the one domain nobody called anything; none when two are
offered as alternatives ("a.com or a.net?"). A customer whose addresses are on
one subdomain keeps it (label rule of the blind sets). Everything is a bounded
look around each mention, so the work is linear in the text.

Behind the rules, a learned gate (:mod:`postdesk.triage.ranker`): where no explicit cue
names the rules' customer, a text-only ranker at least 80% sure of another candidate
makes it the customer (docs/triage.md, "The gate, shipped").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import idna

from postdesk.triage import flow, ranker
from postdesk.yamlio import load_yaml

Side = Literal["customer", "counterpart"]
# "owned": the caller's by default (a domain or mailbox nobody is named for), weaker than
# a cue naming the caller.
Cue = Literal["customer", "counterpart", "sender", "recipient", "neither", "plain", "owned"]
_CLAUSE_ENDS = frozenset("。；;！!？?，,\n")
_LOOK_BEHIND = 40  # characters of the clause read before a mention
_LOOK_AHEAD = 32  # characters read after it ("…>: Recipient address rejected")
_REJECTION_AHEAD = 64  # "…>: 554 5.7.1 Sender address rejected: Access denied"
_POSSESSOR_GAP = 6  # characters allowed between a possessor and what it has ("对方163邮箱")
_POSSESSOR_BACK = 16  # characters read back for that possessor
_DEMONSTRATIVE_GAP = 3  # "这几个地址": a pointing word right before a thing
_GLUED_AHEAD = 2  # spaces allowed before a glued cue ("a@b.com 的邮件")
_LONGEST_GLUED = 8
_APPOSITIVE_MAX = 24  # "the caller, IT manager at a.com,": a short phrase set off by commas
_MODIFIER_MAX = 6
_BARE_MODIFIER_MAX = 3  # characters of a list item's own modifier ("、李总的 c@d.com")
_LONGEST_POSSESSIVE = 6
_LONGEST_POINTING = 16  # characters read back for a pointing flow word
_FILE_NEAR = 24  # characters either side of a file's name read for words about files
_HOSTED_GAP = 12  # characters between "贵司托管的客户" and the name
_SERVICE_GAP = 8  # characters between "只能用"/"指向" and the host it names
_SERVICE_BACK = 24
# "send via their server smtp.x": a relay word may reach its host through a short noun
# phrase, but not past a word of where mail goes ("通过 Foxmail 发给 smtp.x 的…" is no relay).
_RELAY_GAP = 16
_RELAY_GAP_STOPS = re.compile(r"(?<![a-z])(?:to|for)(?![a-z])|给|发到|发往|往|向")
_REQUEST_BACK = 64  # characters read back for a request to send something to an address
# Hosts people log in to (a webmail host hints at the caller's domain): never a relay.
_LOGIN_HOSTS = frozenset({"mail", "email", "webmail", "www", "owa", "exmail", "autodiscover"})
_EXCLUDED_MAX = 16  # provider profiles remembered
_LINE_BACK = 200  # characters read back for the start of a mention's line
_OPENING_CLAUSE = 60  # characters of a text's first clause, read for its writer
_SPEECH_OBJECT = 8  # characters after "客户说" read for the first person
_FIRST_PERSON = re.compile(r"我们|我司|我方|咱们|(?<![a-z])(?:we|our|us|i|my|me)(?![a-z])")
_NAME_BEFORE = re.compile(r"(?:[A-Z][A-Za-z]*|[A-Za-z]*\d+)\s*(?:的|'s)?\s*$")
_NAME_BACK = 16  # characters read back for a name that owns a thing
# "from our structural engineer at a.com": a preposition, a short group, "at".
_AT_GROUP_BEFORE = re.compile(
    r"\b(from|to|email|e-mail|mail|reach|contact|write to)\s+(?:[a-z'’]+\s+){1,3}at\s*$"
)
_AT_GROUP_CUES: dict[str, Cue] = {"from": "sender", "us": "customer", "me": "customer"}
# "in our inboxes at a.com", "none of our staff at a.com": the caller's people or
# mailboxes at a domain ("our customers at a.com": whoever the noun names).
_OURS_AT_BEFORE = re.compile(r"\b(?:our|my)\s+((?:[a-z'’-]+\s+){0,2}[a-z'’-]+)\s+at\s*$")
# "recipients are at a.com", "the sender was at a.com": a flow noun placed at a domain.
_FLOW_AT_BEFORE = re.compile(r"\b(recipients?|senders?)\s+(?:is|are|was|were)\s+(?:all\s+)?at\s*$")
# Words linking a noun to the name it is ("my mailbox is a@b", "the mailbox of a@b").
_LINKS = frozenset({"is", "was", "are", "of", "="})
_SHORT_PHRASE = re.compile(r"(?:[a-z'’]+\s+){0,2}[a-z'’]+")
_AT_GROUP = re.compile(r"(?:[a-z']+\s+){1,3}at")
_LAST_WORD = re.compile(r"([A-Za-z0-9]+)\s*(?:的|'s)?\s*$")
_BRACKET = re.compile(r"\s*\(([^()\n]{1,12})\)")
# The caller's domain or address right after the word naming it ("客户 a.com 反映：").
_NAMED = r"[a-z0-9][a-z0-9.@_+-]{2,80}"
_CLAUSE_SPLIT = re.compile(r"[,;:!?，。；：！？\n]|\.(?=\s|$)")


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
    before: dict[str, Cue]  # casefolded cue -> what it says
    agent_before: dict[str, Cue]  # the same in an agent's note
    reseller_before: dict[str, Cue]  # the same in a reseller's note
    agent_customer: frozenset[str]  # the words an agent names the caller with
    agent_client_verbs: tuple[str, ...]  # "收不到客户 a@b": a verb making 客户 the caller's client
    owned: dict[str, Cue | None]  # a thing anyone has -> whose it is when nobody is named
    people: frozenset[str]  # the owned words that are people (a modifier is no owner)
    flow_nouns: frozenset[str]  # senders and recipients as nouns (收件人, recipient)
    demonstratives: tuple[str, ...]
    adjacent_only: frozenset[str]
    example_words: frozenset[str]
    possessives: frozenset[str]
    spoofed: re.Pattern[str]
    spoofed_own: re.Pattern[str]
    object_marks: re.Pattern[str]
    after: dict[str, Cue]
    agent_after: dict[str, Cue]
    after_words: re.Pattern[str]  # the keys of ``after`` in one alternation, longest first
    agent_after_words: re.Pattern[str]
    glued_after: dict[str, Cue]
    bounce_reason: re.Pattern[str]
    same_domain_rejection: re.Pattern[str]
    apposition: dict[str, Cue]
    agent_openings: tuple[str, ...]
    agent_speech: re.Pattern[str]
    agent_records: tuple[str, ...]
    agent_jargon: tuple[str, ...]
    agent_labels: tuple[str, ...]
    agent_guarded_openings: tuple[str, ...]
    change_links: frozenset[str]
    corrections: re.Pattern[str]
    change_verbs: re.Pattern[str]
    new_names: re.Pattern[str]
    connectors: frozenset[str]
    host_prefixes: frozenset[str]
    freemail: frozenset[str]
    infrastructure: frozenset[str]
    mail_hosts: frozenset[str]
    pointing: tuple[str, ...]  # flow words pointing at the other end ("mail to a.com")
    hosted_third_person: re.Pattern[str]
    writer_outside: re.Pattern[str]  # "我是外面公司的", "not a customer of ours"
    caller_opening: re.Pattern[str]
    hosted: re.Pattern[str]  # "贵司托管的客户 a.com": the hosted company, named from outside
    hosted_statement: re.Pattern[str]  # "a.com 的邮箱在你们这托管": said of a name before it
    service_host: re.Pattern[str]  # "MX 指向 mx.x", "old host mail.x": a service's host
    relay_host: re.Pattern[str]  # "只能用 smtp.x 发信": a host sent through
    previous_server: re.Pattern[str]  # "跑到原来的 mx.x 去了": the old server
    request_to_send: re.Pattern[str]  # "please send the report to a@b": the caller's
    file_like_tlds: frozenset[str]
    file_words: re.Pattern[str]
    blocklist_labels: frozenset[str]  # "rbl.x.net", "dnsbl.x.org": a DNS blocklist's zone
    brands: frozenset[str]  # free mail services by name: the first label of their domains


def _folded(words: Iterable[Any]) -> list[str]:
    return [str(word).casefold() for word in words]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _starting_words(words: list[str]) -> str:
    """An alternation whose ASCII words start a word ("via" is not in "trivia"); Chinese
    words need no boundary, also right after an ASCII name ("查MX指向 mx.x")."""
    ascii_words = [word for word in words if word[:1].isascii()]
    other = [word for word in words if not word[:1].isascii()]
    parts = [rf"(?<![a-z])(?:{_alternation(ascii_words)})"] if ascii_words else []
    parts += [f"(?:{_alternation(other)})"] if other else []
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _bounded_words(words: list[str]) -> str:
    """An alternation whose ASCII words stand alone ("file" is not in "profile")."""
    return rf"(?<![a-z])(?:{_alternation(words)})(?![a-z])"


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_yaml(
        resources.files("postdesk.triage").joinpath("roles.yaml").read_text(encoding="utf-8")
    )
    people = _folded(raw["people_of_caller"])
    owned: dict[str, Cue | None] = dict.fromkeys(_folded(raw["owned_by_caller"]), "customer")
    owned.update(dict.fromkeys(people, "customer"))
    owned.update(dict.fromkeys(_folded(raw["owned_by_anyone"]), None))
    before: dict[str, Cue] = {}
    for cue in ("customer", "counterpart", "sender", "recipient", "neither"):
        for word in _folded(raw[cue]):
            before[word] = cue  # type: ignore[assignment]
    for word in owned:
        before.setdefault(word, "customer")  # a placeholder: owned words are read apart
    for word in _folded(raw["not_cues"]) + _folded(raw["example_words"]):
        before[word] = "plain"  # type: ignore[assignment]
    agent_customer = frozenset(_folded(raw["customer_in_agent_note"]))
    agent_before = dict(before)
    agent_before.update(dict.fromkeys(agent_customer, "customer"))
    reseller_before = dict(agent_before)
    reseller_before.update(dict.fromkeys(_folded(raw["client_in_reseller_note"]), "customer"))
    after: dict[str, Cue] = {}
    for cue in ("customer", "counterpart", "sender", "neither"):
        for word in _folded(raw[f"{cue}_after"]):
            after[word] = cue  # type: ignore[assignment]
    agent_after = dict(after)
    agent_after.update(dict.fromkeys(_folded(raw["customer_after_in_agent_note"]), "customer"))
    glued_after: dict[str, Cue] = dict.fromkeys(_folded(raw["sender_glued_after"]), "sender")
    glued_after.update(dict.fromkeys(_folded(raw["recipient_glued_after"]), "recipient"))
    apposition: dict[str, Cue] = dict.fromkeys(_folded(raw["customer_apposition"]), "customer")
    apposition.update(dict.fromkeys(_folded(raw["counterpart_apposition"]), "counterpart"))
    speakers = _alternation(_folded(raw["agent_note_subjects"]))
    speech = _alternation(_folded(raw["agent_note_speech"]))
    return _Cues(
        before=before,
        agent_before=agent_before,
        reseller_before=reseller_before,
        agent_customer=agent_customer,
        agent_client_verbs=tuple(_folded(raw["client_after_in_agent_note"])),
        owned=owned,
        people=frozenset(people),
        flow_nouns=frozenset(_folded(raw["flow_nouns"])),
        demonstratives=tuple(_folded(raw["demonstratives"])),
        adjacent_only=frozenset(_folded(raw["adjacent_only"])),
        example_words=frozenset(_folded(raw["example_words"])),
        possessives=frozenset(_folded(raw["possessives"])),
        spoofed=re.compile(_alternation(_folded(raw["spoofed"]))),
        spoofed_own=re.compile(_alternation(_folded(raw["spoofed_own"]))),
        object_marks=re.compile(_alternation(_folded(raw["object_marks"]))),
        after=after,
        agent_after=agent_after,
        after_words=re.compile(_alternation(after)),
        agent_after_words=re.compile(_alternation(agent_after)),
        glued_after=glued_after,
        # A bounce's reason right after an address (Postfix "<a@b>: host x said: 550 …",
        # Sendmail "<a@b>... User unknown", Exim and 263's "<a@b>: 550 …").
        bounce_reason=re.compile(
            r"[\s>(]*(?:\.\.\.)?\s*[:：]?\s*(?:[245]\d\d[\s-]+)?(?:[245]\.\d{1,3}\.\d{1,3}\s*)?"
            rf"(?:{_alternation(_folded(raw['recipient_after']))})"
        ),
        apposition=apposition,
        same_domain_rejection=re.compile(
            r"[\s>(]*[:：]?\s*(?:[245]\d\d[\s-]+)?(?:[245]\.\d{1,3}\.\d{1,3}\s*)?"
            rf"(?:{_alternation(_folded(raw['same_domain_rejections']))})"
        ),
        agent_openings=tuple(_folded(raw["agent_note_openings"])),
        # "客户说…", "用户反映…", "Customer reports …", "Customer (a@b) forwarded …".
        agent_speech=re.compile(
            rf"(?:{speakers})\s*(?:[(（][^)）\n]{{0,60}}[)）]\s*|{_NAMED}\s*)?(?:{speech})"
        ),
        agent_records=tuple(_folded(raw["agent_note_records"])),
        agent_jargon=tuple(_folded(raw["agent_label_jargon"])),
        agent_labels=tuple(_folded(raw["agent_labels"])),
        agent_guarded_openings=tuple(_folded(raw["agent_note_openings_without_first_person"])),
        change_links=frozenset(_folded(raw["change_links"])),
        corrections=re.compile(_alternation(_folded(raw["corrections"]))),
        change_verbs=re.compile(_alternation(_folded(raw["change_verbs"]))),
        # "our new group domain b.com": a new name with a word or two describing it
        new_names=re.compile(
            rf"(?:{_alternation(_folded(raw['new_names']))}"
            r"|(?<![a-z])new\s+(?:[a-z-]+\s+){1,2}domain(?:\s+name)?)"
            rf"[^,;:!?，。；：！？\n]{{0,{_NEW_NAME_GAP}}}$"
        ),
        connectors=frozenset(_folded(raw["connectors"])),
        host_prefixes=frozenset(raw["host_prefixes"]),
        freemail=frozenset(raw["freemail"]),
        infrastructure=frozenset(raw["infrastructure"]),
        mail_hosts=frozenset(raw["mail_hosts"]),
        pointing=tuple(sorted(_folded(raw["pointing_flow_words"]), key=len, reverse=True)),
        hosted_third_person=re.compile("|".join(str(p) for p in raw["hosted_third_person"])),
        writer_outside=re.compile("|".join(str(p) for p in raw["writer_outside"])),
        caller_opening=re.compile(
            rf"\s*(?:{_alternation(_folded(raw['caller_openings']))})"
            r"(?:\s+(?:rang|called|phoned|rings|calls|phones))?\s*[:：]"
        ),
        hosted=re.compile(
            _starting_words(_folded(raw["hosted_before"]))
            + rf"(?:[^,;:!?，。；：！？\n]{{0,{_HOSTED_GAP}}}"
            # "one of your customers, sender a@b": the hosted company in apposition
            # "your customer Foshan Lianxing Ceramics, info@a.com": a company's name, then
            # its address or domain set off by a comma or bracket
            + r"|(?:\s+[a-z][a-z0-9&.'-]*){1,5}\s*[,，(（]\s*"
            + r"|\s*[,，(（]\s*(?:the\s+)?"
            + r"(?:(?:sender|recipient)(?:'s)?\s*(?:address|email|domain)?"
            + r"|address|domain|发件人|收件人|地址|域名|邮箱)"
            + r"\s*[:：]?\s*)$"
        ),
        hosted_statement=re.compile("|".join(str(p) for p in raw["hosted_statement"])),
        service_host=re.compile(
            _starting_words(_folded(raw["service_host_before"]))
            + rf"[^,;:!?，。；：！？\n]{{0,{_SERVICE_GAP}}}$"
        ),
        relay_host=re.compile(
            _starting_words(_folded(raw["relay_before"]))
            + rf"[^,;:!?，。；：！？\n]{{0,{_RELAY_GAP}}}$"
        ),
        previous_server=re.compile(
            _starting_words(_folded(raw["previous_server_before"]))
            + rf"[^,;:!?，。；：！？\n]{{0,{_SERVICE_GAP}}}$"
        ),
        request_to_send=re.compile("|".join(str(p) for p in raw["request_to_send"])),
        blocklist_labels=frozenset(_folded(raw["blocklist_labels"])),
        file_like_tlds=frozenset(_folded(raw["file_like_tlds"])),
        file_words=re.compile(_bounded_words(_folded(raw["file_words"]))),
        brands=frozenset(str(name).split(".", 1)[0] for name in raw["freemail"]),
    )


@lru_cache(maxsize=1)
def suffix_list() -> Any:
    """The public suffix list (parsing it takes ~80 ms: triage keeps a parsed copy in its
    start-up cache and passes it in)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable(ascii_name: str, suffixes: Any = None) -> str | None:
    """The name a company registers (``mail.abc.com.cn`` -> ``abc.com.cn``), in ASCII.

    None for a public suffix itself ("gov.cn", "com.cn"): nobody's domain; None too
    when the top-level domain is not delegated ("RESOLVER.ADR.RecipNotFound" in an
    Exchange bounce, a name such as "zhang.wei"): no company's domain either.
    """
    found = (suffixes or suffix_list()).privatesuffix(ascii_name.lower(), accept_unknown=False)
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


def _is_whole_word(text: str, start: int, end: int, word: str) -> bool:
    """ASCII cues must stand as words ("to" is not in "tokyo"); Chinese ones need not."""
    if not word[:1].isascii() or not word[:1].isalnum():
        return True
    before_ok = start == 0 or not _is_word_char(text[start - 1])
    after_ok = end >= len(text) or not _is_word_char(text[end]) or not word[-1:].isalnum()
    return before_ok and after_ok


def _nearest(window: str, words: dict[str, Cue]) -> tuple[int, str, Cue] | None:
    """The cue ending last in ``window`` (the longer one at the same end): (end, word, cue).

    Read from the end of the window backwards, each position against the few cues that
    end in its character: the work is the window's length, not the number of cues.
    """
    by_last = _by_last_character(words)
    for end in range(len(window), 0, -1):
        for word, cue in by_last.get(window[end - 1], ()):
            start = end - len(word)
            if (
                start >= 0
                and window.startswith(word, start)
                and _is_whole_word(window, start, end, word)
            ):
                return end, word, cue
    return None


_BY_LAST: dict[int, tuple[dict[str, Cue], dict[str, list[tuple[str, Cue]]]]] = {}


def _by_last_character(words: dict[str, Cue]) -> dict[str, list[tuple[str, Cue]]]:
    """The cues of ``words`` grouped by their last character, longest first (built once)."""
    cached = _BY_LAST.get(id(words))
    if cached is not None and cached[0] is words:
        return cached[1]
    grouped: dict[str, list[tuple[str, Cue]]] = {}
    for word, cue in sorted(words.items(), key=lambda item: -len(item[0])):
        grouped.setdefault(word[-1], []).append((word, cue))
    _BY_LAST[id(words)] = (words, grouped)
    return grouped


def _clause_end_at(text: str, position: int) -> bool:
    """Whether ``text[position]`` ends a clause ("." only before a space: "abc.com" goes on)."""
    char = text[position]
    if char in _CLAUSE_ENDS:
        return True
    if char != "." or position + 1 >= len(text) or text[position + 1] not in " \t\n":
        return False
    # "e.g. a@b", "i.e. …": a full stop after a one-letter abbreviation ends nothing.
    return not (position >= 2 and text[position - 2] == "." and text[position - 1].isalpha())


def _clause_end(window: str) -> int:
    """Where the clause that ``window`` opens ends (its length when it runs to the end)."""
    for position in range(len(window)):
        if _clause_end_at(window, position):
            return position
    return len(window)


def _named_after(window: str, clause_end: int, agent_note: bool, cues: _Cues) -> Cue | None:
    """The side or flow a word after a mention names within its clause, if any."""
    found = (cues.agent_after_words if agent_note else cues.after_words).search(
        window, 0, clause_end
    )
    if found is None:
        return None
    return (cues.agent_after if agent_note else cues.after)[found.group(0)]


def _cue_before(
    folded: str,
    start: int,
    words: dict[str, Cue],
    floor: int,
    cues: _Cues,
    original: str = "",
    example: bool = False,
) -> tuple[Cue, int] | None:
    """The nearest cue ending before ``start`` in the same clause: (what it says, where it ends).

    The clause is read back to ``floor`` at most (the end of the mention before:
    cues before that one are its own). At the same end the longer cue wins
    ("的客户" over "客户").
    """
    low = max(0, start - _LOOK_BEHIND, floor)
    clause_start = low
    for position in range(start - 1, low - 1, -1):
        if _clause_end_at(folded, position):
            clause_start = position + 1
            break
    window = folded[clause_start:start]
    # As written (case kept), to tell a name ("B 公司", "Australian company") from a word.
    written = original[clause_start:start] if len(original) == len(folded) else window
    grouped = _AT_GROUP_BEFORE.search(window)
    if grouped is not None:
        # "from our engineer at a.com", "email anyone at a.com", "reach us at a@b": the
        # preposition or verb is the mention's; the words inside describe a person there.
        # "our client's finance team at b.com": a possessive's noun is read without its
        # "'s" (the client owns the team: the other side's).
        words_inside = [_strip_possessive(word) for word in grouped.group(0).split()[1:-1]]
        first = words_inside[0] if len(words_inside) == 1 else ""
        if grouped.group(1) != "from" and ("our" in words_inside or "my" in words_inside):
            # "reach our mailboxes at a.com", "to my team at a.com": where mail goes is
            # the caller's own (mail *from* "our engineer at a.com" comes from elsewhere).
            named = [words.get(word) for word in words_inside]
            return ("counterpart" if "counterpart" in named else "customer"), start
        named = [words.get(word) for word in words_inside]
        if "counterpart" not in named and any(word in cues.people for word in words_inside):
            # "mail to a colleague at a.com": a person of the caller's is at the caller's
            return "customer", start
        cue = _AT_GROUP_CUES.get(first) or _AT_GROUP_CUES.get(grouped.group(1), "recipient")
        return cue, clause_start + grouped.end(1)
    placed = _placed_group(window, words)
    if placed is not None:
        return placed, start
    best = _nearest(window, words)
    # "to"/"from"/"for" are cues only right before a mention ("sent to a@b"), not in
    # "trying to set up … for a@b".
    # So is a thing anyone has ("邮箱 a@b", "our domain a.com"): "mailbox unavailable
    # (a@b)" is no mailbox of anyone's.
    while best is not None and best[1] == "us" and written[best[0] - 2 : best[0]] == "US":
        best = _nearest(window[: best[0] - 2], words)  # "in the US (a@b)": the country
    while best is not None and (best[1] in cues.adjacent_only or best[1] in cues.owned):
        between = window[best[0] :].strip(" \t:<\"'“(@是为")
        possessive = best[1] in cues.possessives
        if (
            not between
            or _AT_GROUP.fullmatch(between)
            or between in _LINKS
            # "our controller a@b", "our purchasing team (a@b)": a possessive reaches a
            # name set right after a short noun phrase.
            or (possessive and _SHORT_PHRASE.fullmatch(between))
        ):
            # "from a@b", "from addresses at b.com", "my mailbox is a@b"
            break
        best = _nearest(window[: best[0] - len(best[1])], words)
    if best is None:
        if clause_start > floor and clause_start > 0 and len(window.strip()) <= _APPOSITIVE_MAX:
            return _apposed(folded, clause_start - 1, words, floor, cues)
        return None
    if best[1] in cues.example_words and not window[best[0] :].strip():
        # "发不到 qq 邮箱，比如 a@qq.com", "our addresses are like a@b": an example takes
        # the cue of what it exemplifies, in its clause or the one before.
        example_start = clause_start + best[0] - len(best[1])
        if example_start > clause_start:
            own = _cue_before(folded, example_start, words, floor, cues, original)
            if own is not None:
                return own
        if clause_start > floor and clause_start > 0:
            # "家长说收不到，比如 a@qq.com": an example of who did not get the mail
            return _cue_before(folded, clause_start - 1, words, floor, cues, original, True)
        return None
    end, word, cue = best
    word_start = end - len(word)
    colon = max(window.rfind(":", end), window.rfind("：", end))
    if colon >= 0 and window[end:colon].strip(" \t"):
        # "我们的账单邮件：a@b、c@d": a colon not right after the cue opens a list of
        # its own ("公司域名：a.com", "用户：王总（a@b）" keep theirs).
        return None
    if cue == "plain":
        return None
    if word in _WRITTEN_WRONGLY and _CORRECTED_TO.fullmatch(window, end):
        # "a.con 哦写错了 是 a.com": the name after a self-correction is the right one.
        return None
    if word in _RECEIVING and (
        _RECEIVERS_LISTED.fullmatch(window, end) or (example and not window[end:].strip())
    ):
        # "两家说没收到：a@b、c@d", "没收到的里面有 a@b": a verb of receiving opening a list
        # names who did (not) get the mail, its subject set after it, not where it came from.
        return "recipient", clause_start + end
    if word in _ANAPHORA and not _agent_words(words, cues):
        # "同事说…，她的邮箱 a@b": he or she is the person named last in the sentence.
        cue = _antecedent(folded, clause_start + word_start, cues) or cue
    if word in cues.owned:
        if window[end:].strip() == "of":
            return cues.owned[word] or None, clause_start + end  # "the mailbox of a@b"
        read = _owner(window, written, word_start, words, cues, (folded, clause_start))
        if read is None:
            return None
        cue = read
    elif word in cues.agent_customer and _agent_words(words, cues):
        described = _nearest(window[max(0, word_start - 2) : word_start], words)
        if described is not None and described[2] == "counterpart":
            cue = "counterpart"  # "日本客户", "海外客户": in a note, the caller's client
        elif window[:word_start].rstrip(" \t").endswith(cues.agent_client_verbs):
            cue = "counterpart"  # "a@b 收不到客户 c@d 的邮件": one the caller gets mail from
        elif cues.object_marks.search(window, 0, word_start):
            # "给（迪拜）客户 a@b 发": the one mail is sent to may be the caller's client or
            # the caller: only where the mail goes is said.
            cue = "recipient"
    return cue, clause_start + end


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "’s"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def _placed_group(window: str, words: dict[str, Cue]) -> Cue | None:
    """A cue from an English group placing people at a name: "our inboxes at a.com" (the
    caller's), "recipients are at a.com" (a recipient)."""
    ours = _OURS_AT_BEFORE.search(window)
    if ours is not None:
        named = [words.get(_strip_possessive(word)) for word in ours.group(1).split()]
        return "counterpart" if "counterpart" in named else "customer"
    placed = _FLOW_AT_BEFORE.search(window)
    if placed is not None:
        return "recipient" if placed.group(1).startswith("recipient") else "sender"
    return None


_ANAPHORA = frozenset({"他的", "她的", "his", "her"})
_WRITTEN_WRONGLY = frozenset({"写错", "写错了", "打错", "打错了"})
_CORRECTED_TO = re.compile(r"了?\s*[，,]?\s*(?:应该|应当|其实)?是\s*")
_RECEIVING = frozenset({"收到", "收不到", "没收到", "没有收到", "接收", "收"})
_RECEIVERS_LISTED = re.compile(
    r"(?:的(?:人|地址|邮箱|收件人)?(?:里面|里|中|当中)?(?:有|是|包括)|\s*[:：])\s*[:：]?\s*"
)
_ANTECEDENT_BACK = 80  # characters read back in the sentence for the person a pronoun is
_SENTENCE_ENDS = frozenset("。！？!?\n")


def _antecedent(folded: str, pronoun_start: int, cues: _Cues) -> Cue | None:
    """The side of the person a third-person possessive refers to: the person word named
    last before it in the same sentence ("同事说…她的邮箱": the colleague, the caller's;
    "对方说…他的邮箱": the other side's). None when no person is named there."""
    low = max(0, pronoun_start - _ANTECEDENT_BACK)
    for position in range(pronoun_start - 1, low - 1, -1):
        if folded[position] in _SENTENCE_ENDS:
            low = position + 1
            break
    window = folded[low:pronoun_start]
    found = _nearest(window, cues.before)
    while found is not None:
        end, word, cue = found
        if word in cues.people:
            return "customer"
        if cue == "counterpart" and word not in _ANAPHORA:
            return "counterpart"
        if cue == "customer" and word in ("我们", "我司", "我方", "我", "we", "our", "i"):
            return None  # "我们…他的": someone else of the caller's story: leave it as said
        found = _nearest(window[: end - len(word)], cues.before)
    return None


# A clause counting someone's domains or mailboxes ("有两个域名", "two domains").
_COUNTED_NAMES = re.compile(
    r"(?:两|三|四|几|2|3|4)\s*个\s*(?:域名|域|邮局)"
    r"|(?<![a-z])(?:two|three|several|2|3)\s+(?:mail\s+)?(?:domains|domain names)(?![a-z])"
)


def _apposed(
    folded: str, comma: int, words: dict[str, Cue], floor: int, cues: _Cues
) -> tuple[Cue, int] | None:
    """A mention in a short phrase set off by a comma right after a cue ("from our domain,
    a.com, to …", "the caller, IT manager at a.com, …"): the cue ending the clause
    before is its."""
    if folded[comma] not in ",，":
        return None
    low = max(0, comma - _LOOK_BEHIND, floor)
    window = folded[low:comma]
    counted = _COUNTED_NAMES.search(window)
    if counted is not None:
        # "我们公司有两个域名都在你们这，a.com 和 b.cn": the names after a clause counting
        # someone's domains are those domains, whoever the clause says has them.
        owner = _nearest(window[: counted.start()], words)
        if owner is not None and owner[2] in ("customer", "counterpart"):
            return owner[2], comma
    best = _nearest(window, words)
    if (
        best is not None
        and best[2] in _FLOWS
        and best[1] in cues.adjacent_only
        and _SHORT_PHRASE.fullmatch(window[best[0] :].strip())
    ):
        # "replies from a patient, a@b, take hours": the name is the one the phrase names
        return best[2], comma
    if best is None or window[best[0] :].strip() or best[2] == "neither":
        # "域名是 a.com，哦不对，打错了，是 b.com": a correction ending the clause before
        # speaks of the name before it, not of the one that corrects it.
        return None
    return _cue_before(folded, comma, words, floor, cues)


def _owner(
    window: str,
    written: str,
    word_start: int,
    words: dict[str, Cue],
    cues: _Cues,
    at: tuple[str, int] = ("", 0),
) -> Cue | None:
    """Whose a thing anyone has ("域名", "邮箱", "同事") is: the side named right before it
    ("对方域名", "他们的同事"); the cue before a pointing word ("发给这几个地址"), which says
    nothing itself; for a thing (not a person), the cue before a name that owns it
    ("给移动 139 邮箱 a@b": the recipient; "B 公司 a.com": nobody said); else its
    default (a domain, a mailbox, a colleague: the caller's; an address: nobody's).
    ``at``: the whole folded text and where ``window`` starts in it, to find whom a
    pronoun ("她的邮箱") refers to."""
    rest = window[word_start:]
    noun = max((word for word in cues.owned if rest.startswith(word)), key=len)
    low = max(0, word_start - _POSSESSOR_BACK)
    possessor = _nearest(window[low:word_start], words)
    gap = window[low + possessor[0] : word_start] if possessor else window[low:word_start]
    # A name owns it: capitalised or with digits ("QQ 邮箱", "B 公司", "移动 139 邮箱",
    # "Australian company"); a word describes the caller's own ("财务邮箱", "expiring domain").
    written_gap = written[word_start - len(gap) : word_start][-_NAME_BACK:]
    name = None
    if noun not in cues.people:
        name = _NAME_BEFORE.search(written_gap) or _brand_before(written_gap, cues)
    # "我们 HR 的邮箱": the possessor owns the name too; "我们跟 B 公司": it does not.
    chained = name is None or not written_gap[: name.start()].strip(" \t的")
    if possessor is not None and len(gap) <= _POSSESSOR_GAP and chained:
        if possessor[1] in cues.owned:
            return _owner(window, written, low + possessor[0] - len(possessor[1]), words, cues, at)
        if possessor[1] in _ANAPHORA and not _agent_words(words, cues) and at[0]:
            # "同事说…，她的邮箱 a@b": the person the pronoun refers to owns it
            pronoun_start = at[1] + low + possessor[0] - len(possessor[1])
            return _antecedent(at[0], pronoun_start, cues) or possessor[2]
        if possessor[2] in ("customer", "counterpart"):
            return possessor[2]
        if possessor[1] in cues.flow_nouns and noun not in cues.people:
            return possessor[2]  # "recipient domain", "收件人邮箱": the recipient's
        if possessor[2] == "recipient" and gap.strip() and noun not in cues.people:
            # "发往 gov 邮箱 a@b": a described mailbox mail is sent to is where it goes,
            # nobody's by default (the caller's own would be "发给我们邮箱").
            return "recipient"
    lead = window[max(0, word_start - _DEMONSTRATIVE_GAP) : word_start]
    pointed = any(word in lead for word in cues.demonstratives)
    # An address nobody is named for is where the words before it say ("发往陌生地址 a@b").
    pointed = pointed or cues.owned[noun] is None
    if pointed or name is not None:
        cut = word_start - (len(written_gap) - name.start() if name else len(lead))
        earlier = _nearest(window[: max(0, cut)], words)
        if earlier is None or earlier[1] in cues.owned or earlier[2] == "plain":
            return None
        if name is not None and earlier[2] == "customer":
            return None  # "我们跟 B 公司 a.com 合作": B's, not ours
        return earlier[2]
    return "owned" if cues.owned[noun] == "customer" else cues.owned[noun]


def _brand_before(written_gap: str, cues: _Cues) -> re.Match[str] | None:
    """A free mail service's name right before a thing ("qq 邮箱", "gmail account")."""
    match = _LAST_WORD.search(written_gap)
    return match if match is not None and match.group(1).lower() in cues.brands else None


def _cue_after(
    folded: str,
    end: int,
    ceiling: int,
    cues: _Cues,
    object_of_verb: bool = False,
    agent_note: bool = False,
) -> tuple[Cue, str] | None:
    """The first cue after a mention, in its clause and before the next mention (at
    ``ceiling``), and how it was found: "glued" to it ("…的邮件", "<a@b>: 550 …"),
    in the "clause", the mention as the "subject" of the verb after it ("a@b 每天收到…"),
    or an "apposition" right after it that says whose it is ("…，我们同事的邮箱")."""
    limit = min(end + _LOOK_AHEAD, ceiling)
    window = folded[end:limit]
    bracket = _BRACKET.match(window)
    if bracket is not None:
        # "a@b.com（我司）", "b.com（合作方）": a bracket right after a mention says whose.
        inside = bracket.group(1)
        said = _nearest(inside, cues.agent_before if agent_note else cues.before)
        if said is not None and said[1] in cues.owned and said[1] not in cues.people:
            said = None  # "a@b（Mailbox full）": a thing anyone has names nobody
        if said is not None and said[2] in ("customer", "counterpart"):
            if said[2] == "customer" and agent_note and said[1] in cues.agent_customer:
                # "(海外个人客户)" in a note: a described client is the caller's client.
                described = _nearest(inside[: said[0] - len(said[1])], cues.before)
                if described is not None and described[2] == "counterpart":
                    return "counterpart", "glued"
            return said[2], "glued"
    glued = window[: _GLUED_AHEAD + _LONGEST_GLUED].lstrip(" \t>")
    for word, cue in cues.glued_after.items():
        if glued.startswith(word):
            if object_of_verb and cue == "sender":
                return "recipient", "glued"  # "发给 a@b 的信": mail to it, not from it
            return cue, "glued"
    if cues.same_domain_rejection.match(folded, end, end + _REJECTION_AHEAD):
        return "customer", "glued"  # "<a@b>: Sender address rejected: Access denied" (4.0.28)
    if cues.bounce_reason.match(window):
        return "recipient", "glued"  # "<a@b.com>: 550 User unknown": where the failed mail went
    clause_end = _clause_end(window)
    named = _named_after(window, clause_end, agent_note, cues)
    if named is not None:
        return named, "clause"
    subject = None if object_of_verb else flow.subject_role(window[:clause_end])
    if subject is not None:
        return subject, "subject"  # "a@b.com 每天收到…": the one that receives
    if clause_end < len(window) and not window[:clause_end].strip(" \t>)"):
        # A clause right after the mention, ending before the next one: an apposition
        # naming its owner ("a@b.com，我们同事的邮箱").
        start = end + clause_end + 1
        following = folded[start : min(start + _LOOK_AHEAD, ceiling)]
        whole = any(char in _CLAUSE_ENDS for char in following) or start + len(following) >= len(
            folded
        )
        if whole:
            clause = _CLAUSE_SPLIT.split(following.lstrip(" \t"), maxsplit=1)[0].rstrip()
            # A noun phrase ending in a thing ("我们同事的邮箱"); a clause that goes on
            # past it ("对方也说邮箱没满") is a statement of its own.
            for word, cue in cues.apposition.items():
                if clause.startswith(word) and clause.endswith(tuple(cues.owned)):
                    return cue, "apposition"
    return None


def _side_after(folded: str, end: int, ceiling: int, agent_note: bool, cues: _Cues) -> Cue | None:
    """A side named after a mention in its clause ("…的邮件（这是我们自己的域名）")."""
    window = folded[end : min(end + _LOOK_AHEAD, ceiling)]
    cue = _named_after(window, _clause_end(window), agent_note, cues)
    return cue if cue in ("customer", "counterpart") else None


def _labels_the_caller(folded: str, cues: _Cues) -> bool:
    """Whether the text labels the caller's domain or mailbox as an agent does: "客户域
    a.com" (jargon: "客户域名" is not it), or "客户邮箱 a@b" in a text without the first
    person (a customer writing "我们发给客户邮箱 a@b" means its client's)."""
    for word in cues.agent_jargon:
        at = folded.find(word)
        while at >= 0:
            if folded[at + len(word) : at + len(word) + 1] != "名":
                return True
            at = folded.find(word, at + len(word))
    if not any(word in folded for word in cues.agent_labels):
        return False
    return _CALLER_FIRST_PERSON.search(folded) is None


# The writer as a party ("我们", "we"; not ".my" of a domain, nor "US" the country).
_WRITER_FIRST_PERSON = re.compile(r"我们|我司|我方|咱们|(?<![a-z.@])(?:we|our)(?![a-z.])")
# The caller speaking of itself ("我发过去", "我们", "our"): a customer's own complaint.
_CALLER_FIRST_PERSON = re.compile(r"我|咱们|本公司|(?<![a-z])(?:we|our|us|i|my|me)(?![a-z])")


def _agent_note(folded: str, cues: _Cues) -> bool:
    """Whether an agent wrote the text about the caller ("客户来电：…", "Customer called …").

    It opens with what agents write (来电, 工单, "Ticket"), or with the caller
    reported in the third person (客户说…, 用户反映…, "Customer reports …") not
    followed by the first person ("客户说我们的邮件…" is a customer quoting its own
    client), or it records what the agent did (已建议…, "asked them to …").
    """
    if any(word in folded for word in cues.agent_records):
        return True
    if _labels_the_caller(folded, cues):
        return True
    opening = folded.lstrip()[:_OPENING_CLAUSE]
    for word in cues.agent_openings:
        if opening.startswith(word) and _is_whole_word(opening, 0, len(word), word):
            # A label opening ("客户域名是 a.com 的邮件我们都收不到") is a customer's own
            # words when the caller speaks in the first person after it.
            guarded = word in cues.agent_labels or word in cues.agent_guarded_openings
            return not guarded or _CALLER_FIRST_PERSON.search(folded) is None
    speech = cues.agent_speech.match(opening)
    if speech is None:
        return False
    said = opening[speech.end() : speech.end() + _SPEECH_OBJECT].lstrip(" \t")
    if said[:1] in (":", "：", '"', "“") or speech.group(0)[-1:] in (":", "："):
        return True  # "客户反映：我们…": the caller's words quoted in a note
    if _FIRST_PERSON.match(said) is not None:
        return False
    # "客户说9:02发的，我们下午才收到": who writes is who says "we" of the mail; an agent
    # reporting a caller does not, so a text going on in the first person is the
    # customer's own, and its 客户 its client, unless it also labels the caller as
    # agents do ("客户域名 a.com", "客户是 a.com": the "we" is the caller's, reported).
    if _WRITER_FIRST_PERSON.search(folded, speech.end()) is None:
        return True
    return any(word in folded for word in cues.agent_labels) or "客户是" in folded


@dataclass
class _Said:
    """What the text says about one mention."""

    side: Side | None = None
    weight: int = 0
    flow: flow.Flow | None = None
    neither: bool = False
    own: bool = False  # read from a cue of its own: glued before or after, or structure
    subject: bool = False  # the subject of the verb after it, nothing saying whose it is
    pointed: bool = False  # placed by a flow word pointing at it ("mail to a.com")
    joined: bool = False  # an item of one list with the mention before
    related: bool = False  # the caller's only as a company of its group ("our parent company")
    object_of_verb: bool = False  # after 给/向/往: what a verb of sending is done to
    with_caller: bool = False  # a related company listed with the caller's own name
    # whose it is stated by naming it: hosted at the provider ("贵司托管的客户 a.com", "your
    # customer a.com"), or the domain a customer moves from (the learned gate leaves it)
    settled: bool = False


_FLOWS = ("sender", "recipient")
# The writer naming itself right before a name ("我们是 a@b", "we are a.com", "我是 a.com
# 的", "这里是 a.com"): the name is the writer's own.
_SELF_NAMED = re.compile(
    r"(?:(?<![a-z])(?:we are|we're|i am|i'm|ours is|our domain is|our company is)"
    # "Our Beijing domain is a.cn": a place or a word for the mail before "domain"; not
    # someone else's ("our partner's domain is", "our new domain is": a change).
    r"|(?<![a-z])our\s+(?:(?!partner|client|customer|supplier|vendor|parent|new|old|former)"
    r"[a-z]+\s+){1,2}domain is"
    r"|(?<![a-z])(?:mine is|my address is|my email is|my mailbox is)"
    # "can't reach us at a@b", "email me at a@b": the writer gives its own address
    r"|(?<![a-z])(?:reach|email|e-mail|mail|contact|write to|writing to|call)\s+(?:us|me)\s+at"
    r"|我们是|我们就是|我就是|我是|我司是|本公司是|我们公司是|这里是|这边是"
    r"|我的是|我自己的是|我这边的是|我的邮箱是|我的地址是|我的账号是"
    # 自已 is the common slip for 自己 (same sound, one stroke apart)
    r"|我自已的是|我自已的邮箱是)[\s:：@]*$"
)
# How much a cue counts: words that name a side outright weigh more than a sender or
# recipient whose side comes from the direction of the problem.
_EXPLICIT = 2
_BY_DIRECTION = 1
# A cue right before a mention ("同事 fan@…", "客户：a@…") is about it, whatever follows.
# "是"/"为"/"叫" link a name to what it is ("域名是 a.com"); "@" starts a bare domain.
_GLUE = frozenset(" \t:：(（<「\"'“@是为叫")


def _adjacent(folded: str, cue_end: int, start: int) -> bool:
    return start - cue_end <= 4 and all(char in _GLUE for char in folded[cue_end:start])


def _agent_words(words: dict[str, Cue], cues: _Cues) -> bool:
    """Whether ``words`` are the cues of an agent's note (a reseller's is one)."""
    return words is cues.agent_before or words is cues.reseller_before


def _fill(said: _Said, cue: Cue | None) -> None:
    """Take what ``cue`` says where ``said`` has nothing yet."""
    if cue == "owned" and said.side is None:
        said.side, said.weight = "customer", _BY_DIRECTION  # "域名 a.com": nobody named
    elif cue in ("customer", "counterpart") and said.side is None:
        said.side, said.weight = cue, _EXPLICIT  # type: ignore[assignment]
    elif cue in ("sender", "recipient") and said.flow is None:
        said.flow = cue  # type: ignore[assignment]


_PREPOSITION_FLOWS: dict[str, flow.Flow] = {"from": "sender", "to": "recipient", "cc": "recipient"}
_WORD_BEFORE = re.compile(r"([a-z]+)\s+[a-z]+\s*$")


def _word_before_possessive(folded: str, cue_end: int) -> str:
    """The word before the possessive ending at ``cue_end`` ("from" in "from their")."""
    found = _WORD_BEFORE.search(folded, max(0, cue_end - _LOOK_BEHIND), cue_end)
    return found.group(1) if found is not None else ""


def _reached_through_noun(folded: str, cue_end: int, mention: Mention, cues: _Cues) -> bool:
    """Whether the cue before a mention is an English possessive with a noun between them
    ("their bank (a@b)"); Chinese possessives name their noun's owner outright."""
    lead = folded[max(0, cue_end - _LONGEST_POSSESSIVE) : cue_end]
    english = [word for word in cues.possessives if word.isascii() and lead.endswith(word)]
    between = folded[cue_end : mention.start].strip(" \t(<\"'“:")
    return bool(english) and any(char.isalpha() for char in between)


_TRACE_BACK = 4000  # characters read back for an earlier Received line of the same trace


def _structure(folded: str, mention: Mention, dsn: bool = False) -> flow.Flow | None:
    """The role mail structure gives the mention: a header field, a DSN's list or server.

    In the header of a DSN itself (``dsn``), To: is the sender of the mail that failed:
    a DSN goes back to the original sender (RFC 3464).
    """
    line_low = max(0, mention.start - _LINE_BACK)
    newline = folded.rfind("\n", line_low, mention.start)
    if newline < 0 and line_low > 0:  # a long line: no header field or list item
        return flow.server_role(folded[line_low : mention.start])
    line_start = newline + 1
    line_before = folded[line_start : mention.start]
    field = flow.field_role(line_before)
    if field == "recipient" and dsn and flow.is_to_field(line_before):
        return "sender"
    if (
        field == "recipient"
        and line_before.lstrip(" \t>").startswith("received:")
        and folded.rfind("received:", max(0, line_start - _TRACE_BACK), line_start) >= 0
    ):
        # Each relay adds its Received line on top (RFC 5321 §4.4): only the first one's
        # "by" host is where the mail arrived; a lower one's is a hop on the way, usually
        # the sender's own server ("Received: from PC01 by mail.sender.com").
        return None
    return field or flow.server_role(line_before) or flow.list_role(folded, line_start, line_before)


def _read_mention(
    folded: str,
    original: str,
    mention: Mention,
    ceiling: int,
    previous: tuple[Mention, _Said] | None,
    words: dict[str, Cue],
    cues: _Cues,
    dsn: bool = False,
) -> _Said:
    """What the text says about ``mention``.

    A cue glued to the mention ("发给 a@b 的邮件", "客户：a@b") is about it; else a
    cue right after it; else a mention joined to the one before in a list shares its
    reading; else the nearest cue before it in the clause. Side and flow are read
    apart: "对方 a@b 发来的" is the other side and the sender.
    """
    floor = previous[0].end if previous is not None else 0
    said = _Said(flow=_structure(folded, mention, dsn))
    before = _cue_before(folded, mention.start, words, floor, cues, original)
    clause_before = folded[max(floor, mention.start - _LOOK_BEHIND) : mention.start]
    clause_before = _CLAUSE_SPLIT.split(clause_before)[-1]
    # "给 a@b 发信": after 给/向/往 the mention is what the verb is done to, not its subject.
    object_of_verb = cues.object_marks.search(clause_before) is not None
    if (
        not object_of_verb
        and previous is not None
        and previous[1].object_of_verb
        and _joined(folded, previous[0], mention, cues)
    ):
        # "发给 a@b、c@d 的邮件": the verb before a list governs each of its items.
        object_of_verb = True
    if (
        mention.address is not None
        and before is not None
        and clause_before.rstrip(" \t:：").endswith(_CHANGED_TO)
    ):
        # "改成 anna@b.com 重发": an address corrected, not the customer's domain changed.
        before = None
    if mention.address is not None and cues.request_to_send.search(
        folded, max(floor, mention.start - _REQUEST_BACK), mention.start
    ):
        # "please send the setup report to a@b": the provider sends it to the caller
        return _Said(side="customer", weight=_EXPLICIT, own=True)
    if _agent_words(words, cues) and cues.agent_speech.match(
        folded[mention.end : mention.end + _LOOK_AHEAD].lstrip(" \t的")
    ):
        # "kunlun.com 用户投诉…", "a.com 客户反映…" in a note: the caller, reporting.
        return _Said(side="customer", weight=_EXPLICIT, flow=said.flow, own=True)
    if _SELF_NAMED.search(clause_before) is not None:
        # "我们是 a.com", "We are a.com", "这里是 a.com 幼儿园": the writer says who it is,
        # the strongest word of whose a name is.
        return _Said(side="customer", weight=2 * _EXPLICIT, flow=said.flow, own=True)
    after = _cue_after(
        folded, mention.end, ceiling, cues, object_of_verb, _agent_words(words, cues)
    )
    if before is not None and before[0] == "neither" and (after is None or after[0] in _FLOWS):
        return _Said(neither=True, own=True)  # "走运营商的 smtp.x.cn 发信": a relay, no side
    if after is not None and after[0] == "neither":
        return _Said(neither=True, own=True)  # "a.co instead of a.com": written wrongly
    adjacent = (
        before if before is not None and _adjacent(folded, before[1], mention.start) else None
    )
    said.own = said.flow is not None or adjacent is not None or after is not None
    glued_cues = [adjacent[0] if adjacent else None, after[0] if after else None]
    if glued_cues[0] == "owned":
        # "the domain a.com to your overseas relay": a thing nobody is named for is the
        # caller's only by default; what the words after it say comes first.
        glued_cues.reverse()
    for cue in glued_cues:
        _fill(said, cue)
    if after is not None and after[0] in _FLOWS and said.side is None:
        # "来自 a@b 的邮件（这是我们自己的域名！）": side and flow are read apart; a flow
        # glued to the name leaves the side to the rest of its clause.
        side = _side_after(folded, mention.end, ceiling, _agent_words(words, cues), cues)
        _fill(said, side)
    if previous is not None and _joined(folded, previous[0], mention, cues):
        said.joined = True
        if adjacent is None and after is None:
            joined = previous[1]
            return _Said(
                joined.side,
                joined.weight,
                said.flow or joined.flow,
                joined.neither,
                said.own,
                joined=True,
                object_of_verb=object_of_verb,
            )
    if before is not None and adjacent is None:
        _fill(said, before[0])
        if said.side is not None and _reached_through_noun(folded, before[1], mention, cues):
            # "mail from their bank (a@b)", "our auditors (a@b)": a possessive reaching
            # a name through a noun says less than a cue naming it ("Cust domain: c.com"):
            # the noun may be another party the caller deals with.
            said.weight = _BY_DIRECTION
            if said.flow is None:
                # "from their bank (a@b)": the preposition before the possessive is its flow
                said.flow = _PREPOSITION_FLOWS.get(_word_before_possessive(folded, before[1]))
    if (
        before is not None
        and before[0] in _FLOWS
        and said.flow == before[0]
        and folded.endswith(cues.pointing, max(0, before[1] - _LONGEST_POINTING), before[1])
    ):
        said.pointed = True
    said.subject = after is not None and after[1] == "subject" and said.side is None
    said.object_of_verb = object_of_verb
    listed_with_caller = (
        previous is not None
        and _joined(folded, previous[0], mention, cues)
        and previous[1].side == "customer"
        and not previous[1].related
    )
    if said.side == "customer" and before is not None and said.weight <= _EXPLICIT:
        low = max(floor, mention.start - _LOOK_BEHIND)
        related = _RELATED_COMPANY.search(folded, low, mention.start)
        if (
            related is not None
            and _FIRST_PERSON.search(folded, related.end(), mention.start) is None
        ):
            # "our parent company (a@b)", "我们在德国的子公司 a.de": a company of the caller's
            # group is a company of its own with its own mail: the caller only when no
            # other domain is called the caller's, else the other end of its mail.
            said.related = True
            # "我们公司 a.com 和子公司 b.com 都收不到": listed with the caller, at its end
            said.with_caller = listed_with_caller
    return said


# Companies of the caller's group other than itself (a branch or office is more often
# the caller itself: "深圳分公司 a@sz.x.com", "our Shanghai office"). In every labelled
# set their domain is the other end of the mail when the caller's own is named.
_RELATED_COMPANY = re.compile(
    r"母公司|子公司|总部|总公司|集团总部|(?<![a-z])(?:parent company|parent|head office|"
    r"headquarters|hq|subsidiary|subsidiaries|sister company|group company)(?![a-z])"
)


def _joined(folded: str, earlier: Mention, later: Mention, cues: _Cues) -> bool:
    """Whether two mentions are items of one list: only a connector stands between them
    ("a.com 和 b.com"), perhaps with a short modifier of the later item ("、李总的 c@d")."""
    between = folded[earlier.end : later.start].strip(" \t<>\"'“”()")
    if not between or between in cues.connectors:
        return True
    for connector in cues.connectors:
        if between.startswith(connector):
            rest = between[len(connector) :].strip()
            # "、李总的 c@d", "、出纳 c@d", "or at c.com": a short modifier of the item, no
            # cue of its own, not a copula ("，是 c.com" starts a new statement).
            if _RELATED_COMPANY.fullmatch(rest):
                return True  # "我们公司 a.com 和子公司 b.com": another of the caller's own
            return (
                len(rest) <= _MODIFIER_MAX
                and not rest.startswith(("是", "为", "就是"))
                and (rest.endswith(("的", "'s")) or len(rest) <= _BARE_MODIFIER_MAX)
                and _nearest(rest, cues.before) is None
            )
    return False


def _share_lists(read: list[tuple[Mention, _Said]]) -> None:
    """Items of a list share a cue after its last item ("a@b、c@d 都说没收到")."""
    for index in range(len(read) - 2, -1, -1):
        later, earlier = read[index + 1][1], read[index][1]
        if later.joined and not earlier.own:
            if earlier.side is None and later.side is not None:
                earlier.side, earlier.weight = later.side, later.weight
            if earlier.flow is None:
                earlier.flow = later.flow
            earlier.own = later.own


def _mark_changes(folded: str, read: list[tuple[Mention, _Said]], cues: _Cues) -> None:
    """ "把邮箱从 a.com 换到 b.com", "switch our mail from @a.com to @b.com": a change of
    domain names two of the customer's own (neither is mail sent from one to the other).
    The one hosted now is the customer's domain; the one it moves to is neither side's
    (label rule: the domain a customer moves TO)."""
    for index in range(1, len(read)):
        (first, first_said), (second, _second_said) = read[index - 1], read[index]
        link = folded[first.end : second.start].strip(" \t@")
        if link not in cues.change_links and not _CHANGE_TO_DESCRIBED.fullmatch(link):
            continue
        clause_low = max(0, first.start - _LOOK_BEHIND)
        if cues.change_verbs.search(folded, clause_low, second.end) is None:
            continue
        first_said.side, first_said.weight, first_said.flow = "customer", _EXPLICIT, None
        first_said.settled = True
        read[index] = (second, _Said(neither=True, own=True))
    if cues.change_verbs.search(folded) is None or len(read) < 2:
        return
    for index, (mention, _said) in enumerate(read):
        lead = folded[max(0, mention.start - _NEW_NAME_BACK) : mention.start]
        if cues.new_names.search(lead):
            # "启用了新域名 b.com，想把邮箱换过去，旧域名 a.com": where it moves to.
            read[index] = (mention, _Said(neither=True, own=True))
            if index > 0:
                before, said = read[index - 1]
                link = folded[before.end : mention.start]
                if not said.neither and said.side is None and cues.change_links & set(link.split()):
                    # "switching from @a.com to our new brand domain b.com": the name it
                    # moves from is the one hosted now, the customer's.
                    said.side, said.weight, said.flow = "customer", _EXPLICIT, None
                    said.settled = True


# "从 a.com 换到集团统一的 b.com": the name moved to with a short description of it.
# "从 a.cn 换到中文域名 b.cn": ... or with the noun for what it is.
_CHANGE_TO_DESCRIBED = re.compile(
    r"(?:换到|换成|改成|改为|迁到|迁移到|搬到|变成|改到)"
    r"(?:[^,;:!?，。；：！？\n]{1,8}的|[^,;:!?，。；：！？\n的]{0,6}(?:域名|域))\s*"
)
_NEW_NAME_BACK = 32  # characters read back for "新域名", "our new group domain"
_NEW_NAME_GAP = 6  # at most this many characters between those words and the name
_ALTERNATIVES = re.compile(r"^\s*(?:or|或|或者|还是)\s*$")


def _offered_as_alternatives(
    folded: str,
    customer: str,
    keys: list[str],
    read: list[tuple[Mention, _Said]],
    sides: dict[str, tuple[int, int]],
) -> bool:
    """Whether the chosen domain is one of two named as alternatives ("a.com or a.net"),
    the other called the customer's just as much: the caller cannot say which it is."""
    for index in range(1, len(read)):
        pair = (keys[index - 1], keys[index])
        if customer not in pair or pair[0] == pair[1]:
            continue
        other = pair[1] if pair[0] == customer else pair[0]
        if sides[other] != sides[customer]:
            continue
        between = folded[read[index - 1][0].end : read[index][0].start]
        if _ALTERNATIVES.match(between):
            return True
    return False


_CORRECTION_GAP = 60
# Verbs of changing one name to another; before an address they correct the address.
_CHANGED_TO = (
    "换到",
    "换成",
    "改成",
    "改为",
    "迁到",
    "变成",
)  # characters between a name written wrongly and its correction


def _mark_corrections(
    folded: str, read: list[tuple[Mention, _Said]], cues: _Cues, keys: list[str]
) -> None:
    """ "finance@ridgeway-imprts.com.au, sorry typo, 应该是 ridgeway-imports.com.au": the
    first name was written wrongly; the one correcting it takes its place in the mail."""
    for index in range(1, len(read)):
        (first, first_said), (second, second_said) = read[index - 1], read[index]
        if keys[index - 1] == keys[index] or second.start - first.end > _CORRECTION_GAP:
            continue
        if cues.corrections.search(folded, first.end, second.start) is None:
            continue
        if second_said.side is None and not second_said.neither:
            second_said.side, second_said.weight = first_said.side, first_said.weight
        second_said.flow = second_said.flow or first_said.flow
        read[index - 1] = (first, _Said(neither=True, own=True))


@dataclass
class _Domain:
    """What all mentions of one registrable domain say together."""

    customer: int = 0
    counterpart: int = 0
    senders: int = 0
    recipients: int = 0
    mentions: int = 0
    neither: int = 0
    # Senders and recipients that are the subject of their verb with nothing saying whose
    # they are ("财务 a@b 每天收到…"): the one a complaint is about is mostly the caller.
    subject_senders: int = 0
    subject_recipients: int = 0
    # Senders and recipients a flow word points at ("mail to a.com", "from a.com").
    pointed_senders: int = 0
    pointed_recipients: int = 0
    related: int = 0  # mentions called the caller's only as a company of its group
    related_apart: int = 0  # ... not listed with the caller's own name

    def add(self, said: _Said) -> None:
        self.mentions += 1
        self.related += said.related
        self.related_apart += said.related and not said.with_caller
        if said.neither:
            self.neither += 1
            return
        if said.side == "customer":
            self.customer += said.weight
        elif said.side == "counterpart":
            self.counterpart += said.weight
        if said.flow == "sender":
            self.senders += 1
            self.subject_senders += said.subject
            self.pointed_senders += said.pointed
        elif said.flow == "recipient":
            self.recipients += 1
            self.subject_recipients += said.subject
            self.pointed_recipients += said.pointed

    def side(self) -> Side | None:
        if self.customer > self.counterpart:
            return "customer"
        if self.counterpart > self.customer:
            return "counterpart"
        return None

    def internal(self) -> bool:
        return self.senders > 0 and self.recipients > 0

    def uncued(self) -> bool:
        return not (self.customer or self.counterpart or self.senders or self.recipients)


@dataclass(frozen=True)
class Roles:
    """The customer's domain (or None) and the other side's domains, in order of mention."""

    customer_domain: str | None
    counterpart_domains: list[str]


@dataclass
class Analysis:
    """Everything the role decision read in one complaint (what :func:`decide` returns
    is drawn from it; ``benchmarks/bench_roles.py`` reads it to study misses)."""

    folded: str
    keys: list[str]  # the registrable domain of each mention read, in order
    read: list[tuple[Mention, _Said]]
    domains: dict[str, _Domain]
    sides: dict[str, tuple[int, int]]
    hosts: set[str]
    way: flow.Direction | None
    agent_note: bool
    customer: str | None  # registrable form
    counterparts: list[str]  # registrable forms, in order of mention
    # Whether the wording names the customer's role rather than who writes: the company
    # said to be hosted at the provider, or the domain it moves from (``_Said.settled``).
    settled: bool = False
    # Bounces of mail forged in the customer's name: only a sender is the other side.
    backscatter: bool = False


def decide(
    text: str,
    mentions: Iterable[Mention],
    own_domains: Iterable[str] = (),
    suffixes: Any = None,
    prior: str = "none",
    top: str = "-",
) -> Roles:
    """Roles of the domains ``mentions`` found in ``text`` (see the module docstring).

    ``suffixes``: a parsed public suffix list (default: parsed on first use).
    ``prior``: the usual direction of mail of the playbook triage ranked first (its
    ``mail_direction``: inbound, outbound, internal or none), used only when the
    wording leaves the direction open. ``top``: that playbook's id (a feature of the
    learned gate, :mod:`postdesk.triage.ranker`).
    """
    mentions = list(mentions)
    found = analyse(text, mentions, own_domains, suffixes, prior)
    if found is None:
        return Roles(None, [])
    # Each side's mail domain as its addresses write it: a company on a subdomain keeps
    # it ("tender@gz.x.com" -> gz.x.com; label rule of the blind sets, both sides).
    counterparts = [display(_their_mail_domain(key, found)) for key in found.counterparts]
    customer = (
        None
        if found.customer is None
        else display(_mail_domain(found.customer, found.keys, found.read, _cues(), found.folded))
    )
    if not ranker.enabled() or found.settled:
        # The gate off, or the wording names the rules' customer as hosted here or as the
        # domain it moves from: the rules' reading stands.
        return Roles(customer, counterparts)
    # The gate: the learned ranker picks the customer when it is sure, also over a
    # first-person cue naming the rules' one ("we are x.de" may be a firm abroad writing
    # about its Chinese partner: the ranker reads the names' shapes too). Its pick leaves
    # the other side and the rules' customer (a company named in the complaint) joins that
    # side. The complaint's features are computed once for both of the ranker's questions.
    computed = ranker.features(text, mentions, found, prior, top)
    chosen = found.customer
    key, confidence = ranker.customer_pick(computed)
    # A public free-mail service is never a hosted company (the label rule of every set:
    # free mail is the other side's or nobody's): the gate may not name it; nor a name
    # every mention of which the rules read as nobody's by a label rule (the domain moved
    # to, a name corrected, a provider host, a test host).
    free = key is not None and key in _cues().freemail
    nobodys = key is not None and found.domains[key].neither >= found.domains[key].mentions
    if confidence >= ranker.THRESHOLD and key != found.customer and not free and not nobodys:
        picked = (
            None
            if key is None
            else display(_mail_domain(key, found.keys, found.read, _cues(), found.folded))
        )
        theirs = None if key is None else display(_their_mail_domain(key, found))
        counterparts = [d for d in counterparts if d != theirs and d != picked]
        if found.customer is not None:
            former = display(_their_mail_domain(found.customer, found))
            if former not in counterparts:
                counterparts.append(former)
        counterparts = list(dict.fromkeys(counterparts))
        customer = picked
        chosen = key
    counterparts = _counterparts_read(found, computed, chosen, counterparts)
    return Roles(customer, counterparts)


def _counterparts_read(
    found: Analysis,
    computed: ranker.Features,
    chosen: str | None,
    counterparts: list[str],
) -> list[str]:
    """The other side with the learned counterpart model's sure readings: a candidate it
    is sure belongs there joins, one it is sure does not leaves. Where the wording states
    whose a name is, the rules' reading stands: never the customer, nor a name read as
    nobody's by a label rule (a file name, a test host, the domain moved to); no change
    where a company is named hosted or the mail was forged in the customer's name (only
    the forger's side is the other side); and a name the wording puts on the other side
    ("mail to b.com") stays there."""
    if found.backscatter:
        return counterparts
    probabilities = ranker.counterpart_probabilities(computed)
    out = list(counterparts)
    for key, q in probabilities.items():
        domain = found.domains[key]
        if key == chosen or domain.neither >= domain.mentions:
            continue
        stated = (
            domain.counterpart >= _EXPLICIT or domain.pointed_recipients or domain.pointed_senders
        )
        theirs = display(_their_mail_domain(key, found))
        if q >= ranker.COUNTERPART_JOIN and theirs not in out:
            out.append(theirs)
        elif q <= ranker.COUNTERPART_LEAVE and theirs in out and not stated:
            out.remove(theirs)
    return out


def analyse(
    text: str,
    mentions: Iterable[Mention],
    own_domains: Iterable[str] = (),
    suffixes: Any = None,
    prior: str = "none",
) -> Analysis | None:
    """What :func:`decide` reads of each mention and domain; None when nothing is named."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    if not ordered:
        return None
    cues = _cues()
    folded = text.casefold()
    suffixes = suffixes or suffix_list()
    own_domains = tuple(own_domains)
    excluded = _excluded(own_domains, suffixes) | cues.infrastructure
    # A reseller calling about a company it sells the provider's mail to writes as an
    # agent does: its 客户 is the provider's customer, its own name neither side's.
    reseller = _RESELLER.search(folded)
    reseller_note = reseller is not None or _RESELLER_OPENING.match(folded) is not None
    agent_note = reseller_note or _agent_note(folded, cues)
    words = (
        cues.reseller_before if reseller_note else cues.agent_before if agent_note else cues.before
    )
    dsn = flow.is_dsn(folded)
    read: list[tuple[Mention, _Said]] = []
    keys: list[str] = []
    hosts: set[str] = set()
    previous: tuple[Mention, _Said] | None = None
    for index, mention in enumerate(ordered):
        ceiling = ordered[index + 1].start if index + 1 < len(ordered) else len(folded)
        key = _key(mention.ascii, cues, suffixes)
        if key is None or key in excluded or mention.ascii in excluded:
            previous = None
            continue
        is_host = mention.address is None and key != mention.ascii
        said = _read_mention(
            folded, text, mention, max(ceiling, mention.end), previous, words, cues, dsn
        )
        if is_host and (key in cues.freemail or key in cues.mail_hosts):
            said = _Said(neither=True, own=True)  # the service's server, not a company's domain
        elif is_host and _service_host(folded, mention, cues):
            said = _Said(neither=True, own=True)  # a relay, an MX target, a blocklist zone
        elif mention.address is None and _file_name(folded, mention, cues):
            said = _Said(neither=True, own=True)  # "附件 readme.md": a file
        if is_host and mention.ascii.split(".", 1)[0] in cues.host_prefixes:
            hosts.add(key)
        previous = (mention, said)
        read.append(previous)
        keys.append(key)
    _share_lists(read)
    if reseller is not None:
        _mark_reseller(folded, reseller, read)
    for mention, said in read if reseller_note else ():
        # only where the writer is the reseller: a customer's own sales agent ("我们的代理商
        # b.com") is a party to its mail
        if _RESELLER_NAMED.search(folded, max(0, mention.start - _LOOK_BEHIND), mention.start):
            said.side, said.flow, said.neither = None, None, True
    _mark_examples(folded, read)
    _mark_failed_for(folded, read)
    _mark_brand_owners(folded, read, keys, words, cues)
    _mark_arrows(folded, read, cues)
    outside = _mark_hosted(folded, read, cues, agent_note, keys)
    if agent_note:
        _mark_caller_opening(folded, read, cues)
    _mark_changes(folded, read, cues)
    _mark_corrections(folded, read, cues, keys)
    domains: dict[str, _Domain] = {}
    for key, (_mention, said) in zip(keys, read, strict=True):
        domains.setdefault(key, _Domain()).add(said)
    if cues.spoofed_own.search(folded) is not None:
        # "冒充我们自己域名发来的…，发件人显示 boss@a.com": the forged sender is ours.
        for domain in domains.values():
            if domain.senders and not domain.counterpart:
                domain.customer += _EXPLICIT
    reading = flow.read(folded, agent_note)
    if outside:
        # The writer is the other end: "we send" is mail the customer receives.
        reading = flow.Reading(reading.outbound, reading.inbound)
    way = _direction(domains, reading, cues, folded, prior)
    sides = {key: _resolve(domain, way) for key, domain in domains.items()}
    lookalikes = {
        key
        for key, (mention, _said) in zip(keys, read, strict=True)
        if _imitates_provider(mention.ascii, own_domains, suffixes)
    }
    for key in lookalikes:
        # "263-verify.cc", "263xmail-support.com": a name built on the provider's own is a
        # phishing sender imitating it, never its hosted customer (label rule of the
        # training sets: lookalikes of the provider are the other side).
        domains[key].customer = 0
        domains[key].counterpart = max(domains[key].counterpart, _EXPLICIT)
        sides[key] = (0, max(sum(sides[key]), _EXPLICIT))
    customer = _pick_customer(domains, sides, hosts, cues)
    own_unknown = _OWN_DOMAIN_UNKNOWN.search(folded) is not None
    if own_unknown and customer is not None and domains[customer].customer < _EXPLICIT:
        # "不知道公司域名是啥": the caller says it cannot name its own domain, so a name
        # only the defaults would give it (the lone company, a sender) is someone else's.
        customer = None
    if customer is not None and _offered_as_alternatives(folded, customer, keys, read, sides):
        customer = None  # "a.com 还是 a.net？" the caller does not know which one is hosted
    # Backscatter: bounces of mail forged in the customer's name ("我们没发过，却收到一堆退信");
    # "they claim we never sent them" with no bounce is no forgery.
    spoofed = (
        cues.spoofed.search(folded) is not None or _DENIED_SENDING.search(folded) is not None
    ) and flow.mentions_bounce(folded)
    customer_weight = domains[customer].customer if customer is not None else 0
    counterparts = [
        key
        for key, domain in domains.items()
        if key != customer
        and (
            (
                _is_counterpart(key, domain, sides[key], customer, cues, customer_weight)
                # Bounces of mail forged in the customer's name went to strangers: only a
                # sender (the forger's own infrastructure) is the other side, however the
                # wording describes the addresses the forged mail went to.
                and not (spoofed and not domain.senders)
            )
            # With the caller's own domain unknown, a company its wording does not call
            # its own is someone else's: the spam sender of "不知道公司域名是啥".
            or (
                own_unknown
                and customer is None
                and key not in cues.freemail
                and domain.customer < _EXPLICIT
                and domain.neither < domain.mentions
            )
        )
    ]
    return Analysis(
        folded,
        keys,
        read,
        domains,
        sides,
        hosts,
        way,
        agent_note,
        customer,
        counterparts,
        backscatter=spoofed,
        settled=customer is not None
        and any(
            said.settled and key == customer for key, (_m, said) in zip(keys, read, strict=True)
        ),
    )


# A reseller naming itself ("我是代理商华讯网络（a.com）的客服", "we are a reseller of
# yours"): the provider's mail is sold through agents (代理商, 4.0.10 1) "转代理商接口处理"),
# and an agent's own domain is neither side of its client's mail (label rule of the blind
# sets: a reseller's own domain is never labelled).
_RESELLER = re.compile(
    r"(?:我是|我们是|这里是|这边是)[^，。,;；\n]{0,16}?(?:代理商|渠道商|分销商)"
    r"|(?<![a-z])(?:we are|we're|i am|i'm|this is)\s+(?:an?\s+|your\s+)?(?:authori[sz]ed\s+)?"
    r"(?:reseller|channel partner|distributor)(?![a-z])"
    # An IT contractor keeping a client's mailboxes ("我是IT外包公司的，帮客户 a.com…", "We are
    # their IT vendor (b.hk); the client domain is a.com") writes for its client as an agent
    # does: the client is the hosted company, the contractor's own name neither side (label
    # rule of the training sets: an IT vendor's own domain is not labelled).
    r"|(?:我是|我们是)[^，。,;；\n]{0,8}?(?:it外包|外包it|外包的it|it服务商)"
    r"|(?<![a-z])(?:we are|we're|i am|i'm)\s+(?:an?\s+|their\s+|the\s+)?"
    r"(?:outsourced\s+)?it\s+(?:vendor|contractor|provider|company|services?)(?![a-z])"
)
# A note that opens on the reseller ("代理商：客户 a.com 的…", "代理商代客户提交：", "Reseller
# ticket: end customer a.com …"): an agent writes it for its client, so its 客户 is the
# provider's customer as in any agent's note (4.0.10 1): "转代理商接口处理").
_RESELLER_OPENING = re.compile(r"\s*(?:代理商|渠道商|(?:reseller|channel partner)(?![a-z]))")
# The reseller's own name set right after the word ("代理商 b.com 来电", "reseller CloudPort
# (b.com)", "Reseller here (b.com)"): neither side (label rule: a reseller's own domain).
_RESELLER_NAMED = re.compile(
    r"(?:代理商|渠道商|(?<![a-z])reseller)(?:\s+here)?"
    # a bare name right after it, or a company's name and its domain in brackets
    r"(?:\s+|\s*[(（]|\s+[a-z][a-z0-9 &.-]{0,24}[(（])\s*$"
)
# "spam from random addresses like a@b", "来自不同地址的广告，比如 a@b": an example takes the
# flow of the noun phrase it exemplifies (the senders of unwanted mail).
_EXAMPLE_OF_SENDERS = re.compile(
    r"(?:(?<![a-z])from\s+(?:[a-z'-]+\s+){0,3}(?:addresses|senders|domains|accounts|mailboxes)"
    r"\s*,?\s*(?:like|such as|e\.g\.?|including)"
    r"|(?:来自|从)[^，。；;\n]{0,10}(?:地址|发件人|邮箱|域名)[^，。；;\n]{0,6}[，,]?\s*(?:比如|例如|像|如))"
    r"\s*[:：]?\s*$"
)
_EXAMPLE_BACK = 64  # characters read back for the phrase an example belongs to


# Words after a reseller's self-naming that turn to the client it works for.
_CLIENT_OF_RESELLER = re.compile(r"(?<![a-z])(?:for|client)(?![a-z])|为|帮|替|给|客户")


def _mark_reseller(folded: str, reseller: re.Match[str], read: list[tuple[Mention, _Said]]) -> None:
    """The names in the clause where a reseller names itself are its own: neither side."""
    end = reseller.end()
    while end < len(folded) and not _clause_end_at(folded, end):
        end += 1
    for mention, said in read:
        if reseller.start() <= mention.start < end:
            if _CLIENT_OF_RESELLER.search(folded, reseller.end(), mention.start):
                # "I'm the IT contractor for a.com", "我是外包IT，帮客户 a.com": its client
                said.side, said.weight, said.neither = "customer", _EXPLICIT, False
            else:
                said.side, said.flow, said.neither = None, None, True


# A bounce's failure written with the address it is for ("'Recipient unknown' for a@b",
# "Delivery failed for a@b", "'Host not found' for a@b"): the address is the failed
# recipient (RFC 3464's Final-Recipient), not someone the caller does something for.
_FAILED_FOR = re.compile(
    r"(?<![a-z])(?:unknown|failed|failure|not found|not delivered|undeliverable|rejected"
    r"|bounced|does not exist|doesn't exist|no such user)[.'\"’”)]*\s*(?:for|to)\s*[:：]?\s*$"
)


def _mark_failed_for(folded: str, read: list[tuple[Mention, _Said]]) -> None:
    for mention, said in read:
        # An address only: "SPF check failed for a.com" names the sender's domain (RFC 7208)
        if said.neither or said.flow == "sender" or mention.address is None:
            continue
        before = folded[max(0, mention.start - _LOOK_BEHIND) : mention.start]
        if _FAILED_FOR.search(before) is not None:
            if said.side == "customer" and said.weight <= _EXPLICIT:
                said.side, said.weight = None, 0
            said.flow, said.own = "recipient", True


def _mark_examples(folded: str, read: list[tuple[Mention, _Said]]) -> None:
    """ "from random addresses like a@b": the example is a sender, pointed at."""
    for mention, said in read:
        if said.flow is not None or said.neither:
            continue
        before = folded[max(0, mention.start - _EXAMPLE_BACK) : mention.start]
        if _EXAMPLE_OF_SENDERS.search(before) is not None:
            # The writer's "we" before it gets the mail ("we keep getting phishing from
            # addresses such as a@b"): the example is not the writer's own.
            if said.side == "customer" and said.weight <= _EXPLICIT:
                said.side, said.weight = None, 0
            said.flow, said.pointed = "sender", True


# The caller saying it does not know its own domain ("不知道公司域名是啥", "I don't know
# our domain").
_OWN_DOMAIN_UNKNOWN = re.compile(
    r"(?:不知道|不清楚|不记得|忘了)(?:我们|我司|我们公司|公司|咱们)?的?(?:公司)?(?:的)?(?:域名|邮箱域名)"
    # what the domain is, not something about it ("不知道域名是否到期")
    r"(?:是(?:啥|什么|多少|哪个)|(?=[，,。；;！!？?\s]|$))"
    r"|(?<![a-z])(?:don't|do not|dont) know (?:our|my|the company's|the) (?:company )?domain"
)
# The writer denying it sent the mail a bounce is about ("可我根本没给他们发过", "我们从没
# 发送过"): bounces of mail forged in its name (backscatter).
_DENIED_SENDING = re.compile(
    r"(?:没|没有|从没|从来没|根本没|并没|并没有)有?(?:给[^，。,；;！!？?\n]{0,8})?发(?:过|送过)"
)

# A free mail service's name as a mailbox: "163的邮箱", "qq 邮箱", "gmail account", or
# the address right after it in brackets ("个人 QQ (1234@qq.com)").
_BRAND_MAILBOX = re.compile(
    r"\s*(?:的)?\s*(?:邮箱|邮件地址|地址|账号|帐号|mailbox|address|account|email|[(（])"
)
# Words making a mailbox the caller's own personal one ("个人 QQ", "my own gmail").
_PERSONAL = re.compile(r"个人|私人|自己|(?<![a-z])(?:personal|private|own)(?![a-z])")
_BRANDS_READ = 8  # brand mentions read in one text: the work stays linear
_SIDES = ("customer", "counterpart")


def _mark_brand_owners(
    folded: str,
    read: list[tuple[Mention, _Said]],
    keys: list[str],
    words: dict[str, Cue],
    cues: _Cues,
) -> None:
    """ "给对方163的邮箱发信…地址是 a@163.com": a free mail service named as a party's
    mailbox says whose that service's addresses in the complaint are, when nothing else
    does (a free mail service is a person's mailbox, anyone's until the words say)."""
    free = [index for index, key in enumerate(keys) if key in cues.freemail]
    if not free:
        return
    owners: dict[str, Side] = {}
    seen = 0
    for key in dict.fromkeys(keys[index] for index in free):
        brand = key.split(".", 1)[0]
        at = folded.find(brand)
        while at >= 0 and seen < _BRANDS_READ:
            seen += 1
            end = at + len(brand)
            standalone = (at == 0 or not _is_word_char(folded[at - 1])) and (
                end >= len(folded) or not _is_word_char(folded[end])
            )
            if (
                standalone
                and folded[at - 1 : at] not in ("@", ".")
                and _BRAND_MAILBOX.match(folded, end)
            ):
                owner = _nearest(folded[max(0, at - _POSSESSOR_BACK) : at], words)
                gap = owner is not None and at - (max(0, at - _POSSESSOR_BACK) + owner[0])
                if owner is not None and gap <= _POSSESSOR_GAP and owner[2] in _SIDES:
                    owners.setdefault(key, owner[2])  # type: ignore[arg-type]
                elif _HOSTED_FIRST_PERSON.search(
                    folded, max(0, at - _POSSESSOR_GAP), at
                ) or _PERSONAL.search(folded, max(0, at - _POSSESSOR_GAP), at):
                    owners.setdefault(key, "customer")  # "我用163邮箱": the caller's
            at = folded.find(brand, end)
    for index in free:
        said = read[index][1]
        side = owners.get(keys[index])
        if side == "customer" and said.side != "counterpart":
            # "我用163邮箱（a@163.com）给…": the caller's own free mail is neither side's
            # (label rule of the blind sets), however the mail flows.
            said.side, said.neither = None, True
        elif side is not None and said.side is None and not said.neither:
            said.side, said.weight = side, _EXPLICIT


_ARROWS = frozenset({"->", "-->", "→", "=>", "⇒"})


def _mark_arrows(folded: str, read: list[tuple[Mention, _Said]], cues: _Cues) -> None:
    """ "a@x.com -> b@y.com" in a note: mail from the first to the second (an arrow with
    a verb of changing is a change of domain, read by :func:`_mark_changes`)."""
    for index in range(1, len(read)):
        (first, first_said), (second, second_said) = read[index - 1], read[index]
        if folded[first.end : second.start].strip() not in _ARROWS:
            continue
        if first.address is None or second.address is None:
            continue  # "a.com -> b.com" is more often a change of name than mail
        if cues.change_verbs.search(folded, max(0, first.start - _LOOK_BEHIND), second.end):
            continue
        first_said.flow = first_said.flow or "sender"
        second_said.flow = second_said.flow or "recipient"


def _mark_hosted(
    folded: str,
    read: list[tuple[Mention, _Said]],
    cues: _Cues,
    agent_note: bool = False,
    keys: list[str] | None = None,
) -> bool:
    """ "我方域名 b.de。我们给贵司托管的客户 a.com 发信": someone outside calls about a company
    the provider hosts. That company is the customer; the caller's own side, which its
    first person names, is the other side.

    Returns whether the writer is outside the provider's customers (``writer_outside``
    in roles.yaml, or a hosted company named so): then every side the wording gives is
    seen from the other end, and so is the direction its grammar gives."""
    outside = cues.writer_outside.search(folded) is not None
    # "子公司的邮箱在别家，域名 a.com", "their mail is hosted elsewhere": a company whose mail
    # another provider hosts is not the provider's customer (the mirror of a statement of
    # hosting): the other side.
    for said in _hosted_statements(folded, read, cues, _HOSTED_ELSEWHERE):
        if said.side != "customer" or said.weight < _EXPLICIT:
            said.side, said.weight, said.related = "counterpart", 2 * _EXPLICIT, False
    unnamed: list[_Said] = []
    hosted: list[_Said] = _hosted_statements(folded, read, cues, unnamed=unnamed)
    outside = outside or bool(unnamed)
    for said in unnamed:
        # The outside writer's own name: the other side, whatever its words ("a buyer")
        # said; set before the turn below, which makes it so.
        said.side, said.weight = "customer", 2 * _EXPLICIT
    if outside or any(
        word in folded for word in ("托管", "客户", "用户", "your", "hosted", "our c")
    ):
        for mention, said in read:
            if said.neither:
                continue
            low = max(0, mention.start - _HOSTED_BACK)
            found = cues.hosted.search(folded, low, mention.start)
            if found is None and agent_note:
                # In an agent's note the first person is the provider: "our customer
                # a.com" is the company it hosts.
                found = _PROVIDERS_CUSTOMER.search(folded, low, mention.start)
            if found is not None and not _SELF_HOSTED.search(
                folded, max(0, found.start() - _SELF_HOSTED_BACK), found.start()
            ):
                hosted.append(said)
    if hosted:
        for index, (_mention, said) in enumerate(read):
            if any(said is named for named in hosted):
                said.side, said.weight, said.settled = "customer", 2 * _EXPLICIT, True
            elif said.side == "customer" and keys is not None and keys[index] in cues.freemail:
                # "我用163邮箱（a@163.com）给 b.com 投简历…这家公司用的是你们的邮箱吧": a
                # caller's own free mail is neither side (label rule), outside or not.
                said.side, said.neither = None, True
            elif said.side == "customer":
                said.side = "counterpart"
        return True
    if outside:
        # "我是外面公司的…我们邮箱是 a@b …往 c.com 发信": the writer's own is the other side,
        # the one it writes to (or calls 对方) the provider's customer.
        for index, (_mention, said) in enumerate(read):
            if said.side == "customer" and keys is not None and keys[index] in cues.freemail:
                said.side, said.neither = None, True  # the outside caller's own free mail
            elif said.side == "customer":
                said.side = "counterpart"
            elif said.side == "counterpart":
                said.side = "customer"
        return True
    # "我用 gmail 给客户发的…客户说他们邮箱是在你们这里的": with no company of the
    # caller's named, the one called the other side's is the provider's customer.
    if cues.hosted_third_person.search(folded) is None:
        return False
    if any(said.side == "customer" for _mention, said in read):
        return False
    for _mention, said in read:
        if said.side == "counterpart" or (said.side is None and said.flow and not said.neither):
            said.side, said.weight = "customer", 2 * _EXPLICIT
    return False


# A statement that a name's mail is hosted by another provider, after the name or set
# before "，域名 a.com" (see _hosted_statements).
_HOSTED_ELSEWHERE = re.compile(
    r"(?:在|用的是|用|放在|托管在)(?:别家|别的服务商|其他服务商|其它服务商|别的公司|其他公司|其它公司)"
    r"(?:的?(?:邮箱|邮局|服务器|系统))?(?:托管|那里|那边)?的?(?=\s*(?:[,;:!?，。；：！？\n)）]|$))"
    r"|不在(?:你们|贵司|贵公司)(?:这|那)?(?:里|边)?(?:托管)?(?=\s*(?:[,;:!?，。；：！？\n)）]|$))"
    r"|(?<![a-z])(?:uses?|is with|are with|is on|are on|(?:is|are) hosted (?:with|by|at))\s+"
    r"(?:a\s+|another\s+)(?:different\s+|other\s+)?(?:mail\s+|email\s+)?(?:provider|host)(?![a-z])"
    r"|(?<![a-z])(?:is|are) hosted elsewhere(?![a-z])"
)
# "your customer Foshan Lianxing Ceramics, info@a.com": characters read back for the
# hosted company's word when its name stands between it and the address.
_HOSTED_BACK = 72
_HOSTED_SUBJECT_BACK = 200  # characters read back for the name "该域"/"their mail" refers to
_HOSTED_APPOSITION = 24  # "…都在你们这里，域名 b.cn": characters read for the name after
# The clause a hosting statement is made in speaks of the writer itself ("我们的邮箱都在
# 你们这"): the caller is the hosted one, which the first person says already.
_HOSTED_FIRST_PERSON = re.compile(r"我|咱们|本公司|(?<![a-z])(?:we|our|us|i|my)(?![a-z])")
# ... or of a name said before it ("该域", "他们的邮箱", "their mail", "the Chinese domain").
_HOSTED_ANAPHOR = re.compile(
    r"该|这个|这家|那家|此|他们|她们|对方|(?<![a-z])(?:their|they|its|it|the|this|that)(?![a-z])"
)
# "…，域名 b.cn", "…, domain b.cn": the name a statement is about, set after it.
_HOSTED_NAME_AFTER = re.compile(r"\s*(?:域名|域|即|就是|是|domain|namely|i\.e\.)")
# A question: "是不是在你们这托管？", "Is their domain hosted with you?"
_QUESTION = re.compile(r"是不是|是否|有没有|^\s*(?:is|are|does|do)\s")
# A statement of place with no verb of hosting ("都在你们这里"), and an account noun as the
# last noun of the clause before it (not the mail in it: "邮箱里的邮件卡在你们这").
_PLACE_ONLY = re.compile(r"在[^托开注买申]*")
_ACCOUNT_LAST = re.compile(r"(?:邮箱|域名|域|邮局|账号|帐号)(?!.*(?:邮件|信))[^，。,]*$")
_WHICH = re.compile(r"哪个|哪一个|哪家|(?<![a-z])which(?![a-z])")
# A party other than the writer as the subject of a statement of hosting ("they told us
# their mail is hosted with you", "工厂用的是你们的邮局", "our suppliers that use your mail
# service"): read in the clause after the writer's last first person, which is then only
# the one told ("told us"), not the one hosted.
_THIRD_PARTY = re.compile(
    r"他们|她们|对方|工厂|厂家|供应商|(?<![a-z])(?:they|their|them|factory|suppliers?|vendors?)(?![a-z])"
)
_PARTY_NOUN = re.compile(
    r"工厂|厂家|供应商|对方|(?<![a-z])(?:factory|suppliers?|vendors?|manufacturer)(?![a-z])"
)
_TOLD = re.compile(r"(?:(?<![a-z])(?:told|tell|tells|informed|assured)|告诉|跟|对)\s*$")
# "...也是你们的用户", "they also use your mail": both ends are hosted, the writer too.
_ALSO = re.compile(r"也|(?<![a-z])(?:also|too)(?![a-z])")
_HOSTED_STATEMENTS_MAX = 8  # statements read in one text: the work stays linear


def _hosted_statements(
    folded: str,
    read: list[tuple[Mention, _Said]],
    cues: _Cues,
    statements: re.Pattern[str] | None = None,
    unnamed: list[_Said] | None = None,
) -> list[_Said]:
    """The mentions a statement of hosting is said of ("bihai.cn 说他们的邮箱是在你们这托管的",
    "该域为我司托管用户", "Their mail is hosted with you", "总部邮箱都在你们这里，域名 b.cn"):
    the name in the statement's clause before it; else one set right after it ("，域名
    b.cn"); else, when the clause speaks of a name said before ("该域", "their mail"),
    the nearest one before. Nothing when the clause speaks of the writer (then the
    caller is the hosted one, as its first person says) or asks ("是不是在你们这托管？")."""
    found: list[_Said] = []
    pattern = statements or cues.hosted_statement
    for count, statement in enumerate(pattern.finditer(folded)):
        if count == _HOSTED_STATEMENTS_MAX:
            break
        at = statement.start()
        clause_start = at
        low = max(0, at - _LOOK_BEHIND * 2)
        while clause_start > low and not _clause_end_at(folded, clause_start - 1):
            clause_start -= 1
        clause = folded[clause_start:at]
        inside = [
            index
            for index, (mention, said) in enumerate(read)
            if clause_start <= mention.start < at and not said.neither
        ]
        if _PLACE_ONLY.fullmatch(statement.group(0)) and not _ACCOUNT_LAST.search(clause):
            # "发给 a.com 的邮件卡在你们这里了": mail held at the provider, not a mailbox
            # hosted there; a place alone says hosting only of an account ("总部邮箱都在
            # 你们这里", "两个域名都在你们这").
            continue
        # "他们邮箱是在你们这里的吧？": 吧 asks only to confirm what the writer takes as so.
        if _QUESTION.search(clause) or (
            folded[statement.end() : statement.end() + 2].startswith(("吗", "么", "?", "？"))
            and not statement.group(0).endswith("吧")
        ):
            # "a.com 是不是在你们这托管？": one asks this of another company, not of itself
            # ("a.com 跟 b.com 哪个是在你们这开的？" asks which of its own it is).
            for index in [] if _WHICH.search(clause) else inside:
                said = read[index][1]
                if said.side is None:
                    said.side, said.weight = "counterpart", _EXPLICIT
            continue
        person = _last(_HOSTED_FIRST_PERSON, clause)
        after_writer = clause if person is None else clause[person.end() :]
        third = (
            _THIRD_PARTY.search(after_writer) is not None
            and not _ALSO.search(clause + statement.group(0))
            and (
                person is None
                # "they told us their mail is…": the writer only the one told
                or _TOLD.search(clause, 0, person.start()) is not None
                # "our suppliers that use your mail": the writer's party, not the writer
                or _THIRD_PARTY.match(after_writer.lstrip(" 的")) is not None
            )
        )
        if not inside and person is not None and not third:
            continue
        if inside and _ALSO.search(folded, read[inside[-1]][0].end, statement.end()):
            # "Our subsidiary b.cn is ALSO hosted with you", "子公司 b.cn（也是你们家的）":
            # hosted too, beside the company the complaint is about: not said to be it.
            continue
        if inside:
            chosen = inside[-1]
            while chosen > 0 and read[chosen][1].joined and not read[chosen - 1][1].neither:
                chosen -= 1  # "a.com 和 b.com 都是你们的用户": every item of the list
            found.extend(said for _mention, said in read[chosen : inside[-1] + 1])
            continue
        after = _HOSTED_NAME_AFTER.match(folded, statement.end() + 1)
        named = [
            said
            for mention, said in read
            if after is not None
            and statement.end() < mention.start <= after.end() + _HOSTED_APPOSITION
            and not said.neither
        ]
        if named:
            found.append(named[0])
            continue
        if not third and not _HOSTED_ANAPHOR.search(after_writer):
            continue
        earlier = [
            (mention, said)
            for mention, said in read
            if max(0, at - _HOSTED_SUBJECT_BACK) <= mention.start < clause_start
            and not said.neither
        ]
        if (
            third
            and earlier
            and _writer_names_itself(folded, earlier[-1][0])
            # a pronoun alone may be the writer's own staff ("they use your webmail"): the
            # party must be named as one between ("our factory … they use your mail")
            and _PARTY_NOUN.search(folded, earlier[-1][0].end, at) is not None
        ):
            # "We are a buyer (b.com) … They use your mail service": the last name said is the
            # writer's own, so the hosted party is one it does not name; the writer is outside.
            if unnamed is not None:
                unnamed.append(earlier[-1][1])
            continue
        if earlier and (person is None or third):
            found.append(earlier[-1][1])
    return found


def _last(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    found = None
    for found in pattern.finditer(text, start, len(text) if end is None else end):  # noqa: B007
        continue
    return found


def _writer_names_itself(folded: str, mention: Mention) -> bool:
    """Whether the clause a name is in opens with the writer's first person ("we are a
    buyer (b.com)", "我们 b.com 是…", "I'm the manager at B (b.com)")."""
    start = mention.start
    low = max(0, start - _LOOK_BEHIND * 2)
    while start > low and not _clause_end_at(folded, start - 1):
        start -= 1
    person = _last(_HOSTED_FIRST_PERSON, folded, start, mention.start)
    # "我们给客户 a.com 发…": a name the first person sends to or calls a party is not its own
    return person is not None and not _SENT_OR_PARTY.search(folded, person.end(), mention.start)


_SENT_OR_PARTY = re.compile(
    r"给|向|往|发|客户|供应商|(?<![a-z])(?:to|client|customer|supplier|partner)(?![a-z])"
)


_PROVIDERS_CUSTOMER = re.compile(
    r"(?<![a-z])our\s+(?:customer|client)s?\s*(?:\(|,)?\s*$|(?:我们的|我司的?)(?:客户|用户)\s*$"
)
# "我们是你们的客户 a.com", "as your customer": the writer is the hosted company itself.
_SELF_HOSTED = re.compile(r"(?:是|作为|身为|(?<![a-z])(?:are|am|as|we're|i'm)\s*)\s*$")
_SELF_HOSTED_BACK = 8


def _file_name(folded: str, mention: Mention, cues: _Cues) -> bool:
    """Whether a bare name is a file: one label before a country code that is also a
    file extension, with a word about files near it ("附件 readme.md", "setup.sh 打不开")."""
    labels = mention.ascii.lower().split(".")
    if len(labels) != 2 or labels[1] not in cues.file_like_tlds:
        return False
    low, high = max(0, mention.start - _FILE_NEAR), min(len(folded), mention.end + _FILE_NEAR)
    return cues.file_words.search(folded, low, high) is not None


_OPENING_SENTENCE = 80  # characters of a note's first sentence read for the caller


def _mark_caller_opening(folded: str, read: list[tuple[Mention, _Said]], cues: _Cues) -> None:
    """ "Caller: Ms Wu, finance, a.com. Says …": a note opening on the caller describes it
    in its first sentence; a name there that nothing else places (no side, no flow) is
    the caller's."""
    opening = cues.caller_opening.match(folded)
    if opening is None:
        return
    end = len(folded)
    for position in range(opening.end(), min(len(folded), opening.end() + _OPENING_SENTENCE)):
        char = folded[position]
        if char in "。\n；;" or (char == "." and folded[position + 1 : position + 2] in (" ", "")):
            end = position
            break
    else:
        end = min(len(folded), opening.end() + _OPENING_SENTENCE)
    for mention, said in read:
        if mention.start >= end:
            break
        if said.side is None and said.flow is None and not said.neither:
            said.side, said.weight = "customer", _EXPLICIT


def _service_host(folded: str, mention: Mention, cues: _Cues) -> bool:
    """Whether a host name is a service the caller uses, not a party to the mail: a
    relay or the target of an MX record ("只能用 smtp.isp.net 发信", "MX 仍指向
    mx.oldhost.cn"; ``service_host_before`` in roles.yaml), or a DNS blocklist's zone
    ("rbl.x.net", RFC 5782: a zone listing IP addresses, queried by receiving servers)."""
    first = mention.ascii.lower().split(".", 1)[0]
    if first in cues.blocklist_labels:
        return True
    before = folded[max(0, mention.start - _SERVICE_BACK) : mention.start]
    if cues.service_host.search(before) is not None:
        return True
    if first in _LOGIN_HOSTS:
        return False
    if cues.previous_server.search(before) is not None:
        return True
    relay = cues.relay_host.search(before)
    if relay is None:
        return False
    return _RELAY_GAP_STOPS.search(relay.group(0)) is None


def _mail_domain(
    customer: str, keys: list[str], read: list[tuple[Mention, _Said]], cues: _Cues, folded: str
) -> str:
    """The customer's mail domain as its mentions write it: a company whose mail lives on
    a subdomain ("ap@sz.hx-8848.com") keeps it, since that is the domain its addresses
    and its hosted mail domain are under; a server's name (mail., smtp., mx.) does not,
    nor does a company whose mentions use several subdomains (then the parent is the
    one they share). When the names differ, the one written in the first person
    ("我们分公司员工地址是 a@bj.x.com … 给总部 b@x.com") is the caller's: the other is
    a second domain of the same organisation (label rule of the blind sets)."""
    names: set[str] = set()
    first_person: set[str] = set()
    for key, (mention, said) in zip(keys, read, strict=True):
        if key != customer or said.neither:
            continue
        name = mention.ascii.lower().rstrip(".")
        if name.split(".", 1)[0] in cues.host_prefixes:
            # "d.wong@mail.x.com.hk" as well as "mail.x.com.hk": the company's mail domain
            # is x.com.hk (label rule of every set: host prefixes are stripped)
            name = name.split(".", 1)[1]
        name = name if name.endswith("." + customer) else customer
        names.add(name)
        if said.side != "counterpart" and _FIRST_PERSON.search(
            _clause_before(folded, mention.start)
        ):
            first_person.add(name)
    if len(names) == 1:
        return names.pop()
    return first_person.pop() if len(first_person) == 1 else customer


# First labels (digits aside) of a sending server's or bulk sender's host ("mta7.x.gr",
# "mailer.x.com", "notify.x.com.cn", "alerts.x.io"): a machine, not a mail domain people
# have addresses under, so the other side is its registrable domain.
_SENDING_HOST_LABELS = frozenset(
    {
        "mta",
        "mailer",
        "mailers",
        "alert",
        "alerts",
        "notify",
        "notification",
        "notifications",
        "notice",
        "notices",
        "noreply",
        "bounce",
        "bounces",
        "news",
        "newsletter",
        "edm",
        "em",
        "marketing",
        "promo",
        "send",
        "sender",
        "out",
        "outbound",
        "relay",
        "mailout",
        "e",
    }
)


def _their_mail_domain(key: str, found: Analysis) -> str:
    """The other side's mail domain as its addresses write it: a company whose people's
    addresses are on one subdomain ("tender@gz.x.com", "chen@fin.x.com") keeps it (label
    rule of the blind sets); a host named bare, a server's or a bulk sender's, does not."""
    cues = _cues()
    name = _mail_domain(key, found.keys, found.read, cues, found.folded)
    if name == key:
        return key
    first = name.split(".", 1)[0].rstrip("0123456789-")
    if first in cues.host_prefixes or first in _SENDING_HOST_LABELS:
        return key
    addresses = all(
        mention.address is not None
        for other, (mention, said) in zip(found.keys, found.read, strict=True)
        if other == key and not said.neither
    )
    # A bare host name ("each invoice from billing.x.io") is a server, not a mail domain.
    return name if addresses else key


def _clause_before(folded: str, start: int) -> str:
    """The clause a mention is in, up to the mention (at most ``_LOOK_BEHIND`` characters)."""
    return _CLAUSE_SPLIT.split(folded[max(0, start - _LOOK_BEHIND) : start])[-1]


_EXCLUDED: dict[tuple[tuple[str, ...], int], frozenset[str]] = {}


def _imitates_provider(name: str, own_domains: Iterable[str], suffixes: Any) -> bool:
    """Whether a domain that is not the provider's carries the provider's name as a word
    of its own ("263-verify.cc", "263xmail-support.com", "mail-263.x.cn" for 263.net and
    263xmail.com): the first label of each of the provider's registrable domains."""
    brands = {
        (registrable(name, suffixes) or name).split(".", 1)[0] for name in own_domains if name
    }
    words = {word for label in name.split(".")[:-1] for word in label.split("-")}
    return bool(brands & words)


def _excluded(own_domains: tuple[str, ...], suffixes: Any) -> frozenset[str]:
    """The registrable forms of the provider's own domains (computed once per profile)."""
    key = (own_domains, id(suffixes))
    found = _EXCLUDED.get(key)
    if found is None:
        found = frozenset(registrable(name, suffixes) or name for name in own_domains)
        if len(_EXCLUDED) > _EXCLUDED_MAX:
            _EXCLUDED.clear()
        _EXCLUDED[key] = found
    return found


def _direction(
    domains: dict[str, _Domain],
    reading: flow.Reading,
    cues: _Cues,
    folded: str = "",
    prior: str = "none",
) -> flow.Direction | None:
    """The way the complained-about mail goes.

    A domain whose side and flow place are both named anchors it (the customer is
    one end of its own mail); the grammar of the complaint decides otherwise; when
    neither does, the problem itself: ``prior`` is the usual direction of the mail of
    the playbook triage ranked first (a spam complaint is about mail received, 4.0.15;
    "发信后对方收不到" about mail sent, 4.0.11; same-domain authentication about the
    customer's own domain, 4.0.28).
    """
    inbound = outbound = 0
    for domain in domains.values():
        side = domain.side()
        if side is None or domain.internal() or (side == "customer" and domain.related):
            continue  # a company of the caller's group may be either end: it anchors nothing
        outbound += domain.senders if side == "customer" else domain.recipients
        inbound += domain.recipients if side == "customer" else domain.senders
    if inbound != outbound:
        return "inbound" if inbound > outbound else "outbound"
    if _OWN_DOMAIN_REJECTION.search(folded) and _lone_company(domains, cues):
        # "mail to head office (@a.com) bounces with 'Access denied'": the provider
        # refuses mail in the customer's own name from outside its servers (4.0.28):
        # the one company is the caller's, not the other end.
        return None
    way = reading.way()
    if way is not None:
        return way
    # Nothing else said: the one the complaint is about, the subject of its verb, is
    # the caller ("财务 a@b 每天收到 c@d 的通知三四遍": the caller receives).
    inbound = sum(domain.subject_recipients for domain in domains.values())
    outbound = sum(domain.subject_senders for domain in domains.values())
    if inbound == outbound and _lone_company(domains, cues):
        lone = next(
            d for k, d in domains.items() if k not in cues.freemail and d.neither < d.mentions
        )
        if lone.pointed_recipients and not lone.senders and not lone.customer:
            return "outbound"  # "Mail to anything @a.com takes 6 hours": the caller sends
        if lone.pointed_senders and not lone.recipients and not lone.customer:
            return "inbound"  # "duplicates of every notice from a.com": the caller gets
        if prior in _WAYS and not lone.customer and bool(lone.senders) != bool(lone.recipients):
            # The lone company is one end of the mail, and the problem says which way it
            # goes: "spam from random addresses like a@b" is mail the caller received, so
            # a@b, its sender, is the other end (4.0.15), not the caller.
            return "inbound" if prior == "inbound" else "outbound"
        # Nothing says which way, and one company is named: a complaint speaks of its
        # own mail ("a@b.com 收不到任何邮件", "给 a@b.com 的空间加到 2G"), so that
        # company is the caller, whichever end of the mail it is.
        return None
    if inbound == outbound:
        # "Mail from a@b arrives three times at c@d": a flow word points at the other end
        # (the caller says "to us", "给我们" of itself); a field label names either end.
        inbound = sum(domain.pointed_senders for domain in domains.values())
        outbound = sum(domain.pointed_recipients for domain in domains.values())
    if inbound == outbound and prior in _WAYS:
        # Nothing in the wording says which way: the problem's usual direction, not the
        # order of mention ("外部来信延迟，发件方 a.com，收件人 b@c": the caller receives).
        return "inbound" if prior == "inbound" else "outbound"
    return "inbound" if inbound > outbound else "outbound"


_WAYS = ("inbound", "outbound")


# The provider's same-domain rejection (4.0.28), not a relay refusal ("Relay access denied").
_OWN_DOMAIN_REJECTION = re.compile(r"(?<!relay )access denied|拒绝本域|同域认证")


def _lone_company(domains: dict[str, _Domain], cues: _Cues) -> bool:
    named = [
        domain
        for key, domain in domains.items()
        if key not in cues.freemail and domain.neither < domain.mentions
    ]
    return len(named) == 1 and not named[0].counterpart


def _resolve(domain: _Domain, way: flow.Direction | None) -> tuple[int, int]:
    """(customer, counterpart) weight of a domain once the direction is known (None: the
    lone company named is the caller's, whichever end it is)."""
    customer, counterpart = domain.customer, domain.counterpart
    if way is None:
        return customer + _BY_DIRECTION, counterpart
    if domain.internal():
        # Both ends at one domain: mail inside the customer's, unless the wording says
        # otherwise (the other side copying a colleague: From and Cc at one domain).
        return customer + _BY_DIRECTION, counterpart
    ours, theirs = (
        (domain.senders, domain.recipients)
        if way == "outbound"
        else (domain.recipients, domain.senders)
    )
    return customer + ours * _BY_DIRECTION, counterpart + theirs * _BY_DIRECTION


def _pick_customer(
    domains: dict[str, _Domain],
    sides: dict[str, tuple[int, int]],
    hosts: set[str],
    cues: _Cues,
) -> str | None:
    """The best-called domain; else a webmail host's; else the one domain nobody called."""
    order = list(domains)
    candidates = [
        key
        for key in order
        if key not in cues.freemail and domains[key].neither < domains[key].mentions
    ]
    called = [key for key in candidates if sides[key][0] and sides[key][0] >= sides[key][1]]
    # A company of the caller's group ("德国总部 a@b.de") is not the caller when another
    # domain is called the caller's.
    called = [key for key in called if not domains[key].related] or called
    if called:
        # At equal weight the one the wording itself calls the customer's more wins over
        # one made so by the direction of the mail; then the first named.
        return max(
            called,
            key=lambda key: (
                sides[key][0] - sides[key][1],
                domains[key].customer,
                -order.index(key),
            ),
        )
    named_hosts = [key for key in candidates if key in hosts and sides[key][1] == 0]
    if named_hosts:
        return named_hosts[0]
    # The one domain nobody called anything, when every other is called the other side's.
    uncued = [key for key in candidates if domains[key].uncued()]
    others_theirs = all(sides[key][1] > sides[key][0] for key in candidates if key not in uncued)
    if len(uncued) == 1 and others_theirs:
        return uncued[0]
    # Exactly one customer: the complaint is someone's, and when the wording calls every
    # other company the other side's ("给供应商 a@b 发了…，发件地址 c@d"), the one company
    # it calls nobody's is the caller's, whatever end of the mail the grammar made it.
    unnamed = [
        key for key in candidates if not domains[key].customer and not domains[key].counterpart
    ]
    named_theirs = [key for key in candidates if domains[key].counterpart > domains[key].customer]
    if len(unnamed) == 1 and named_theirs and len(unnamed) + len(named_theirs) == len(candidates):
        return unnamed[0]
    return None


def _is_counterpart(
    key: str,
    domain: _Domain,
    side: tuple[int, int],
    customer: str | None,
    cues: _Cues,
    customer_weight: int = 0,
) -> bool:
    if domain.neither == domain.mentions:
        return False
    if (
        domain.related_apart
        and customer is not None
        and domain.customer < 2 * _EXPLICIT
        and (side[1] > 0 or customer_weight >= 2 * _EXPLICIT)
    ):
        # "our parent company (a@b) can't reach us at c@d": the caller is c.d; a company
        # of its group at another domain is the other end.
        return True
    # A domain called the customer's outright is not the other side's, even when it is
    # not the one chosen ("把 a.com 换到 b.com").
    if domain.customer >= _EXPLICIT and domain.customer >= domain.counterpart:
        return False
    if side[1] > side[0]:
        return True
    if customer is None:
        return False
    # The customer is one end of the mail it complains about: once its domain is known,
    # a sender or recipient at another domain is the other end, and so is any other
    # company named; so is a free mail service nobody's wording gives to the caller
    # ("applicants using outlook.com addresses" when the caller's company is known: a
    # caller's own free mail is said to be its own: "我用自己的 163 邮箱").
    if key in cues.freemail and domain.customer < _EXPLICIT and not domain.neither:
        # "家长的邮箱是 @sohu.com 的": a mailbox nobody is named for is the caller's only by
        # default, and a caller says its own free mail is its own ("我自己的 163 邮箱").
        return True
    return bool(domain.senders or domain.recipients) or domain.uncued()


def _key(ascii_name: str, cues: _Cues, suffixes: Any) -> str | None:
    """What mentions are grouped by: the registrable domain, or a free mail service's own name
    ("vip.163.com" is a service of its own, not 163.com)."""
    labels = ascii_name.lower().split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in cues.freemail:
            return candidate
    return registrable(ascii_name, suffixes)
