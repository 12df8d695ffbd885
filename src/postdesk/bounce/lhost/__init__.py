"""One module per mail system's own bounce format, found automatically.

Each module exposes ``NAME``, ``HINTS`` (lower-case fragments of Subject or
From that put it early in the order) and ``parse(message)`` returning a list
of :class:`~postdesk.bounce.result.Recipient` or ``None`` when the message is
not in its format (decided by cheap header guards first). Adding a mail
system is adding a module here and its tests; nothing else to register.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

_modules: list[ModuleType] | None = None


def modules() -> list[ModuleType]:
    """Every parser module of this package, in name order."""
    global _modules
    if _modules is None:
        found = []
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            if not info.name.startswith("_"):
                found.append(importlib.import_module(f"{__name__}.{info.name}"))
        _modules = found
    return _modules
