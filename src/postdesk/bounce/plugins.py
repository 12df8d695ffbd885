"""Finding the modules of a plug-in package: the mail-system parsers and the provider rules.

Both packages register nothing by hand: every public module in them is one
parser (:mod:`postdesk.bounce.lhost`) or one provider's rules
(:mod:`postdesk.bounce.rhost`), tried in name order so results do not depend
on the file system's listing order.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from types import ModuleType


def submodules(package: str, path: Iterable[str]) -> list[ModuleType]:
    """The modules of ``package`` (its ``__path__``) not starting with ``_``, imported, by name."""
    return [
        importlib.import_module(f"{package}.{info.name}")
        for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
