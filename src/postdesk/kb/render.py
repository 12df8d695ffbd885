"""Render a playbook as Rich text for the terminal, in one language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group
from rich.panel import Panel
from rich.text import Text as RichText

from postdesk.i18n import Lang, message
from postdesk.kb import slots
from postdesk.kb.schema import (
    AnyStep,
    AskStep,
    CheckStep,
    CollectStep,
    EscalateStep,
    InstructStep,
    Playbook,
    ReplyStep,
)

if TYPE_CHECKING:
    from postdesk.profile import Profile


def render_step(
    step: AnyStep,
    lang: Lang,
    labels: Mapping[str, str] | None = None,
    channels: Mapping[str, str] | None = None,
) -> RichText:
    """One step: its kind, text and what leads on; an escalation names the fields it
    requires by ``labels`` and its channel by ``channels`` where given (else their ids)."""
    labels, channels = labels or {}, channels or {}
    out = RichText()
    out.append(f"[{step.id}] {message(f'cli_step_kind_{step.kind}', lang)}\n", style="bold cyan")
    out.append(slots.fill(step.text, {}).get(lang) + "\n")  # walk values shown as ‹name›
    if isinstance(step, AskStep | CheckStep):
        if isinstance(step, CheckStep):
            out.append(f"  {message('cli_run_check', lang, check=step.check)}\n", style="magenta")
            for how in step.how:
                out.append(f"  · {how.get(lang)}\n", style="dim")
        choices = step.options if isinstance(step, AskStep) else step.outcomes
        for number, option in enumerate(choices, 1):
            loop = message("cli_render_loop", lang) if option.loop else ""
            out.append(f"  {number}. {option.label.get(lang)} -> {option.next}{loop}\n")
    if isinstance(step, InstructStep):
        for number, item in enumerate(step.steps, 1):
            out.append(f"  {number}) {item.get(lang)}\n")
    if isinstance(step, CollectStep):
        for field in step.fields:
            need = "" if field.required else message("cli_render_optional", lang)
            kind = message(f"cli_field_type_{field.type}", lang)
            out.append(f"  - {field.name} [{kind}]: {field.label.get(lang)}{need}\n")
    if isinstance(step, EscalateStep):
        requires = ", ".join(labels.get(name, name) for name in step.requires) or "-"
        channel = channels.get(step.channel, step.channel)
        line = message("cli_render_escalation", lang, channel=channel, requires=requires)
        out.append(f"  {line}\n")
        for attachment in step.attachments:
            label = attachment.label.get(lang)
            out.append(f"  {message('cli_render_attachment', lang, label=label)}\n")
    if step.note:
        out.append(
            f"  {message('cli_render_note', lang, note=step.note.get(lang))}\n", style="yellow"
        )
    nxt = getattr(step, "next", None)
    if isinstance(step, InstructStep | CollectStep | ReplyStep | EscalateStep) and nxt:
        out.append(f"  -> {nxt}\n", style="dim")
    return out


def render_playbook(playbook: Playbook, lang: Lang, profile: Profile | None = None) -> Group:
    """The whole playbook: header, summary, notes, signals and steps (channels named as
    ``profile`` names them)."""
    heading = f"{playbook.section} {playbook.title.get(lang)} ({playbook.id} v{playbook.version})"
    parts: list[object] = [Panel(playbook.summary.get(lang), title=heading)]
    for note in playbook.notes:
        body = note.text.get(lang)
        if note.items:
            body += "\n" + "\n".join(f"  {item.get(lang)}" for item in note.items)
        title = note.title.get(lang) if note.title else message(f"cli_note_kind_{note.kind}", lang)
        parts.append(Panel(body, title=title, border_style="yellow"))
    if playbook.signals:
        signals = RichText()
        for signal in playbook.signals:
            label = f"{signal.key}. " if signal.key else ""
            pattern = " / ".join(signal.patterns) or " / ".join(signal.regex)
            signals.append(f"{label}{pattern}\n", style="bold")
            signals.append(f"  {signal.meaning.get(lang)}\n  -> {signal.action.get(lang)}\n")
        title = message("cli_panel_signals", lang)
        parts.append(Panel(signals, title=title, border_style="magenta"))
    labels = {
        spec.name: spec.label.get(lang)
        for step in playbook.steps
        if isinstance(step, CollectStep)
        for spec in step.fields
    }
    channels = (
        {key: channel.name.get(lang) for key, channel in profile.channels.items()}
        if profile is not None
        else {}
    )
    parts.extend(render_step(step, lang, labels, channels) for step in playbook.steps)
    return Group(*parts)  # type: ignore[arg-type]
