"""``postdesk inspect PATH...``: read originals and say what they show, and what to do.

Reads files, folders, maildirs, mboxes or ``-`` (stdin), as ``postdesk
bounce`` does, plus winmail.dat files on their own. Per message it prints
each finding (delay, garbled, tnef, duplicate, spam, virus, bounce) with its
playbook, the reply to the customer and the next action; ``--json`` prints
one JSON object per message (JSON Lines): ``{"file", "findings", "error",
...}``. Several paths are compared for duplicates. ``--as spam`` / ``--as
virus`` says what the agent was handed (a spam or virus sample looks like
any message until someone says so). ``--extract DIR`` writes what was
unpacked or built: the files inside each winmail.dat, the ARF report for the
abuse mailbox, the encrypted archive of a virus sample; the archive's
password is printed, never written beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json_line

PurposeOption = Annotated[
    list[str] | None,
    typer.Option("--as", help="cli_help_inspect_as"),
]
ExtractOption = Annotated[
    Path | None,
    typer.Option("--extract", help="cli_help_inspect_extract"),
]


def _purposes(values: list[str] | None) -> frozenset[str]:
    from postdesk.errors import InvalidInputError
    from postdesk.inspect.context import PURPOSES

    chosen = frozenset(value.strip().lower() for value in values or [])
    unknown = sorted(chosen - set(PURPOSES))
    if unknown:
        raise InvalidInputError(
            key="cli_as_unknown", value=", ".join(unknown), choices=", ".join(PURPOSES)
        )
    return chosen


def _target(folder: Path, label: str, name: str) -> Path:
    """``folder/<message>/<name>``, the message's own folder so names never collide."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(label).name)[:100]
    place = folder / (stem or "message")
    place.mkdir(parents=True, exist_ok=True)
    return place / name


def _extract(result: Any, folder: Path) -> list[str]:
    """Write the result's files under ``folder``; the paths written."""
    from postdesk.inspect.tnef import tnef_parts, unpack

    written: list[str] = []
    original = result.original
    if original is None:
        return written
    for part in tnef_parts(original):
        for item in unpack(original, part).files:
            path = _target(folder, result.file, item.name)
            path.write_bytes(item.data)
            written.append(str(path))
    for finding in result.findings:
        for name, data in finding.artifacts.items():
            path = _target(folder, result.file, name)
            path.write_bytes(data)
            written.append(str(path))
    return written


def _line(value: Any, lang: str) -> str:
    return value.get(lang, "") if isinstance(value, dict) else str(value or "")


def _head(key: str, lang: str) -> str:
    """A label and its colon, as the language writes them ("原因：", "cause: ")."""
    return _pair(_label(key, lang), "", lang)


def _pair(label: str, value: str, lang: str) -> str:
    from postdesk.cli.common import say

    return say("cli_label_value", lang, label=label, value=value)  # type: ignore[arg-type]


def _label(key: str, lang: str) -> str:
    from postdesk.inspect.texts import text

    return text(key)[lang]


def _kind_lines(data: dict[str, Any], lang: str) -> list[str]:
    """The kind's own facts, one line each."""
    from postdesk.inspect.texts import text

    kind = data["kind"]
    if kind == "delay" and data.get("slowest"):
        slowest = data["slowest"]
        side = _line(text("side_" + slowest["side"]), lang)
        return [
            f"{_head('label_slowest', lang)}{slowest['from']} -> {slowest['by']} "
            f"{slowest['delay_seconds']} s ({side}); "
            f"{_label('label_total', lang)} {data['total_seconds']} s"
        ]
    if kind == "garbled":
        cause = _line(text("cause_" + data["cause"]), lang)
        return [
            f"{_head('label_cause', lang)}{cause} "
            f"({_label('label_confidence', lang)} {data['confidence']})",
            f"{_head('label_subject', lang)}{data['subject']}",
        ]
    if kind == "tnef":
        return [
            f"{_head('label_file', lang)}{item['name']} {item['size']} B sha256 {item['sha256']}"
            for item in data["attachments"]
        ]
    if kind == "spam" and data.get("relay"):
        relay = data["relay"]
        return [f"{_head('label_relay', lang)}{relay['ip']} HELO {relay['helo'] or '-'}"]
    return []


def _print_finding(finding: Any, lang: str) -> None:
    from postdesk.inspect.texts import text

    data = finding.as_dict()
    out = sys.stdout
    out.write(f"  [{_line(text('kind_' + finding.kind), lang)}] {finding.playbook}")
    out.write(f" {finding.advice}\n" if finding.advice else "\n")
    for key in ("meaning", "reply", "next_action"):
        if data.get(key):
            out.write(f"    {_head('label_' + key, lang)}{_line(data[key], lang)}\n")
    for line in _kind_lines(data, lang):
        out.write(f"    {line}\n")
    if "archive_password" in finding.secrets:
        label = _head("label_archive_password", lang)
        out.write(f"    {label}{finding.secrets['archive_password']}\n")
    for item in data["evidence"][:6]:
        label = _line(item["label"], lang)
        out.write(f"    - {_pair(label, item['value'][:150], lang)}\n")


def inspect(
    paths: Annotated[list[str], typer.Argument(help="cli_help_mail_paths")],
    json_output: JsonFlag = False,
    extract: ExtractOption = None,
    purpose: PurposeOption = None,
    lang: LangOption = None,
) -> None:
    """Read originals: delays, garbled text, winmail.dat, duplicates, spam, virus, bounces."""
    from postdesk.bounce.sources import check_paths, messages
    from postdesk.inspect import InspectContext, inspect_many

    chosen = check_lang(lang)
    purposes = _purposes(purpose)
    check_paths(paths)
    context = InspectContext.default(purposes)
    for result in inspect_many(messages(paths), context, keep_originals=extract is not None):
        written = _extract(result, extract) if extract is not None else []
        if json_output:
            data = result.as_dict()
            for finding, shown in zip(result.findings, data["findings"], strict=True):
                shown.update(finding.secrets)  # the agent asked; it goes to their terminal
            if extract is not None:
                data["extracted"] = written
            print_json_line(data)
            continue
        sys.stdout.write(f"{result.file}:\n")
        if result.error:
            sys.stdout.write(f"  {_head('label_error', chosen)}{result.error[chosen]}\n")
        elif not result.findings:
            from postdesk.inspect.texts import text

            sys.stdout.write(f"  {text('no_findings')[chosen]}\n")
        for finding in result.findings:
            _print_finding(finding, chosen)
        for problem in result.problems:
            sys.stdout.write(f"  ! {problem[chosen]}\n")
        for path in written:
            sys.stdout.write(f"  {_head('label_written', chosen)}{path}\n")


def register(app: typer.Typer) -> None:
    """Add ``inspect`` to the main app."""
    app.command("inspect", help="cli_help_inspect")(inspect)
