"""Error types whose messages a person can act on.

The CLI turns a :class:`PostdeskError` into one line on stderr and exit code 2;
the API turns it into a 4xx JSON body. Nothing else should reach a user.

An error raised with a ``key`` (a message of ``postdesk/locale/messages.yaml``)
and its values can be read in either language (:meth:`PostdeskError.localised`):
the pages show the agent's, the API the one its client asks for. ``str(err)``
is the English text. A value that is itself a :class:`PostdeskError` (an error
wrapped with where it happened) is read in the same language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postdesk.i18n import Lang


class PostdeskError(Exception):
    """Base of every error meant for the user: ``str(err)`` says what and what to do."""

    def __init__(self, text: str = "", /, *, key: str | None = None, **values: Any) -> None:
        if key is not None and not text:
            from postdesk.i18n import message

            text = message(key, "en", **values)
        super().__init__(text)
        self.key = key
        self.values = values

    def localised(self, lang: Lang) -> str:
        """The message in ``lang`` (the English text when the error has no catalogue key)."""
        if self.key is None:
            return str(self)
        from postdesk.i18n import message

        values = {
            name: value.localised(lang) if isinstance(value, PostdeskError) else value
            for name, value in self.values.items()
        }
        return message(self.key, lang, **values)


class NotFoundError(PostdeskError):
    """A named thing (playbook, channel, case) does not exist."""


class InvalidInputError(PostdeskError):
    """Input from the user is malformed or out of range."""
