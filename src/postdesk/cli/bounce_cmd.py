"""``postdesk bounce PATH...`` and ``postdesk explain TEXT``: read bounces and server replies.

``bounce`` reads files, folders, maildirs, mboxes or ``-`` (stdin) and prints,
per message, each recipient's status, reply code, reason and the playbook that
explains it; ``--json`` prints one JSON object per message (JSON Lines), in
input order. A message that cannot be read gets ``error`` set and the batch
goes on; a path that cannot be read stops it (exit 2, path named).
``explain`` does the same for one line: an SMTP reply, a status code, a server
phrase or a mail client's 0x800CCCxx error code.

Where a bounce has no status code the record carries a pseudo code (5.0.9xx,
as Sisimai gives); the readable output marks it "(inferred)", JSON keeps the
value as it is so results compare with other tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from postdesk.cli.common import JsonFlag, output_lang, print_json, print_json_line, say

if TYPE_CHECKING:
    from postdesk.i18n import Lang

# Keys of a recipient in the JSON output, in order.
RECIPIENT_KEYS = (
    "address",
    "status",
    "replycode",
    "reason",
    "hardbounce",
    "diagnostic",
    "rhost",
    "playbook",
    "reply",
    "next_action",
)


def message_result(label: str, raw: bytes) -> dict[str, Any]:
    """The JSON object for one message; never raises."""
    return _analysed(label, raw)[0]


def _analysed(label: str, raw: bytes) -> tuple[dict[str, Any], tuple[str, dict[str, str]] | None]:
    """The JSON object for one message, and its error as a catalogue key and values."""
    from postdesk.bounce import analyze
    from postdesk.bounce.message import clean_text

    label = clean_text(label)[0]  # a file name's undecodable bytes, as U+FFFD
    try:
        report = analyze(raw)
    except Exception as err:  # last line of defence: one bad message must not end a batch
        name = type(err).__name__
        failed = {
            "file": label,
            "is_bounce": False,
            "recipients": [],
            "error": f"cannot analyse the message: {name}",
            "undecodable_bytes": 0,
            "truncated_headers": [],
        }
        return failed, ("bounce_analysis_failed", {"error": name})
    recipients = [
        {key: getattr(recipient, key) for key in RECIPIENT_KEYS} for recipient in report.recipients
    ]
    result = {
        "file": label,
        "is_bounce": report.is_bounce,
        "recipients": recipients,
        "error": report.error,
        "undecodable_bytes": report.undecodable_bytes,
        "truncated_headers": report.truncated_headers,
    }
    return result, (report.error_key, report.error_values) if report.error_key else None


def status_text(status: str, lang: Lang = "en") -> str:
    """A status code for people: a pseudo code (5.0.9xx) is marked as inferred."""
    from postdesk.bounce.reasons import is_inferred_status

    if is_inferred_status(status):
        return say("cli_bounce_inferred", lang, status=status)
    return status or "-"


def _print_table(
    result: dict[str, Any], error: tuple[str, dict[str, str]] | None, lang: Lang
) -> None:
    """A readable block for one message, in ``lang`` (the diagnostic is the server's own)."""
    import sys

    from postdesk.cli.common import pad

    head = result["file"]
    if result["error"]:
        said = say(error[0], lang, **error[1]) if error else result["error"]
        sys.stdout.write(say("cli_bounce_error", lang, file=head, error=said) + "\n")
        return
    if not result["is_bounce"]:
        sys.stdout.write(say("cli_bounce_not_bounce", lang, file=head) + "\n")
        return
    sys.stdout.write(f"{head}:\n")
    for r in result["recipients"]:
        hard = pad(say("cli_bounce_hard" if r["hardbounce"] else "cli_bounce_soft", lang), 4)
        status = pad(status_text(r["status"], lang), 18)
        sys.stdout.write(
            f"  {r['address'] or '-':<32} {status} {r['replycode'] or '-':<4} "
            f"{r['reason']:<15} {hard} {r['playbook'] or '-'}\n"
        )
        if r["diagnostic"]:
            sys.stdout.write(f"      {r['diagnostic'][:110]}\n")
        if r["reply"]:
            sys.stdout.write(f"      {say('cli_bounce_reply', lang, text=r['reply'][lang])}\n")
        if r["next_action"]:
            text = r["next_action"][lang]
            sys.stdout.write(f"      {say('cli_bounce_next', lang, text=text)}\n")


def bounce(
    paths: Annotated[list[str], typer.Argument(help="cli_help_mail_paths")],
    json_output: JsonFlag = False,
) -> None:
    """Read bounce messages: per recipient, status, reply code, reason and playbook."""
    from postdesk.bounce.sources import check_paths, messages

    check_paths(paths)
    lang = output_lang()
    for label, raw in messages(paths):
        result, error = _analysed(label, raw)
        if json_output:
            print_json_line(result)
        else:
            _print_table(result, error, lang)


def explain(
    text: Annotated[str, typer.Argument(help="cli_help_explain_text")],
    json_output: JsonFlag = False,
) -> None:
    """Explain one server reply, status code, bounce phrase or mail-client error code."""
    import sys

    from postdesk.bounce import explain as explain_line
    from postdesk.bounce.reasons import REASONS

    record = explain_line(text)
    result = {key: getattr(record, key) for key in RECIPIENT_KEYS if key != "address"}
    # The playbook signal's own meaning where one matched, else the reason's one line.
    result["meaning"] = record.meaning or REASONS.get(record.reason, "")
    if json_output:
        print_json(result)
        return
    lang = output_lang()
    for key, value in result.items():
        if key == "status" and value:
            shown = status_text(value, lang)
        elif key in ("reply", "next_action", "meaning") and isinstance(value, dict):
            shown = value[lang]  # the reader's language only
        elif isinstance(value, bool):
            shown = say("cli_yes" if value else "cli_no", lang)
        elif value not in ("", None):
            shown = str(value)
        else:
            continue
        line = say("cli_label_value", lang, label=say(f"cli_explain_{key}", lang), value=shown)
        sys.stdout.write(line + "\n")


def register(app: typer.Typer) -> None:
    """Add ``bounce`` and ``explain`` to the main app."""
    app.command("bounce", help="cli_help_bounce")(bounce)
    app.command("explain", help="cli_help_explain")(explain)
