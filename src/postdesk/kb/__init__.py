"""The knowledge base: the work instruction's sections as validated playbooks.

The names below are imported on first use, not with the package: bounce
analysis imports :mod:`postdesk.kb.signals` for the matcher alone and must
not pay for the loader's Jinja, YAML and pydantic at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postdesk.kb.load import Library, PlaybookError, default_library, load_library
    from postdesk.kb.schema import Playbook

__all__ = ["Library", "Playbook", "PlaybookError", "default_library", "load_library"]

_HOMES = {
    "Library": "postdesk.kb.load",
    "PlaybookError": "postdesk.kb.load",
    "default_library": "postdesk.kb.load",
    "load_library": "postdesk.kb.load",
    "Playbook": "postdesk.kb.schema",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
