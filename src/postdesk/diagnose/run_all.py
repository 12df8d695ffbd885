"""``all``: the checks that fit one domain, run concurrently, with one summary naming the next step.

For a domain: its MX (4.0.2, 4.0.10), SPF/DMARC, the same-domain rule
(4.0.28), and on the provider's side the host addresses (4.0.31) and the
SMTP and POP3 services customers use (4.0.9): every check whose module
says how ``all`` runs it (``CheckSpec.in_all``). The summary takes the most
serious finding (in the checks' order when equal) and names the playbook
step that same finding answers and the step that outcome leads to.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from functools import lru_cache
from importlib import resources
from typing import Any

from postdesk.diagnose import texts
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.registry import CheckOptions, bounded, members_of_all
from postdesk.diagnose.result import SEVERITY, CheckResult, PlaybookStep, Status, Summary, worst
from postdesk.diagnose.targets import parse_domain
from postdesk.yamlio import load_yaml


@dataclasses.dataclass(frozen=True)
class AllSummary:
    """The overall status and where to go next."""

    status: Status
    summary: Summary
    step: PlaybookStep | None
    next_step: str | None
    elapsed_ms: float
    lead: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": "all",
            "status": self.status,
            "lead": self.lead,
            "summary": {"zh": self.summary.zh, "en": self.summary.en},
            "playbook_step": dataclasses.asdict(self.step) if self.step else None,
            "next_step": self.next_step,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


@lru_cache(maxsize=64)
def next_step_of(playbook: str, step: str, outcome: str) -> str | None:
    """The step the playbook goes to from ``step`` on ``outcome`` (read from its YAML)."""
    try:
        ref = resources.files("postdesk.kb").joinpath("playbooks", f"{playbook}.yaml")
        data = load_yaml(ref.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for entry in data.get("steps", []):
        if entry.get("id") == step:
            for option in entry.get("outcomes", []):
                if option.get("id") == outcome:
                    return option.get("next")
    return None


async def run_all(target: str, ctx: DiagnoseContext) -> tuple[list[CheckResult], AllSummary]:
    """Run every check that fits ``target`` (a domain) concurrently; results and summary."""
    started = time.perf_counter()
    domain = parse_domain(target)
    members = members_of_all()
    options = CheckOptions()
    results = list(
        await asyncio.gather(
            *(
                bounded(
                    spec.name,
                    getattr(member_target, "shown", member_target) or "profile hosts",
                    ctx,
                    spec.run(member_target, ctx, options),
                )
                for spec in members
                for member_target in [spec.in_all(domain, ctx)]  # type: ignore[misc]
            )
        )
    )
    return results, summarise(results, started, [spec.name for spec in members])


def summarise(
    results: list[CheckResult], started: float, order: list[str] | None = None
) -> AllSummary:
    """One line over ``results``: the most serious finding and the playbook step *it* answers.

    The lead is the most serious result (ties go to the earlier check in
    ``order``); the step named is that same result's, so the finding shown
    and the step to take never belong to two different checks. A lead that
    answers no playbook step names none. All ok: the mx result leads (where
    the domain's mail goes is the first thing 4.0.2 and 4.0.10 ask).
    """
    elapsed = (time.perf_counter() - started) * 1000
    precedence = order or [result.check for result in results]
    status = worst([result.status for result in results])
    ranked = sorted(
        results,
        key=lambda r: (
            -SEVERITY[r.status],
            precedence.index(r.check) if r.check in precedence else len(precedence),
        ),
    )
    lead = ranked[0] if ranked else None
    step = _step_of(lead) if lead else None
    follow = next_step_of(step.playbook, step.step, step.outcome) if step and step.outcome else None
    if step is None:
        where = texts.say("all.no-step")
    elif follow:
        where = texts.say(
            "all.step-next",
            playbook=step.playbook,
            step=step.step,
            outcome=step.outcome,
            next=follow,
        )
    else:
        where = texts.say("all.step", playbook=step.playbook, step=step.step)
    if status == "ok" or lead is None:
        text = texts.say("all.ok", count=len(results), where=where)
    else:
        text = texts.say("all.lead", check=lead.check, summary=lead.summary, where=where)
    return AllSummary(
        status=status,
        summary=text,
        step=step,
        next_step=follow,
        elapsed_ms=elapsed,
        lead=lead.check if lead else None,
    )


def _step_of(result: CheckResult) -> PlaybookStep | None:
    """The step ``result`` answers: the first with an outcome, else the first it names."""
    return next((step for step in result.steps if step.outcome), None) or next(
        iter(result.steps), None
    )
