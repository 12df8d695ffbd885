"""Leave-one-family-out: every rule learned without a family's samples decides that family.

A family is one mail system or provider of the corpus (``lhost-postfix``,
``rhost-google``: the sample's name without its number). A rule here is one
entry of a reason file's phrases or of a provider table, each with a key
(:mod:`postdesk.bounce.phrases`, :mod:`postdesk.bounce.rhost`).

First every sample is analysed once, and each record's text is searched for
every entry: every reason phrase, and every code and phrase of the provider
tables that apply to the record (:func:`postdesk.bounce.rhost.present`). A
family supports an entry when one of its records contains it and the
record's published reason is the entry's reason as the record's context
reads it (:func:`postdesk.bounce.decide.in_context`: "user unknown" after
DATA is the filter's verdict), whether or not the entry decided the record:
a record settled earlier (by a decisive status code, say) still shows the
wording, and a rule could have been learned from it. A text that contains
the wording under another published reason shows no such rule. An entry
with no support outside a family could only have been learned from that
family, so it counts as missing when that family is measured. Then each
family's samples are analysed again with those entries switched off
(:data:`postdesk.bounce.phrases.HELD_OUT`), and their records compared with
the published results.

The texts that mail systems and providers document (:mod:`tests.bounce.documented`:
strings of the installed Postfix, Exim, OpenSMTPD and Courier, and published
error pages; and the provider pages' replies the provider-table tests are built
from, ``test_rhost_published`` and ``test_rhost_taxonomy``) count as one more
family, never measured: a rule that a
documented text carries was not learned from the one corpus family whose
samples use it. So does the reference taxonomy's own index of texts
(:mod:`tests.bounce.taxonomy`: the texts each of its reason modules lists):
a phrase the taxonomy lists under its reason is published, not learned from
one family; so are the texts its per-mail-system modules read as a reason
(``taxonomy.LHOST``). ``measure(documented=False)`` leaves both out.

Until 2026-12-07 support was counted from the entries the decision
consulted: a record settled before the phrases were looked at never
registered the wording it contains (an undercount), and a record that
contained a wording under another reason counted for it (an overcount).
Counting every family whose texts contain the wording, whatever their
published reason, would give 81.5%; this count gives less (78.1% on that
day), because wording found under another reason supports nothing.

Parsers (format recognition, where the recipients and the diagnostic are) and
the decision order are not held out: a format cannot be read without knowing
it. The figure measures the reason and status rules.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from postdesk.bounce import analyze, reasons, rhost
from postdesk.bounce.decide import in_context
from postdesk.bounce.finish import finish
from postdesk.bounce.phrases import HELD_OUT, fold
from postdesk.bounce.result import BounceReport, Recipient
from postdesk.bounce.sources import each_message
from tests.bounce import documented as documented_texts
from tests.bounce import taxonomy, taxonomy_lhost_more

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bounces"


def analyze_file(raw: bytes) -> BounceReport:
    """A corpus file read as ``postdesk bounce FILE`` reads it: each message of an mbox in turn.

    The published results number an mbox's records by message, so one report holds
    the records of every message, in order.
    """
    reports = [analyze(message, with_advice=False) for message in each_message(raw)]
    records = [record for report in reports for record in report.recipients]
    return dataclasses.replace(reports[0], recipients=records)


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


def _supported(report: BounceReport, truth: list[dict[str, object]]) -> set[str]:
    """The entries that a record of ``report`` contains and whose reason it is published with."""
    found: set[str] = set()
    index = reasons.index()
    for record, expected in zip(report.recipients, truth, strict=False):
        reason = expected["reason"]
        for hit in index.hits(fold(record.diagnostic)):
            meant = in_context(hit.owner, record, definite=hit.phrase.definite)
            if reason in (hit.owner, meant):
                found.add(hit.key)
        found.update(key for key, meant in rhost.present(record).items() if meant == reason)
    return found


def _documented_support() -> set[str]:
    """The entries that a documented text carries under the reason it documents."""
    texts = documented_texts.TEXTS
    records = [
        finish(
            Recipient(
                address="a@example.org",
                diagnostic=text.example,
                command=text.command,
                rhost=text.rhost,
            )
        )
        for text in texts
    ]
    reasons_of = [text.reason for text in texts]
    # The provider pages' replies the provider-table tests are built from: each is the
    # page's text for a provider's server, with the reason the page gives it.
    for _, (address, remote), status, diagnostic, reason in published_replies():
        record = Recipient(address=address, diagnostic=diagnostic, rhost=remote, status=status)
        records.append(finish(record))
        reasons_of.append(reason)
    report = BounceReport(is_bounce=True, recipients=records)
    return _supported(report, [{"reason": reason} for reason in reasons_of])


def published_replies() -> list[tuple[str, tuple[str, str], str, str, str]]:
    """(id, (address, remote host), status, reply, reason) of the provider-table tests."""
    from tests.bounce import test_rhost_published, test_rhost_taxonomy

    return [*test_rhost_published.CASES, *test_rhost_taxonomy.CASES]


def _taxonomy_support() -> set[str]:
    """The entries that a text of the taxonomy's index carries under the reason it lists it.

    The index lists a text as meaning its reason whatever the stage (the
    module's own command and status checks are the decision order's, not the
    wording's), so the entry is read without context: a phrase of that reason
    the text contains was not learned from a corpus family.
    """
    found: set[str] = set()
    index = reasons.index()
    for entry in (*taxonomy.INDEX, *taxonomy.LHOST, *taxonomy_lhost_more.LHOST_MORE):
        reason, parts = entry[0], entry[1:]
        found.update(
            hit.key for hit in index.hits(fold(taxonomy.example(parts))) if hit.owner == reason
        )
    return found


def _present(report: BounceReport) -> set[str]:
    """The entries whose wording or code a record of ``report`` contains."""
    found: set[str] = set()
    index = reasons.index()
    for record in report.recipients:
        found.update(hit.key for hit in index.hits(fold(record.diagnostic)))
        found.update(rhost.present(record))
    return found


def _score(figures: Figures, raw: bytes, truth: list[dict[str, object]]) -> BounceReport:
    report = analyze_file(raw)
    for index, expected in enumerate(truth):
        figures.records += 1
        got = report.recipients[index] if index < len(report.recipients) else None
        figures.reason += got is not None and got.reason == expected["reason"]
        figures.status += got is not None and got.status == expected["status"]
    return report


def measure(
    folder: Path = CORPUS, *, documented: bool = True
) -> tuple[Figures, Figures, dict[str, frozenset[str]]]:
    """(all rules, each family without its own-only rules, the rules held out per family).

    ``documented``: count the documented texts as a family that supports rules.
    """
    truth: dict[str, list[dict[str, object]]] = json.loads((folder / "truth.json").read_text())
    messages = {name: (folder / "eml" / name).read_bytes() for name in truth}
    support: dict[str, set[str]] = defaultdict(set)
    contained: dict[str, set[str]] = defaultdict(set)  # family -> entries its texts contain
    whole = Figures()
    for name, raw in messages.items():
        family = family_of(name)
        report = _score(whole, raw, truth[name])
        for key in _supported(report, truth[name]):
            support[key].add(family)
        contained[family].update(_present(report))
    if documented:
        for key in _documented_support():
            support[key].add(documented_texts.FAMILY)
        for key in _taxonomy_support():
            support[key].add(taxonomy.FAMILY)
    held_out: dict[str, frozenset[str]] = defaultdict(frozenset)
    for family, keys in contained.items():
        alone = frozenset(key for key in keys if not support[key] - {family})
        if alone:
            held_out[family] = alone
    held = Figures(held_rules=sum(len(keys) for keys in held_out.values()))
    for name, raw in messages.items():
        token = HELD_OUT.set(held_out[family_of(name)])
        try:
            _score(held, raw, truth[name])
        finally:
            HELD_OUT.reset(token)
    return whole, held, dict(held_out)
