"""``postdesk diagnose CHECK TARGET``: run a network check and say what it means.

``CHECK`` is one of the checks of :mod:`postdesk.diagnose` (``postdesk
diagnose list`` shows them, read from the check modules themselves), ``all``,
or ``watch`` (then TARGET is a file of pending domains). Exit code 0 when
every check is ok, 1 when any warns, fails or errs, 2 on bad input (one line
on stderr).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from postdesk.cli.common import LangOption, check_lang, pad, print_json_line, say

if TYPE_CHECKING:
    from postdesk.i18n import Lang

PASSWORD_ENV = "POSTDESK_PROBE_PASSWORD"
STATUS_MARK = {"ok": "OK", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}


def _credentials(user: str | None, password_stdin: bool):  # type: ignore[no-untyped-def]
    from postdesk.diagnose.context import Credentials, Secret
    from postdesk.diagnose.result import InvalidTargetError

    if user is None:
        if password_stdin:
            raise InvalidTargetError(key="cli_password_stdin_needs_user")
        return None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise InvalidTargetError(key="cli_user_needs_password", user=user, env=PASSWORD_ENV)
    return Credentials(username=user, password=Secret(password))


def _print_result(result, as_json: bool, lang: Lang) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        print_json_line(result.to_dict())
        return
    line = f"[{STATUS_MARK[result.status]}] {result.check} {result.target}: "
    sys.stdout.write(line + result.summary.get(lang) + f" ({result.elapsed_ms:.0f} ms)\n")
    for step in result.steps:
        outcome = f" -> {step.outcome}" if step.outcome else ""
        line = say(
            "cli_diagnose_step", lang, playbook=step.playbook, step=step.step, outcome=outcome
        )
        sys.stdout.write(f"    {line}\n")


def _run_watch(file: str, ctx, once: bool, as_json: bool, lang: Lang, interval: str | None) -> int:  # type: ignore[no-untyped-def]
    import asyncio

    from postdesk.diagnose.result import InvalidTargetError
    from postdesk.diagnose.texts import say as texts_say
    from postdesk.diagnose.watch import count_round, read_watch_list, watch

    pending = read_watch_list(file)
    seconds = None
    if interval is not None:
        try:
            seconds = float(interval)
        except ValueError:
            raise InvalidTargetError(
                key="seconds_not_number", option="--interval", text=interval
            ) from None
    total = len(pending)
    step = max(1, total // 10)
    tty = sys.stderr.isatty()

    def progress(done: int, count: int) -> None:
        if count >= 100 and (done % step == 0 or done == count):
            end = "\r" if tty and done < count else "\n"
            sys.stderr.write(say("cli_diagnose_progress", lang, done=done, count=count) + end)
            sys.stderr.flush()

    outcome = {"all_ok": True}

    def on_round(number: int, results: list) -> None:  # type: ignore[type-arg]
        counted = count_round(results)
        outcome["all_ok"] = counted.pending == 0 and counted.invalid == 0
        for result in results:
            _print_result(result, as_json, lang)
        if as_json:
            print_json_line(counted.to_dict(number))
        else:
            text = texts_say(
                "watch.round",
                round=number,
                pointing=counted.pointing,
                domains=counted.domains,
                mx=ctx.profile.hosts.mx,
                pending=counted.pending,
                invalid=texts_say("watch.invalid-lines", count=counted.invalid)
                if counted.invalid
                else texts_say("watch.empty"),
            )
            sys.stdout.write(text.get(lang) + "\n")
        sys.stdout.flush()

    asyncio.run(
        watch(
            pending,
            ctx,
            interval_s=seconds,
            on_round=on_round,
            on_progress=progress,
            max_rounds=1 if once else None,
        )
    )
    invalid = any(entry.domain is None for entry in pending)
    return 0 if outcome["all_ok"] and not invalid else 1


# A check's options (postdesk.diagnose.registry.Option) as this command spells them.
_FLAGS = {
    "port": "--port",
    "credentials": "--user --password-stdin",
    "zones": "--zone",
    "tls": "--tls",
}


def _print_checks(lang: Lang) -> None:
    """``postdesk diagnose list``: every check, the target it takes and its options."""
    from postdesk.diagnose.registry import checks, members_of_all

    def target(kind: str) -> str:
        return pad(say(f"cli_target_{kind}", lang), 13)

    in_all = {spec.name for spec in members_of_all()}
    member = say("cli_diagnose_in_all", lang)
    for spec in checks().values():
        options = " ".join(_FLAGS[option] for option in spec.options)
        marked = f"  {member}" if spec.name in in_all else ""
        sys.stdout.write(f"{spec.name:<18} {target(spec.target)} {options}{marked}\n")
    sys.stdout.write(f"{'all':<18} {target('domain')} {say('cli_diagnose_all_line', lang)}\n")
    sys.stdout.write(f"{'watch':<18} {target('file')} --once --interval\n")


def diagnose(
    check: Annotated[
        str,
        typer.Argument(help="cli_help_diagnose_check"),
    ],
    target: Annotated[str | None, typer.Argument(help="cli_help_diagnose_target")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="cli_help_diagnose_json")] = False,
    nameserver: Annotated[
        str | None,
        typer.Option("--nameserver", help="cli_help_diagnose_nameserver"),
    ] = None,
    resolve: Annotated[
        list[str] | None, typer.Option("--resolve", help="cli_help_diagnose_resolve")
    ] = None,
    timeout: Annotated[str, typer.Option("--timeout", help="cli_help_diagnose_timeout")] = "5",
    port: Annotated[str | None, typer.Option("--port", help="cli_help_diagnose_port")] = None,
    tls: Annotated[
        str | None,
        typer.Option(
            "--tls",
            help="cli_help_diagnose_tls",
        ),
    ] = None,
    reply_timeout: Annotated[
        str | None,
        typer.Option(
            "--reply-timeout",
            help="cli_help_diagnose_reply_timeout",
        ),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="cli_help_diagnose_user")] = None,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="cli_help_diagnose_password_stdin"),
    ] = False,
    zone: Annotated[
        list[str] | None,
        typer.Option("--zone", help="cli_help_diagnose_zone"),
    ] = None,
    cafile: Annotated[str | None, typer.Option("--cafile", help="cli_help_diagnose_cafile")] = None,
    profile_path: Annotated[
        str | None, typer.Option("--profile", help="cli_help_diagnose_profile")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="cli_help_diagnose_once")] = False,
    interval: Annotated[
        str | None,
        typer.Option("--interval", help="cli_help_diagnose_interval"),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Run a diagnostic check (or watch pending domains) and explain the result."""
    import asyncio

    from postdesk.diagnose.options import context_from_options
    from postdesk.diagnose.registry import check_names, run_check
    from postdesk.diagnose.result import InvalidTargetError
    from postdesk.diagnose.targets import parse_port

    chosen_lang = check_lang(lang)
    if check == "list":
        _print_checks(chosen_lang)
        raise typer.Exit(0)
    names = (*check_names(), "watch")
    if check not in names:
        raise InvalidTargetError(key="check_unknown", check=check, checks=", ".join(names))
    if target is None and check != "hosts":
        raise InvalidTargetError(key="cli_check_needs_target", check=check)
    ctx = context_from_options(
        nameserver=nameserver,
        resolve=resolve or [],
        timeout=timeout,
        reply_timeout=reply_timeout,
        cafile=cafile,
        profile_path=profile_path,
    )
    if check == "watch":
        raise typer.Exit(_run_watch(target or "", ctx, once, as_json, chosen_lang, interval))
    port_number = parse_port(port) if port is not None else None
    credentials = _credentials(user, password_stdin)
    results, overall = asyncio.run(
        run_check(
            check,
            target or "",
            ctx,
            port=port_number,
            credentials=credentials,
            zones=zone,
            tls=tls,
        )
    )
    for result in results:
        _print_result(result, as_json, chosen_lang)
    if overall is not None:
        if as_json:
            print_json_line(overall.to_dict())
        else:
            sys.stdout.write(
                f"== {STATUS_MARK[overall.status]}: {overall.summary.get(chosen_lang)}\n"
            )
    raise typer.Exit(0 if all(result.status == "ok" for result in results) else 1)


def register(app: typer.Typer) -> None:
    app.command("diagnose", help="cli_help_diagnose")(diagnose)
