"""A lean HTTP/1.1 keep-alive client for load generators.

Why not httpx here: on this machine's two cores the load generator shares the CPU
with the server it measures. httpx (httpcore + h11, pure Python) spent about 1 ms
of CPU per request, so at 400 requests/s the generator took 0.44 of a core from the
server under test. This client writes the request bytes itself and leaves parsing
to httptools (the C parser uvicorn uses, already in the lock): one connection per
agent, as a browser keeps one, JSON bodies, nothing else (no redirects, no TLS,
no chunked request bodies).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httptools


class HttpError(Exception):
    """The connection failed or closed before a whole answer came."""


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.content)


@dataclass
class _Parsed:
    headers: dict[str, str] = field(default_factory=dict)
    body: list[bytes] = field(default_factory=list)
    done: bool = False

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class Client:
    """One keep-alive connection to ``host:port``, reopened when the server closes it."""

    def __init__(self, host: str, port: int, headers: dict[str, str], timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        fixed = {"Host": f"{host}:{port}", "Accept": "application/json", **headers}
        self._fixed = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self,
        method: str,
        path: str,
        json_body: object | None = None,
        params: dict[str, object] | None = None,
    ) -> Response:
        """One request; ``asyncio.TimeoutError`` after ``timeout`` seconds."""
        return await asyncio.wait_for(self._request(method, path, json_body, params), self.timeout)

    async def _request(
        self, method: str, path: str, json_body: object | None, params: dict[str, object] | None
    ) -> Response:
        if params:
            path = f"{path}?{urlencode(params)}"
        body = b"" if json_body is None else json.dumps(json_body).encode()
        head = f"{method} {path} HTTP/1.1\r\n{self._fixed}Content-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(head.encode() + b"\r\n" + body)
        parsed = _Parsed()
        parser = httptools.HttpResponseParser(parsed)
        while not parsed.done:
            chunk = await self._reader.read(65536)
            if not chunk:
                await self.close()
                raise HttpError("the server closed the connection")
            parser.feed_data(chunk)
        if not parser.should_keep_alive():
            await self.close()
        return Response(parser.get_status_code(), parsed.headers, b"".join(parsed.body))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
