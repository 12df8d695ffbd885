"""Running a check step's diagnostic from the terminal walk (``postdesk run --checks``).

Which checks can run, on what target, and what their results suggest are
the walk's rules (:meth:`postdesk.kb.runner.Walk.check_target`,
:func:`postdesk.kb.step_checks.run_step_check`), the same the API and the
pages use; this module only holds the command-line options and prints.
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
    from postdesk.kb.facts import Facts
    from postdesk.kb.runner import Walk
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
                key="cli_not_one_of",
                option="--checks",
                value=self.mode,
                choices=", ".join(CHECKS_MODES),
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

    def target(self, walk: Walk, profile: Profile, facts: Facts | None) -> str | None:
        """What the step's check would run on (the walk's rule), or None when it cannot run."""
        from postdesk.kb.step_checks import runnable

        if self.mode == "off" or not runnable(walk.step):
            return None
        known = walk.check_target(profile.hosts.model_dump(), facts)
        return known.value if known is not None else None

    def run(
        self, console: Console, walk: Walk, target: str, profile: Profile, lang: Lang
    ) -> dict[str, str]:
        """Run the step's check on ``target`` (kb.step_checks), print each result; the outcomes
        they suggest, as the marks to show."""
        import asyncio

        from postdesk.cli.common import say
        from postdesk.kb.step_checks import run_step_check

        step = walk.step
        check = getattr(step, "check", "")
        running = say("cli_check_running", lang, check=check, target=target)
        console.print(running, style="dim", markup=False)
        try:
            found = asyncio.run(run_step_check(walk, target, self._build_context(profile)))
        except PostdeskError as err:  # a malformed target: say so, the walk goes on
            console.print(f"{check}: {err.localised(lang)}", style="red", markup=False)
            return {}
        for result in found.results:
            _print_result(console, result, lang)
        if not found.suggested:
            console.print(f"  {say('cli_check_no_suggestion', lang)}", style="dim", markup=False)
        return {outcome: hint.detail for outcome, hint in found.suggested.items()}


def _print_result(console: Console, result: CheckResult, lang: Lang) -> None:
    from rich.markup import escape

    style = STATUS_STYLE.get(result.status, "white")
    console.print(
        f"[{style}]\\[{result.status.upper()}][/{style}] {escape(result.check)} "
        f"{escape(result.target)}: {escape(result.summary.get(lang))} "
        f"[dim]({result.elapsed_ms:.0f} ms)[/dim]"
    )
