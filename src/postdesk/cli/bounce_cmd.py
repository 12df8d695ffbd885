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

from typing import Annotated, Any

import typer

from postdesk.cli.common import JsonFlag, print_json, print_json_line

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
    from postdesk.bounce import analyze
    from postdesk.bounce.message import clean_text

    label = clean_text(label)[0]  # a file name's undecodable bytes, as U+FFFD
    try:
        report = analyze(raw)
    except Exception as err:  # last line of defence: one bad message must not end a batch
        return {
            "file": label,
            "is_bounce": False,
            "recipients": [],
            "error": f"cannot analyse the message: {type(err).__name__}",
            "undecodable_bytes": 0,
            "truncated_headers": [],
        }
    recipients = [
        {key: getattr(recipient, key) for key in RECIPIENT_KEYS} for recipient in report.recipients
    ]
    return {
        "file": label,
        "is_bounce": report.is_bounce,
        "recipients": recipients,
        "error": report.error,
        "undecodable_bytes": report.undecodable_bytes,
        "truncated_headers": report.truncated_headers,
    }


def status_text(status: str) -> str:
    """A status code for people: a pseudo code (5.0.9xx) is marked as inferred."""
    from postdesk.bounce.reasons import is_inferred_status

    return f"{status} (inferred)" if is_inferred_status(status) else status or "-"


def _print_table(result: dict[str, Any]) -> None:
    """A readable block for one message."""
    import sys

    head = result["file"]
    if result["error"]:
        sys.stdout.write(f"{head}: error: {result['error']}\n")
        return
    if not result["is_bounce"]:
        sys.stdout.write(f"{head}: not a bounce\n")
        return
    sys.stdout.write(f"{head}:\n")
    for r in result["recipients"]:
        hard = "hard" if r["hardbounce"] else "soft"
        status = status_text(r["status"])
        sys.stdout.write(
            f"  {r['address'] or '-':<32} {status:<18} {r['replycode'] or '-':<4} "
            f"{r['reason']:<15} {hard:<4} {r['playbook'] or '-'}\n"
        )
        if r["diagnostic"]:
            sys.stdout.write(f"      {r['diagnostic'][:110]}\n")
        if r["reply"]:
            sys.stdout.write(f"      reply: {r['reply']['zh']}\n")
        if r["next_action"]:
            sys.stdout.write(f"      next: {r['next_action']['zh']}\n")


def bounce(
    paths: Annotated[list[str], typer.Argument(help="cli_help_mail_paths")],
    json_output: JsonFlag = False,
) -> None:
    """Read bounce messages: per recipient, status, reply code, reason and playbook."""
    from postdesk.bounce.sources import check_paths, messages

    check_paths(paths)
    for label, raw in messages(paths):
        result = message_result(label, raw)
        if json_output:
            print_json_line(result)
        else:
            _print_table(result)


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
    for key, value in result.items():
        if key == "status" and value:
            sys.stdout.write(f"status: {status_text(value)}\n")
        elif key in ("reply", "next_action", "meaning") and isinstance(value, dict):
            sys.stdout.write(f"{key} (zh): {value['zh']}\n{key} (en): {value['en']}\n")
        elif value not in ("", None):
            sys.stdout.write(f"{key}: {value}\n")


def register(app: typer.Typer) -> None:
    """Add ``bounce`` and ``explain`` to the main app."""
    app.command("bounce", help="cli_help_bounce")(bounce)
    app.command("explain", help="cli_help_explain")(explain)
