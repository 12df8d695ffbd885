"""``postdesk run [ID]``: walk a playbook in the terminal, or replay a file of answers.

Interactive: numbered choices, typed field prompts (re-asked until valid),
the scripted reply in a panel to copy, the escalation shown exactly as it will
go, and a summary at the end. ``--save FILE`` writes the walk after every
step so that it can be resumed with ``--resume FILE``; ``--answers FILE``
(YAML or JSON list) drives the walk without prompts.

At a check step whose check can run (``auto``, target field collected) the
walk offers ``r`` to run it now (``--checks auto`` runs it unasked, ``--checks
off`` never); its result marks the outcome it suggests (see ``run_checks``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json, say
from postdesk.errors import InvalidInputError, PostdeskError

if TYPE_CHECKING:
    from rich.console import Console

    from postdesk.cli.run_checks import CheckRunner
    from postdesk.i18n import Lang
    from postdesk.kb.facts import Facts
    from postdesk.kb.load import Library
    from postdesk.kb.runner import Hint, Walk
    from postdesk.kb.schema import EscalateStep, Option, Playbook
    from postdesk.profile import Profile

QUIT_WORDS = {"q", "quit", "exit", "退出"}
RUN_WORD = "r"  # at a runnable check step: run the check now


class _Quit(Exception):
    """The agent asked to stop the walk."""


def _read_answers(path: str) -> list[object]:
    from postdesk.yamlio import YAMLError, load_yaml

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInputError(
            key="cli_answers_unreadable", path=path, reason=err.strerror
        ) from None
    try:
        answers = load_yaml(text)
    except YAMLError as err:
        raise InvalidInputError(key="scenario_not_yaml", source=path, reason=str(err)) from None
    if not isinstance(answers, list):
        raise InvalidInputError(key="cli_answers_not_list", path=path)
    return answers


def _ask(console: Console, lang: Lang, prompt: str, password: bool = False) -> str:
    from rich.prompt import Prompt

    class _Prompt(Prompt):
        prompt_suffix = say("cli_prompt_suffix", lang)  # "：" after a Chinese prompt

    try:
        value = _Prompt.ask(
            prompt, console=console, password=password, default="", show_default=False
        )
    except EOFError:
        raise _Quit from None
    if not password and value.strip().lower() in QUIT_WORDS:
        raise _Quit
    return value


def _pick_playbook(console: Console, library: Library, lang: Lang) -> Playbook:
    from rich.table import Table

    from postdesk.i18n import message

    columns = [message(f"cli_column_{name}", lang) for name in ("section", "id", "title")]
    table = Table("#", *columns, title=message("cli_table_playbooks", lang))
    for number, playbook in enumerate(library, 1):
        table.add_row(str(number), playbook.section, playbook.id, playbook.title.get(lang))
    console.print(table)
    while True:
        choice = _ask(console, lang, say("cli_run_pick_playbook", lang)).strip()
        if choice.isdigit() and 1 <= int(choice) <= len(library):
            return library.playbooks[int(choice) - 1]
        try:
            return library.get(choice)
        except PostdeskError as err:  # NotFoundError carries the closest ids
            console.print(err.localised(lang), style="red", markup=False)


def _show_and_act(
    console: Console,
    walk: Walk,
    profile: Profile,
    lang: Lang,
    checks: CheckRunner,
    facts: Facts | None,
) -> None:
    """Show the current step and perform one action, re-asking until the input is valid."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text as RichText

    from postdesk.i18n import message
    from postdesk.kb.runner import WalkError
    from postdesk.kb.schema import (
        AskStep,
        CheckStep,
        CollectStep,
        EscalateStep,
        InstructStep,
        ReplyStep,
    )

    step = walk.step
    title = step.title.get(lang) if step.title else say(f"cli_step_kind_{step.kind}", lang)
    console.rule(f"[bold]{walk.playbook.section} · {step.id}[/bold] ({title})")
    if not isinstance(step, ReplyStep):  # a reply's text is shown once, in its panel below
        # markup=False: the text may hold what the agent typed ("[b]" stays as typed)
        console.print(walk.say(step).get(lang), markup=False)
    if step.note:
        console.print(f"[yellow]{step.note.get(lang)}[/yellow]")
    if isinstance(step, AskStep | CheckStep):
        if isinstance(step, CheckStep):
            console.print(say("cli_run_check", lang, check=step.check), style="magenta")
            for how in step.how:
                console.print(f"  · {how.get(lang)}", style="dim")
        choices = walk.options()
        # The walk's own suggestions (a pasted code, an open incident), then what a check says.
        marks = {option: _hint_text(hint, lang) for option, hint in walk.suggestions(facts).items()}
        target = checks.target(walk, profile, facts)
        if target and checks.mode == "auto":
            marks.update(checks.run(console, walk, target, profile, lang))
        _print_choices(console, choices, marks, lang)
        offer = bool(target) and checks.mode == "ask"
        prompt = (
            say("cli_run_choice_or_run", lang, run=RUN_WORD)
            if offer
            else say("cli_run_choice", lang)
        )
        while True:
            typed = _ask(console, lang, prompt)
            if offer and typed.strip().lower() == RUN_WORD:
                marks.update(checks.run(console, walk, str(target), profile, lang))
                _print_choices(console, choices, marks, lang)
                continue
            try:
                walk.answer(typed)
                return
            except WalkError as err:
                console.print(f"[red]{escape(err.localised(lang))}[/red]")
    elif isinstance(step, CollectStep):
        from postdesk.kb.fields import FieldError, normalise

        offered = walk.prefill(facts)
        values: dict[str, object] = {}
        for spec in step.fields:
            optional = "" if spec.required else say("cli_run_optional", lang)
            kind = say(f"cli_field_type_{spec.type}", lang)
            hint = f" ({escape(spec.help.get(lang))})" if spec.help else ""
            known = offered.get(spec.name)
            accepts = say("cli_run_enter_accepts", lang, value=known.value) if known else ""
            shown = f" [dim]\\[{escape(accepts)}][/dim]" if known else ""
            while True:
                raw = _ask(
                    console,
                    lang,
                    # "\[": Rich took "[text]" for a style tag and dropped it (en only)
                    f"{escape(spec.label.get(lang))} \\[{kind}{optional}]{hint}{shown}",
                    password=spec.type == "secret",
                )
                if not raw.strip() and known is not None:
                    raw = known.value  # the fact the desk already has, confirmed with Enter
                try:
                    normalise(spec, raw)
                except FieldError as err:
                    # In the walk's language (--lang), named as the playbook names the field.
                    problem = err.localised(lang)
                    label = spec.label.get(lang)
                    said = say("cli_label_value", lang, label=label, value=problem)
                    console.print(said, style="red", markup=False)
                    continue
                values[spec.name] = raw
                break
        walk.collect(values)
    elif isinstance(step, InstructStep):
        for number, item in enumerate(step.steps, 1):
            console.print(f"  {number}) {item.get(lang)}")
        _ask(console, lang, f"[dim]{say('cli_run_enter_done', lang)}[/dim]")
        walk.proceed()
    elif isinstance(step, ReplyStep):
        reply = RichText(walk.say(step).get(lang))  # plain text, not Rich markup
        console.print(Panel(reply, title=message("cli_panel_reply", lang), border_style="green"))
        _ask(console, lang, f"[dim]{say('cli_run_enter_replied', lang)}[/dim]")
        walk.proceed()
    elif isinstance(step, EscalateStep):
        _show_escalation(console, walk, step, profile, lang)
        missing = walk.missing_for_escalation(step)
        if missing:
            labels = ", ".join(walk.label_of(name).get(lang) for name in missing)
            shown = say("cli_run_missing", lang, fields=labels)
            console.print(shown, style="red", markup=False)
        _ask(console, lang, f"[dim]{say('cli_run_enter_escalate', lang)}[/dim]")
        walk.proceed()


def _hint_text(hint: Hint, lang: Lang) -> str:
    """Why a choice is marked (a check's detail is "mx: ok": its name and status code)."""
    if hint.kind == "signal":
        return say("cli_run_hint_signal", lang, detail=hint.detail)
    if hint.kind == "incident":
        return say("cli_run_hint_incident", lang, incident=hint.detail)
    if hint.kind == "original":
        return say("cli_run_hint_original", lang, file=hint.detail)
    return hint.detail


def _print_choices(
    console: Console, choices: list[Option], marks: dict[str, str], lang: Lang
) -> None:
    """The numbered choices, marking those a pasted error, an incident or a check points to."""
    from rich.markup import escape

    for number, option in enumerate(choices, 1):
        hint = marks.get(option.id)
        mark = f"  [green]← {escape(hint)}[/green]" if hint else ""
        console.print(f"  [bold]{number}[/bold]. {escape(option.label.get(lang))}{mark}")


def _show_escalation(
    console: Console, walk: Walk, step: EscalateStep, profile: Profile, lang: Lang
) -> None:
    from rich.table import Table

    from postdesk.i18n import message
    from postdesk.kb.runner import SECRET_MARK

    channel = profile.channel(step.channel)
    where = channel.address or ""
    if channel.kind == "fax":
        where = (
            say(
                "cli_profile_fax_extension",
                lang,
                number=channel.number,
                extension=channel.extension,
            )
            if channel.extension
            else f"{channel.number}"
        )
    table = Table(
        message("cli_column_field", lang),
        message("cli_column_value", lang),
        title=message("cli_table_escalation", lang, channel=channel.name.get(lang), where=where),
    )
    for name in step.requires:
        value = walk.state.fields.get(name)
        label = walk.label_of(name).get(lang)
        table.add_row(label, "******" if value == SECRET_MARK else str(value or "—"))
    for attachment in step.attachments:
        table.add_row(say("cli_run_escalation_attachment", lang), attachment.label.get(lang))
    if step.needs_seal(channel.needs_seal):
        table.add_row(
            say("cli_run_escalation_seal", lang), say("cli_run_escalation_seal_required", lang)
        )
    if step.include_password:
        table.add_row(
            say("cli_run_escalation_password", lang), say("cli_run_escalation_password_kept", lang)
        )
    console.print(table)


def _summary(console: Console, walk: Walk, profile: Profile, lang: Lang) -> None:
    from rich.table import Table

    from postdesk.i18n import message
    from postdesk.kb.runner import SECRET_MARK

    status = walk.state.status
    colour = {"resolved": "green", "escalated": "yellow"}.get(status, "red")
    shown = say(f"cli_walk_status_{status}", lang)
    console.rule(f"[bold {colour}]{walk.playbook.id}: {shown}[/bold {colour}]")
    if walk.state.fields:
        table = Table(
            message("cli_column_field", lang),
            message("cli_column_value", lang),
            title=message("cli_table_collected", lang),
        )
        for name, value in walk.state.fields.items():  # named as the step that collected it
            shown = "******" if value == SECRET_MARK else str(value)
            table.add_row(walk.label_of(name).get(lang), shown)
        console.print(table)
    if walk.state.escalation:
        channel_id = walk.state.escalation["channel"]
        channel = profile.channels.get(channel_id)
        name = channel.name.get(lang) if channel is not None else channel_id
        console.print(say("cli_run_escalated_to", lang, channel=name), markup=False)
    count = len(walk.state.transcript)
    line = say("cli_run_summary", lang, count=count, step=walk.state.current)
    console.print(line, markup=False)


def run_command(
    playbook_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="cli_help_run_playbook_id")
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option("--answers", help="cli_help_run_answers"),
    ] = None,
    save: Annotated[str | None, typer.Option("--save", help="cli_help_run_save")] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="cli_help_run_resume")] = None,
    checks_mode: Annotated[
        str,
        typer.Option(
            "--checks",
            help="cli_help_run_checks",
            show_default=True,
        ),
    ] = "ask",
    nameserver: Annotated[
        str | None, typer.Option("--nameserver", help="cli_help_run_nameserver")
    ] = None,
    resolve: Annotated[
        list[str] | None,
        typer.Option("--resolve", help="cli_help_run_resolve"),
    ] = None,
    timeout: Annotated[
        str, typer.Option("--timeout", help="cli_help_run_timeout", show_default=True)
    ] = "5",
    complaint: Annotated[
        str | None,
        typer.Option(
            "--complaint",
            help="cli_help_run_complaint",
        ),
    ] = None,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Walk a playbook: numbered choices, field prompts, scripted replies, escalation preview."""
    from rich.console import Console
    from rich.markup import escape

    from postdesk.cli.run_checks import CheckRunner
    from postdesk.kb import default_library
    from postdesk.kb.runner import Walk, replay

    chosen = check_lang(lang)
    checks = CheckRunner(checks_mode, nameserver, resolve or [], timeout)
    checks.validate()
    console = Console(stderr=as_json)
    library = default_library()
    facts = _facts_of(complaint, library) if complaint else None

    if resume:
        try:
            saved = Path(resume).read_text(encoding="utf-8")
        except OSError as err:
            raise InvalidInputError(
                key="cli_saved_walk_unreadable", path=resume, reason=err.strerror
            ) from None
        import json

        try:
            saved_id = json.loads(saved)["playbook_id"]
        except (ValueError, KeyError, TypeError):
            raise InvalidInputError(key="cli_not_a_saved_walk", path=resume) from None
        walk = Walk.from_json(library.get(saved_id), saved)
    elif answers is not None:
        if not playbook_id:
            raise InvalidInputError(key="cli_answers_need_playbook")
        walk = replay(library.get(playbook_id), _read_answers(answers))
    else:
        playbook = library.get(playbook_id) if playbook_id else None
        if playbook is None:
            try:
                playbook = _pick_playbook(console, library, chosen)
            except _Quit:
                raise typer.Exit(0) from None
        walk = Walk.start(playbook)

    if answers is None:
        saving = say("cli_run_intro_saving", chosen, path=save) if save else ""
        console.print(
            f"[bold]{walk.playbook.section} {walk.playbook.title.get(chosen)}[/bold] — "
            f"{walk.playbook.summary.get(chosen)}\n"
            f"[dim]{say('cli_run_intro_quit', chosen)}{escape(saving)}[/dim]"
        )
        try:
            while not walk.finished:
                _show_and_act(console, walk, library.profile, chosen, checks, facts)
                if save:
                    Path(save).write_text(walk.to_json(), encoding="utf-8")
        except _Quit:
            if save:
                Path(save).write_text(walk.to_json(), encoding="utf-8")
                console.print(say("cli_run_stopped_saved", chosen, path=save), markup=False)
            else:
                console.print(say("cli_run_stopped", chosen), markup=False)
            raise typer.Exit(1) from None
    elif save:
        Path(save).write_text(walk.to_json(), encoding="utf-8")

    if as_json:
        print_json(walk.state.model_dump(mode="json"))
    else:
        _summary(console, walk, library.profile, chosen)
    if not walk.finished:
        raise typer.Exit(1)


def _facts_of(complaint: str, library: Library) -> Facts:
    """The facts of a complaint as triage reads them (the desk does the same for a case)."""
    from datetime import date

    from postdesk.kb.facts import Facts
    from postdesk.triage import triage

    entities = triage(complaint, top=1, library=library).entities.as_dict()
    return Facts.from_entities(complaint, entities, today=date.today())


def register(app: typer.Typer) -> None:
    app.command("run", help="cli_help_run")(run_command)
