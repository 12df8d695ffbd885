"""Which way the mail a complaint is about goes, and the roles that mail's own structure gives.

Whose a sender or a recipient is depends on the direction of the problem: when
the customer's mail does not get out, the sender is the customer; when mail to
the customer does not arrive, the sender is the other side. The direction is
read from the grammar of the complaint (``flow.yaml`` holds the words):

- who lacks the mail: "收不到", "we never got" with the first person or no subject
  (Chinese drops "I") is mail *to* the customer; "对方没收到", "they never got" is
  mail *from* it (:func:`postdesk.triage.segment.directions`, the ranker's own
  reading);
- who sends: "我们发", "we sent", "our emails" is the customer sending; "发来",
  "给我们发", "sent us", "writing to us" is the other side sending;
- a bounce comes back to whoever sent the mail (RFC 5321 §4.5.5, RFC 3464), so a
  customer who pastes a bounce is the sender, unless the text says the other side
  got it ("对方收到退信", "their NDR", "they got a bounce").

Mail structure names roles without any wording:

- a header field names its addresses (RFC 5322 §3.6: From, Sender, Reply-To are
  the originator; To, Cc, Bcc the destination; RFC 5321 Return-Path and MAIL FROM
  the envelope sender, RCPT TO the recipient; Delivered-To and X-Original-To the
  mailbox a copy went to; RFC 3464 Final-Recipient and Original-Recipient the
  recipient a DSN reports on), and "Received: from <host>" the sending server;
- a DSN's human-readable part lists the failed recipients under a heading
  ("Delivery to the following recipient failed:", "The following recipient(s)
  cannot be reached:", "收件人："), one address per line, or as
  "<address>: <reason>"; the server that refused is "host <name> said" or
  "while talking to <name>".

Every look is bounded (a line, a clause, a fixed number of lines back), so the
work stays linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from postdesk.yamlio import load_yaml

Flow = Literal["sender", "recipient"]
Direction = Literal["inbound", "outbound"]

# A list item's heading is looked for this many lines back at most.
_HEADING_LINES_BACK = 4
_HEADING_CHARS_BACK = 400
# A verb's subject is looked for this far back in its clause; its object this far ahead.
_SUBJECT_BACK = 24
_SUBJECT_BACK_EN = 48  # English subjects stand further back ("a customer of ours tried to …")
_OBJECT_AHEAD = 24
_CLAUSE_ENDS = frozenset("。；;！!？?，,\n")
# Words that make the person after them the verb's object or recipient.
_OBJECT_MARKS = ("给", "向", "往", "发给", "to", "from", "跟", "和")
# A Chinese object may carry a short modifier between the mark and the person ("给韩国客户").
_ZH_OBJECT_MARKS = ("给", "向", "往")
_MODIFIED_OBJECT = 6
# A mail's From field on a line of its own, as mail programs show it in English and in
# Chinese (发件人：, Foxmail and Outlook's Chinese header block of a forwarded mail).
_FROM_LINE = re.compile(r"^[ \t>]*(?:from|sender|发件人|发信人)\s*[:：]", re.MULTILINE)
# Part of an address or domain name.
_NAME = re.compile(r"@|[a-z0-9-]\.[a-z]{2,}")
# A header field's addresses are read this far after its name.
_FIELD_VALUE_MAX = 160
# A name owning the mail a sentence is about ("a@b.com 的邮件"): a topic, not a subject.
_TOPIC = re.compile(r"[a-z0-9][a-z0-9.@_+-]{0,80}[ \t]*的[ \t]*(?:邮件|来信|信|通知)")
# Chinese words outside a quoted display name: prose, not a header field's value.
_QUOTED = re.compile(r'"[^"\n]*"')
_PROSE = re.compile(r"[\u3400-\u9fff]{2}")


@dataclass(frozen=True)
class _FlowWords:
    # Header field names (casefolded, without the colon) and their role.
    fields: dict[str, Flow]
    field_line: re.Pattern[str]
    field_inline: re.Pattern[str]
    received_from: str
    received_by: str
    other_side_copy: re.Pattern[str]
    heading_recipient: tuple[str, ...]
    heading_sender: tuple[str, ...]
    list_item: re.Pattern[str]
    server: re.Pattern[str]
    # Every inbound and outbound word, longest first, in one alternation: matched without
    # overlaps, so "emails to us" counts as the inbound phrase it is, not also as "emails to".
    direction_words: re.Pattern[str]
    inbound: frozenset[str]
    bounce: re.Pattern[str]
    trace: re.Pattern[str]
    verbs: re.Pattern[str]
    send_verb: re.Pattern[str]
    bounce_object: re.Pattern[str]
    bounce_before: re.Pattern[str]
    pointing_object: re.Pattern[str]
    persons: re.Pattern[str]
    mutual: re.Pattern[str]
    agent_persons: re.Pattern[str]
    passed_on: re.Pattern[str]
    getting: frozenset[str]
    bounce_owners: frozenset[str]
    forwarded_bounce: re.Pattern[str]
    agent_forwarded_bounce: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(str(w).casefold()) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _words() -> _FlowWords:
    raw = load_yaml(
        resources.files("postdesk.triage").joinpath("flow.yaml").read_text(encoding="utf-8")
    )
    fields: dict[str, Flow] = {}
    for name in raw["sender_fields"]:
        fields[str(name).casefold()] = "sender"
    for name in raw["recipient_fields"]:
        fields[str(name).casefold()] = "recipient"
    send = _alternation(raw["send_verbs"])
    receive = _alternation(raw["receive_verbs"])
    first, other = raw["first_person"], raw["other_persons"]
    agent_first = [*first, *raw["customer_in_agent_note"]]
    agent_other = [word for word in other if word not in raw["customer_in_agent_note"]]
    return _FlowWords(
        fields=fields,
        # "To: a@b", "Final-Recipient: rfc822; a@b", "> RCPT To:<a@b>", "收件人：a@b".
        field_line=re.compile(rf"^[\s>*\-]*(?:<<<|>>>)?\s*({_alternation(list(fields))})\s*[:：]"),
        field_inline=re.compile(
            rf"(?:(?<=[\s，,；;。])|^)({_alternation([f for f in fields if f.isascii()])})\s*:"
        ),
        received_from=str(raw["received_from"]),
        received_by=str(raw["received_by"]),
        other_side_copy=re.compile(_alternation(raw["other_side_copy"])),
        heading_recipient=tuple(str(w).casefold() for w in raw["recipient_headings"]),
        heading_sender=tuple(str(w).casefold() for w in raw["sender_headings"]),
        # A line holding one address and what a DSN puts around it.
        list_item=re.compile(r"^[\s\-*•·>'\"“”<(（]*$"),
        server=re.compile(rf"(?:{_alternation(raw['server_before'])})\s*$"),
        direction_words=re.compile(_bounded(_alternation([*raw["inbound"], *raw["outbound"]]))),
        inbound=frozenset(str(w).casefold() for w in raw["inbound"]),
        bounce=re.compile(_alternation(raw["bounce"])),
        trace=re.compile(
            rf"(?:^|[\s，,；;：:])(?:{_alternation(raw['trace_fields'])})\s*:", re.MULTILINE
        ),
        verbs=re.compile(_bounded(f"{send}|{receive}")),
        send_verb=re.compile(_bounded(send)),
        bounce_object=re.compile(rf"[^,.;!?，。；！？\n]{{0,8}}?(?:{_alternation(raw['bounce'])})"),
        pointing_object=re.compile(rf"\s*了?\s*(?:{_alternation(raw['pointing_objects'])})"),
        bounce_before=re.compile(
            rf"(?:{_alternation(raw['bounce'])})[^,.;!?，。；！？\n:：]{{0,20}}$"
        ),
        persons=_persons(first, other, raw["not_persons"], raw["quantifiers"]),
        mutual=re.compile(_alternation(raw["mutual"])),
        agent_persons=_persons(agent_first, agent_other, raw["not_persons"], raw["quantifiers"]),
        getting=frozenset(str(w).casefold() for w in raw["getting"]),
        bounce_owners=frozenset(str(w).casefold() for w in raw["bounce_owners"]),
        passed_on=re.compile(rf"\s*的?\s*(?:{_alternation(raw['reports'])})"),
        forwarded_bounce=_forwarded_bounce(other, raw["bounce"]),
        agent_forwarded_bounce=_forwarded_bounce(agent_other, raw["bounce"]),
    )


def _forwarded_bounce(others: list[str], bounce: list[str]) -> re.Pattern[str]:
    """ "海外客户转过来的退信", "the partner forwarded us their bounce": a bounce the other
    side got and passed on; it goes back to the sender (RFC 3464), so the other side sent."""
    return re.compile(
        rf"(?<![a-z])(?:{_alternation(others)})[^，。,;；!?！？\n]{{0,8}}?"
        r"(?:转发?(?:过来|来|给我们|给我|给我司)的|forwarded\s+(?:us|me)\s+(?:the|their|his|her|a)\s+)"
        rf"(?:{_alternation(bounce)})"
    )


def _bounded(alternation: str) -> str:
    """ASCII words stand alone ("sent" is not in "consent"); Chinese ones need no boundary."""
    return rf"(?<![a-z])(?:{alternation})(?![a-z])"


def _persons(
    first: list[str], other: list[str], none: list[str], counted: list[str]
) -> re.Pattern[str]:
    return re.compile(
        _bounded(
            f"(?P<none>{_alternation(none)})|(?P<first>{_alternation(first)})"
            f"|(?P<other>{_alternation(other)})|(?P<counted>{_alternation(counted)})"
        )
    )


def field_role(line_before: str) -> Flow | None:
    """The role a header field at the start of a line gives the addresses after it."""
    words = _words()
    match = words.field_line.match(line_before)
    if match is None:
        # A field quoted inside a sentence ("还有 From: a@b，To: c@d"): the last one.
        for inline in words.field_inline.finditer(line_before):
            match = inline
    if match is None:
        stripped = line_before.rstrip()
        if stripped.endswith(words.received_from):
            return "sender"
        if stripped.endswith(words.received_by) and stripped.lstrip(" \t>").startswith(
            words.received_from
        ):
            return "recipient"  # "Received: from x by <host>": the host that received it
        return None
    # A field's value is a list of addresses; a Chinese clause end after the colon
    # means prose goes on ("From: a@b.com 的通知邮件我们收不到，公司邮箱 c@d.cn").
    value = _QUOTED.sub("", line_before[match.end() :])
    if len(value) > _FIELD_VALUE_MAX or _PROSE.search(value):
        return None
    return words.fields[match.group(1)]


_DSN_HEADER = re.compile(
    r"^[ \t>]*(?:return-path:\s*<>|(?:from|发件人|发信人)\s*[:：][^\n]{0,60}"
    r"(?:mailer-daemon|mail delivery|postmaster))",
    re.MULTILINE,
)
# To: as mail programs show it in English and Chinese (收件人：).
_TO_FIELD = re.compile(r"^[\s>*\-]*(?:to|收件人)\s*[:：]")


def is_dsn(folded: str) -> bool:
    """Whether the text holds the header of a DSN (``Return-Path: <>``, From MAILER-DAEMON)."""
    return _DSN_HEADER.search(folded) is not None


def mentions_bounce(folded: str) -> bool:
    """Whether the text holds or speaks of a bounce (退信, "bounced", a DSN's wording)."""
    return _words().bounce.search(folded) is not None or is_dsn(folded)


def is_to_field(line_before: str) -> bool:
    return _TO_FIELD.match(line_before) is not None


def server_role(text_before: str) -> Flow | None:
    """ "host mx.b.com said", "while talking to mx.b.com": the receiving side's server."""
    return "recipient" if _words().server.search(text_before[-24:]) else None


def list_role(folded: str, line_start: int, line_before: str) -> Flow | None:
    """The role of an address alone on its line, from the heading of its list.

    ``line_before`` is the line up to the address; ``line_start`` where it starts.
    """
    words = _words()
    if not words.list_item.match(line_before) or line_start == 0:
        return None
    low = max(0, line_start - _HEADING_CHARS_BACK)
    lines = folded[low : line_start - 1].split("\n")[-_HEADING_LINES_BACK:]
    for line in reversed(lines):
        heading = line.strip()
        if not heading:
            continue
        if any(word in heading for word in words.heading_recipient):
            return "recipient"
        if any(word in heading for word in words.heading_sender):
            return "sender"
        if heading.endswith((":", "：")):
            return None  # a heading of another kind
    return None


@dataclass(frozen=True)
class Reading:
    """What the wording says about the direction: votes for each way."""

    inbound: int
    outbound: int

    def way(self) -> Direction | None:
        if self.inbound > self.outbound:
            return "inbound"
        if self.outbound > self.inbound:
            return "outbound"
        return None


def read(folded: str, agent_note: bool = False) -> Reading:
    """Votes for mail to the customer (inbound) and from it (outbound); ``folded`` is casefolded.

    ``agent_note``: an agent wrote the text, so 客户/用户/customer (and he/she) is the
    customer, the first person of the complaint.
    """
    words = _words()
    votes = {"inbound": 0, "outbound": 0}
    phrases: list[tuple[int, int]] = []
    # A DSN's own header (Return-Path: <>, From: MAILER-DAEMON) is a bounce whatever
    # its wording (RFC 3464).
    bounced = words.bounce.search(folded) is not None or is_dsn(folded)
    for match in words.direction_words.finditer(folded):
        phrases.append(match.span())
        if words.passed_on.match(folded, match.end()):
            # "同事发来的退信", "客户发来的截图": a report handed on to the reader; the
            # report itself says which way the mail went.
            continue
        way = "inbound" if match.group(0) in words.inbound else "outbound"
        if way == "inbound" and bounced and match.group(0) in words.getting:
            after = folded[match.end() : match.end() + _OBJECT_AHEAD]
            before = folded[max(0, match.start() - _OBJECT_AHEAD) : match.start()]
            if (
                words.bounce_object.match(after)
                or words.pointing_object.match(after)
                or words.bounce_before.search(before)
            ):
                # "we get this from your server: <bounce>", "the bounce we got": we sent
                way = "outbound"
        # Who got a bounce sent the mail (RFC 3464): the strongest word of direction.
        votes[way] += 2 if match.group(0) in words.bounce_owners else 1
    persons = words.agent_persons if agent_note else words.persons
    phrase_index = 0
    for match in words.verbs.finditer(folded):
        # A verb inside a phrase already counted ("发给我们") is not counted again.
        while phrase_index < len(phrases) and phrases[phrase_index][1] <= match.start():
            phrase_index += 1
        if phrase_index < len(phrases) and phrases[phrase_index][0] < match.end():
            continue
        verb = match.group(0)
        kind = "send" if words.send_verb.fullmatch(verb) else "receive"
        after = folded[match.end() : match.end() + _OBJECT_AHEAD]
        before = folded[max(0, match.start() - _OBJECT_AHEAD) : match.start()]
        pointed = bounced and words.pointing_object.match(after) is not None
        if kind == "receive" and (
            words.bounce_object.match(after) or words.bounce_before.search(before) or pointed
        ):
            # Who gets a bounce sent the mail (RFC 3464: DSNs go to the sender); the bounce
            # may come first ("the bounce my colleague got", "退信我收到了").
            kind = "send"
        first = _subject_is_first_person(folded, match.start(), persons, verb.isascii())
        if first is None:
            continue
        customer_sends = first == (kind == "send")
        votes["outbound" if customer_sends else "inbound"] += 1
    forwarded = words.agent_forwarded_bounce if agent_note else words.forwarded_bounce
    if forwarded.search(folded) is not None:
        votes["inbound"] += 2  # the other side got the bounce: it sent (like "their NDR")
    copy = words.other_side_copy.search(folded)
    if copy is not None:
        votes["outbound"] += 2  # headers of the other side's copy: the customer sent
    if bounced and not votes["inbound"] and not votes["outbound"]:
        votes["outbound"] += 1  # a pasted bounce, nothing else said: the customer sent
    elif not bounced and copy is None and words.trace.search(folded):
        votes["inbound"] += 1  # headers of a message delivered to the one who pastes them
    elif not bounced and not votes["inbound"] and not votes["outbound"]:
        # Nothing else said, a header block pasted: headers are read on a message one got.
        votes["inbound"] += _FROM_LINE.search(folded) is not None
    return Reading(votes["inbound"], votes["outbound"])


def subject_role(after: str) -> Flow | None:
    """The role of a mention that is the subject of the first verb in ``after`` (the rest
    of its clause): "a@b.com 每天收到…" receives, "a@b.com 上午发了…" sends; one who gets
    a bounce or a receipt sent the mail. None when a person stands between them."""
    words = _words()
    match = words.verbs.search(after)
    if match is None:
        return None
    for person in words.persons.finditer(after, 0, match.start()):
        if person.lastgroup in ("first", "other"):
            return None
    if words.mutual.search(after, 0, match.start()):
        return None  # "a.com 和 b.com 之间互相发邮件": both ways
    if words.send_verb.fullmatch(match.group(0)):
        return "sender"
    if words.bounce_object.match(after, match.end(), match.end() + _OBJECT_AHEAD):
        return "sender"
    return "recipient"


def _subject_is_first_person(
    folded: str, verb_start: int, persons: re.Pattern[str], english: bool
) -> bool | None:
    """Whether the subject of the verb at ``verb_start`` is the customer (first person).

    The nearest person before the verb in its clause, skipping one that is the
    verb's object ("我们给对方发": 对方 follows given 给). None named: the first person in
    Chinese, which drops "I" ("收不到邮件"); unknown in English, where a verb without
    its own subject belongs to another clause's ("… when writing to x@y").
    """
    low = max(0, verb_start - (_SUBJECT_BACK_EN if english else _SUBJECT_BACK))
    window = folded[low:verb_start]
    for position in range(len(window) - 1, -1, -1):
        if window[position] in _CLAUSE_ENDS:
            window = window[position + 1 :]
            break
    subject: bool | None = None if english else True
    last_end = 0
    for match in persons.finditer(window):
        if match.lastgroup == "none":
            continue
        lead = window[max(last_end, match.start() - _MODIFIED_OBJECT) : match.start()]
        if lead.rstrip().endswith(_OBJECT_MARKS) or any(mark in lead for mark in _ZH_OBJECT_MARKS):
            if match.lastgroup == "first":
                subject = False  # "银行说给我们财务发的": mail sent to us is sent by another
            continue
        subject = match.lastgroup == "first"
        last_end = match.end()
    # "发件人 a@b.com 的邮件重复收到": a name owning the mail is part of the topic ("the
    # mail of a@b"), not the subject; the one who gets it is left unsaid (the caller).
    rest = _TOPIC.sub("", window[last_end:]) if "的" in window else window[last_end:]
    if _NAME.search(rest):
        return None  # an address or domain is the subject ("我们收到 a@b.com 发的邮件")
    return subject
