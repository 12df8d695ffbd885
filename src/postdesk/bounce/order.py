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


@lru_cache(maxsize=1)
def _hints() -> tuple[tuple[str, int], ...]:
    """Every hint with the position of its module in :func:`_hinted` (one flat list)."""
    return tuple((hint, number) for number, (_, hints) in enumerate(_hinted()) for hint in hints)


def parsers_for(message: Message) -> list[ModuleType]:
    """Parser modules in the order they should be tried on ``message``."""
    seen = (message.header("subject") + " " + message.header("from")).lower()
    hinted = frozenset([number for hint, number in _hints() if hint in seen])  # (a list: faster)
    return list(_ordered(hinted))


@lru_cache(maxsize=64)
def _ordered(hinted: frozenset[int]) -> tuple[ModuleType, ...]:
    """The parsers with those of ``hinted`` (positions in :func:`_hinted`) first.

    Few sets of hinted parsers occur (most messages hint at none or one), so the
    order is made once per set.
    """
    modules = _hinted()
    first = [module for number, (module, _) in enumerate(modules) if number in hinted]
    rest = [module for number, (module, _) in enumerate(modules) if number not in hinted]
    return (*first, *rest, *FALLBACKS)
