"""Graph and reference rules every playbook must keep.

Each rule returns problems as ``playbook: step: field: message`` so that the
author can go straight to the line; a problem is a :class:`PostdeskError` keyed
in the message catalogue (``kb_*``), read in either language. The rules:

- step ids are unique; ``start`` and every ``next`` name an existing step;
- every step is reachable from ``start``;
- every path ends: from every step a terminal step (resolve, or a reply or
  escalate without ``next``) can be reached, and only terminal steps lack a way on;
- no cycle, unless every cycle passes through an edge declared ``loop: true``;
- every escalation channel exists in the profile (``seal`` only on a fax
  channel); every field an escalation
  requires and every check target is collected somewhere in the playbook;
- every check names a known check (``checks.yaml``);
- reminder ids are unique in a playbook, and only escalate steps remind ``on: answered``;
- ``{{ walk.NAME }}`` appears only in a step's text and names a collected,
  non-secret field or a computed value whose inputs are collected;
- ids and sections are unique across the library;
- no symptom phrase or example complaint is listed under two playbooks (case,
  spacing and punctuation aside): triage would learn both answers for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from postdesk.errors import PostdeskError
from postdesk.kb import slots
from postdesk.kb.checks import known_checks
from postdesk.kb.facts import ROLE_TYPES, role_of
from postdesk.kb.schema import (
    AnyStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    Playbook,
    ReplyStep,
    ResolveStep,
    successors,
)
from postdesk.profile import Profile


def problem(where: str, key: str, /, **values: Any) -> PostdeskError:
    """One problem: ``where`` (``playbook: step: field``) and the catalogue's ``key``."""
    return PostdeskError(key="kb_problem", where=where, problem=PostdeskError(key=key, **values))


def is_terminal(step: AnyStep) -> bool:
    """A walk may end here."""
    if isinstance(step, ResolveStep):
        return True
    return isinstance(step, ReplyStep | EscalateStep) and step.next is None


def _collected_fields(playbook: Playbook, secrets: bool = True) -> set[str]:
    """Names of the fields some step collects (``secrets=False``: not the secret ones)."""
    return {
        field.name
        for step in playbook.steps
        if isinstance(step, CollectStep)
        for field in step.fields
        if secrets or field.type != "secret"
    }


def _reachable(start: str, edges: Mapping[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen or node not in edges:
            continue
        seen.add(node)
        stack.extend(edges[node])
    return seen


def _find_cycle(edges: Mapping[str, list[str]]) -> list[str] | None:
    """One cycle in ``edges`` as a list of step ids, or None."""
    colour: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        path.append(node)
        for target in edges.get(node, []):
            if colour.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in colour and (found := visit(target)):
                return found
        colour[node] = 2
        path.pop()
        return None

    for node in edges:
        if node not in colour and (found := visit(node)):
            return found
    return None


def _strings(value: Any, where: str) -> Iterable[tuple[str, str]]:
    """Every string in a dumped model, with its dotted path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def _slot_problems(playbook: Playbook) -> list[PostdeskError]:
    """``{{ walk.NAME }}`` only in a step's text, naming a collected field or a computed value."""
    shown = _collected_fields(playbook, secrets=False)
    problems = []
    for step in playbook.steps:
        where = f"{playbook.id}: {step.id}"
        for path, text in _strings(step.model_dump(exclude={"text"}), ""):
            for slot in slots.SLOT.findall(text):
                problems.append(
                    problem(f"{where}: {path.lstrip('.')}: walk.{slot}", "kb_slot_outside_text")
                )
        for slot in sorted(slots.names_in(step.text)):
            computed = slots.COMPUTED.get(slot)
            if computed is not None:
                missing = [needed for needed in computed.inputs if needed not in shown]
                if missing:
                    problems.append(
                        problem(
                            f"{where}: text",
                            "kb_slot_inputs_uncollected",
                            slot=slot,
                            missing=", ".join(missing),
                        )
                    )
            elif slot not in shown:
                problems.append(
                    problem(
                        f"{where}: text",
                        "kb_slot_unknown",
                        slot=slot,
                        computed=", ".join(sorted(slots.COMPUTED)),
                    )
                )
    return problems


def validate_playbook(playbook: Playbook, profile: Profile) -> list[PostdeskError]:
    """Every problem of one playbook, empty when it is sound."""
    name = playbook.id
    problems: list[PostdeskError] = []
    steps: dict[str, AnyStep] = {}
    for step in playbook.steps:
        if step.id in steps:
            problems.append(problem(f"{name}: {step.id}: id", "kb_step_id_twice"))
        steps[step.id] = step

    if playbook.start not in steps:
        problems.append(problem(f"{name}: start", "kb_no_step", step=playbook.start))

    all_edges: dict[str, list[str]] = {}
    plain_edges: dict[str, list[str]] = {}
    for step in playbook.steps:
        targets = successors(step)
        option_ids = [target for target, _ in targets]
        all_edges[step.id] = [target for target, _ in targets if target in steps]
        plain_edges[step.id] = [t for t, loop in targets if not loop and t in steps]
        for target, _ in targets:
            if target not in steps:
                problems.append(problem(f"{name}: {step.id}: next", "kb_no_step", step=target))
        if hasattr(step, "options") or hasattr(step, "outcomes"):
            ids = [o.id for o in getattr(step, "options", None) or getattr(step, "outcomes", [])]
            if len(set(ids)) != len(ids):
                problems.append(problem(f"{name}: {step.id}: options", "kb_option_id_twice"))
        del option_ids

    if playbook.start in steps:
        reachable = _reachable(playbook.start, all_edges)
        for step in playbook.steps:
            if step.id not in reachable:
                problems.append(
                    problem(f"{name}: {step.id}", "kb_unreachable", start=playbook.start)
                )

    terminals = {step.id for step in playbook.steps if is_terminal(step)}
    if not terminals:
        problems.append(problem(f"{name}: steps", "kb_no_terminal"))
    for step in playbook.steps:
        if not (_reachable(step.id, all_edges) & terminals):
            problems.append(problem(f"{name}: {step.id}", "kb_no_end"))

    cycle = _find_cycle(plain_edges)
    if cycle:
        problems.append(problem(f"{name}: {cycle[0]}: next", "kb_cycle", cycle=" -> ".join(cycle)))

    collected = _collected_fields(playbook)
    checks = known_checks()
    for step in playbook.steps:
        if isinstance(step, EscalateStep):
            if step.channel not in profile.channels:
                known = ", ".join(sorted(profile.channels))
                problems.append(
                    problem(
                        f"{name}: {step.id}: channel",
                        "kb_channel_unknown",
                        channel=step.channel,
                        known=known,
                    )
                )
            else:
                channel = profile.channels[step.channel]
                for needed in channel.requires:
                    if needed.name not in step.requires:
                        problems.append(
                            problem(
                                f"{name}: {step.id}: requires",
                                "kb_channel_needs_field",
                                channel=step.channel,
                                field=needed.name,
                                label_zh=needed.label.zh,
                                label_en=needed.label.en,
                            )
                        )
                if step.seal is not None and channel.kind != "fax":
                    problems.append(
                        problem(
                            f"{name}: {step.id}: seal",
                            "kb_seal_not_fax",
                            channel=step.channel,
                            kind=channel.kind,
                        )
                    )
            for field in step.requires:
                if field not in collected:
                    problems.append(
                        problem(f"{name}: {step.id}: requires", "kb_field_uncollected", field=field)
                    )
        if isinstance(step, CheckStep):
            if step.check not in checks:
                problems.append(
                    problem(f"{name}: {step.id}: check", "kb_check_unknown", check=step.check)
                )
            problems.extend(_target_problems(name, step, collected, profile))
        for spec in getattr(step, "fields", None) or []:
            role = role_of(spec.name, spec.role)
            if role is not None and spec.type not in ROLE_TYPES[role]:
                problems.append(
                    problem(
                        f"{name}: {step.id}: fields.{spec.name}",
                        "kb_role_type",
                        role=role,
                        types=", ".join(sorted(ROLE_TYPES[role])),
                        type=spec.type,
                    )
                )
    reminder_ids: set[str] = set()
    for step in playbook.steps:
        for reminder in step.reminders:
            if reminder.id in reminder_ids:
                problems.append(
                    problem(f"{name}: {step.id}: reminders.{reminder.id}", "kb_reminder_id_twice")
                )
            reminder_ids.add(reminder.id)
            if reminder.on == "answered" and not isinstance(step, EscalateStep):
                problems.append(
                    problem(
                        f"{name}: {step.id}: reminders.{reminder.id}: on", "kb_reminder_answered"
                    )
                )
    for signal in playbook.signals:
        if signal.step and signal.step not in steps:
            problems.append(
                problem(f"{name}: signals.{signal.id}: step", "kb_no_step", step=signal.step)
            )
        if not signal.patterns and not signal.regex:
            problems.append(problem(f"{name}: signals.{signal.id}: patterns", "kb_signal_empty"))
    for finding in playbook.findings:
        if finding.step and finding.step not in steps:
            problems.append(
                problem(f"{name}: findings.{finding.id}: step", "kb_no_step", step=finding.step)
            )
    problems.extend(_slot_problems(playbook))
    return problems


def _target_problems(
    name: str, step: CheckStep, collected: set[str], profile: Profile
) -> list[PostdeskError]:
    """A check's target is a collected field, or one of the provider's hosts (hosts.NAME)."""
    if not step.target:
        return []
    if step.target.startswith("hosts."):
        host = step.target.removeprefix("hosts.")
        if not getattr(profile.hosts, host, None):
            return [problem(f"{name}: {step.id}: target", "kb_host_unknown", host=host)]
        return []
    if step.target not in collected:
        return [problem(f"{name}: {step.id}: target", "kb_field_uncollected", field=step.target)]
    return []


def validate_library(
    playbooks: Iterable[Playbook], profile: Profile, sources: Mapping[str, str] | None = None
) -> list[PostdeskError]:
    """Problems of every playbook plus the library-wide rules (unique ids and sections)."""
    problems: list[PostdeskError] = []
    seen_ids: set[str] = set()
    seen_sections: dict[str, str] = {}
    seen_wordings: dict[str, str] = {}
    for playbook in playbooks:
        if playbook.id in seen_ids:
            problems.append(problem(f"{playbook.id}: id", "kb_playbook_id_twice"))
        seen_ids.add(playbook.id)
        if playbook.section in seen_sections:
            other = seen_sections[playbook.section]
            problems.append(
                problem(
                    f"{playbook.id}: section",
                    "kb_section_twice",
                    section=playbook.section,
                    other=other,
                )
            )
        seen_sections[playbook.section] = playbook.id
        problems.extend(validate_playbook(playbook, profile))
        symptoms = playbook.symptoms
        for wording in dict.fromkeys([*symptoms.zh, *symptoms.en, *symptoms.examples]):
            key = "".join(char for char in wording.casefold() if char.isalnum())
            owner = seen_wordings.setdefault(key, playbook.id)
            if owner != playbook.id:
                problems.append(
                    problem(
                        f"{playbook.id}: symptoms", "kb_symptom_twice", wording=wording, owner=owner
                    )
                )
    return problems
