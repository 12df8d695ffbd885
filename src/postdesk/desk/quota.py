"""How often one user may start an expensive action (a network check) in this process."""

from __future__ import annotations

import threading
import time
from collections import deque

from postdesk.desk.errors import RateLimitedError

WINDOW_SECONDS = 60.0


class PerUserQuota:
    """At most ``per_minute`` actions per user in any 60 seconds, counted in this process.

    Several server processes each count their own, so a user gets at most
    ``per_minute`` times the number of processes: the bound that matters is that
    no one user can turn the desk into a scanner.
    """

    def __init__(self, per_minute: int, message_key: str) -> None:
        self.per_minute = per_minute
        self.message_key = message_key
        self._started: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, user_id: int) -> None:
        """Count one action for ``user_id``; RateLimitedError (with Retry-After) past the quota."""
        now = time.monotonic()
        with self._lock:
            started = self._started.setdefault(user_id, deque())
            while started and now - started[0] >= WINDOW_SECONDS:
                started.popleft()
            if len(started) >= self.per_minute:
                wait = WINDOW_SECONDS - (now - started[0])
                raise RateLimitedError(
                    key=self.message_key, per_minute=self.per_minute, seconds=max(1, round(wait))
                ).after(wait)
            started.append(now)
