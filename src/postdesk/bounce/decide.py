"""Decide one record's reason: which evidence counts, in which order.

The evidence, strongest first:

1. What the format itself says: a parser's own verdict (an ARF report is
   ``feedback``, RFC 3834 ``vacation``), a delivery (Action delivered or a
   2.x.x status), a provider's documented code (:mod:`postdesk.bounce.rhost`),
   a local program's exit status (Diagnostic-Code type X-Unix).
2. A decisive status code (:data:`postdesk.bounce.status.DECISIVE`).
3. Specific wording (:mod:`postdesk.bounce.reasons`): the longest phrase
   found wins, one that agrees with the status first.
4. A specific status code (:data:`postdesk.bounce.status.SPECIFIC`).
5. Generic wording ("quota", "policy"): short phrases many causes share
   never outrank the status or precise wording. Before them a refusal before
   any address was sent is ``blocked`` when the reply says anything; a bare
   code ("421" alone) names no cause, and the queue's state decides (7, 8).
6. A refusal at MAIL FROM that no wording placed is about the sender
   (``rejected``; RFC 5321 section 3.3, and the taxonomy's definition); else
   what the status's subject means (X.6 content, X.7 security, X.N.0; a
   detail past the registry's read by its subject), or a
   reply code that RFC 5321, RFC 4954 or RFC 7504 tie to one cause (500-504
   and 555 syntax, 530 and 535 authentication, 556 a domain that takes no mail).
7. The queue's own summary ("in the queue too long", "will be retried") or
   its X.4.7: ``expired`` only when nothing more specific is known; so is a
   failure over a transient (4xx) reply that nothing else explains.
8. The reporting MTA's own documented classification (PowerMTA's bounce
   category); the report's Action (delayed: ``expired``) and a refusal before any
   address was sent (``blocked``); then ``onhold`` when the bounce says
   something no rule places, ``undefined`` when it says nothing.

Steps 2-5 are tried on the last underlying remote reply first, then on the
whole text (:func:`postdesk.bounce.replies.last_reply`): a relay's or a
queue's wrapper never outranks the reply it wraps.

Whatever the words, the context can change what they mean (:func:`in_context`):
"user unknown" is an unknown address only with an addressing status (X.1.0,
X.1.1, X.1.3) or a refusal at RCPT; after DATA, with no command known, under
X.7.1, X.2.x, X.0.0 or no code it is the recipient's filter (``filtered``);
at MAIL every recipient-side reason is about the sender (``rejected``, RFC
5321 section 3.3); before any address it is about the client (``blocked``).
Words about the message (policy, content, virus, format) decide nothing in a
reply given before DATA: the server had not seen the message (RFC 5321 3.3).
"""

from __future__ import annotations

from postdesk.bounce import reasons, status
from postdesk.bounce.codes import find_replycode, find_status
from postdesk.bounce.phrases import Hit, fold
from postdesk.bounce.replies import last_reply
from postdesk.bounce.result import Recipient
from postdesk.bounce.rhost import reason_for

# Refusals before any address was sent: the client itself was refused.
_BEFORE_ADDRESS = frozenset({"CONN", "HELO", "EHLO", "STARTTLS"})
# Reasons about the recipient side, which a refusal at MAIL FROM cannot mean.
_ABOUT_RECIPIENT = frozenset({"userunknown", "hostunknown", "filtered", "suspend"})
# Reasons about the message itself: its content, attachments or format. RFC 5321 3.3: the
# message is sent only after DATA; a reply to the greeting, EHLO, MAIL or RCPT was given
# before the server saw it, so such words there are about the envelope or the client
# ("Recipient address rejected: Policy violation"), and the status decides.
# The taxonomy's spamdetected and filtered modules say the same of their words (Sisimai v5
# reason/why-spamdetected.go, why-filtered.go: not at CONN, EHLO, HELO, MAIL or RCPT, "because
# all the MTAs read the headers and the entire message body after the DATA command").
_ABOUT_MESSAGE = frozenset(
    {
        "policyviolation",
        "contenterror",
        "virusdetected",
        "notcompliantrfc",
        "spamdetected",
        "filtered",
    }
)
_BEFORE_DATA = frozenset({"CONN", "HELO", "EHLO", "STARTTLS", "MAIL", "RCPT"})
# Of those, the reasons whose texts the taxonomy's fallback (reason/find.go anotherone, its
# second class order) still reads before DATA, when nothing else decided: its policyviolation,
# virusdetected and contenterror modules set no stage, and its spamdetected text is read again
# there without one.
_ANY_STAGE_LATE = frozenset({"policyviolation", "virusdetected", "spamdetected", "contenterror"})
# The reasons whose own texts an addressing status (X.1.1) does not outrank: the
# taxonomy's userunknown module (Sisimai v5 reason/why-userunknown.go, "taxonomy-index")
# checks these reasons' texts before it lets X.1.1 decide.
_OUTRANK_ADDRESS_CODE = frozenset(
    {"norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept"}
)
# RFC 5321 4.3.2: 551 and 553 answer MAIL or RCPT, never DATA; with words about a
# recipient they answered RCPT.
_RCPT_ONLY_REPLIES = frozenset({"551", "553"})
# Reasons a status code names that do not make agreeing wording win: the taxonomy
# (Sisimai v5 reason/find.go, anotherone, and reason/lib.go GetRetried) reads these from a status
# only when no reason's text is found, so their own wording outranks nothing ("Deferred:
# Connection refused by ..." under Sendmail's 4.4.7 is the taxonomy's blocked, not expired).
# userunknown and hostunknown are left out: their own modules read the status first.
_STATUS_YIELDS = frozenset({"expired", "networkerror", "systemerror", "securityerror"})
# A reporting MTA's own documented classification (Recipient.hint), read when no wording, no
# status and no stage decides. PowerMTA's User's Guide ("Bounce categories") describes each
# category its X-PowerMTA-BounceCategory field carries; only those whose description names
# one cause are read: "bad-mailbox: messages rejected due to bad, invalid, or non-existent
# recipient addresses", "bad-domain: ... invalid or non-existing domains", "inactive-mailbox:
# ... expired, inactive, or disabled recipient addresses", "quota-issues: ... mailbox quota
# issues", "message-expired: ... not being delivered before the bounce-after", "virus-related",
# "relaying-issues: ... remote mail server relaying issues", "invalid-sender: ... invalid DNS
# or MX entry for sending domain", "protocol-errors: ... SMTP protocol syntax or sequence
# errors". "spam-related" (its patterns take "blocked" and RBL listings as well as content),
# "policy-related", "content-related", "routing-errors", "bad-connection",
# "bad-configuration", "no-answer-from-host" and "other" name several causes: not read.
_HINT_REASONS = {
    "powermta:bad-mailbox": "userunknown",
    "powermta:bad-domain": "hostunknown",
    "powermta:inactive-mailbox": "suspend",
    "powermta:quota-issues": "mailboxfull",
    "powermta:message-expired": "expired",
    "powermta:virus-related": "virusdetected",
    "powermta:relaying-issues": "norelaying",
    "powermta:invalid-sender": "rejected",
    "powermta:protocol-errors": "syntaxerror",
}
# RFC 5321 4.2.3 and RFC 4954 6: reply codes that name one cause.
_REPLY_CODE_REASONS = {
    "500": "syntaxerror",
    "501": "syntaxerror",
    "502": "syntaxerror",
    "503": "syntaxerror",
    "504": "syntaxerror",
    # RFC 5321 4.2.3 (from RFC 1869's SMTP extensions): "555 MAIL FROM/RCPT TO parameters
    # not recognized or not implemented", the same refusal as 504's for an ESMTP parameter
    "555": "syntaxerror",
    "530": "securityerror",
    "535": "securityerror",
    "556": "notaccept",  # RFC 7504: the domain does not accept mail
    # RFC 7504 section 3: "521 Host does not accept mail"; the taxonomy's notaccept module
    # reads 521 and 556 so ("taxonomy-index")
    "521": "notaccept",
    # RFC 4954 section 6: "538 5.7.11 Encryption required for requested authentication
    # mechanism": the session needed TLS; the taxonomy's failedstarttls module reads 538 so
    "538": "failedstarttls",
    # The IANA registry gives X.7.13 "User Account Disabled" the basic code 525; the
    # taxonomy's suspend module reads a 525 reply so
    "525": "suspend",
}


def in_context(
    reason: str, record: Recipient, *, context: bool = True, definite: bool = False
) -> str:
    """What ``reason`` (read from words or a code) means given the command and status.

    ``definite`` marks wording only a recipient directory gives; ``context`` is
    false for a single line pasted on its own (``explain``), where with no
    command and no code "user unknown" is taken at its word.
    """
    command = record.command
    if reason in _ABOUT_RECIPIENT and command == "MAIL":
        return "rejected"
    if reason in ("userunknown", "hostunknown", "filtered", "rejected", "norelaying") and (
        command in _BEFORE_ADDRESS
    ):
        # (norelaying too: no recipient was named yet, so nothing was relayed; the
        # taxonomy's norelaying module does not read its words at CONN, EHLO or HELO)
        # RFC 5321 3.1 and 4.1.1.1: before MAIL and RCPT nothing about a sender or a
        # recipient was sent, so "host not found" then is about the client's own name
        # (Postfix reject_unknown_helo_hostname: "Helo command rejected: Host not found").
        return "blocked"
    if reason == "userunknown" and not (definite or _address_unknown(record, context)):
        return "filtered"
    if reason == "hostunknown" and (record.status[:1] == "4" or record.replycode[:1] == "4"):
        return "networkerror"  # a temporary DNS failure, not a missing domain
    return reason


def _address_unknown(record: Recipient, context: bool) -> bool:
    """Whether "user unknown" words here mean the address is unknown.

    Yes with an addressing status (X.1.0, X.1.1, X.1.3) or at RCPT; and when
    no SMTP reply is quoted at all (no reply code, no status, no remote host,
    no command): then the words are the reporting system's own directory
    answer (a local delivery), not a relay passing on a filter's verdict.
    """
    if status.lookup(record.status, status.ADDRESS_UNKNOWN) or record.command == "RCPT":
        return True
    if not record.command and record.replycode in _RCPT_ONLY_REPLIES:
        return True
    quoted = record.replycode or record.status or record.rhost or record.command
    return not quoted or (not context and not record.status and not record.command)


def _best(hits: list[Hit], agreeing: str) -> Hit:
    """The most specific hit; one agreeing with the status comes first."""
    return max(
        hits,
        key=lambda hit: (
            hit.owner == agreeing,
            hit.phrase.weight,
            -reasons.RANK.get(hit.owner, len(reasons.ORDER)),
        ),
    )


def _judged(best: Hit, hits: list[Hit], record: Recipient, context: bool) -> str:
    """The best hit's reason in context; definite if any wording of that reason is."""
    definite = any(hit.phrase.definite for hit in hits if hit.owner == best.owner)
    return in_context(best.owner, record, context=context, definite=definite)


def _from_words_and_code(text: str, record: Recipient, context: bool) -> tuple[str, list[Hit]]:
    """Steps 2-5 on ``text``: the reason, and every phrase found (for the later steps)."""
    code = record.status
    by_code = status.reason_of(code)
    if code[1:] == ".4.7" and record.replycode:
        # RFC 3463 X.4.7 "Delivery time expired": "If possible, the code for the actual
        # problem found when delivery was attempted should be returned rather than this
        # code". With a remote reply quoted (Sendmail's Status 4.4.7 over "Deferred: 421
        # ..."), the reply decides; the queue's code is only its summary.
        by_code = ""
    if by_code and status.is_decisive(code):
        if by_code != "hostunknown" or not _says(text, "networkerror"):
            return in_context(by_code, record, context=context), []
        # The taxonomy's hostunknown module: X.1.2 decides "to prevent classifying DNS
        # errors as hostunknown" only when no network-error text is there; the words decide.
        by_code = ""
    hits = reasons.index().hits(fold(text))
    late: list[Hit] = []
    if record.command in _BEFORE_DATA:
        late = [
            hit
            for hit in hits
            if hit.owner in _ANY_STAGE_LATE and not hit.phrase.generic and not hit.phrase.wrapper
        ]
        hits = [hit for hit in hits if hit.owner not in _ABOUT_MESSAGE]
    specific = [h for h in hits if not h.phrase.generic and not h.phrase.wrapper]
    sender_words = record.command == "MAIL" and any(h.owner == "rejected" for h in hits)
    if late and not specific and not sender_words and (not by_code or by_code in _STATUS_YIELDS):
        # (At MAIL the taxonomy's rejected module, earlier in its order, reads its own words
        # about the sender first.)
        # The taxonomy's fallback (find.go anotherone) reads these reasons' texts at any stage
        # once no module of its first pass decided and the status names nothing or only a
        # reason it retries: "550 Denied by policy" at RCPT is its policyviolation.
        return _judged(_best(late, ""), late, record, context), hits
    if by_code == "userunknown" and any(h.owner in _OUTRANK_ADDRESS_CODE for h in specific):
        # The taxonomy's userunknown module: an X.1.1 status is not an unknown address
        # when the text is one of these reasons' own (a block, a full mailbox, a sender
        # refusal ...): the status does not make their wording yield.
        by_code = ""
    if specific:
        agreeing = "" if by_code in _STATUS_YIELDS else by_code
        return _judged(_best(specific, agreeing), specific, record, context), hits
    if by_code:
        return in_context(by_code, record, context=context), hits
    if record.command in _BEFORE_ADDRESS and has_words(text):
        # The stage says more than generic words; a bare code ("421" and nothing else, as
        # Sendmail records a greeting it got no text with) says nothing of who was refused.
        return "blocked", hits
    generic = [h for h in hits if h.phrase.generic]
    if generic:
        return _judged(_best(generic, by_code), generic, record, context), hits
    return "", hits


def _fallback(record: Recipient, hits: list[Hit], context: bool) -> str:
    """Steps 6-8: the status's subject, a telling reply code, the queue's summary, the action."""
    if record.command == "MAIL":
        return "rejected"  # refused at MAIL FROM, no word about anything else: the sender
    by_subject = status.fallback_of(record.status) or _REPLY_CODE_REASONS.get(record.replycode, "")
    if by_subject:
        return in_context(by_subject, record, context=context)
    hinted = _HINT_REASONS.get(record.hint, "")
    if hinted:
        return in_context(hinted, record, context=context)
    if (
        any(hit.phrase.wrapper for hit in hits)
        or record.action in ("delayed", "expired")
        or status.key(record.status) == "X.4.7"
    ):
        return "expired"
    if record.command in _BEFORE_ADDRESS and has_words(record.diagnostic):
        return "blocked"
    if context and (record.replycode[:1] == "4" or record.status[:1] == "4"):
        # A failure report over a transient reply (RFC 5321 4.2.1: "the error condition is
        # temporary, and the action may be requested again") that nothing else explains:
        # the client retried until it gave up (RFC 5321 4.5.4.1), so what is known is that
        # the delivery time ran out (RFC 3463 X.4.7). A line pasted on its own is no report.
        return "expired"
    said = record.diagnostic.lower().replace(record.address, "").strip(" *<>.:,;-")
    return "onhold" if said else "undefined"


def decide(record: Recipient, *, context: bool = True) -> str:
    """The reason of ``record`` (its own ``reason`` when the parser already knew it)."""
    if record.reason:
        return record.reason
    if record.action in ("delivered", "relayed", "expanded") or record.status[:2] == "2.":
        return "delivered"
    provider = reason_for(record)
    if provider:
        return provider
    if record.command == "STARTTLS":
        # RFC 3207 section 4: the reply to STARTTLS is about starting TLS ("454 TLS not
        # available due to temporary reason"); the taxonomy's failedstarttls module reads a
        # refusal at STARTTLS as failedstarttls whatever its words (citation "taxonomy-index",
        # reason/why-failedstarttls.go)
        return "failedstarttls"
    text = record.diagnostic
    if record.diagtype == "x-unix" or record.address.startswith("|"):
        # A local program failed, unless what it says is that the mailbox is full. A
        # recipient "|command" is a delivery to a program (aliases(5), Postfix local(8),
        # Exim's pipe transport: "pipe to |/usr/bin/filter"), its failure the program's.
        full = any(hit.owner == "mailboxfull" for hit in reasons.index().hits(fold(text)))
        return "mailboxfull" if full else "mailererror"
    underlying = last_reply(text)
    if underlying:
        reason, _ = _from_words_and_code(underlying, record, context)
        if reason:
            return reason
    reason, hits = _from_words_and_code(text, record, context)
    return reason or _fallback(record, hits, context)


def _says(text: str, reason: str) -> bool:
    """Whether a specific phrase of ``reason`` is in ``text``."""
    return any(
        hit.owner == reason and not hit.phrase.generic for hit in reasons.index().hits(fold(text))
    )


def has_words(text: str) -> bool:
    """Whether a reply says anything beyond its codes ("421" alone does not)."""
    return any(char.isalpha() for char in text)


def says_why(text: str) -> bool:
    """Whether ``text`` holds an error and not only a notice's boilerplate.

    A reply code, a status code or a specific phrase of some reason: without
    one, the lines around an address are the notice's own sentences, and a
    record with no error text has reason ``undefined``, not one guessed from them.
    """
    if find_replycode(text) or find_status(text):
        return True
    return any(not hit.phrase.generic for hit in reasons.index().hits(fold(text)))
