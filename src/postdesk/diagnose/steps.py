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

from postdesk.diagnose import texts
from postdesk.diagnose.result import CheckResult, PlaybookStep, Status, Summary
from postdesk.yamlio import load_yaml

# How a check ends: ``report(verdict, **values)`` (see :func:`reporter`).
Report = Callable[..., CheckResult]


@lru_cache(maxsize=1)
def step_table() -> dict[str, list[dict[str, Any]]]:
    """The parsed ``steps.yaml``: check id -> list of {playbook, step, outcomes}."""
    text = resources.files("postdesk.diagnose").joinpath("steps.yaml").read_text(encoding="utf-8")
    return load_yaml(text) or {}


@lru_cache(maxsize=512)
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


def verdict_result(
    check: str,
    target: str,
    verdict: str,
    evidence: dict[str, Any],
    started: float,
    **values: Any,
) -> CheckResult:
    """The result of ``verdict``: its status and words from the catalogue (``messages.yaml``)."""
    key = texts.verdict_key(check, verdict)
    summary = texts.say(key, **values)
    return make_result(check, target, texts.status_of(key), verdict, summary, evidence, started)


def reporter(check: str, target: str, evidence: dict[str, Any], started: float) -> Report:
    """The function a check ends with: ``report(verdict, **values)`` for ``target``.

    The verdict's status and text come from the catalogue (``<check>.<verdict>``,
    else ``common.<verdict>``), ``values`` fill its placeholders. ``evidence``
    is the check's own dict, not a copy: what the check adds to it after this
    call is in the result.
    """

    def report(verdict: str, **values: Any) -> CheckResult:
        return verdict_result(check, target, verdict, evidence, started, **values)

    return report
