"""``postdesk serve`` (the API) and ``postdesk worker`` (background jobs on PostgreSQL)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

FIRST_ADMIN = "admin"


def _first_admin(desk) -> None:  # type: ignore[no-untyped-def]
    """Create the first admin account when the desk has no user, printing its password."""
    from postdesk.desk.errors import ConflictError
    from postdesk.desk.users import service as users
    from postdesk.desk.users.schemas import UserCreate

    with desk.sessions() as db_session:
        if users.count(db_session=db_session):
            return
        password = users.generate_password()
        try:
            users.create(
                db_session=db_session,
                user_in=UserCreate(username=FIRST_ADMIN, role="admin", password=password),
                must_change_password=True,
            )
            db_session.commit()
        except ConflictError:  # another server created it at the same moment
            return
    from postdesk.cli.common import output_lang, say

    shown = say("cli_serve_first_admin", output_lang(), username=FIRST_ADMIN, password=password)
    typer.echo(shown, err=True)


def register(app: typer.Typer) -> None:
    @app.command(help="cli_help_serve")
    def serve(
        host: Annotated[str, typer.Option(help="cli_help_serve_host")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="cli_help_serve_port", min=1, max=65535)] = 8000,
        log_level: Annotated[str, typer.Option(help="cli_help_serve_log_level")] = "warning",
        workers: Annotated[int, typer.Option(help="cli_help_serve_workers", min=1)] = 1,
    ) -> None:
        """Run the desk (pages at /, API at /api, its description at /openapi.json); creates the
        database and a first admin if needed."""
        import uvicorn

        from postdesk.desk.context import Desk
        from postdesk.jobs import ensure_schema

        desk = Desk.open(migrate=True)
        ensure_schema(desk)
        _first_admin(desk)
        # Say where to go: with the quiet default log level uvicorn prints nothing.
        from sqlalchemy.engine import make_url

        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        database = make_url(desk.settings.resolved_database_url())
        served = f"http://{shown_host}:{port}"
        if "public_url" not in desk.settings.model_fields_set:
            # Links in escalation mail point where this desk serves (issue 13.11), unless
            # POSTDESK_PUBLIC_URL says otherwise (a proxy, a name the recipients can reach).
            os.environ["POSTDESK_PUBLIC_URL"] = served
            from postdesk.config import get_settings

            get_settings.cache_clear()  # the app (this process or its workers) reads it anew
        from postdesk.cli.common import output_lang, say

        serving = say(
            "cli_serve_serving",
            output_lang(),
            served=served,
            database=database.render_as_string(hide_password=True),
            public_url=os.environ.get("POSTDESK_PUBLIC_URL", desk.settings.public_url),
        )
        typer.echo(serving, err=True)
        desk.close()
        uvicorn.run(
            "postdesk.api:served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            access_log=False,
        )

    @app.command(help="cli_help_worker")
    def worker(
        concurrency: Annotated[
            int, typer.Option(help="cli_help_worker_concurrency", min=1, max=64)
        ] = 4,
    ) -> None:
        """Run background jobs (escalation mail, sweeps, purges); PostgreSQL only."""
        import asyncio

        from postdesk.desk.context import Desk
        from postdesk.errors import PostdeskError
        from postdesk.jobs import DeskJobs, ensure_schema

        desk = Desk.open(migrate=True)
        if desk.settings.is_sqlite:
            raise PostdeskError(key="cli_workers_need_postgres")
        ensure_schema(desk)
        jobs = DeskJobs(desk)

        async def run() -> None:
            async with jobs.app.open_async():
                jobs.loop = asyncio.get_running_loop()
                desk.jobs = jobs
                await jobs.work(concurrency=concurrency)

        asyncio.run(run())
