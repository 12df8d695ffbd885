"""``postdesk rules expiry|tracking|spam|mailbox``: the business rules of the work instruction."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json, say

rules_app = typer.Typer(help="cli_help_rules")

# Negative numbers ("-1") must reach the rule, which explains why they are wrong,
# instead of being taken for unknown options by the parser.
_NUMBERS_AS_ARGUMENTS = {"ignore_unknown_options": True}


def _whole_number(text: str, what: str) -> int:
    from postdesk.errors import InvalidInputError

    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInputError(key="cli_not_whole_number", what=what, value=text) from None


@rules_app.command("expiry", help="cli_help_rules_expiry", context_settings=_NUMBERS_AS_ARGUMENTS)
def expiry(
    listed: Annotated[str, typer.Argument(metavar="DATE", help="cli_help_rules_expiry_date")],
    months: Annotated[str, typer.Argument(metavar="MONTHS", help="cli_help_rules_expiry_months")],
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Real expiry of a service: listed expiry date + free months (4.0.5)."""
    from postdesk.rules.expiry import parse_date, real_expiry

    chosen = check_lang(lang)
    result = real_expiry(parse_date(listed), _whole_number(months, "MONTHS"))
    if as_json:
        print_json(result.to_json())
        return
    clamped = say("cli_rules_expiry_clamped", chosen) if result.clamped_to_month_end else ""
    line = say(
        "cli_rules_expiry",
        chosen,
        real=result.real_expiry.isoformat(),
        listed=result.listed_expiry.isoformat(),
        months=result.free_months,
        clamped=clamped,
    )
    typer.echo(line)


@rules_app.command("tracking", help="cli_help_rules_tracking")
def tracking(
    file: Annotated[str, typer.Argument(metavar="FILE", help="cli_help_rules_tracking_file")],
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Run messages through a mail-tracking configuration (4.0.18, 4.0.19)."""
    from postdesk.errors import PostdeskError
    from postdesk.rules.tracking import TrackingLimitError, read_scenario, run_scenario
    from postdesk.rules.tracking.render import render_scenario

    chosen = check_lang(lang)
    try:
        outcome = run_scenario(read_scenario(file))
    except TrackingLimitError as err:
        raise PostdeskError(key="cli_in_file", path=file, error=err) from None
    if as_json:
        print_json(outcome.model_dump(mode="json"))
        return
    typer.echo(render_scenario(outcome, chosen), nl=False)


@rules_app.command("spam", help="cli_help_rules_spam")
def spam(
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="cli_help_rules_spam_level")],
    spam_like: Annotated[
        bool, typer.Option("--spam-like/--clean", help="cli_help_rules_spam_like")
    ] = False,
    address_book: Annotated[
        bool, typer.Option("--address-book", help="cli_help_rules_spam_address_book")
    ] = False,
    lifted: Annotated[
        bool,
        typer.Option(
            "--same-domain-via-mx",
            help="cli_help_rules_spam_same_domain_via_mx",
        ),
    ] = False,
    received: Annotated[
        str | None, typer.Option("--received", help="cli_help_rules_spam_received")
    ] = None,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Which folder a message lands in under an anti-spam level (4.0.15)."""
    from postdesk.rules.antispam import parse_level, place_message
    from postdesk.rules.expiry import parse_date

    chosen = check_lang(lang)
    placement = place_message(
        parse_level(level),
        spam_like=spam_like,
        sender_in_address_book=address_book,
        same_domain_via_mx_lifted=lifted,
        received=parse_date(received) if received else None,
    )
    if as_json:
        print_json(placement.to_json())
        return
    folder = say(f"cli_rules_folder_{placement.folder.value}", chosen)
    typer.echo(f"{folder}: {placement.explanation.get(chosen)}")
    if placement.deleted_at:
        when = placement.deleted_at.date().isoformat()
        typer.echo(say("cli_rules_deleted_on", chosen, date=when))
    quota = placement.counts_against_quota
    typer.echo(
        say("cli_rules_counts_against_quota" if quota else "cli_rules_not_against_quota", chosen)
    )


@rules_app.command("mailbox", help="cli_help_rules_mailbox")
def mailbox(
    edition: Annotated[
        str, typer.Argument(metavar="EDITION", help="cli_help_rules_mailbox_edition")
    ],
    quota: Annotated[int, typer.Option("--quota", help="cli_help_rules_mailbox_quota")],
    messages: Annotated[
        int, typer.Option("--messages", help="cli_help_rules_mailbox_messages")
    ] = 0,
    used: Annotated[int, typer.Option("--used", help="cli_help_rules_mailbox_used")] = 0,
    incoming: Annotated[
        int, typer.Option("--incoming", help="cli_help_rules_mailbox_incoming")
    ] = 0,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Whether a mailbox can still receive: quota and message-count limit (4.0.10 2) A)."""
    from postdesk.rules.mailbox import check_can_receive

    chosen = check_lang(lang)
    check = check_can_receive(
        edition, message_count=messages, used_bytes=used, quota_bytes=quota, incoming_bytes=incoming
    )
    if as_json:
        print_json(check.to_json())
        return
    for text in check.explanation:
        typer.echo(text.get(chosen))


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
