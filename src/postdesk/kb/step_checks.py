"""Running a check step's diagnostic: one function for the terminal, the API and the pages.

A check step whose check is ``auto`` (``kb/checks.yaml``) and has a
diagnostic (:mod:`postdesk.diagnose`) can run for real; its results say which
outcome of the step they point to (``diagnose/steps.yaml``), which the walk
marks as a suggestion. The agent still chooses. No login is ever made: the
walk keeps no passwords.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postdesk.errors import InvalidInputError
from postdesk.kb.runner import Hint, Walk
from postdesk.kb.schema import CheckStep

if TYPE_CHECKING:
    from postdesk.diagnose import CheckResult, DiagnoseContext


def runnable(step: object) -> bool:
    """Whether ``step`` is a check the desk can run itself."""
    from postdesk.diagnose import CHECK_NAMES
    from postdesk.kb.checks import known_checks

    if not isinstance(step, CheckStep):
        return False
    info = known_checks().get(step.check)
    return info is not None and info.mode == "auto" and step.check in CHECK_NAMES


@dataclass
class StepCheck:
    """What running the step's check found, and the outcomes it points to."""

    check: str
    target: str
    results: list[CheckResult] = field(default_factory=list)
    suggested: dict[str, Hint] = field(default_factory=dict)

    @property
    def statuses(self) -> list[str]:
        return [result.status for result in self.results]


async def run_step_check(walk: Walk, target: str, context: DiagnoseContext) -> StepCheck:
    """Run the current step's check on ``target``; InvalidInputError when it cannot run.

    A malformed target is the diagnostic's InvalidTargetError (a PostdeskError the
    caller shows as it shows every input error).
    """
    from postdesk.diagnose import run_check

    step = walk.step
    if not runnable(step):
        raise InvalidInputError(key="check_cannot_run", step=step.id)
    assert isinstance(step, CheckStep)
    cleaned = target.strip()[:253]
    if not cleaned:
        raise InvalidInputError(key="check_target_missing", check=step.check)
    results, _overall = await run_check(step.check, cleaned, context)
    found = StepCheck(check=step.check, target=cleaned, results=list(results))
    for result in results:
        outcome = result.suggested_outcome(walk.playbook.id, step.id)
        if outcome is not None and outcome not in found.suggested:
            found.suggested[outcome] = Hint("check", f"{step.check}: {result.status}")
    return found
