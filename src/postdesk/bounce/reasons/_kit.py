"""The shape of one reason file: its name, meaning, reply and phrases."""

from __future__ import annotations

from dataclasses import dataclass

from postdesk.bounce.phrases import Phrase, ordered, phrase

__all__ = ["Reason", "Reply", "ordered", "phrase"]


@dataclass(frozen=True)
class Reply:
    """Which playbook (and which of its signals, for the scripted reply) a reason leads to."""

    playbook: str
    signal: str | None = None


@dataclass(frozen=True)
class Reason:
    """One bounce reason: what it means, what the customer is told, what recognises it.

    ``label`` and ``meaning`` are the zh/en texts the pages and the CLI show;
    ``reply`` is the playbook (4.0.12 for a remote server's verdict) and,
    where the document has one, its signal with the scripted reply;
    ``own_reply`` replaces it when the provider's own servers refused (the
    document's 4.0.9 E/F texts are about them, not about a remote server).
    ``also_replies`` names further document signals that explain this reason
    when the text matches them (4.0.12 3) "Name service error" for a DNS
    failure). ``pseudo`` is the class-free code reported when a bounce carries
    no status (``X.0.911``), as the reference taxonomy does.
    """

    name: str
    label: dict[str, str]
    meaning: dict[str, str]
    pseudo: str
    reply: Reply | None = None
    own_reply: Reply | None = None
    also_replies: tuple[Reply, ...] = ()
    hard: bool = False  # retrying the same address cannot succeed
    phrases: tuple[Phrase, ...] = ()
