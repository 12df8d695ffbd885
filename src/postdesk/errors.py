"""Error types whose messages a person can act on.

The CLI turns a :class:`PostdeskError` into one line on stderr and exit code 2;
the API turns it into a 4xx JSON body. Nothing else should reach a user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from postdesk.i18n import Lang


class PostdeskError(Exception):
    """Base of every error meant for the user: ``str(err)`` says what and what to do.

    An error made with :meth:`from_catalogue` carries its message catalogue key, so
    the API and the pages can say it in the reader's language; ``str(err)`` is
    then the English text (the CLI's and the logs').
    """

    message_key: str | None = None
    message_values: dict[str, Any] | None = None

    @classmethod
    def from_catalogue(cls, key: str, /, **values: Any) -> Self:
        """The error whose text is the catalogue's ``key`` with ``values`` filled in."""
        from postdesk.i18n import message

        err = cls(message(key, "en", **values))
        err.message_key = key
        err.message_values = values
        return err

    def text(self, lang: Lang) -> str:
        """The message in ``lang`` when it comes from the catalogue, else as raised."""
        if self.message_key is None:
            return str(self)
        from postdesk.i18n import message

        return message(self.message_key, lang, **(self.message_values or {}))


class NotFoundError(PostdeskError):
    """A named thing (playbook, channel, case) does not exist."""


class InvalidInputError(PostdeskError):
    """Input from the user is malformed or out of range."""
