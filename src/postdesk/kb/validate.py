"""Graph and reference rules every playbook must keep.

Each rule returns problems as ``playbook: step: field: message`` so that the
author can go straight to the line. The rules:

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


def _slot_problems(playbook: Playbook) -> list[str]:
    """``{{ walk.NAME }}`` only in a step's text, naming a collected field or a computed value."""
    shown = _collected_fields(playbook, secrets=False)
    problems = []
    for step in playbook.steps:
        where = f"{playbook.id}: {step.id}"
        for path, text in _strings(step.model_dump(exclude={"text"}), ""):
            for slot in slots.SLOT.findall(text):
                problems.append(
                    f"{where}: {path.lstrip('.')}: walk.{slot}: walk values are shown only in "
                    "a step's text"
                )
        for slot in sorted(slots.names_in(step.text)):
            computed = slots.COMPUTED.get(slot)
            if computed is not None:
                missing = [needed for needed in computed.inputs if needed not in shown]
                if missing:
                    problems.append(
                        f"{where}: text: walk.{slot} is computed from {', '.join(missing)}, "
                        "which no step collects"
                    )
            elif slot not in shown:
                problems.append(
                    f"{where}: text: walk.{slot} is neither a collected field (secrets are "
                    f"never shown) nor a computed value ({', '.join(sorted(slots.COMPUTED))})"
                )
    return problems


def validate_playbook(playbook: Playbook, profile: Profile) -> list[str]:
    """Every problem of one playbook, empty when it is sound."""
    name = playbook.id
    problems: list[str] = []
    steps: dict[str, AnyStep] = {}
    for step in playbook.steps:
        if step.id in steps:
            problems.append(f"{name}: {step.id}: id: duplicate step id")
        steps[step.id] = step

    if playbook.start not in steps:
        problems.append(f"{name}: start: no step {playbook.start!r}")

    all_edges: dict[str, list[str]] = {}
    plain_edges: dict[str, list[str]] = {}
    for step in playbook.steps:
        targets = successors(step)
        option_ids = [target for target, _ in targets]
        all_edges[step.id] = [target for target, _ in targets if target in steps]
        plain_edges[step.id] = [t for t, loop in targets if not loop and t in steps]
        for target, _ in targets:
            if target not in steps:
                problems.append(f"{name}: {step.id}: next: no step {target!r}")
        if hasattr(step, "options") or hasattr(step, "outcomes"):
            ids = [o.id for o in getattr(step, "options", None) or getattr(step, "outcomes", [])]
            if len(set(ids)) != len(ids):
                problems.append(f"{name}: {step.id}: options: duplicate option id")
        del option_ids

    if playbook.start in steps:
        reachable = _reachable(playbook.start, all_edges)
        for step in playbook.steps:
            if step.id not in reachable:
                problems.append(f"{name}: {step.id}: not reachable from start {playbook.start!r}")

    terminals = {step.id for step in playbook.steps if is_terminal(step)}
    if not terminals:
        problems.append(
            f"{name}: steps: no terminal step (resolve, or reply/escalate without next)"
        )
    for step in playbook.steps:
        if not (_reachable(step.id, all_edges) & terminals):
            problems.append(f"{name}: {step.id}: no path from here ends (resolve/escalate/reply)")

    cycle = _find_cycle(plain_edges)
    if cycle:
        problems.append(
            f"{name}: {cycle[0]}: next: undeclared cycle {' -> '.join(cycle)} "
            "(mark the edge back with loop: true if it is meant)"
        )

    collected = _collected_fields(playbook)
    checks = known_checks()
    for step in playbook.steps:
        if isinstance(step, EscalateStep):
            if step.channel not in profile.channels:
                known = ", ".join(sorted(profile.channels))
                problems.append(
                    f"{name}: {step.id}: channel: {step.channel!r} is not in the profile ({known})"
                )
            else:
                channel = profile.channels[step.channel]
                for needed in channel.requires:
                    if needed.name not in step.requires:
                        problems.append(
                            f"{name}: {step.id}: requires: channel {step.channel!r} needs "
                            f"{needed.name!r} ({needed.label.en}); add it to requires"
                        )
                if step.seal is not None and channel.kind != "fax":
                    problems.append(
                        f"{name}: {step.id}: seal: only a fax carries a seal, and channel "
                        f"{step.channel!r} is a {channel.kind}; remove seal"
                    )
            for field in step.requires:
                if field not in collected:
                    problems.append(
                        f"{name}: {step.id}: requires: field {field!r} is collected by no step"
                    )
        if isinstance(step, CheckStep):
            if step.check not in checks:
                problems.append(f"{name}: {step.id}: check: unknown check {step.check!r}")
            problems.extend(_target_problems(name, step, collected, profile))
        for spec in getattr(step, "fields", None) or []:
            role = role_of(spec.name, spec.role)
            if role is not None and spec.type not in ROLE_TYPES[role]:
                problems.append(
                    f"{name}: {step.id}: fields.{spec.name}: role {role!r} fills fields of type "
                    f"{', '.join(sorted(ROLE_TYPES[role]))}, not {spec.type!r}"
                )
    reminder_ids: set[str] = set()
    for step in playbook.steps:
        for reminder in step.reminders:
            if reminder.id in reminder_ids:
                problems.append(f"{name}: {step.id}: reminders.{reminder.id}: duplicate id")
            reminder_ids.add(reminder.id)
            if reminder.on == "answered" and not isinstance(step, EscalateStep):
                problems.append(
                    f"{name}: {step.id}: reminders.{reminder.id}: on: only an escalate step is "
                    "answered; use on: done"
                )
    for signal in playbook.signals:
        if signal.step and signal.step not in steps:
            problems.append(f"{name}: signals.{signal.id}: step: no step {signal.step!r}")
        if not signal.patterns and not signal.regex:
            problems.append(f"{name}: signals.{signal.id}: patterns: give patterns or regex")
    for finding in playbook.findings:
        if finding.step and finding.step not in steps:
            problems.append(f"{name}: findings.{finding.id}: step: no step {finding.step!r}")
    problems.extend(_slot_problems(playbook))
    return problems


def _target_problems(
    name: str, step: CheckStep, collected: set[str], profile: Profile
) -> list[str]:
    """A check's target is a collected field, or one of the provider's hosts (hosts.NAME)."""
    if not step.target:
        return []
    if step.target.startswith("hosts."):
        host = step.target.removeprefix("hosts.")
        if not getattr(profile.hosts, host, None):
            return [f"{name}: {step.id}: target: the profile gives no host {host!r}"]
        return []
    if step.target not in collected:
        return [f"{name}: {step.id}: target: field {step.target!r} is collected by no step"]
    return []


def validate_library(
    playbooks: Iterable[Playbook], profile: Profile, sources: Mapping[str, str] | None = None
) -> list[str]:
    """Problems of every playbook plus the library-wide rules (unique ids and sections)."""
    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_sections: dict[str, str] = {}
    seen_wordings: dict[str, str] = {}
    for playbook in playbooks:
        if playbook.id in seen_ids:
            problems.append(f"{playbook.id}: id: used by more than one playbook")
        seen_ids.add(playbook.id)
        if playbook.section in seen_sections:
            other = seen_sections[playbook.section]
            problems.append(f"{playbook.id}: section: {playbook.section} is also {other}'s")
        seen_sections[playbook.section] = playbook.id
        problems.extend(validate_playbook(playbook, profile))
        symptoms = playbook.symptoms
        for wording in dict.fromkeys([*symptoms.zh, *symptoms.en, *symptoms.examples]):
            key = "".join(char for char in wording.casefold() if char.isalnum())
            owner = seen_wordings.setdefault(key, playbook.id)
            if owner != playbook.id:
                problems.append(
                    f"{playbook.id}: symptoms: {wording!r} is also listed under {owner}; "
                    "keep it under the one playbook it belongs to"
                )
    return problems
