"""Errors of the desk, each mapped to one HTTP status by the API."""

from __future__ import annotations

from postdesk.errors import InvalidInputError, PostdeskError


class AuthenticationError(PostdeskError):
    """No valid credentials: wrong password, unknown, expired or revoked token (401)."""


class PermissionDeniedError(PostdeskError):
    """The user's role does not allow the action (403)."""


class PasswordChangeRequiredError(PermissionDeniedError):
    """The account still has its printed one-time password; only a change is allowed (403)."""


class ConflictError(PostdeskError):
    """The action does not fit the current state of the record (409)."""


class TooLargeError(InvalidInputError):
    """An upload is bigger than the configured limit (413)."""


class RateLimitedError(PostdeskError):
    """Too many attempts in a short time (429); ``retry_after`` seconds when known."""

    retry_after: int | None = None

    def after(self, seconds: float) -> RateLimitedError:
        """The same error, telling the client when to come back (Retry-After)."""
        self.retry_after = max(1, round(seconds))
        return self


class BusyError(PostdeskError):
    """The server is at its limit of work in flight; try again shortly (503, Retry-After)."""

    retry_after: int | None = 2


class IncompleteError(InvalidInputError):
    """Required information is missing; the message lists all of it (422)."""

    def __init__(self, what: str, missing: list[str], **values: object) -> None:
        self.missing = missing
        key = "escalation_incomplete" if values else None
        shown = ", ".join(missing)
        super().__init__(
            f"{what}: missing {shown}; collect them and try again",
            key=key,
            **({**values, "missing": shown} if values else {}),
        )
