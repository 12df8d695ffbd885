"""Provider tables: what one large receiving provider means by its own codes and texts.

Some providers answer with their own codes ("OFR_506", "DT:SPM", "RCP-P2")
or with texts whose meaning their postmaster pages document ("550 5.4.1
Recipient address rejected: Access denied" is Microsoft's unknown
recipient); the general phrase tables cannot know them. Each module here
is one provider's table, found automatically:

- ``NAME``, ``SOURCE`` (a key of :data:`postdesk.bounce.citations.SOURCES`);
- ``HOSTS``: domain suffixes of the provider's servers and mail domains. The
  table applies when the host that answered (``rhost``) or the recipient's
  domain is one of them, or when the text has one of ``TEXT_HINTS`` (a
  help-page address); when neither names a provider, the reporting host
  (``lhost``) is tried: a provider's gateway reporting its own refusal
  (MessageLabs' "server-0.bemta-0.messagelabs.com") names no remote host of its
  own. The reference taxonomy picks a provider in the same order (recipient's
  domain, remote host, reporting host: citation "taxonomy-rhost", rhost/lib.go);
- ``CODES`` with ``code_of(text)`` (the provider's codes found in a reply),
  and ``RULES``, pairs of a phrase and the reason it means. A provider whose
  reply means one thing or another by the record's status or SMTP command
  (NTT docomo) defines ``code_of_record(recipient)`` instead of ``code_of``.

Codes decide before phrases; of the phrases, the longest found wins. Every
entry has a key (``orange:506``, ``microsoft:p0``) that the held-out
measurement can switch off (:data:`postdesk.bounce.phrases.HELD_OUT`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from types import ModuleType

from postdesk.bounce.phrases import HELD_OUT, PhraseIndex, fold
from postdesk.bounce.plugins import submodules
from postdesk.bounce.result import Recipient


@lru_cache(maxsize=1)
def modules() -> list[ModuleType]:
    """Every provider module of this package, in name order."""
    return submodules(__name__, __path__)


@cache
def _rules(module: ModuleType) -> PhraseIndex:
    rules = getattr(module, "RULES", ())
    return PhraseIndex(
        (reason, f"{module.NAME}:p{number}", entry) for number, (entry, reason) in enumerate(rules)
    )


def _suffixes(host: str) -> set[str]:
    """``mx.mail.example.jp`` -> its dotted suffixes, itself included."""
    labels = host.lower().strip(".").split(".")
    return {".".join(labels[start:]) for start in range(len(labels))} if host else set()


@cache
def _routes() -> tuple[dict[str, list[ModuleType]], dict[str, list[ModuleType]]]:
    """Host suffix -> modules, and text hint -> modules."""
    by_host: dict[str, list[ModuleType]] = {}
    by_hint: dict[str, list[ModuleType]] = {}
    for module in modules():
        for host in module.HOSTS:
            by_host.setdefault(host, []).append(module)
        for hint in getattr(module, "TEXT_HINTS", ()):
            by_hint.setdefault(hint, []).append(module)
    return by_host, by_hint


def _applying(named: set[str], lowered: str) -> list[ModuleType]:
    """The provider modules whose hosts are named or whose hints the text holds, in order."""
    by_host, by_hint = _routes()
    chosen: set[str] = set()
    for suffix in named & by_host.keys():
        chosen.update(module.NAME for module in by_host[suffix])
    for hint, listed in by_hint.items():
        if hint in lowered:
            chosen.update(module.NAME for module in listed)
    if not chosen:
        return []
    return [module for module in modules() if module.NAME in chosen]


def _codes(module: ModuleType, recipient: Recipient) -> list[str]:
    """The provider's codes in ``recipient``: from its reply, or from the whole record."""
    by_record = getattr(module, "code_of_record", None)
    if by_record is not None:
        found: list[str] = by_record(recipient)
        return found
    return list(module.code_of(recipient.diagnostic))


def _providers(recipient: Recipient, lowered: str) -> list[ModuleType]:
    """The provider modules for ``recipient``: by remote host and domain, else by reporter."""
    named = _suffixes(recipient.rhost) | _suffixes(recipient.address.rpartition("@")[2])
    chosen = _applying(named, lowered)
    if chosen or not recipient.lhost:
        return chosen
    return _applying(_suffixes(recipient.lhost), lowered)


def _by_code(module: ModuleType, recipient: Recipient) -> str:
    table: dict[str, str] = getattr(module, "CODES", {})
    if not table:
        return ""
    held = HELD_OUT.get()
    for code in _codes(module, recipient):
        key = f"{module.NAME}:{code}"
        if code in table and key not in held:
            reason: str = table[code]
            return reason
    return ""


def _by_rule(module: ModuleType, folded: str) -> str:
    hits = _rules(module).hits(folded)
    if not hits:
        return ""
    return max(hits, key=lambda hit: hit.phrase.weight).owner


def reason_for(recipient: Recipient) -> str:
    """The reason a provider's own table gives for ``recipient``, or ``""``."""
    text = recipient.diagnostic
    if not text:
        return ""
    lowered = text.lower()
    for module in _providers(recipient, lowered):
        reason = _by_code(module, recipient) or _by_rule(module, fold(text))
        if reason:
            return reason
    return ""


def present(recipient: Recipient) -> dict[str, str]:
    """Every entry of every provider that applies to ``recipient`` found in its text.

    Key -> the reason the entry means. Unlike :func:`reason_for`, which stops at
    the first code or the best phrase, this lists them all: the held-out
    measurement counts a rule's support from the texts that contain it, whether
    or not it decided.
    """
    text = recipient.diagnostic
    if not text:
        return {}
    found: dict[str, str] = {}
    for module in _providers(recipient, text.lower()):
        table: dict[str, str] = getattr(module, "CODES", {})
        for code in _codes(module, recipient) if table else ():
            if code in table:
                found[f"{module.NAME}:{code}"] = table[code]
        for hit in _rules(module).hits(fold(text)):
            found[hit.key] = hit.owner
    return found


def keys() -> dict[str, str]:
    """Every entry's key and its source (for the tests and the held-out measurement)."""
    found: dict[str, str] = {}
    for module in modules():
        for code in getattr(module, "CODES", {}):
            found[f"{module.NAME}:{code}"] = module.SOURCE
        for number, (entry, _reason) in enumerate(getattr(module, "RULES", ())):
            found[f"{module.NAME}:p{number}"] = entry.source
    return found
