"""``all``: the checks that fit one domain, run concurrently, with one summary naming the next step.

For a domain: its MX (4.0.2, 4.0.10), SPF/DMARC, the same-domain rule
(4.0.28), and on the provider's side the host addresses (4.0.31) and the
SMTP and POP3 services customers use (4.0.9). The summary takes the most
serious finding (in the order below when equal) and names the playbook step
it answers and the step that outcome leads to.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from functools import lru_cache
from importlib import resources
from typing import Any

from postdesk.diagnose.auth_records import check_auth_records
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.hosts import check_hosts
from postdesk.diagnose.mx import check_mx
from postdesk.diagnose.pop3 import check_pop3
from postdesk.diagnose.result import SEVERITY, CheckResult, PlaybookStep, Status, Summary, worst
from postdesk.diagnose.same_domain import check_same_domain
from postdesk.diagnose.smtp import check_smtp
from postdesk.diagnose.targets import parse_domain
from postdesk.yamlio import load_yaml

# Order of precedence when two findings are equally serious: a domain whose MX
# is wrong cannot receive whatever else holds.
ALL_ORDER = ("mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records")


@dataclasses.dataclass(frozen=True)
class AllSummary:
    """The overall status and where to go next."""

    status: Status
    summary: Summary
    step: PlaybookStep | None
    next_step: str | None
    elapsed_ms: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": "all",
            "status": self.status,
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
    hosts = ctx.profile.hosts
    results = list(
        await asyncio.gather(
            check_mx(domain, ctx),
            check_hosts(None, ctx),
            check_smtp(hosts.smtp, ctx),
            check_pop3(hosts.pop, ctx),
            check_same_domain(domain, ctx),
            check_auth_records(domain, ctx),
        )
    )
    return results, summarise(results, started)


def summarise(results: list[CheckResult], started: float) -> AllSummary:
    """One line over ``results``: the most serious finding and the playbook step it leads to."""
    elapsed = (time.perf_counter() - started) * 1000
    status = worst([result.status for result in results])
    ranked = sorted(
        results,
        key=lambda r: (
            -SEVERITY[r.status],
            ALL_ORDER.index(r.check) if r.check in ALL_ORDER else 99,
        ),
    )
    lead = next((r for r in ranked if r.steps), None)
    if status == "ok":
        lead = next((r for r in results if r.check == "mx" and r.steps), lead)
    step = lead.steps[0] if lead else None
    follow = next_step_of(step.playbook, step.step, step.outcome) if step and step.outcome else None
    top = ranked[0]
    where_zh = where_en = ""
    if step is not None:
        where_zh = f"对应剧本 {step.playbook} 的步骤 {step.step}" + (
            f"（结果 {step.outcome}），下一步：{follow}" if follow else ""
        )
        where_en = f"answers step {step.step} of playbook {step.playbook}" + (
            f" (outcome {step.outcome}); next step: {follow}" if follow else ""
        )
    if status == "ok":
        text = Summary(
            zh=f"全部 {len(results)} 项检查正常。{where_zh}",
            en=f"All {len(results)} checks passed. {where_en}".rstrip(),
        )
    else:
        text = Summary(
            zh=f"最需要关注：{top.check} — {top.summary.zh} {where_zh}".rstrip(),
            en=f"Most serious: {top.check} — {top.summary.en} {where_en}".rstrip(),
        )
    return AllSummary(status=status, summary=text, step=step, next_step=follow, elapsed_ms=elapsed)
