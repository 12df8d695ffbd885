"""The kinds of finding: every public module of :mod:`postdesk.inspect.findings`.

Nothing registers by hand. A module there is one kind: it exports ``KIND``
(the name in the JSON output), ``ORDER`` (where its findings are listed) and
either ``find(original, context)`` (one message) or ``summarise(original,
context)`` with ``find_among(summaries, context)`` (a kind, like duplicates,
that compares several messages). Adding a kind is its module and its test.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from postdesk.bounce.plugins import submodules


@lru_cache(maxsize=1)
def kinds() -> tuple[ModuleType, ...]:
    """Every finding module, in ``ORDER``."""
    from postdesk.inspect import findings

    found = submodules(findings.__name__, findings.__path__)
    for module in found:
        if not hasattr(module, "KIND") or not (
            hasattr(module, "find") or hasattr(module, "find_among")
        ):
            raise TypeError(f"{module.__name__}: a finding module needs KIND and find/find_among")
    return tuple(sorted(found, key=lambda module: (module.ORDER, module.KIND)))


def kind_names() -> list[str]:
    """The kinds, in order (the CLI help and the docs list them)."""
    return [module.KIND for module in kinds()]
