"""Render a playbook as Rich text for the terminal, in one language."""

from __future__ import annotations

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


def render_step(step: AnyStep, lang: Lang) -> RichText:
    """One step: its kind, text and what leads on."""
    out = RichText()
    out.append(f"[{step.id}] {step.kind}\n", style="bold cyan")
    out.append(slots.fill(step.text, {}).get(lang) + "\n")  # walk values shown as ‹name›
    if isinstance(step, AskStep | CheckStep):
        if isinstance(step, CheckStep):
            out.append(f"  check: {step.check}\n", style="magenta")
            for how in step.how:
                out.append(f"  · {how.get(lang)}\n", style="dim")
        choices = step.options if isinstance(step, AskStep) else step.outcomes
        for number, option in enumerate(choices, 1):
            loop = " (loop)" if option.loop else ""
            out.append(f"  {number}. {option.label.get(lang)} -> {option.next}{loop}\n")
    if isinstance(step, InstructStep):
        for number, item in enumerate(step.steps, 1):
            out.append(f"  {number}) {item.get(lang)}\n")
    if isinstance(step, CollectStep):
        for field in step.fields:
            need = "" if field.required else " (optional)"
            out.append(f"  - {field.name} [{field.type}]: {field.label.get(lang)}{need}\n")
    if isinstance(step, EscalateStep):
        out.append(f"  channel: {step.channel}; requires: {', '.join(step.requires) or '-'}\n")
        for attachment in step.attachments:
            out.append(f"  attachment: {attachment.label.get(lang)}\n")
    if step.note:
        out.append(f"  note: {step.note.get(lang)}\n", style="yellow")
    nxt = getattr(step, "next", None)
    if isinstance(step, InstructStep | CollectStep | ReplyStep | EscalateStep) and nxt:
        out.append(f"  -> {nxt}\n", style="dim")
    return out


def render_playbook(playbook: Playbook, lang: Lang) -> Group:
    """The whole playbook: header, summary, notes, signals and steps."""
    heading = f"{playbook.section} {playbook.title.get(lang)} ({playbook.id} v{playbook.version})"
    parts: list[object] = [Panel(playbook.summary.get(lang), title=heading)]
    for note in playbook.notes:
        body = note.text.get(lang)
        if note.items:
            body += "\n" + "\n".join(f"  {item.get(lang)}" for item in note.items)
        title = note.title.get(lang) if note.title else note.kind
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
    parts.extend(render_step(step, lang) for step in playbook.steps)
    return Group(*parts)  # type: ignore[arg-type]
