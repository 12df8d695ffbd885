"""Walk one playbook step by step: the state a case carries while an agent works it.

A :class:`Walk` holds a playbook and a :class:`WalkState` (current step,
collected fields, transcript). Each action checks its input first and only
then changes the state, so an invalid answer or field leaves the walk exactly
as it was. The state serialises to JSON for the desk and the API; the clock is
injectable so that a walk replayed with the same inputs gives the same state.

Secrets (a customer's mailbox password) are never kept in the state: a
collect step hands them back to the caller in :attr:`CollectOutcome.secrets`
for safe storage, and the state records only that one was given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from postdesk.errors import InvalidInputError, PostdeskError
from postdesk.i18n import Text
from postdesk.kb import slots
from postdesk.kb.fields import FieldError, normalise
from postdesk.kb.schema import (
    AnyStep,
    AskStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    InstructStep,
    Playbook,
    ReplyStep,
    ResolveStep,
)

Clock = Callable[[], datetime]
WalkStatus = Literal["active", "resolved", "escalated"]
SECRET_MARK = "[secret given]"


def utc_now() -> datetime:
    return datetime.now(UTC)


class WalkError(InvalidInputError):
    """An action does not fit the current step; the walk is unchanged."""


class TranscriptEntry(BaseModel):
    """One thing that happened in the walk."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    step: str
    kind: str
    action: Literal["started", "answered", "outcome", "collected", "done", "escalated", "resolved"]
    choice: str | None = None
    fields: dict[str, Any] | None = None


class WalkState(BaseModel):
    """Everything needed to resume a walk; what the desk stores with a case."""

    model_config = ConfigDict(extra="forbid")

    playbook_id: str
    playbook_version: int
    current: str
    status: WalkStatus = "active"
    fields: dict[str, Any] = Field(default_factory=dict)
    escalation: dict[str, Any] | None = None
    transcript: list[TranscriptEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class CollectOutcome:
    """What a collect step produced: stored values, and secrets for the caller to protect."""

    values: dict[str, Any]
    secrets: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # secrets must never reach a log line through a repr
        return f"CollectOutcome(values={self.values!r}, secrets={sorted(self.secrets)!r})"


class Walk:
    """A walk over one playbook; see the module docstring."""

    def __init__(self, playbook: Playbook, state: WalkState, clock: Clock = utc_now) -> None:
        if state.playbook_id != playbook.id:
            raise WalkError(
                f"the saved walk is for playbook {state.playbook_id!r}, not {playbook.id!r}"
            )
        try:
            playbook.step(state.current)
        except KeyError:
            raise WalkError(
                f"the saved walk is at step {state.current!r}, which playbook {playbook.id} "
                f"v{playbook.version} does not have; start a new walk"
            ) from None
        self.playbook = playbook
        self.state = state
        self._clock = clock

    # -- creation and persistence -------------------------------------------------

    @classmethod
    def start(cls, playbook: Playbook, clock: Clock = utc_now) -> Walk:
        """A new walk at the playbook's first step."""
        state = WalkState(
            playbook_id=playbook.id, playbook_version=playbook.version, current=playbook.start
        )
        walk = cls(playbook, state, clock)
        walk._record("started")
        walk._arrive(playbook.start)
        return walk

    def to_json(self) -> str:
        return self.state.model_dump_json()

    @classmethod
    def from_json(cls, playbook: Playbook, data: str | bytes, clock: Clock = utc_now) -> Walk:
        """Resume a walk saved with :meth:`to_json`."""
        try:
            state = WalkState.model_validate_json(data)
        except ValueError as err:
            raise WalkError(f"the saved walk is not valid: {err}") from None
        return cls(playbook, state, clock)

    # -- reading ---------------------------------------------------------------------

    @property
    def step(self) -> AnyStep:
        return self.playbook.step(self.state.current)

    @property
    def finished(self) -> bool:
        return self.state.status != "active"

    def choices(self) -> list[tuple[str, str]]:
        """(id, English label) of the current ask/check step's choices, in order."""
        step = self.step
        if isinstance(step, AskStep):
            return [(option.id, option.label.en) for option in step.options]
        if isinstance(step, CheckStep):
            return [(outcome.id, outcome.label.en) for outcome in step.outcomes]
        return []

    def say(self, step: AnyStep | None = None) -> Text:
        """The step's text (default: the current step) with ``{{ walk.NAME }}`` filled in.

        Values come from the fields collected so far and what they compute
        (postdesk.kb.slots); a secret is never shown.
        """
        target = step or self.step
        return slots.fill(
            target.text, slots.values_from(self.state.fields, lambda value: value == SECRET_MARK)
        )

    def missing_for_escalation(self, step: EscalateStep | None = None) -> list[str]:
        """Required fields of the escalation not collected yet."""
        target = step or self.step
        if not isinstance(target, EscalateStep):
            return []
        return [name for name in target.requires if self.state.fields.get(name) in (None, "")]

    # -- acting ----------------------------------------------------------------------

    def answer(self, choice: str | int) -> None:
        """Pick an option of an ask step or an outcome of a check step (id or 1-based number)."""
        self._require_active()
        step = self.step
        if isinstance(step, AskStep):
            options, action = step.options, "answered"
        elif isinstance(step, CheckStep):
            options, action = step.outcomes, "outcome"
        else:
            raise WalkError(f"step {step.id} is a {step.kind} step; it takes no choice")
        chosen = None
        if isinstance(choice, int) or (isinstance(choice, str) and choice.strip().isdigit()):
            number = int(choice)
            if 1 <= number <= len(options):
                chosen = options[number - 1]
        else:
            chosen = next((o for o in options if o.id == choice.strip()), None)
        if chosen is None:
            valid = ", ".join(f"{n} ({o.id})" for n, o in enumerate(options, 1))
            raise WalkError(f"{choice!r} is not a choice of step {step.id}; choose one of: {valid}")
        self._record(action, choice=chosen.id)  # type: ignore[arg-type]
        self._arrive(chosen.next)

    def collect(self, values: Mapping[str, object]) -> CollectOutcome:
        """Fill the current collect step's fields; all are validated before any is stored."""
        self._require_active()
        step = self.step
        if not isinstance(step, CollectStep):
            raise WalkError(f"step {step.id} is a {step.kind} step; it collects no fields")
        known = {spec.name for spec in step.fields}
        unknown = sorted(set(values) - known)
        if unknown:
            raise WalkError(
                f"step {step.id} has no field {', '.join(unknown)}; "
                f"its fields are: {', '.join(spec.name for spec in step.fields)}"
            )
        stored: dict[str, Any] = {}
        secrets: dict[str, str] = {}
        problems: list[str] = []
        for spec in step.fields:
            raw = values.get(spec.name, self.state.fields.get(spec.name))
            if spec.type == "secret" and self.state.fields.get(spec.name) == SECRET_MARK:
                raw = values.get(spec.name) or ("" if spec.required else None)
                if not raw:  # already given earlier in this walk
                    stored[spec.name] = SECRET_MARK
                    continue
            try:
                value = normalise(spec, raw)
            except FieldError as err:
                problems.append(str(err))
                continue
            if spec.type == "secret" and value is not None:
                secrets[spec.name] = str(value)
                value = SECRET_MARK
            stored[spec.name] = value
        if problems:
            raise WalkError("; ".join(problems))
        self.state.fields.update(stored)
        shown = {name: value for name, value in stored.items()}
        self._record("collected", fields=shown)
        self._arrive(step.next)
        return CollectOutcome(values=stored, secrets=secrets)

    def proceed(self) -> None:
        """Mark an instruct, reply or escalate step as done and move on."""
        self._require_active()
        step = self.step
        if isinstance(step, InstructStep):
            self._record("done")
            self._arrive(step.next)
        elif isinstance(step, ReplyStep):
            self._record("done")
            if step.next:
                self._arrive(step.next)
            else:
                self._finish("resolved")
        elif isinstance(step, EscalateStep):
            missing = self.missing_for_escalation(step)
            if missing:
                raise WalkError(
                    f"cannot escalate to {step.channel}: missing {', '.join(missing)}; "
                    "collect them first"
                )
            self.state.escalation = {
                "step": step.id,
                "channel": step.channel,
                "fields": {name: self.state.fields.get(name) for name in step.requires},
                "attachments": [a.name for a in step.attachments],
                "include_password": step.include_password,
            }
            self._record("escalated")
            if step.next:
                self._arrive(step.next)
            else:
                self._finish("escalated")
        else:
            raise WalkError(
                f"step {step.id} is a {step.kind} step; "
                + (
                    "answer it with a choice"
                    if step.kind in ("ask", "check")
                    else "fill its fields"
                )
            )

    def advance(self, answer: object = None) -> None:
        """One action of any kind: a choice, a mapping of fields, or nothing to proceed."""
        step = self.step
        if isinstance(step, AskStep | CheckStep):
            if not isinstance(answer, str | int) or isinstance(answer, bool):
                raise WalkError(f"step {step.id} needs a choice (an option id or number)")
            self.answer(answer)
        elif isinstance(step, CollectStep):
            if not isinstance(answer, Mapping):
                raise WalkError(f"step {step.id} needs a mapping of fields")
            self.collect(answer)
        else:
            self.proceed()

    # -- internals ---------------------------------------------------------------------

    def _require_active(self) -> None:
        if self.finished:
            raise WalkError(f"the walk has ended ({self.state.status}); start a new one")

    def _arrive(self, step_id: str) -> None:
        self.state.current = step_id
        if isinstance(self.step, ResolveStep):
            self._finish("resolved")

    def _finish(self, status: WalkStatus) -> None:
        self.state.status = status
        if status == "resolved":
            self._record("resolved")

    def _record(
        self,
        action: str,
        choice: str | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        step = self.step
        self.state.transcript.append(
            TranscriptEntry(
                at=self._clock(),
                step=step.id,
                kind=step.kind,
                action=action,  # type: ignore[arg-type]
                choice=choice,
                fields=fields,
            )
        )


def replay(playbook: Playbook, answers: list[object], clock: Clock = utc_now) -> Walk:
    """A walk driven by a list of answers (as in ``postdesk run --answers``)."""
    walk = Walk.start(playbook, clock)
    for number, answer in enumerate(answers, 1):
        if walk.finished:
            raise PostdeskError(
                f"answer {number} is one too many: the walk ended ({walk.state.status}) "
                f"at step {walk.state.current}"
            )
        try:
            walk.advance(answer)
        except WalkError as err:
            raise PostdeskError(f"answer {number} at step {walk.state.current}: {err}") from None
    return walk
