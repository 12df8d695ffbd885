"""Which parsers to try first: the Subject and From of a bounce say a lot.

Every mail-system parser lists lower-case hints; those whose hint occurs in
the Subject or From of the message are tried first, in hint order, then the
rest. The standard formats (ARF, RFC 3464), the plain-text fallback and RFC 3834
auto-replies come after them.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from postdesk.bounce import arf, lhost, plaintext, rfc3464, rfc3834
from postdesk.bounce.message import Message

FALLBACKS: tuple[ModuleType, ...] = (arf, rfc3464, plaintext, rfc3834)


@lru_cache(maxsize=1)
def _hinted() -> tuple[tuple[ModuleType, tuple[str, ...]], ...]:
    return tuple((module, tuple(getattr(module, "HINTS", ()))) for module in lhost.modules())


def parsers_for(message: Message) -> list[ModuleType]:
    """Parser modules in the order they should be tried on ``message``."""
    seen = (message.header("subject") + " " + message.header("from")).lower()
    first: list[ModuleType] = []
    rest: list[ModuleType] = []
    for module, hints in _hinted():
        (first if any(hint in seen for hint in hints) else rest).append(module)
    return [*first, *rest, *FALLBACKS]
