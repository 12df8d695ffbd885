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
from postdesk.i18n import Lang, Text
from postdesk.kb import slots
from postdesk.kb.facts import Facts, Known, role_of
from postdesk.kb.fields import FieldError, normalise
from postdesk.kb.schema import (
    AnyStep,
    AskStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    FieldSpec,
    InstructStep,
    Option,
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


class FieldsError(WalkError):
    """Values of a collect step that do not fit their fields: every problem, by field."""

    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems

    def localised(self, lang: Lang) -> str:
        return "; ".join(
            f"{problem.field}: {problem.localised(lang)}"
            if problem.field
            else problem.localised(lang)
            for problem in self.problems
        )


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
    # Values of a collect step whose answer was taken back (undo): offered again
    # when the step is shown, so that correcting one value does not mean retyping all.
    draft: dict[str, Any] = Field(default_factory=dict)


# Transcript actions that answer a step; undo takes back the last of them.
ANSWERS = ("answered", "outcome", "collected", "done", "escalated")


@dataclass(frozen=True)
class Hint:
    """Why the walk marks a choice: what points to it ("signal", "incident", "check",
    "original": an attached original's finding) and the detail (the matched text, the
    incident id, the check's verdict, the original's file name)."""

    kind: Literal["signal", "incident", "check", "original"]
    detail: str


@dataclass(frozen=True)
class CollectedField:
    """A value the walk holds, labelled as the step that collected it labels it."""

    name: str
    value: Any
    label: Text
    step: str


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
                key="walk_saved_other_playbook", saved=state.playbook_id, playbook=playbook.id
            )
        try:
            playbook.step(state.current)
        except KeyError:
            raise WalkError(
                key="walk_saved_step_gone",
                step=state.current,
                playbook=playbook.id,
                version=playbook.version,
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
            raise WalkError(key="walk_saved_invalid", reason=str(err)) from None
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

    def options(self) -> list[Option]:
        """The current ask step's options or check step's outcomes (empty otherwise)."""
        step = self.step
        if isinstance(step, AskStep):
            return list(step.options)
        if isinstance(step, CheckStep):
            return list(step.outcomes)
        return []

    # -- what the walk knows, and where a value comes from ------------------------------

    def spec_of(self, name: str) -> FieldSpec | None:
        """The field ``name`` as the step that collected it last defines it.

        A name may be collected by different steps with different meanings (4.0.23's
        company_name is the company in one branch and the individual in the other):
        the transcript says which step it was. Not yet collected: its first definition.
        """
        for entry in reversed(self.state.transcript):
            if entry.action == "collected" and entry.fields and name in entry.fields:
                found = _field_in(self.playbook, entry.step, name)
                if found is not None:
                    return found
        for step in self.playbook.steps:
            found = _field_in(self.playbook, step.id, name)
            if found is not None:
                return found
        return None

    def label_of(self, name: str) -> Text:
        """The label of field ``name`` where it was collected (see :meth:`spec_of`)."""
        spec = self.spec_of(name)
        return spec.label if spec is not None else Text(zh=name, en=name)

    def collected(self) -> list[CollectedField]:
        """Every value the walk holds, in the order it was collected, each with its label."""
        steps: dict[str, str] = {}
        for entry in self.state.transcript:
            if entry.action == "collected" and entry.fields:
                for name in entry.fields:
                    steps.pop(name, None)
                    steps[name] = entry.step
        shown = []
        for name, step_id in steps.items():
            if name in self.state.fields:
                spec = _field_in(self.playbook, step_id, name)
                label = spec.label if spec else Text(zh=name, en=name)
                shown.append(CollectedField(name, self.state.fields[name], label, step_id))
        return shown

    def prefill(self, facts: Facts | None = None) -> dict[str, Known]:
        """Values to offer in the current collect step's fields, each with its source.

        A field gets, in order: the value typed before an undo; the value this walk
        collected for it earlier, when it was collected with the same role; the
        fact of its role (postdesk.kb.facts). Secrets are never offered.
        """
        step = self.step
        if not isinstance(step, CollectStep):
            return {}
        offered: dict[str, Known] = {}
        for spec in step.fields:
            if spec.type == "secret":
                continue
            role = role_of(spec.name, spec.role)
            draft = self.state.draft.get(spec.name)
            earlier = self.state.fields.get(spec.name)
            earlier_spec = self.spec_of(spec.name) if earlier not in (None, "") else None
            if draft not in (None, "", SECRET_MARK):
                offered[spec.name] = Known(str(draft), "walk")
            elif (
                earlier_spec is not None
                and earlier != SECRET_MARK
                and (role_of(earlier_spec.name, earlier_spec.role) == role)
            ):
                offered[spec.name] = Known(str(earlier), "walk")
            elif role is not None and facts is not None:
                known = facts.value_for(role, spec.type)
                if known is not None:
                    offered[spec.name] = known
        return offered

    def suggestions(self, facts: Facts | None = None) -> dict[str, Hint]:
        """Option id -> why the desk points to it: a signal in the complaint or in what was
        collected (a pasted 0x800CCC92 leads to its step), or an open incident (4.0.6).

        The agent still chooses; a check run at the step adds its own (step_checks).
        """
        options = self.options()
        if not options:
            return {}
        hints: dict[str, Hint] = {}
        if facts is not None and facts.open_incident is not None:
            for option in options:
                if "open-incident" in option.suggested_by:
                    hints[option.id] = Hint("incident", str(facts.open_incident))
        texts = [value for value in self.state.fields.values() if isinstance(value, str)]
        texts = [text for text in texts if text != SECRET_MARK]
        if facts is not None and facts.complaint:
            texts.append(facts.complaint)
        if texts and self.playbook.signals:
            from postdesk.kb.signals import matcher_for

            by_step = {option.next: option.id for option in options}
            for match in matcher_for(self.playbook).match("\n".join(texts)):
                step_id = match.record.step
                if step_id in by_step and by_step[step_id] not in hints:
                    hints[by_step[step_id]] = Hint("signal", match.matched)
        return hints

    def check_target(self, hosts: Mapping[str, Any], facts: Facts | None = None) -> Known | None:
        """What the current check step runs on, and where that comes from.

        The step names it (``target``): one of the provider's ``hosts`` (4.0.9's telnet
        test is of the provider's servers), or a collected field; a field not collected
        yet falls back to the fact of its role (a domain field: the customer's domain).
        No target named: None (the check has nothing of this case to run on).
        """
        step = self.step
        if not isinstance(step, CheckStep) or not step.target:
            return None
        if step.target.startswith("hosts."):
            host = hosts.get(step.target.removeprefix("hosts."))
            return Known(str(host), "profile") if host else None
        value = self.state.fields.get(step.target)
        if isinstance(value, str) and value.strip() and value != SECRET_MARK:
            return Known(value.strip(), "walk")
        spec = self.spec_of(step.target)
        role = role_of(step.target, spec.role if spec else None)
        if role is None or facts is None or (spec is not None and spec.type == "secret"):
            return None
        return facts.value_for(role, spec.type if spec else "text")

    def can_undo(self) -> bool:
        """Whether there is an answer to take back (an escalation is never taken back)."""
        last = self._last_answer()
        return last is not None and self.state.transcript[last].action != "escalated"

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
            raise WalkError(
                key="walk_wrong_action", step=step.id, kind=step.kind, hint="it takes no choice"
            )
        chosen = None
        if isinstance(choice, int) or (isinstance(choice, str) and choice.strip().isdigit()):
            number = int(choice)
            if 1 <= number <= len(options):
                chosen = options[number - 1]
        else:
            chosen = next((o for o in options if o.id == choice.strip()), None)
        if chosen is None:
            valid = ", ".join(f"{n} ({o.id})" for n, o in enumerate(options, 1))
            raise WalkError(key="walk_not_a_choice", choice=str(choice), step=step.id, valid=valid)
        self._record(action, choice=chosen.id)  # type: ignore[arg-type]
        self._arrive(chosen.next)

    def collect(self, values: Mapping[str, object]) -> CollectOutcome:
        """Fill the current collect step's fields; all are validated before any is stored."""
        self._require_active()
        step = self.step
        if not isinstance(step, CollectStep):
            raise WalkError(
                key="walk_wrong_action", step=step.id, kind=step.kind, hint="it collects no fields"
            )
        known = {spec.name for spec in step.fields}
        unknown = sorted(set(values) - known)
        if unknown:
            raise WalkError(
                key="walk_unknown_fields",
                step=step.id,
                unknown=", ".join(unknown),
                known=", ".join(spec.name for spec in step.fields),
            )
        stored: dict[str, Any] = {}
        secrets: dict[str, str] = {}
        problems: list[FieldError] = []
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
                problems.append(err)
                continue
            if spec.type == "secret" and value is not None:
                secrets[spec.name] = str(value)
                value = SECRET_MARK
            stored[spec.name] = value
        if problems:
            raise FieldsError(problems)
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
                    key="walk_missing", channel=step.channel, missing=", ".join(missing)
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
                key="walk_step_needs_choice"
                if step.kind in ("ask", "check")
                else "walk_step_needs_fields",
                step=step.id,
                kind=step.kind,
            )

    def undo(self) -> TranscriptEntry:
        """Take back the last answer: the walk is where it was before it; returns the entry.

        Values collected by that answer are dropped (and kept as the step's draft, to
        be offered again); a walk that ended is active again. An escalation is never
        taken back: it was created (and may have been sent).
        """
        last = self._last_answer()
        if last is None:
            raise WalkError(key="walk_nothing_to_undo")
        undone = self.state.transcript[last]
        if undone.action == "escalated":
            raise WalkError(key="walk_escalation_stays", step=undone.step)
        kept = self.state.transcript[:last]
        fields: dict[str, Any] = {}
        for entry in kept:
            if entry.action == "collected" and entry.fields:
                fields.update(entry.fields)
        self.state.transcript = kept
        self.state.fields = fields
        self.state.draft = dict(undone.fields or {}) if undone.action == "collected" else {}
        self.state.current = undone.step
        self.state.status = "active"
        return undone

    def _last_answer(self) -> int | None:
        for position in range(len(self.state.transcript) - 1, -1, -1):
            if self.state.transcript[position].action in ANSWERS:
                return position
        return None

    def advance(self, answer: object = None) -> None:
        """One action of any kind: a choice, a mapping of fields, or nothing to proceed."""
        step = self.step
        if isinstance(step, AskStep | CheckStep):
            if not isinstance(answer, str | int) or isinstance(answer, bool):
                raise WalkError(key="walk_needs_choice", step=step.id)
            self.answer(answer)
        elif isinstance(step, CollectStep):
            if not isinstance(answer, Mapping):
                raise WalkError(key="walk_needs_fields", step=step.id)
            self.collect(answer)
        else:
            self.proceed()

    # -- internals ---------------------------------------------------------------------

    def _require_active(self) -> None:
        if self.finished:
            raise WalkError(key="walk_ended", status=self.state.status)

    def _arrive(self, step_id: str) -> None:
        self.state.current = step_id
        self.state.draft = {}
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


def _field_in(playbook: Playbook, step_id: str, name: str) -> FieldSpec | None:
    try:
        step = playbook.step(step_id)
    except KeyError:
        return None
    for spec in getattr(step, "fields", None) or []:
        if spec.name == name:
            return spec
    return None


def replay(playbook: Playbook, answers: list[object], clock: Clock = utc_now) -> Walk:
    """A walk driven by a list of answers (as in ``postdesk run --answers``)."""
    walk = Walk.start(playbook, clock)
    for number, answer in enumerate(answers, 1):
        if walk.finished:
            raise PostdeskError(
                key="walk_answer_too_many",
                number=number,
                status=walk.state.status,
                step=walk.state.current,
            )
        try:
            walk.advance(answer)
        except WalkError as err:
            raise PostdeskError(
                key="walk_answer_refused", number=number, step=walk.state.current, error=err
            ) from None
    return walk
