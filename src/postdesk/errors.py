"""Error types whose messages a person can act on.

The CLI turns a :class:`PostdeskError` into one line on stderr and exit code 2;
the API turns it into a 4xx JSON body. Nothing else should reach a user.
"""

from __future__ import annotations


class PostdeskError(Exception):
    """Base of every error meant for the user: ``str(err)`` says what and what to do."""


class NotFoundError(PostdeskError):
    """A named thing (playbook, channel, case) does not exist."""


class InvalidInputError(PostdeskError):
    """Input from the user is malformed or out of range."""
