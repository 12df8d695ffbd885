"""Which playbook step each check answers, read from ``steps.yaml`` (knowledge is data).

``steps.yaml`` maps a check id to the playbook steps that run it and, per
step, the check's verdicts to that step's outcome ids. A verdict with no
outcome still names the step (the agent picks the outcome).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from postdesk.diagnose.result import CheckResult, PlaybookStep, Status, Summary
from postdesk.yamlio import load_yaml

# How a check ends: ``report(status, verdict, zh, en)`` (see :func:`reporter`).
Report = Callable[[Status, str, str, str], CheckResult]


@lru_cache(maxsize=1)
def step_table() -> dict[str, list[dict[str, Any]]]:
    """The parsed ``steps.yaml``: check id -> list of {playbook, step, outcomes}."""
    text = resources.files("postdesk.diagnose").joinpath("steps.yaml").read_text(encoding="utf-8")
    return load_yaml(text) or {}


def steps_for(check: str, verdict: str) -> tuple[PlaybookStep, ...]:
    """The playbook steps ``check`` answers, with the outcome ``verdict`` leads to."""
    return tuple(
        PlaybookStep(
            playbook=entry["playbook"],
            step=entry["step"],
            outcome=(entry.get("outcomes") or {}).get(verdict),
        )
        for entry in step_table().get(check, [])
    )


def make_result(
    check: str,
    target: str,
    status: Status,
    verdict: str,
    summary: Summary,
    evidence: dict[str, Any],
    started: float,
) -> CheckResult:
    """A :class:`CheckResult` with its elapsed time (from ``started``, a perf_counter) and steps."""
    return CheckResult(
        check=check,
        target=target,
        status=status,
        verdict=verdict,
        summary=summary,
        evidence=evidence,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        steps=steps_for(check, verdict),
    )


def reporter(check: str, target: str, evidence: dict[str, Any], started: float) -> Report:
    """The function a check ends with: a result for ``target`` with ``evidence`` as filled by then.

    ``evidence`` is the check's own dict, not a copy: what the check adds to it
    after this call is in the result.
    """

    def report(status: Status, verdict: str, zh: str, en: str) -> CheckResult:
        return make_result(check, target, status, verdict, Summary(zh=zh, en=en), evidence, started)

    return report
