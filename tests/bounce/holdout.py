"""Leave-one-family-out: every rule learned without a family's samples decides that family.

A family is one mail system or provider of the corpus (``lhost-postfix``,
``rhost-google``: the sample's name without its number). A rule here is one
entry of a reason file's phrases or of a provider table, each with a key
(:mod:`postdesk.bounce.phrases`, :mod:`postdesk.bounce.rhost`).

First every sample is analysed once, recording which entries it matched. An
entry whose matches all fall in one family has no support outside it: as far
as the corpus can tell it was learned from that family alone, so it counts as
missing when that family is measured. Then each family's samples are analysed
again with those entries switched off (:data:`postdesk.bounce.phrases.HELD_OUT`),
and their records compared with the published results.

Parsers (format recognition, where the recipients and the diagnostic are) and
the decision order are not held out: a format cannot be read without knowing
it. The figure measures the reason and status rules.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from postdesk.bounce import analyze
from postdesk.bounce.phrases import HELD_OUT, SEEN

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces"


def family_of(name: str) -> str:
    """``lhost-postfix-07.eml`` -> ``lhost-postfix``."""
    return re.sub(r"-\d+\.eml$", "", name)


@dataclass
class Figures:
    """Records agreeing with the published results, out of all records."""

    records: int = 0
    reason: int = 0
    status: int = 0
    held_rules: int = 0  # entries switched off for at least one family

    def share(self, field: str) -> float:
        agreed: int = getattr(self, field)
        return agreed / self.records if self.records else 0.0


def _score(figures: Figures, name: str, raw: bytes, truth: list[dict[str, object]]) -> None:
    report = analyze(raw, with_advice=False)
    for index, expected in enumerate(truth):
        figures.records += 1
        got = report.recipients[index] if index < len(report.recipients) else None
        figures.reason += got is not None and got.reason == expected["reason"]
        figures.status += got is not None and got.status == expected["status"]


def measure(folder: Path = CORPUS) -> tuple[Figures, Figures, dict[str, frozenset[str]]]:
    """(all rules, each family without its own-only rules, the rules held out per family)."""
    truth: dict[str, list[dict[str, object]]] = json.loads((folder / "truth.json").read_text())
    messages = {name: (folder / "eml" / name).read_bytes() for name in truth}
    support: dict[str, set[str]] = defaultdict(set)
    whole = Figures()
    for name, raw in messages.items():
        seen: set[str] = set()
        token = SEEN.set(seen)
        try:
            _score(whole, name, raw, truth[name])
        finally:
            SEEN.reset(token)
        for key in seen:
            support[key].add(family_of(name))
    held_out: dict[str, frozenset[str]] = defaultdict(frozenset)
    for key, families in support.items():
        if len(families) == 1:
            (family,) = families
            held_out[family] = held_out[family] | {key}
    held = Figures(held_rules=sum(len(keys) for keys in held_out.values()))
    for name, raw in messages.items():
        token = HELD_OUT.set(held_out[family_of(name)])
        try:
            _score(held, name, raw, truth[name])
        finally:
            HELD_OUT.reset(token)
    return whole, held, dict(held_out)
