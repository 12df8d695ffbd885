"""``postdesk rules expiry|tracking|spam|mailbox``: the business rules of the work instruction."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json

rules_app = typer.Typer(help="Business rules: service expiry, mail tracking, anti-spam, mailbox.")

# Negative numbers ("-1") must reach the rule, which explains why they are wrong,
# instead of being taken for unknown options by the parser.
_NUMBERS_AS_ARGUMENTS = {"ignore_unknown_options": True}


def _whole_number(text: str, what: str) -> int:
    from postdesk.errors import InvalidInputError

    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInputError(key="cli_not_whole_number", what=what, value=text) from None


@rules_app.command("expiry", context_settings=_NUMBERS_AS_ARGUMENTS)
def expiry(
    listed: Annotated[str, typer.Argument(metavar="DATE", help="listed expiry date, YYYY-MM-DD")],
    months: Annotated[
        str, typer.Argument(metavar="MONTHS", help="free months granted (0 or more)")
    ],
    as_json: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
    """Real expiry of a service: listed expiry date + free months (4.0.5)."""
    from postdesk.rules.expiry import parse_date, real_expiry

    chosen = check_lang(lang)
    result = real_expiry(parse_date(listed), _whole_number(months, "MONTHS"))
    if as_json:
        print_json(result.to_json())
        return
    listed_text, real_text = result.listed_expiry.isoformat(), result.real_expiry.isoformat()
    months_added = result.free_months
    if chosen == "zh":
        note = "（该月没有这一天，取月末）" if result.clamped_to_month_end else ""
        line = f"实际到期：{real_text}（到期时间 {listed_text} + 免费 {months_added} 个月）{note}"
    else:
        note = " (day clamped to the month's end)" if result.clamped_to_month_end else ""
        line = f"real expiry: {real_text} (listed {listed_text} + {months_added} free months){note}"
    typer.echo(line)


# Square brackets are escaped because --help renders rich markup.
TRACKING_HELP = """Run messages through a mail-tracking configuration (4.0.18, 4.0.19).

FILE is YAML or JSON (hosted_domains and messages are required):

\b
  hosted_domains: \\[abc.com]            # the provider's domains: "ours"
  trackers:                            # tracker -> mailboxes it tracks
    boss@abc.com: \\[sales@abc.com]
  aliases: {info@abc.com: sales@abc.com}       # alias -> real mailbox
  forwards: {boss@abc.com: boss@home.example}  # mailbox -> target
  full_mailboxes: \\[audit@abc.com]      # mailboxes with no room left
  track_inbound_from_outside: false    # optional, default false
  max_deliveries: 200                  # optional bound per message
  messages:
    - {sender: sales@abc.com, recipients: \\[client@other.example]}

Prints per message what each mailbox receives and how many tracking copies, \
bounces to the sender (full tracker: rule E), forwarding loops with their chain, \
and addresses not tracked (aliases: rule D). A domain with more tracking entries \
than the profile's limits.tracking_max_entries is refused (4.0.18). \
See docs/rules-tracking.md.
"""


@rules_app.command("tracking", help=TRACKING_HELP)
def tracking(
    file: Annotated[str, typer.Argument(metavar="FILE", help="scenario file (YAML or JSON)")],
    as_json: JsonFlag = False,
    lang: LangOption = "zh",
) -> None:
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


@rules_app.command("spam")
def spam(
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="low, medium or high")],
    spam_like: Annotated[
        bool, typer.Option("--spam-like/--clean", help="the spam library's verdict")
    ] = False,
    address_book: Annotated[
        bool, typer.Option("--address-book", help="the sender is in the recipient's address book")
    ] = False,
    lifted: Annotated[
        bool,
        typer.Option(
            "--same-domain-via-mx",
            help="same-domain mail that came through the MX after the same-domain check "
            "was lifted (4.0.28)",
        ),
    ] = False,
    received: Annotated[
        str | None, typer.Option("--received", help="receive date YYYY-MM-DD (for deletion)")
    ] = None,
    as_json: JsonFlag = False,
    lang: LangOption = "zh",
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
    zh = chosen == "zh"
    folder = {"inbox": "收件箱", "unknown": "不明文件夹"}[placement.folder.value] if zh else None
    typer.echo(f"{folder or placement.folder.value}: {placement.explanation.get(chosen)}")
    if placement.deleted_at:
        when = placement.deleted_at.date().isoformat()
        typer.echo(f"自动删除日期：{when}" if zh else f"deleted automatically on {when}")
    quota = placement.counts_against_quota
    if zh:
        typer.echo("占用邮箱空间" if quota else "不占用邮箱空间")
    else:
        typer.echo("counts against the quota" if quota else "does not count against the quota")


@rules_app.command("mailbox")
def mailbox(
    edition: Annotated[str, typer.Argument(metavar="EDITION", help="edition id, e.g. G or M")],
    quota: Annotated[int, typer.Option("--quota", help="mailbox size in bytes")],
    messages: Annotated[int, typer.Option("--messages", help="messages stored")] = 0,
    used: Annotated[int, typer.Option("--used", help="bytes used")] = 0,
    incoming: Annotated[int, typer.Option("--incoming", help="size of the next message")] = 0,
    as_json: JsonFlag = False,
    lang: LangOption = "zh",
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
