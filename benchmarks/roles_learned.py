"""Experiment: does a small learned classifier over the rules' readings generalise better
than the rules' own decision? Leave-one-set-out, deterministic, no downloads.

    .venv/bin/python benchmarks/roles_learned.py

For each labelled set in turn, a logistic regression is trained on the other sets and
scored on it, next to the rules' figure on it. One example per domain of a complaint:
its features are what ``postdesk.triage.roles.analyse`` read (side weights, sender and
recipient counts, direction, the rules' own choice, free mail, a webmail host, an
address or a bare name, order of mention, an agent's note) plus the characters right
before and after its mentions (hashed character bigrams). Two binary models: "is the
customer's" (the best-scored domain above one half is the customer's) and "is the other
side's". The figure on a set is honest for the learned part; the rules were tuned on
four of the five sets, so only roles-heldout-3 compares the two fairly.
"""

from __future__ import annotations

import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage.roles_score import ascii_form, load_rows  # noqa: E402

from postdesk.triage import roles, triage  # noqa: E402

DATA = ROOT / "tests" / "triage" / "data"
SETS = ("roles-dev", "roles-heldout", "roles-dev-2", "roles-heldout-2", "roles-heldout-3")
HASHED = 256
WINDOW = 6
L2 = 1.0
STEPS = 1500
RATE = 0.5
# 0: leave the rules' own choice out of the features (what the readings alone learn).
RULE_CHOICE = float(os.environ.get("ROLES_RULE_CHOICE", "1"))


@dataclass
class Complaint:
    keys: list[str]  # candidate domains (registrable)
    features: np.ndarray  # one row per key
    is_customer: np.ndarray
    is_counterpart: np.ndarray
    rules_customer: str | None  # the rules' answer, as displayed
    rules_counterparts: list[str]
    mail_domain: dict[str, str]  # key -> the customer's domain as its mentions write it
    want_customer: str | None
    want_counterparts: set[str | None]


_captured: list[Any] = []
_decide = roles.decide


def _capturing(text: str, mentions: Any, own_domains: Any = (), suffixes: Any = None) -> Any:
    mentions = list(mentions)
    _captured.append((text, roles.analyse(text, mentions, own_domains, suffixes)))
    return _decide(text, mentions, own_domains, suffixes)


def _bigrams(text: str) -> list[int]:
    return [zlib.crc32(text[i : i + 2].encode()) % HASHED for i in range(len(text) - 1)]


def _features(text: str, analysis: roles.Analysis, key: str, order: int) -> np.ndarray:
    domain = analysis.domains[key]
    side = analysis.sides[key]
    mentions = [m for k, (m, _s) in zip(analysis.keys, analysis.read, strict=True) if k == key]
    cues = roles._cues()
    way = analysis.way
    n = len(analysis.domains)
    dense = [
        1.0,
        (key == analysis.customer) * RULE_CHOICE,
        (key in analysis.counterparts) * RULE_CHOICE,
        min(domain.customer, 6) / 2,
        min(domain.counterpart, 6) / 2,
        min(domain.senders, 3),
        min(domain.recipients, 3),
        domain.neither / domain.mentions,
        min(side[0], 6) / 2,
        min(side[1], 6) / 2,
        key in cues.freemail,
        key in analysis.hosts,
        any(m.address is not None for m in mentions),
        any(m.address is None for m in mentions),
        order == 0,
        order == 1,
        order >= 2,
        n == 1,
        n == 2,
        n >= 3,
        way == "inbound",
        way == "outbound",
        way is None,
        (way == "inbound") and domain.senders > 0,
        (way == "outbound") and domain.recipients > 0,
        (way == "inbound") and domain.recipients > 0,
        (way == "outbound") and domain.senders > 0,
        analysis.agent_note,
        domain.internal(),
        domain.uncued(),
        min(domain.subject_senders, 2),
        min(domain.subject_recipients, 2),
        mentions[0].start / max(1, len(text)),
    ]
    sparse = np.zeros(2 * HASHED)
    folded = text.casefold()
    for mention in mentions:
        for index in _bigrams(folded[max(0, mention.start - WINDOW) : mention.start]):
            sparse[index] = 1.0
        for index in _bigrams(folded[mention.end : mention.end + WINDOW]):
            sparse[HASHED + index] = 1.0
    return np.concatenate([np.array(dense, dtype=float), sparse])


def _complaints(rows: list[dict[str, Any]]) -> list[Complaint]:
    suffixes = roles.suffix_list()
    out = []
    for row in rows:
        _captured.clear()
        found = triage(row["text"]).entities
        analysis = _captured[-1][1] if _captured else None
        text = _captured[-1][0] if _captured else row["text"]
        keys = list(analysis.domains) if analysis else []
        want_c = ascii_form(row["customer_domain"])
        want_key = roles._key(want_c, roles._cues(), suffixes) if want_c else None
        want_parts = {ascii_form(d) for d in row["counterpart_domains"]}
        part_keys = {roles._key(d, roles._cues(), suffixes) for d in want_parts if d}
        rows_x = [_features(text, analysis, key, i) for i, key in enumerate(keys)] if keys else []
        out.append(
            Complaint(
                keys=keys,
                features=np.array(rows_x) if rows_x else np.zeros((0, 33 + 2 * HASHED)),
                is_customer=np.array([key == want_key for key in keys], dtype=float),
                is_counterpart=np.array([key in part_keys for key in keys], dtype=float),
                rules_customer=found.customer_domain,
                rules_counterparts=list(found.counterpart_domains),
                mail_domain={
                    key: roles.display(
                        roles._mail_domain(
                            key, analysis.keys, analysis.read, roles._cues(), analysis.folded
                        )
                    )
                    for key in keys
                }
                if analysis
                else {},
                want_customer=want_c,
                want_counterparts=want_parts,
            )
        )
    return out


def _train(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    weights = np.zeros(x.shape[1])
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ weights)))
        grad = x.T @ (p - y) / len(y) + L2 * weights / len(y)
        weights -= RATE * grad
    return weights


def _predict(c: Complaint, wc: np.ndarray, wp: np.ndarray) -> tuple[str | None, set[str | None]]:
    if not c.keys:
        return None, set()
    pc = 1 / (1 + np.exp(-(c.features @ wc)))
    pp = 1 / (1 + np.exp(-(c.features @ wp)))
    best = int(np.argmax(pc))
    customer_key = c.keys[best] if pc[best] > 0.5 else None
    customer = ascii_form(c.mail_domain[customer_key]) if customer_key else None
    parts = {
        ascii_form(roles.display(key))
        for key, p in zip(c.keys, pp, strict=True)
        if p > 0.5 and key != customer_key
    }
    return customer, parts


def main() -> None:
    roles.decide = _capturing  # type: ignore[assignment]
    data = {name: _complaints(load_rows(DATA / f"{name}.jsonl")) for name in SETS}
    for held in SETS:
        train = [c for name in SETS if name != held for c in data[name] if c.keys]
        x = np.vstack([c.features for c in train])
        wc = _train(x, np.concatenate([c.is_customer for c in train]))
        wp = _train(x, np.concatenate([c.is_counterpart for c in train]))
        rules_c = rules_p = learned_c = learned_p = 0
        for c in data[held]:
            rules_c += ascii_form(c.rules_customer) == c.want_customer
            rules_p += {ascii_form(d) for d in c.rules_counterparts} == c.want_counterparts
            customer, parts = _predict(c, wc, wp)
            learned_c += customer == c.want_customer
            learned_p += parts == c.want_counterparts
        n = len(data[held])
        print(
            f"{held:18} {n:4}  rules {rules_c / n:6.1%} / {rules_p / n:6.1%}"
            f"   learned (trained without it) {learned_c / n:6.1%} / {learned_p / n:6.1%}"
        )


if __name__ == "__main__":
    main()
