"""``postdesk db upgrade``: create or migrate the desk's database."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="cli_help_db", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    @db_app.command("upgrade", help="cli_help_db_upgrade")
    def upgrade(
        revision: str = typer.Argument("head", help="cli_help_db_upgrade_revision"),
    ) -> None:
        """Create the tables or apply new migrations (POSTDESK_DATABASE_URL or SQLite)."""
        from postdesk.config import get_settings
        from postdesk.db.engine import make_engine
        from postdesk.db.migrate import upgrade as run_upgrade

        settings = get_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url())
        try:
            run_upgrade(engine, revision)
        finally:
            engine.dispose()
        from postdesk.cli.common import output_lang, say

        url = engine.url.render_as_string(hide_password=True)
        typer.echo(say("cli_db_upgraded", output_lang(), url=url, revision=revision))
