"""``postdesk profile show``: the provider profile in use."""

from __future__ import annotations

from typing import Annotated

import typer

from postdesk.cli.common import JsonFlag, LangOption, check_lang, print_json

profile_app = typer.Typer(help="cli_help_profile")


@profile_app.command("show", help="cli_help_profile_show")
def show_profile(
    as_json: JsonFlag = False,
    lang: LangOption = None,
    path: Annotated[str | None, typer.Option("--file", help="cli_help_profile_file")] = None,
) -> None:
    """Show the profile in use: from --file, POSTDESK_PROFILE, or the built-in default."""
    from rich.console import Console
    from rich.table import Table

    from postdesk.i18n import message
    from postdesk.profile import load_profile

    chosen = check_lang(lang)
    profile = load_profile(path)
    if as_json:
        print_json(profile.model_dump(mode="json"))
        return
    console = Console()
    console.print(f"[bold]{profile.name.get(chosen)}[/bold] ({profile.id})")

    def columns(*names: str) -> list[str]:
        return [message(f"cli_column_{name}", chosen) for name in names]

    hosts = Table(
        *columns("host", "name", "expected_addresses"), title=message("cli_table_hosts", chosen)
    )
    addresses = profile.server_addresses.model_dump()
    for key, value in profile.hosts.model_dump().items():
        if value:
            hosts.add_row(key, value, ", ".join(addresses.get(key, [])))
    console.print(hosts)
    ports = ", ".join(f"{k}={v}" for k, v in profile.ports.model_dump().items())
    console.print(message("cli_profile_ports", chosen, ports=ports))
    channels = Table(
        *columns("channel", "kind", "name", "where"), title=message("cli_table_channels", chosen)
    )
    for channel_id, channel in profile.channels.items():
        where = channel.address or ""
        if channel.kind == "fax":
            where = (
                message(
                    "cli_profile_fax_extension",
                    chosen,
                    number=channel.number,
                    extension=channel.extension,
                )
                if channel.extension
                else channel.number or ""
            )
        if channel.kind == "mail" and not channel.address:
            where = message("cli_profile_mail_unset", chosen)
        kind = message(f"cli_channel_kind_{channel.kind}", chosen)
        channels.add_row(channel_id, kind, channel.name.get(chosen), where)
    console.print(channels)
    limits = Table(*columns("limit", "value"), title=message("cli_table_limits", chosen))
    for key, value in profile.limits.model_dump().items():
        limits.add_row(key, str(value))
    console.print(limits)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")
