"""Values a step's text shows while walking: ``{{ walk.NAME }}``.

Provider placeholders (``{{ hosts.pop }}``) are filled once, when a playbook
loads. A reply often needs what the agent has just collected, or something
computed from it: 4.0.5 answers with the real expiry date, "到期时间+免费月份".
Such a text writes ``{{ walk.NAME }}``; loading leaves it in place and the
walk fills it from

- a field collected earlier in the walk (``{{ walk.domain }}``; never a secret),
- or a computed value: :data:`COMPUTED` names each, with the fields it needs.

Only a step's ``text`` may hold these (the part said to the customer or shown
as the step); the validator checks that every name is collected or computed
from collected fields, so a walk never shows an unfilled one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from postdesk.errors import InvalidInputError
from postdesk.i18n import Text

SLOT = re.compile(r"\{\{\s*walk\.([a-z_][a-z0-9_]*)\s*\}\}")
# How :func:`fill` marks a name it has no value for yet.
UNFILLED = re.compile(r"‹[a-z_][a-z0-9_]*›")


class _DeferredWalk:
    """What ``walk`` is while a playbook loads: ``walk.NAME`` renders back as itself."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):  # copy, pickle and Jinja's own probes
            raise AttributeError(name)
        return "{{ walk." + name + " }}"


DEFERRED = _DeferredWalk()


@dataclass(frozen=True)
class Computed:
    """A value worked out from collected fields; ``inputs`` must all be collected first."""

    inputs: tuple[str, ...]
    compute: Callable[[Mapping[str, Any]], str]


def _real_expiry(fields: Mapping[str, Any]) -> str:
    from postdesk.rules.expiry import parse_date, real_expiry

    listed = parse_date(str(fields["expiry_date"]))
    return real_expiry(listed, int(fields["free_months"])).real_expiry.isoformat()


COMPUTED: dict[str, Computed] = {
    # 4.0.5: the real expiry is the listed expiry date + the free months.
    "real_expiry": Computed(("expiry_date", "free_months"), _real_expiry),
}


def names_in(text: Text) -> set[str]:
    """The ``walk.NAME`` names used in either language of ``text``."""
    return set(SLOT.findall(text.zh)) | set(SLOT.findall(text.en))


def values_from(fields: Mapping[str, Any], hidden: Callable[[Any], bool]) -> dict[str, str]:
    """Collected fields (except those ``hidden`` says not to show) and what they compute."""
    values = {
        name: str(value)
        for name, value in fields.items()
        if value is not None and value != "" and not hidden(value)
    }
    for name, computed in COMPUTED.items():
        if all(needed in values for needed in computed.inputs):
            try:
                values[name] = computed.compute(fields)
            except (InvalidInputError, ValueError):
                continue  # inputs that do not compute stay unfilled, marked as such
    return values


def fill(text: Text, values: Mapping[str, str]) -> Text:
    """``text`` with every ``{{ walk.NAME }}`` replaced; a name without a value is marked."""

    def one(language_text: str) -> str:
        return SLOT.sub(lambda match: values.get(match[1]) or f"‹{match[1]}›", language_text)

    if "walk." not in text.zh and "walk." not in text.en:
        return text
    return Text(zh=one(text.zh), en=one(text.en))
