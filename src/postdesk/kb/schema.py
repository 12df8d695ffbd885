"""The playbook schema: one section of the work instruction as typed, validated data.

A playbook is a small graph of steps. The step kinds say what the agent does:

- ``ask``: put a question to the customer (or to oneself); each option leads on;
- ``check``: run a diagnostic (by id) or, until one exists, record its outcome by hand;
- ``instruct``: tell the customer to do something, with the how-to steps;
- ``collect``: gather typed fields (domain, email, phone, time, file, ...);
- ``reply``: give the scripted reply (terminal when it has no ``next``: reply-and-resolve);
- ``escalate``: hand the case to a profile channel with required fields and attachments;
- ``resolve``: the case ends here.

Texts may name profile values with Jinja2 placeholders (``{{ hosts.mx }}``);
they are rendered with the loaded profile, so no provider value lives in code.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from postdesk.i18n import Text
from postdesk.kb.facts import FactRole
from postdesk.profile.schema import FieldType

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"
_SECTION = re.compile(r"^4\.0\.\d{1,2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer to an ``ask`` step, or one outcome of a ``check`` step."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    label: Text
    next: str
    # A declared loop: this edge may lead back to an earlier step (e.g. the
    # 20-minute MX re-check of 4.0.2). Undeclared cycles fail validation.
    loop: bool = False
    # What the desk may already know that points to this answer: "open-incident"
    # (the case belongs to an open suspected outage, 4.0.6). The walk marks the
    # option; the agent still chooses.
    suggested_by: list[Literal["open-incident"]] = Field(default_factory=list)


class FieldSpec(_Strict):
    """A field the agent collects; its type drives validation in the runner."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    type: FieldType = "text"
    label: Text
    required: bool = True
    choices: list[str] | None = Field(default=None, description="allowed values for type choice")
    help: Text | None = None
    role: FactRole | None = Field(
        default=None,
        description="which known fact fills it in advance (postdesk.kb.facts); absent: the "
        "default for its name (domain -> the customer's domain, ...), or none",
    )


class Attachment(_Strict):
    """A file that must (or may) go with an escalation."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    required: bool = True


class ReminderDelay(_Strict):
    """How long after its trigger a reminder falls due: wall-clock minutes or working days.

    Minutes are for what the world does on its own clock (4.0.9 G: sender in prison
    clears after 15-20 minutes); working days for what the provider's staff do
    (4.0.2 A: one working day), counted in the profile's business time.
    """

    minutes: int | None = Field(default=None, ge=0, le=525_600)
    working_days: int | None = Field(default=None, ge=1, le=60)

    @model_validator(mode="after")
    def _exactly_one(self) -> ReminderDelay:
        if (self.minutes is None) == (self.working_days is None):
            raise PydanticCustomError(
                "reminder_delay_one", "give exactly one of minutes, working_days"
            )
        return self


class StepReminder(_Strict):
    """A follow-up the document demands after a step: the desk adds it to the case.

    ``on: done``: when the agent completes the step (answers, gives the reply,
    escalates); ``on: answered`` (escalate steps only): when the escalation's
    answer is recorded (4.0.12 4): once abuse says the other side was contacted,
    reply to the customer again).
    """

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    on: Literal["done", "answered"] = "done"
    after: ReminderDelay
    text: Text


class _StepBase(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: Text | None = None
    text: Text
    note: Text | None = Field(default=None, description="a remark for the agent only")
    reminders: list[StepReminder] = Field(
        default_factory=list, description="follow-ups the desk adds to the case after this step"
    )


class AskStep(_StepBase):
    kind: Literal["ask"]
    options: list[Option] = Field(min_length=2)


class CheckStep(_StepBase):
    kind: Literal["check"]
    check: str = Field(description="diagnostic id (postdesk.diagnose), e.g. mx, ports, smtp")
    target: str | None = Field(
        default=None,
        description="what the check runs on: a collected field (domain), or one of the "
        "provider's hosts (hosts.smtp: 4.0.9's telnet test is of the provider's servers)",
    )
    how: list[Text] = Field(default_factory=list, description="how to do it by hand")
    outcomes: list[Option] = Field(min_length=2)


class InstructStep(_StepBase):
    kind: Literal["instruct"]
    steps: list[Text] = Field(default_factory=list, description="the how-to, in order")
    next: str


class CollectStep(_StepBase):
    kind: Literal["collect"]
    fields: list[FieldSpec] = Field(min_length=1)
    next: str


class ReplyStep(_StepBase):
    kind: Literal["reply"]
    next: str | None = Field(default=None, description="absent: reply and resolve")


class EscalateStep(_StepBase):
    kind: Literal["escalate"]
    channel: str = Field(description="channel id in the provider profile")
    requires: list[str] = Field(
        default_factory=list, description="collected field names that must go with it"
    )
    attachments: list[Attachment] = Field(default_factory=list)
    include_password: bool = Field(
        default=False,
        description="the document asks to pass the customer's password on; the desk sends a "
        "link to the case instead of the secret",
    )
    seal: bool | None = Field(
        default=None,
        description="fax channels: whether this fax must carry the company seal; absent: the "
        "channel's rule (4.0.23: an individual applicant faxes an ID card, no seal)",
    )
    fax_extension: bool = Field(
        default=True,
        description="fax channels: whether this section gives the channel's extension; 4.0.23 "
        "gives the number without one, and the desk shows the number as each section does",
    )
    next: str | None = Field(default=None, description="absent: the walk ends escalated")

    def needs_seal(self, channel_needs_seal: bool) -> bool:
        """Whether this escalation's fax must be sealed: the step's rule, else the channel's."""
        return channel_needs_seal if self.seal is None else self.seal


class ResolveStep(_StepBase):
    kind: Literal["resolve"]


Step = Annotated[
    AskStep | CheckStep | InstructStep | CollectStep | ReplyStep | EscalateStep | ResolveStep,
    Field(discriminator="kind"),
]
AnyStep = AskStep | CheckStep | InstructStep | CollectStep | ReplyStep | EscalateStep | ResolveStep


def successors(step: AnyStep) -> list[tuple[str, bool]]:
    """The steps ``step`` can lead to, each with whether that edge is a declared loop."""
    if isinstance(step, AskStep):
        return [(option.next, option.loop) for option in step.options]
    if isinstance(step, CheckStep):
        return [(outcome.next, outcome.loop) for outcome in step.outcomes]
    if isinstance(step, ResolveStep):
        return []
    return [(step.next, False)] if step.next else []


class Note(_Strict):
    """Background the agent should know: 知识点, 了解, 注, 原则, 背景."""

    kind: Literal["knowledge", "background", "note", "principle", "rule"]
    title: Text | None = None
    text: Text
    items: list[Text] = Field(default_factory=list)


class Signal(_Strict):
    """A server reply, bounce text or client error code this playbook explains.

    Triage and bounce analysis read these: ``patterns`` are matched
    case-insensitively as plain substrings (``regex`` for the few that need one).
    """

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    key: str | None = Field(default=None, description="the document's label, e.g. 'F'")
    patterns: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    meaning: Text
    action: Text
    reply: Text | None = None
    step: str | None = Field(default=None, description="the step to go to when it matches")
    scope: Literal["any", "own-servers"] = Field(
        default="any",
        description=(
            "own-servers: the text is a reply of the provider's own servers (4.0.9 E/F, 4.0.28);"
            " bounce advice uses the signal only when one of the profile's hosts refused"
        ),
    )

    @field_validator("regex")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as err:
                raise PydanticCustomError(
                    "regex_not_compiling",
                    "regex '{regex}' does not compile: {reason}",
                    {"regex": value, "reason": str(err)},
                ) from None
        return values


class FindingAdvice(_Strict):
    """What the agent says and does when :mod:`postdesk.inspect` reads this in an original.

    ``id`` is the finding's name (``delay-provider``, ``garbled-mixed-encodings``,
    ...); the inspect engine names it, the playbook owns the words. ``step`` is
    the walk step the finding leads to on a case.
    """

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    meaning: Text
    reply: Text
    action: Text
    step: str | None = Field(default=None, description="the walk step this finding suggests")
    note: Text | None = Field(default=None, description="where the wording comes from")


class Symptoms(_Strict):
    """How customers describe this problem, for triage.

    ``zh`` and ``en`` are short phrases, one wording each; ``examples`` are whole
    complaints as customers sent them (any language, typos kept), labelled by
    being here. Triage learns from both; only the phrases are shown to agents.
    """

    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)


class OutageRule(_Strict):
    """The outage rule of 4.0.6, declared by the playbooks whose symptom it fits.

    Several customers reporting the same symptom within a short window means a
    fault on the provider's side (4.0.6 1)); a playbook where that reasoning does
    not hold (an expiry query, 4.0.5) declares no rule. The counts default to the
    profile's ``limits.outage_reports`` and ``limits.outage_window_minutes``.
    "The same symptom" is the playbook's signal the complaint matched (the server
    phrase or error code), or the playbook alone for complaints that match none.
    """

    reports: int | None = Field(default=None, ge=2)
    window_minutes: int | None = Field(default=None, ge=1)


# Which way the mail a section is about usually goes, seen from the provider's customer:
# "inbound" (mail it receives: 4.0.10 收不到外部邮件, spam, viruses, duplicates, garbled
# mail), "outbound" (mail it sends: 4.0.11 发信后对方收不到, overseas delivery), "internal"
# (mail inside its own domain: 4.0.28 同域认证), "none" (either way, or no mail at all).
# Triage's entity roles use it only when the complaint's wording leaves the way open.
MailDirection = Literal["inbound", "outbound", "internal", "none"]


class Playbook(_Strict):
    """One section 4.0.x of the work instruction."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    section: str
    version: int = Field(ge=1)
    title: Text
    summary: Text
    symptoms: Symptoms = Symptoms()
    notes: list[Note] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    outage: OutageRule | None = Field(
        default=None, description="the outage rule of 4.0.6 for this playbook; absent: off"
    )
    findings: list[FindingAdvice] = Field(default_factory=list)
    mail_direction: MailDirection = Field(
        default="none",
        description="which way the section's mail usually goes, seen from the customer;"
        " a prior for triage's entity roles when the wording leaves it open",
    )
    start: str
    steps: list[Step] = Field(min_length=1)

    @field_validator("section")
    @classmethod
    def _section(cls, value: str) -> str:
        if not _SECTION.match(value):
            raise PydanticCustomError(
                "section_form", "section '{section}' is not of the form 4.0.N", {"section": value}
            )
        return value

    def step(self, step_id: str) -> AnyStep:
        """The step ``step_id``; KeyError if absent."""
        for candidate in self.steps:
            if candidate.id == step_id:
                return candidate
        raise KeyError(step_id)
