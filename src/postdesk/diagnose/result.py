"""One record shape for every check: what was checked, what it means, and what it answers.

A check never raises for a network outcome (timeout, refusal, NXDOMAIN): those
are results. It raises only for bad input, as :class:`InvalidTargetError`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from postdesk.errors import InvalidInputError

Status = Literal["ok", "warn", "fail", "error"]
STATUSES: tuple[Status, ...] = ("ok", "warn", "fail", "error")
# "ok": the check ran and found nothing wrong; "warn": something the agent
# should look at; "fail": the check ran and found the problem; "error": the
# check could not get an answer (timeout, protocol error) to judge from.
SEVERITY: dict[Status, int] = {"ok": 0, "warn": 1, "fail": 2, "error": 3}


class ForbiddenTargetError(InvalidInputError):
    """The target is in an address range checks started through the API may not probe (403)."""


class InvalidTargetError(InvalidInputError):
    """A target (domain, host, IP, port) is malformed; the message says which and why."""


@dataclasses.dataclass(frozen=True)
class Summary:
    """What the result means, for the agent, in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclasses.dataclass(frozen=True)
class PlaybookStep:
    """The playbook step a result answers, with the outcome it points to where one fits."""

    playbook: str
    step: str
    outcome: str | None = None


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The outcome of one check against one target.

    ``verdict`` is a short machine key ("points-to-provider", "nxdomain", ...)
    that the playbook-step mapping (``steps.yaml``) turns into an outcome id.
    """

    check: str
    target: str
    status: Status
    summary: Summary
    verdict: str
    evidence: dict[str, Any] = dataclasses.field(default_factory=dict)
    elapsed_ms: float = 0.0
    steps: tuple[PlaybookStep, ...] = ()

    def suggested_outcome(self, playbook_id: str, step_id: str) -> str | None:
        """The outcome id of ``step_id`` in ``playbook_id`` this result points to, if any.

        The terminal walk and the web walk both mark this outcome; None means the
        result answers no outcome of that step and the agent judges from it.
        """
        return next(
            (
                hit.outcome
                for hit in self.steps
                if hit.playbook == playbook_id and hit.step == step_id and hit.outcome
            ),
            None,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` line)."""
        return {
            "check": self.check,
            "target": self.target,
            "status": self.status,
            "verdict": self.verdict,
            "summary": {"zh": self.summary.zh, "en": self.summary.en},
            "evidence": self.evidence,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "playbook_steps": [dataclasses.asdict(step) for step in self.steps],
        }


def worst(statuses: list[Status]) -> Status:
    """The most severe of ``statuses`` ("ok" for none)."""
    return max(statuses, key=SEVERITY.__getitem__, default="ok")
