"""The bounce reasons: one file per reason, found automatically.

Reason names are the vocabulary the Sisimai project made common, so results
compare with other tools. Each module here holds one :class:`Reason`: its
meaning and label in zh and en (the pages and the CLI show them), the reply
it leads to (playbook and signal), its pseudo status code and the phrases
that recognise it, each citing its source. ``docs/bounce-reasons.md`` says,
per reason, what decides it; the order in which evidence is weighed lives in
:mod:`postdesk.bounce.decide`.

Adding a reason (or a phrase) touches its own file only.
"""

from __future__ import annotations

from functools import lru_cache

from postdesk.bounce.phrases import PhraseIndex
from postdesk.bounce.plugins import submodules
from postdesk.bounce.reasons._kit import Reason, Reply
from postdesk.bounce.status import is_inferred

__all__ = [
    "CATALOGUE",
    "HARD_REASONS",
    "ORDER",
    "PSEUDO_STATUS",
    "REASONS",
    "Reason",
    "Reply",
    "index",
    "is_inferred_status",
]

CATALOGUE: dict[str, Reason] = {
    module.REASON.name: module.REASON for module in submodules(__name__, __path__)
}
# Name -> one-line English meaning (the CLI and older callers read this).
REASONS: dict[str, str] = {name: reason.meaning["en"] for name, reason in CATALOGUE.items()}
# Reasons whose bounce means retrying the same address cannot succeed.
HARD_REASONS = frozenset(name for name, reason in CATALOGUE.items() if reason.hard)
# The pseudo status code per reason ("X.0.911"), given when a bounce has none.
PSEUDO_STATUS: dict[str, str] = {name: reason.pseudo for name, reason in CATALOGUE.items()}

# Which reason wins when two phrases are equally specific: the narrower cause
# first (a mailbox-full text that also says "policy" is mailboxfull).
ORDER: tuple[str, ...] = (
    "notcompliantrfc",
    "authfailure",
    "requireptr",
    "badreputation",
    "exceedlimit",
    "mesgtoobig",
    "mailboxfull",
    "systemfull",
    "speeding",
    "toomanyconn",
    "virusdetected",
    "hasmoved",
    "suspend",
    "hostunknown",
    "userunknown",
    "norelaying",
    "notaccept",
    "blocked",
    "spamdetected",
    "contenterror",
    "policyviolation",
    "failedstarttls",
    "securityerror",
    "syntaxerror",
    "mailererror",
    "networkerror",
    "expired",
    "systemerror",
    "suppressed",
    "rejected",
    "filtered",
)
RANK: dict[str, int] = {name: rank for rank, name in enumerate(ORDER)}


def is_inferred_status(status: str) -> bool:
    """Whether ``status`` is a pseudo code that no server sent (see :func:`status.is_inferred`)."""
    return is_inferred(status)


@lru_cache(maxsize=1)
def index() -> PhraseIndex:
    """Every reason's phrases in one index; entry keys are ``reason:N``."""
    return PhraseIndex(
        (name, f"{name}:{number}", entry)
        for name, reason in CATALOGUE.items()
        for number, entry in enumerate(reason.phrases)
    )


def named_by(text: str, source: str) -> str:
    """The reason the most specific phrase of ``source`` (a citation key) names in ``text``.

    A parser whose format states its own verdict in a sentence of the notice
    (amavisd-new's "BANNED CONTENTS ALERT", au's "The user(s) account is
    disabled.") asks for the phrases of its own mail system only.
    """
    from postdesk.bounce.phrases import fold

    hits = [
        hit
        for hit in index().hits(fold(text))
        if hit.phrase.source == source and not hit.phrase.generic and not hit.phrase.wrapper
    ]
    if not hits:
        return ""
    best = max(hits, key=lambda hit: (hit.phrase.weight, -RANK.get(hit.owner, len(ORDER))))
    return best.owner
