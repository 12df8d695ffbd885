"""The REST API: every router mounted in one place, errors as JSON a person can act on.

:func:`create_app` builds the FastAPI application around a
:class:`~postdesk.desk.context.Desk`. The web pages (a separate layer) can
mount this app or include its routers. The OpenAPI description is served at
``/openapi.json``; no documentation page is served, since the usual ones load
their scripts from a CDN and the desk fetches nothing from the internet.

Every error body has the same shape::

    {"error": "not_found", "message": "no case with id 7; list cases with GET /api/cases"}
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from postdesk.asgi_headers import AddHeaders
from postdesk.desk.context import Desk
from postdesk.desk.errors import (
    AuthenticationError,
    BusyError,
    ConflictError,
    IncompleteError,
    PasswordChangeRequiredError,
    PermissionDeniedError,
    RateLimitedError,
    TooLargeError,
)
from postdesk.diagnose.result import ForbiddenTargetError
from postdesk.engine_pool import EnginePool, EngineTimeoutError
from postdesk.errors import InvalidInputError, NotFoundError, PostdeskError
from postdesk.i18n import Lang, message, preferred_lang
from postdesk.kb.runner import FieldsError
from postdesk.validation import problem_text

log = logging.getLogger("postdesk.api")

API_PREFIX = "/api"
# Bodies of requests other than uploads are small JSON; anything bigger is refused early.
JSON_BODY_LIMIT = 2 * 1024 * 1024
# Paths that take a file up to the configured upload limit (25 MB by default): the
# message reader (and its old bounce address) and case attachments, API and pages.
UPLOAD_PATHS = re.compile(r"(?:/api)?/(?:bounce|inspect|cases/\d+/attachments)")
# Multipart framing around an upload adds a little to the file itself.
MULTIPART_OVERHEAD = 64 * 1024

# Error type -> (HTTP status, error code); the first match in order wins.
ERROR_STATUS: list[tuple[type[Exception], int, str]] = [
    (AuthenticationError, 401, "unauthorized"),
    (PasswordChangeRequiredError, 403, "password_change_required"),
    (PermissionDeniedError, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (TooLargeError, 413, "too_large"),
    (IncompleteError, 422, "incomplete"),
    (RateLimitedError, 429, "rate_limited"),
    (BusyError, 503, "busy"),
    (EngineTimeoutError, 422, "too_slow"),
    (ForbiddenTargetError, 403, "forbidden_target"),
    (InvalidInputError, 422, "invalid_input"),
    (PostdeskError, 400, "bad_request"),
]


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **extra}


def request_lang(request: Request) -> Lang:
    """The language of an API answer: the pages' language cookie, else Accept-Language, else en.

    (English is the API's default: its older messages are English only.)
    """
    from postdesk.web.i18n import LANG_COOKIE

    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("zh", "en"):
        return chosen  # type: ignore[return-value]
    return preferred_lang(request.headers.get("accept-language"))


def _postdesk_error(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, PostdeskError)
    lang = request_lang(request)
    for kind, status, code in ERROR_STATUS:
        if isinstance(err, kind):
            extra: dict[str, Any] = (
                {"missing": err.missing} if isinstance(err, IncompleteError) else {}
            )
            if isinstance(err, FieldsError):
                extra["problems"] = [
                    {"field": problem.field, "message": problem.localised(lang)}
                    for problem in err.problems
                ]
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
            retry_after = getattr(err, "retry_after", None)
            if retry_after is not None:
                headers["Retry-After"] = str(retry_after)
            body = error_body(code, err.localised(lang), **extra)
            return JSONResponse(body, status, headers=headers)
    return JSONResponse(error_body("bad_request", err.localised(lang)), 400)


def _validation_error(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    lang = request_lang(request)
    problems = []
    for problem in err.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        if problem.get("type") == "json_invalid":
            problems.append(problem_text(problem, lang))
            continue
        problems.append(f"{where or 'body'}: {problem_text(problem, lang)}")
    return JSONResponse(
        error_body(
            "invalid_input",
            "; ".join(problems) or message("api_invalid_request", lang),
            problems=problems,
        ),
        422,
    )


def _http_error(_request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 413: "too_large"}
    return JSONResponse(
        error_body(codes.get(err.status_code, "http_error"), str(err.detail)),
        err.status_code,
        headers=getattr(err, "headers", None),
    )


def _data_error(request: Request, err: Exception) -> JSONResponse:
    # The database refused a value (a NUL character, a number out of range): the input's
    # fault, and the transaction was rolled back, so nothing was half-written.
    return JSONResponse(
        error_body("invalid_input", message("api_data_error", request_lang(request))), 422
    )


def _unexpected(request: Request, err: Exception) -> JSONResponse:
    # Never the exception text: it could carry input (and so a secret) into the response.
    log.error("unexpected error: %s", type(err).__name__)
    return JSONResponse(
        error_body("internal", message("api_unexpected", request_lang(request))), 500
    )


class BodyLimit:
    """Refuse request bodies over the limit before they are read into memory or disk.

    ``page_refusal`` answers for the web pages (an HTML page in the agent's
    language); paths under /api get the JSON error body.
    """

    def __init__(
        self,
        app: ASGIApp,
        upload_limit: int,
        page_refusal: Callable[[Request, int], Response] | None = None,
    ) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.page_refusal = page_refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_upload = UPLOAD_PATHS.fullmatch(path) is not None
        limit = self.upload_limit + MULTIPART_OVERHEAD if is_upload else JSON_BODY_LIMIT
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            if self.page_refusal is not None and not path.startswith(f"{API_PREFIX}/"):
                shown = self.upload_limit if is_upload else JSON_BODY_LIMIT
                page = self.page_refusal(Request(scope), shown)
                await page(scope, receive, send)
                return
            await self._refuse(scope, send, limit)
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise TooLargeError(_too_large_text(limit, "en"))
            return message

        try:
            await self.app(scope, counting_receive, send)
        except TooLargeError:
            if refused:
                await self._refuse(scope, send, limit)
            else:
                raise

    @staticmethod
    async def _refuse(scope: Scope, send: Send, limit: int) -> None:
        text = _too_large_text(limit, request_lang(Request(scope)))
        response = JSONResponse(error_body("too_large", text), 413)
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


# Scripts, styles, images, fonts and connections: the package's own only (static/), no
# inline script and no style attribute; nothing may frame a page; forms post here only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # Same-origin pages still get the Referer the form-expired page reads; others nothing.
    (b"referrer-policy", b"same-origin"),
]


SECURITY_HEADER_LIST = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    *SECURITY_HEADERS,
]


def security_headers(_scope: Scope) -> Callable[[], list[tuple[bytes, bytes]]]:
    """The Content-Security-Policy and the other hardening headers for every answer."""
    return lambda: SECURITY_HEADER_LIST


class InFlightLimit:
    """At most ``limit`` requests in this process at once; the next gets 503 with Retry-After.

    Past a point more requests in flight only make every answer later (they wait
    for the same threads and the same database); refusing the excess at once
    with a clear answer keeps the ones taken fast and lets the process recover
    as soon as the load drops. ``/healthz`` and static files are never refused.
    """

    RETRY_AFTER_SECONDS = 1

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] != "http" or path == "/healthz" or path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await self._refuse(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        seconds = self.RETRY_AFTER_SECONDS
        await _refuse_busy(
            scope, receive, send, "busy_server", retry_after=seconds, seconds=seconds
        )


# Paths whose whole work is the engine pool's: reading uploaded messages (API and page).
ENGINE_UPLOAD_PATHS = re.compile(r"(?:/api)?/(?:bounce|inspect)")


class EngineAdmission:
    """An upload for the engine pool is refused (503, Retry-After) before its body is read
    when the pool is already full, or its user already has their share in it.

    FastAPI reads and parses a multipart body before the endpoint can ask the pool
    for room: a megabyte each, on the event loop. Under a burst of hostile uploads
    the refused ones cost the server as much as the taken ones, and every other
    request waited for the loop (issue 12). The pool's own check stays, for the
    uploads that find it full by the time their body is read. The user is looked for
    only while some user has their whole share in the pool (no cost otherwise).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and ENGINE_UPLOAD_PATHS.fullmatch(scope.get("path", ""))
        ):
            pool: EnginePool = scope["app"].state.engine_pool
            refused = pool.refusal()
            if refused is None and pool.any_owner_full:
                # Someone has their whole share in the pool: is it this upload's user?
                refused = pool.refusal(await _user_id_of(scope))
            if refused is not None:
                await _refuse_busy(
                    scope,
                    receive,
                    send,
                    refused.key or "busy_engine",
                    retry_after=refused.retry_after or 1,
                    **refused.values,
                )
                return
        await self.app(scope, receive, send)


async def _user_id_of(scope: Scope) -> int | None:
    """The id of the user whose token (bearer or page cookie) the request carries; None
    without a valid one (the endpoint's own check answers that). The token cache first;
    a look-up in the database in a request thread, never on the event loop."""
    from starlette.concurrency import run_in_threadpool

    from postdesk.desk.users import service as users
    from postdesk.web.auth import SESSION_COOKIE

    request = Request(scope)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        token = request.cookies.get(SESSION_COOKIE, "")
    token = token.strip()
    if not token:
        return None
    desk: Desk = scope["app"].state.desk
    seconds = desk.settings.token_cache_seconds

    def look_up() -> int | None:
        with desk.reader() as db_session:
            user = users.user_for_token(
                db_session=db_session, keys=desk.keys, token=token, cache_seconds=seconds
            )
            return int(user.id)

    try:
        cached = users.cached_user_for_token(keys=desk.keys, token=token, cache_seconds=seconds)
        if cached is not None:
            return int(cached.id)
        return await run_in_threadpool(look_up)
    except AuthenticationError:
        return None


async def _refuse_busy(
    scope: Scope, receive: Receive, send: Send, key: str, *, retry_after: int, **values: object
) -> None:
    """503 with Retry-After and the message ``key``: JSON under /api, plain text for pages."""
    request = Request(scope)
    headers = {"Retry-After": str(retry_after)}
    response: Response
    if scope.get("path", "").startswith(f"{API_PREFIX}/"):
        text = message(key, request_lang(request), **values)
        response = JSONResponse(error_body("busy", text), 503, headers=headers)
    else:
        from postdesk.web.i18n import lang_of

        response = PlainTextResponse(message(key, lang_of(request), **values), 503, headers=headers)
    await response(scope, receive, send)


def _too_large_text(limit: int, lang: Lang) -> str:
    return message("api_body_too_large", lang, mb=limit // (1024 * 1024))


def create_app(
    desk: Desk | None = None,
    *,
    on_startup: Callable[[Desk], Awaitable[None]] | None = None,
    on_shutdown: Callable[[Desk], Awaitable[None]] | None = None,
) -> FastAPI:
    """The API application for ``desk`` (default: opened from the environment)."""
    from postdesk.desk.cases.helpdesk_views import router as helpdesk_router
    from postdesk.desk.cases.views import router as cases_router
    from postdesk.desk.customers.views import router as customers_router
    from postdesk.desk.escalations.views import router as escalations_router
    from postdesk.desk.incidents.views import router as incidents_router
    from postdesk.desk.knowledge.engine_views import router as engines_router
    from postdesk.desk.knowledge.views import router as knowledge_router
    from postdesk.desk.reminders.views import router as reminders_router
    from postdesk.desk.reports.views import router as reports_router
    from postdesk.desk.users.views import router as users_router

    the_desk = desk or Desk.open()
    engine_pool = EnginePool(
        workers=the_desk.settings.engine_workers,
        timeout_seconds=the_desk.settings.engine_timeout_seconds,
        per_owner=the_desk.settings.engine_jobs_per_user,
        knowledge=(the_desk.profile, the_desk.library),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            await on_startup(the_desk)
        try:
            yield
        finally:
            engine_pool.close()
            if on_shutdown is not None:
                await on_shutdown(the_desk)

    app = FastAPI(
        title="postdesk",
        summary="Support desk for a hosted enterprise mail provider's customer service",
        version="0.1.0",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: left out (issue 13.11)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.desk = the_desk
    app.state.engine_pool = engine_pool
    for router in (
        users_router,
        cases_router,
        escalations_router,
        incidents_router,
        knowledge_router,
        engines_router,
        helpdesk_router,
        reminders_router,
        customers_router,
        reports_router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.add_exception_handler(PostdeskError, _postdesk_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(Exception, _unexpected)
    # The agents' web pages (postdesk.web) share the app, its desk and its error handlers.
    from postdesk.web.pages import mount_web, too_large_page

    app.add_middleware(
        BodyLimit,
        upload_limit=the_desk.settings.upload_limit_bytes,
        page_refusal=too_large_page,
    )

    mount_web(app)
    app.add_middleware(EngineAdmission)
    app.add_middleware(InFlightLimit, limit=the_desk.settings.max_in_flight)
    # Outermost: every answer carries them, refusals and errors included.
    app.add_middleware(AddHeaders, headers_for=security_headers)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Liveness: answers while the process runs.

        On the event loop: it does no I/O, and it must not wait for a request thread
        (all of them busy is load, not death).
        """
        return {"status": "ok"}

    return app


def served_app() -> FastAPI:
    """The app as ``postdesk serve`` runs it (a uvicorn factory, one per server process).

    The job queue opens on the server's event loop; with SQLite its worker
    runs in the same process (see :mod:`postdesk.jobs`).
    """
    from postdesk.jobs import DeskJobs

    desk = Desk.open()
    jobs = DeskJobs(desk)

    async def start(_desk: Desk) -> None:
        import anyio.to_thread

        # Request handlers run in these threads; see Settings.server_threads.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = desk.settings.server_threads
        from postdesk.desk.cases import triage_bridge

        # Before the first request, not during it (the server answers once this returns).
        await anyio.to_thread.run_sync(triage_bridge.prepare, desk.library)
        # In a thread: starting the worker processes takes a second or more, and the
        # server answers meanwhile.
        app_pool: EnginePool = app.state.engine_pool
        threading.Thread(target=app_pool.warm, name="engine-pool-warm", daemon=True).start()
        await jobs.start(run_worker=desk.settings.is_sqlite)

    async def stop(_desk: Desk) -> None:
        await jobs.stop()
        desk.close()

    app = create_app(desk, on_startup=start, on_shutdown=stop)
    return app
