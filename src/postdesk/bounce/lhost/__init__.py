"""One module per mail system's own bounce format, found automatically.

Each module exposes ``NAME``, ``HINTS`` (lower-case fragments of Subject or
From that put it early in the order) and ``parse(message)`` returning a list
of :class:`~postdesk.bounce.result.Recipient` or ``None`` when the message is
not in its format (decided by cheap header guards first). Adding a mail
system is adding a module here and its tests; nothing else to register.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from postdesk.bounce.plugins import submodules


@lru_cache(maxsize=1)
def modules() -> list[ModuleType]:
    """Every parser module of this package, in name order."""
    return submodules(__name__, __path__)
