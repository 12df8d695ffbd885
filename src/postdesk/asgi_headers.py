"""Adding headers to every answer of an ASGI app: one wrapper for the middlewares that do."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HeaderList = list[tuple[bytes, bytes]]


class AddHeaders:
    """Calls ``headers_for(scope)`` per HTTP request; its ``() -> headers`` result is asked
    when the answer starts and those headers are appended to it."""

    def __init__(self, app: ASGIApp, headers_for: Callable[[Scope], Callable[[], HeaderList]]):
        self.app = app
        self.headers_for = headers_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers_for(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra()]
            await send(message)

        await self.app(scope, receive, send_with_headers)
