"""A background event loop thread that test servers run on, so tests can call asyncio.run."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    """Runs an event loop in a daemon thread; ``run(coro)`` waits for a result from it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._servers: list[asyncio.base_events.Server] = []
        self._thread.start()

    def run(self, coro: Awaitable[T], timeout: float = 10) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    def serve(self, factory: Any, *, ssl: Any = None) -> int:
        """Start a TCP server on 127.0.0.1 (ephemeral port); returns the port."""

        async def start() -> asyncio.base_events.Server:
            return await self.loop.create_server(factory, "127.0.0.1", 0, ssl=ssl)

        server = self.run(start())
        self._servers.append(server)
        return server.sockets[0].getsockname()[1]

    def serve_streams(self, handler: Any, *, ssl: Any = None) -> int:
        """Start an asyncio streams server on 127.0.0.1; returns the port."""

        async def start() -> asyncio.base_events.Server:
            return await asyncio.start_server(handler, "127.0.0.1", 0, ssl=ssl)

        server = self.run(start())
        self._servers.append(server)
        return server.sockets[0].getsockname()[1]

    def close(self) -> None:
        async def stop() -> None:
            for server in self._servers:
                server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        self.run(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()
