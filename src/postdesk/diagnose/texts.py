"""The diagnose engine's words: ``messages.yaml``, every entry in zh and en.

A verdict's entry is ``<check>.<verdict>`` (or ``common.<verdict>`` for the
verdicts several checks share: a host that does not resolve, a refused
connection, a login the server refused) and carries the verdict's ``status``
beside its two texts, so a verdict cannot be ``ok`` in one place and
``warn`` in another. Other entries are pieces the verdict texts are built
from (what a DNS status means, what a port's state means). The CLI, the API
and the pages all show these texts; ``docs/diagnose.md`` explains each
verdict and ``tests/diagnose/test_texts.py`` keeps the two in step.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from postdesk.diagnose.result import STATUSES, Status, Summary

LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every entry by its dotted key (``mx.points-to-provider``): {zh, en[, status]}."""
    from postdesk.yamlio import load_yaml

    text = resources.files("postdesk.diagnose").joinpath("messages.yaml").read_text("utf-8")
    nested: dict[str, dict[str, dict[str, str]]] = load_yaml(text)
    return {
        f"{section}.{name}": entry
        for section, entries in nested.items()
        for name, entry in entries.items()
    }


def has(key: str) -> bool:
    return key in catalogue()


def say(key: str, **values: Any) -> Summary:
    """Entry ``key`` in both languages, ``{name}`` filled from ``values``.

    A value that is a :class:`Summary` is put in each language's own text
    (a DNS status explained inside a verdict); anything else as ``str()``.
    """
    entry = catalogue()[key]
    filled = {}
    for lang in LANGS:
        shown = {
            name: value.get(lang) if isinstance(value, Summary) else value
            for name, value in values.items()
        }
        filled[lang] = entry[lang].format(**shown)
    return Summary(zh=filled["zh"], en=filled["en"])


def status_of(key: str) -> Status:
    """The status a verdict entry gives its result."""
    status = catalogue()[key].get("status")
    if status not in STATUSES:
        raise KeyError(f"{key} is not a verdict (no status)")
    return cast(Status, status)


def verdict_key(check: str, verdict: str) -> str:
    """``<check>.<verdict>`` when the check has its own words, else ``common.<verdict>``."""
    own = f"{check}.{verdict}"
    return own if own in catalogue() else f"common.{verdict}"


def joined(parts: Iterable[Summary], *, zh: str = "；", en: str = "; ") -> Summary:
    """Several bilingual pieces as one, each language with its own separator."""
    items = list(parts)
    return Summary(zh=zh.join(p.zh for p in items), en=en.join(p.en for p in items))


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text (the catalogue test compares zh with en)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
