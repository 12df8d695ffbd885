"""Triage: which playbook fits a customer's complaint, how sure we are, and the facts in it.

``triage(text)`` ranks the playbooks (see :mod:`postdesk.triage.rank`) and
extracts entities (see :mod:`postdesk.triage.entities`). All knowledge comes
from the playbooks, so adding a playbook file needs no change here.

    >>> from postdesk.triage import triage
    >>> result = triage("网页登录邮箱一直提示系统忙")
    >>> result.ranking[0].playbook
    'webmail-system-busy'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from postdesk.errors import InvalidInputError
from postdesk.i18n import Lang, message
from postdesk.kb.load import Library
from postdesk.triage.entities import Entities, extract
from postdesk.triage.rank import TriageIndex

# Complaints are a few lines; pasted bounces a few kilobytes. Beyond this the
# text is cut so that a pasted megabyte is answered in well under a second.
MAX_CHARS = 20_000
DEFAULT_TOP = 3


@dataclass(frozen=True)
class Candidate:
    """One ranked playbook: its id, a confidence between 0 and 1, and why it was chosen."""

    playbook: str
    score: float
    why: str
    why_zh: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "playbook": self.playbook,
            "score": self.score,
            "why": self.why,
            "why_zh": self.why_zh,
        }


@dataclass(frozen=True)
class TriageResult:
    """The ranking (best first), the entities found, and notices such as truncation."""

    ranking: list[Candidate]
    entities: Entities
    notices: list[str] = field(default_factory=list)
    # The same notices in Chinese, for a reader in zh (as a candidate's why_zh); not in JSON.
    notices_zh: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``postdesk triage --json``; ``notices`` only when there are any."""
        shaped: dict[str, Any] = {
            "ranking": [candidate.as_dict() for candidate in self.ranking],
            "entities": self.entities.as_dict(),
        }
        if self.notices:
            shaped["notices"] = list(self.notices)
        return shaped


class EmptyComplaintError(InvalidInputError):
    """The text to triage is empty or only whitespace."""


_indexes: dict[int, tuple[Library | None, TriageIndex]] = {}


def index_for(library: Library | None = None) -> TriageIndex:
    """The triage index of ``library`` (default: the built-in playbooks), built once.

    The default index comes from the start-up cache (:mod:`postdesk.triage.cache`)
    when the playbooks have not changed since it was written.
    """
    key = id(library)
    cached = _indexes.get(key)
    if cached is not None and cached[0] is library:
        return cached[1]
    if library is None:
        from postdesk.triage.cache import load_or_build

        index = load_or_build(lambda: _build(None))
    else:
        index = _build(library)
    _indexes[key] = (library, index)
    return index


def _build(library: Library | None) -> TriageIndex:
    from postdesk.kb.load import default_library
    from postdesk.kb.signals import SignalIndex

    library = library or default_library()
    return TriageIndex(library, SignalIndex(library))


# Share of the ranking's confidence the playbooks of one direction of mail must hold for
# that direction to count as the problem's: a complaint the ranking splits between "收不到"
# and "对方收不到" says nothing of the way its mail goes.
PRIOR_SHARE = 0.6


def _usual_direction(scored: Sequence[Any], directions: dict[str, str]) -> str:
    """The usual direction of mail (each playbook's ``mail_direction``) of the playbooks
    the complaint was ranked to, when they agree on it; else "none"."""
    mass: dict[str, float] = {}
    for item in scored:
        way = directions.get(item.playbook_id, "none")
        mass[way] = mass.get(way, 0.0) + float(item.confidence)
    best = max(mass, key=lambda way: mass[way], default="none")
    return best if mass.get(best, 0.0) >= PRIOR_SHARE else "none"


def triage(text: str, top: int = DEFAULT_TOP, library: Library | None = None) -> TriageResult:
    """Rank the playbooks for ``text`` (best ``top``) and extract its entities."""
    if not isinstance(text, str) or not text.strip():
        raise EmptyComplaintError(key="triage_empty_complaint")
    if top < 1:
        raise InvalidInputError(key="triage_top_too_small", top=top)
    notices: dict[Lang, list[str]] = {"en": [], "zh": []}
    if len(text) > MAX_CHARS:
        for lang, said in notices.items():
            said.append(message("triage_truncated", lang, limit=MAX_CHARS, length=len(text)))
        text = text[:MAX_CHARS]
    # Lone surrogates (from "\ud800" in JSON) cannot be printed or encoded: make them "?".
    text = text.encode("utf-8", "replace").decode("utf-8")
    index = index_for(library)
    ranked = index.rank(text, limit=top)
    explained = [ranked.explain(item) for item in ranked.scored[:top]]
    candidates = [
        Candidate(item.playbook_id, round(item.confidence, 4), item.why(), item.why("zh"))
        for item in explained
    ]
    found = extract(
        text,
        signal_hits=ranked.signal_hits,
        own_domains=index.own_domains,
        suffixes=index.suffixes,
        mail_direction=_usual_direction(ranked.scored, index.mail_directions),
        top_playbook=ranked.scored[0].playbook_id if ranked.scored else "-",
    )
    return TriageResult(candidates, found, notices["en"], notices["zh"])


__all__ = [
    "DEFAULT_TOP",
    "MAX_CHARS",
    "Candidate",
    "EmptyComplaintError",
    "TriageResult",
    "index_for",
    "triage",
]
