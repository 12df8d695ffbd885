"""The one record shape every kind of finding fills, and how its words are attached.

A finding module says what it found (``kind``, which playbook ``advice`` it
is, kind-specific ``details`` and ``evidence``); :func:`advise` then takes
the meaning, the reply to the customer, the agent's next action and the walk
step from that playbook's ``findings`` entry, so no reply lives in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from postdesk.inspect import texts

if TYPE_CHECKING:
    from postdesk.kb.load import Library


@dataclass
class Evidence:
    """One fact the finding stands on: what it is, its value, and where it was read."""

    label: str  # a key of messages.yaml
    value: str
    where: str = ""  # "Received #3", "Subject", "part 1.2", ...

    def as_dict(self) -> dict[str, Any]:
        return {"label": texts.text(self.label), "value": self.value, "where": self.where}


@dataclass
class Finding:
    """What one kind of finding read in an original."""

    kind: str  # delay, garbled, tnef, duplicate, spam, virus, bounce
    playbook: str
    advice: str = ""  # the playbook's findings id; "" when the words come from elsewhere
    details: dict[str, Any] = field(default_factory=dict)  # kind-specific keys, JSON-ready
    evidence: list[Evidence] = field(default_factory=list)
    meaning: dict[str, str] | None = None
    reply: dict[str, str] | None = None
    next_action: dict[str, str] | None = None
    step: str | None = None  # the walk step it suggests
    # Files built for the agent (the ARF report, the encrypted archive): name -> bytes.
    # Never in the JSON; the CLI writes them with --extract, the pages offer them.
    artifacts: dict[str, bytes] = field(default_factory=dict)
    # Shown to the agent once, never stored with the finding (the archive password).
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object: common keys first, then the kind's own, then the evidence."""
        return {
            "kind": self.kind,
            "playbook": self.playbook,
            "finding": self.advice,
            "meaning": self.meaning,
            "reply": self.reply,
            "next_action": self.next_action,
            "step": self.step,
            **self.details,
            "evidence": [item.as_dict() for item in self.evidence],
        }


def advise(finding: Finding, library: Library) -> Finding:
    """Fill the finding's words from its playbook's ``findings`` entry, in place."""
    if not finding.advice:
        return finding
    playbook = library.get(finding.playbook)
    entry = next((item for item in playbook.findings if item.id == finding.advice), None)
    if entry is None:
        raise KeyError(f"playbook {finding.playbook} has no finding {finding.advice!r}")
    finding.meaning = entry.meaning.model_dump()
    finding.reply = entry.reply.model_dump()
    finding.next_action = entry.action.model_dump()
    finding.step = finding.step or entry.step
    return finding
