"""Running a check step's diagnostic from the terminal walk (``postdesk run --checks``).

A check step whose check is ``auto`` (``kb/checks.yaml``) and has a
diagnostic (``postdesk.diagnose``) can be run for real once its target field
has been collected. The check runs through :func:`postdesk.diagnose.run_check`,
the same function the web walk and ``postdesk diagnose`` call; its result
names the outcome it suggests (``diagnose/steps.yaml``), which the walk marks.
The agent still chooses.

No login is ever made: the walk keeps no passwords (secret fields are stored
as a mark), so no credentials are passed and a secret field is never a target.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Literal

from postdesk.errors import InvalidInputError, PostdeskError

if TYPE_CHECKING:
    from rich.console import Console

    from postdesk.diagnose import CheckResult, DiagnoseContext
    from postdesk.i18n import Lang
    from postdesk.kb.runner import Walk
    from postdesk.kb.schema import CheckStep
    from postdesk.profile import Profile

ChecksMode = Literal["ask", "auto", "off"]
CHECKS_MODES: tuple[ChecksMode, ...] = ("ask", "auto", "off")
STATUS_STYLE = {"ok": "green", "warn": "yellow", "fail": "red", "error": "red"}


@dataclasses.dataclass
class CheckRunner:
    """How the walk runs checks: the mode and the diagnose settings given on the command line."""

    mode: str  # one of CHECKS_MODES (checked by validate)
    nameserver: str | None = None
    resolve: list[str] = dataclasses.field(default_factory=list)
    timeout: str = "5"
    # Built on first use, so a walk that never runs a check never imports dnspython.
    _context: DiagnoseContext | None = None

    def validate(self) -> None:
        """Refuse bad options before the walk starts (exit 2), not at the check step."""
        if self.mode not in CHECKS_MODES:
            raise InvalidInputError(
                f"--checks must be one of {', '.join(CHECKS_MODES)}, not {self.mode!r}"
            )
        if self.mode != "off" and (self.nameserver or self.resolve or self.timeout != "5"):
            self._build_context(None)

    def _build_context(self, profile: Profile | None) -> DiagnoseContext:
        # The option parsing is postdesk diagnose's: one reading of HOST:PORT, NAME=IP and S.
        from postdesk.diagnose.options import context_from_options

        if self._context is None:
            self._context = context_from_options(
                nameserver=self.nameserver, resolve=self.resolve, timeout=self.timeout
            )
        if profile is not None:
            self._context.profile = profile
        return self._context

    def target(self, walk: Walk, step: CheckStep) -> str | None:
        """The collected target the step's check would run on, or None when it cannot run."""
        from postdesk.diagnose import CHECK_NAMES
        from postdesk.kb.checks import known_checks
        from postdesk.kb.runner import SECRET_MARK

        info = known_checks().get(step.check)
        if self.mode == "off" or info is None or info.mode != "auto":
            return None
        if step.check not in CHECK_NAMES or not step.target:
            return None
        value = walk.state.fields.get(step.target)
        if not isinstance(value, str) or not value.strip() or value == SECRET_MARK:
            return None
        return value.strip()

    def run(
        self,
        console: Console,
        walk: Walk,
        step: CheckStep,
        target: str,
        profile: Profile,
        lang: Lang,
    ) -> dict[str, str]:
        """Run the step's check on ``target``, print each result; the outcomes they suggest."""
        import asyncio

        from postdesk.diagnose import run_check

        console.print(f"[dim]running {step.check} {target} …[/dim]")
        try:
            results, _overall = asyncio.run(
                run_check(step.check, target, self._build_context(profile))
            )
        except PostdeskError as err:  # a malformed target: say so, the walk goes on
            console.print(f"[red]{step.check}: {err}[/red]")
            return {}
        suggested: dict[str, str] = {}
        for result in results:
            _print_result(console, result, lang)
            outcome = result.suggested_outcome(walk.playbook.id, step.id)
            if outcome is None:
                console.print("  [dim]the check suggests no outcome here: judge from it[/dim]")
            else:
                suggested.setdefault(outcome, f"{step.check}: {result.status}")
        return suggested


def _print_result(console: Console, result: CheckResult, lang: Lang) -> None:
    from rich.markup import escape

    style = STATUS_STYLE.get(result.status, "white")
    console.print(
        f"[{style}]\\[{result.status.upper()}][/{style}] {escape(result.check)} "
        f"{escape(result.target)}: {escape(result.summary.get(lang))} "
        f"[dim]({result.elapsed_ms:.0f} ms)[/dim]"
    )
