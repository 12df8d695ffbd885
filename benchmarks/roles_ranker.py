"""Experiment: a learned candidate ranker for entity roles, on features that do not carry
the rules' final choice, measured leave-one-writer-set-out. Deterministic, numpy only.

    .venv/bin/python benchmarks/roles_ranker.py            # LOWO table on the untuned sets
    .venv/bin/python benchmarks/roles_ranker.py --cp       # ... and the counterpart model
    .venv/bin/python benchmarks/roles_ranker.py --misses roles-train-h  # study a training set

For each set no round of hand rules was tuned on (``UNTUNED``: the seventh to ninth
blind sets and the training sets f to l, each by a different writer who had not read the
code), the models are trained on every other labelled set and scored on it, next to the
rules' figure on it (customer domain right / counterpart set exactly right, the scorer of
``tests/triage/roles_score.py``). The rules were tuned on roles-heldout .. roles-heldout-6,
so only the untuned sets compare the two fairly; rows and misses are never printed.

Candidates are the domains triage's entity finder names (grouped by registrable domain,
the provider's own names left out) plus "none". Per candidate, from the text: hashed
character 1-3-grams of the characters before and after each mention (near and far
windows, clipped at the sentence's end, other names masked), the kind of mention
(address, host, bare, @domain), a header or field label before it, order and count of
mention, free mail, a provider host, cue-word counts of ``roles.yaml`` in its clause,
the playbook's declared ``mail_direction`` (the prior triage passes) and the top
playbook. Optionally the rules' readings (side weights, sender and recipient counts,
direction: ``--readings``) and the rules' final choice (``--choice``).

The text features are the shipped gate's (``postdesk.triage.ranker.features``: the gate
at 0.8 ships, trained on every set by ``benchmarks/roles_ranker_train.py``); the rules'
figures here are the rules alone (the gate is turned off while this script runs).

Customer: a softmax over the candidates and "none". Counterparts: a binary logistic
model per candidate. L2, full-batch Adam from zeros, fixed number of steps.

Columns: ``reach`` (share of complaints whose labelled customer is a candidate or none),
the rules, the learned ranker alone (customer / counterparts), the first *gate* at three
confidences (customer .6 .8 .9 / counterparts .6 .8 .9): the learned customer replaces
the rules' only where the rules have no cue naming theirs (its customer weight below
an explicit cue's) and the ranker's probability reaches the threshold; the chosen
domain then leaves the rules' other side and the rules' customer joins it. ``over-cue``
(.8 .9 .95, customer / counterparts): the gate also over an explicit cue at that
confidence, never where the wording settles the roles by naming them
(``Analysis.settled``); .8 is the shipped gate (fourth session).

A set's rules figure is fair only against rules that were not tuned on it. To compare
with the rules as they were when a blind set was first measured, run the script with
that commit's ``src`` first on the path (the learned part then uses that commit's
candidates), e.g. for the sixth blind set::

    git archive f69551f src | tar -x -C /tmp/old6
    POSTDESK_CACHE_DIR=/tmp/old-cache PYTHONPATH=/tmp/old6/src \
        .venv/bin/python benchmarks/roles_ranker.py --score roles-heldout-7
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage.roles_score import ascii_form, load_rows  # noqa: E402

from postdesk.triage import ranker, roles, triage  # noqa: E402

DATA = ROOT / "tests" / "triage" / "data"
DEV_SETS = ("roles-dev", "roles-dev-2", "roles-dev-3", "roles-dev-4")
BLIND_SETS = (
    "roles-heldout",
    "roles-heldout-2",
    "roles-heldout-3",
    "roles-heldout-4",
    "roles-heldout-5",
    "roles-heldout-6",
    "roles-heldout-7",
    "roles-heldout-8",
    "roles-heldout-9",
)
# Training sets: complaints and labels by three more writers under the same brief, written
# for training only (never used to measure the shipped product).
TRAIN_SETS = tuple(f"roles-train-{letter}" for letter in "abcdefghijkl")
# The sets no round of hand rules was tuned on: only on these does the rules' figure
# compare fairly with the learned one, so only these are scored (leave-one-set-out). The
# ninth and tenth rule rounds (h16-roles9, h17-roles10) studied the training sets a-e.
UNTUNED = (
    "roles-heldout-7",
    "roles-heldout-8",
    "roles-heldout-9",
    "roles-train-f",
    "roles-train-g",
    "roles-train-h",
    "roles-train-i",
    "roles-train-j",
    "roles-train-k",
    "roles-train-l",
)
DIM = ranker.DIM
STEPS = int(os.environ.get("RANKER_STEPS", "300"))
RATE = 0.05
L2 = float(os.environ.get("RANKER_L2", "1e-3"))
_h = ranker._h


@dataclass
class Example:
    keys: list[str]
    cand: list[dict[int, float]]  # features of each candidate
    null: dict[int, float]  # features of "none"
    customer_target: int | None  # index into [none, *keys], None when unreachable
    counterpart_y: list[float]
    rules_customer: str | None
    rules_counterparts: set[str | None]
    shown_customer: dict[str, str | None]  # key -> the domain as the answer writes it
    shown_counterpart: dict[str, str | None]
    want_customer: str | None
    want_counterparts: set[str | None]
    rules_sure: bool
    rules_key: str | None = None  # the rules' customer, registrable form
    rules_settled: bool = False  # ... named by a statement of whose it is (never overridden)
    neither: frozenset[str] = frozenset()  # candidates every mention of which is neither side's
    backscatter: bool = False  # the rules read bounces of mail forged in the customer's name
    stated_other: frozenset[str] = frozenset()  # candidates the wording puts on the other side
    text: str = ""
    stack: list[dict[int, float]] | None = None  # the rules' readings, per candidate (--stack)


_captured: list[Any] = []
_decide = roles.decide


def _capturing(text: str, mentions: Any, *args: Any) -> Any:
    mentions = list(mentions)
    prior = args[2] if len(args) > 2 else "none"
    _captured.append((text, mentions, roles.analyse(text, mentions, *args[:3]), prior))
    return _decide(text, mentions, *args)


def _example(row: dict[str, Any], options: argparse.Namespace) -> Example:
    _captured.clear()
    result = triage(row["text"])
    found = result.entities
    top = result.ranking[0].playbook if result.ranking else "-"
    want_c = ascii_form(row["customer_domain"])
    want_parts = {ascii_form(d) for d in row["counterpart_domains"]}
    rules_c = ascii_form(found.customer_domain)
    rules_p = {ascii_form(d) for d in found.counterpart_domains}
    text, mentions, analysis, prior = (
        _captured[-1] if _captured else (row["text"], [], None, "none")
    )
    null: dict[int, float] = {
        _h("NULL"): 1.0,
        _h(f"NULL:prior={prior}"): 1.0,
        _h(f"NULL:top={top}"): 1.0,
    }
    if analysis is None:
        return Example(
            [],
            [],
            null,
            0 if want_c is None else None,
            [],
            rules_c,
            rules_p,
            {},
            {},
            want_c,
            want_parts,
            True,
        )
    cues = roles._cues()
    suffixes = roles.suffix_list()
    # The text features are the shipped gate's own (one function for both).
    keys, cand, null = ranker.features(text, mentions, analysis, prior, top)
    if options.readings:
        null[_h(f"NULL:agent={analysis.agent_note}")] = 1.0
    if options.choice:
        null[_h(f"NULL:rules_none={analysis.customer is None}")] = 1.0
    for key, f in zip(keys, cand, strict=True):
        if options.readings:
            d = analysis.domains[key]
            side = analysis.sides[key]
            way = analysis.way
            readings = {
                "r:customer": min(d.customer, 6) / 2,
                "r:counterpart": min(d.counterpart, 6) / 2,
                "r:senders": min(d.senders, 3),
                "r:recipients": min(d.recipients, 3),
                "r:neither": d.neither / max(1, d.mentions),
                "r:side0": min(side[0], 6) / 2,
                "r:side1": min(side[1], 6) / 2,
                "r:subject_s": min(d.subject_senders, 2),
                "r:subject_r": min(d.subject_recipients, 2),
                "r:pointed_s": min(d.pointed_senders, 2),
                "r:pointed_r": min(d.pointed_recipients, 2),
                "r:related": min(d.related, 2),
                "r:internal": float(d.internal()),
                "r:uncued": float(d.uncued()),
                f"r:way={way}": 1.0,
                f"r:way={way}|s": float(d.senders > 0),
                f"r:way={way}|r": float(d.recipients > 0),
                f"r:agent={analysis.agent_note}": 1.0,
                "r:explicit": float(d.customer >= 2),
                "r:cp_explicit": float(d.counterpart >= 2),
            }
            for name, value in readings.items():
                f[_h(name)] = value
        if options.choice:
            f[_h("c:customer")] = float(key == analysis.customer)
            f[_h("c:counterpart")] = float(key in analysis.counterparts)
    want_key = roles._key(want_c, cues, suffixes) if want_c else None
    part_keys = {roles._key(d, cues, suffixes) for d in want_parts if d}
    if want_c is None:
        target: int | None = 0
    elif want_key in keys:
        target = 1 + keys.index(want_key)
    else:
        target = None
    shown_c = {
        k: ascii_form(
            roles.display(
                roles._mail_domain(k, analysis.keys, analysis.read, cues, analysis.folded)
            )
        )
        for k in keys
    }
    shown_p = {k: ascii_form(roles.display(roles._their_mail_domain(k, analysis))) for k in keys}
    sure = analysis.customer is not None and analysis.domains[analysis.customer].customer >= 2
    settled = analysis.settled
    rules_key = analysis.customer
    stack = [stack_readings(analysis, key, cues) for key in keys] if options.stack else None
    return Example(
        keys,
        cand,
        null,
        target,
        [float(k in part_keys) for k in keys],
        rules_c,
        rules_p,
        shown_c,
        shown_p,
        want_c,
        want_parts,
        sure,
        rules_key,
        settled,
        frozenset(k for k, d in analysis.domains.items() if d.neither >= d.mentions),
        analysis.backscatter,
        frozenset(
            k
            for k, d in analysis.domains.items()
            if d.counterpart >= 2 or d.pointed_recipients or d.pointed_senders
        ),
        text=row["text"],
        stack=stack,
    )


def stack_readings(analysis: Any, key: str, cues: Any) -> dict[int, float]:
    """What the rules read of one candidate, for the stacked combiner: whether it is
    their customer, how sure, and the counts behind it."""
    d = analysis.domains[key]
    chosen = key == analysis.customer
    readings = {
        "s:rules": float(chosen),
        "s:rules_sure": float(chosen and d.customer >= 2),
        "s:customer": min(d.customer, 6) / 2,
        "s:counterpart": min(d.counterpart, 6) / 2,
        "s:senders": min(d.senders, 3),
        "s:recipients": min(d.recipients, 3),
        "s:explicit": float(d.customer >= 2),
        "s:cp_explicit": float(d.counterpart >= 2),
        "s:uncued": float(d.uncued()),
        "s:freemail": float(key in cues.freemail),
        "s:host": float(key in analysis.hosts),
    }
    return {_h(name): value for name, value in readings.items() if value}


class Sparse:
    """Rows of hashed features as flat index/value arrays (CSR without scipy)."""

    def __init__(self, rows: list[dict[int, float]]) -> None:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        self.index = np.fromiter(
            (i for r in rows for i in sorted(r)), dtype=np.int64, count=int(lengths.sum())
        )
        self.value = np.fromiter(
            (r[i] for r in rows for i in sorted(r)), dtype=float, count=int(lengths.sum())
        )
        self.row = np.repeat(np.arange(len(rows)), lengths)
        self.n = len(rows)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=w[self.index] * self.value, minlength=self.n)

    def tdot(self, g: np.ndarray) -> np.ndarray:
        return np.bincount(self.index, weights=self.value * g[self.row], minlength=DIM)


def adam(grad_of: Any, l2: float) -> np.ndarray:
    """Full-batch Adam from zeros, STEPS steps (the shipped gate's trainer uses it too)."""
    w = np.zeros(DIM)
    m = np.zeros(DIM)
    v = np.zeros(DIM)
    for step in range(1, STEPS + 1):
        g = grad_of(w) + l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def train_softmax(blocks: list[tuple[list[dict[int, float]], int]]) -> np.ndarray:
    """A softmax over each block's rows (one block per complaint, its target row's index),
    L2, full-batch Adam from zeros."""
    rows: list[dict[int, float]] = []
    group: list[int] = []
    target_rows: list[int] = []
    for g, (block, target) in enumerate(blocks):
        target_rows.append(len(rows) + target)
        rows.extend(block)
        group.extend([g] * len(block))
    x = Sparse(rows)
    groups = np.array(group, dtype=np.int64)
    targets = np.array(target_rows, dtype=np.int64)
    count = len(target_rows)

    def grad(w: np.ndarray) -> np.ndarray:
        s = x.dot(w)
        top = np.full(count, -np.inf)
        np.maximum.at(top, groups, s)
        p = np.exp(s - top[groups])
        p /= np.bincount(groups, weights=p, minlength=count)[groups]
        p[targets] -= 1.0
        return x.tdot(p) / count

    return adam(grad, L2)


def train_customer(examples: list[Example]) -> np.ndarray:
    return train_softmax(
        [([e.null, *e.cand], e.customer_target) for e in examples if e.customer_target is not None]
    )


def train_counterparts(examples: list[Example]) -> np.ndarray:
    return train_logistic(
        [(f, t) for e in examples for f, t in zip(e.cand, e.counterpart_y, strict=True)]
    )


def train_logistic(rows_and_labels: list[tuple[dict[int, float], float]]) -> np.ndarray:
    """A logistic model of each row's 0/1 label, L2, full-batch Adam from zeros."""
    x = Sparse([f for f, _t in rows_and_labels])
    y = np.array([t for _f, t in rows_and_labels])

    def grad(w: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-x.dot(w)))
        return x.tdot(p - y) / len(y)

    return adam(grad, L2)


def predict(
    e: Example, wc: np.ndarray, wp: np.ndarray
) -> tuple[str | None, set[str | None], float, str | None]:
    if not e.keys:
        return None, set(), 1.0, None
    s = np.array([sum(w * wc[i] for i, w in r.items()) for r in [e.null, *e.cand]])
    p = np.exp(s - s.max())
    p /= p.sum()
    best = int(np.argmax(p))
    key = e.keys[best - 1] if best else None
    customer = e.shown_customer[key] if key else None
    parts = {
        e.shown_counterpart[k]
        for k, f in zip(e.keys, e.cand, strict=True)
        if k != key and sum(v * wp[i] for i, v in f.items()) > 0
    }
    return customer, parts, float(p[best]), key


def text_probs(e: Example, wc: np.ndarray) -> np.ndarray:
    """The text model's probabilities over [none, *candidates]."""
    s = np.array([sum(v * wc[i] for i, v in r.items()) for r in [e.null, *e.cand]])
    p = np.exp(s - s.max())
    return p / p.sum()


def combiner_rows(e: Example, p: np.ndarray) -> list[dict[int, float]]:
    """The stacked combiner's rows: the text model's log-probability of each option
    next to what the rules read of it."""
    rows = [
        {
            _h("S:NULL"): 1.0,
            _h("S:lp"): max(float(np.log(p[0])), -10.0),
            _h("s:rules"): float(e.rules_key is None),
        }
    ]
    for i, readings in enumerate(e.stack or []):
        row = dict(readings)
        row[_h("S:lp")] = max(float(np.log(p[1 + i])), -10.0)
        rows.append(row)
    return rows


def train_combiner(pairs: list[tuple[Example, np.ndarray]]) -> np.ndarray:
    return train_softmax(
        [
            (combiner_rows(e, p), e.customer_target)
            for e, p in pairs
            if e.customer_target is not None and e.keys
        ]
    )


def stack_table(data: dict[str, list[Example]], scored: list[str]) -> None:
    """Stacking, nested leave-one-set-out: for each scored set S the text model is
    trained without S; the combiner is trained on the other untuned sets' predictions,
    each made by a text model trained without S and without that set."""
    cache: dict[frozenset[str], np.ndarray] = {}

    def model_without(excluded: frozenset[str]) -> np.ndarray:
        if excluded not in cache:
            cache[excluded] = train_customer(
                [e for name, es in data.items() if name not in excluded for e in es]
            )
        return cache[excluded]

    totals = []
    for held in scored:
        started = time.monotonic()
        pairs = [
            (e, text_probs(e, model_without(frozenset({held, other}))))
            for other in scored
            if other != held
            for e in data[other]
            if e.keys
        ]
        wk = train_combiner(pairs)
        wc = model_without(frozenset({held}))
        right = right_p = 0
        for e in data[held]:
            if not e.keys:
                right += e.rules_customer == e.want_customer
                right_p += e.rules_counterparts == e.want_counterparts
                continue
            rows = combiner_rows(e, text_probs(e, wc))
            s = np.array([sum(v * wk[i] for i, v in r.items()) for r in rows])
            best = int(np.argmax(s))
            key = e.keys[best - 1] if best else None
            if key == e.rules_key:
                pick, picked = e.rules_customer, e.rules_counterparts
            else:
                pick = e.shown_customer[key] if key else None
                picked = e.rules_counterparts - {e.shown_counterpart.get(key or "")} - {pick}
                if e.rules_key is not None:
                    picked.add(e.shown_counterpart[e.rules_key])
            right += pick == e.want_customer
            right_p += picked == e.want_counterparts
        n = len(data[held])
        totals.append((right / n, right_p / n))
        print(
            f"{held:16} {n:4}  stacked {right / n:6.1%} / {right_p / n:6.1%}"
            f"   ({time.monotonic() - started:.0f} s)"
        )
    mean = np.mean(np.array(totals), axis=0)
    print(f"{'mean':16} {'':4}  stacked {mean[0]:6.1%} / {mean[1]:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readings", action="store_true", help="add the rules' readings")
    parser.add_argument("--choice", action="store_true", help="add the rules' final choice")
    parser.add_argument(
        "--misses",
        nargs="+",
        metavar="SET",
        choices=TRAIN_SETS,
        help="score these training sets (leave-one-set-out) and print the shipped gate's misses",
    )
    parser.add_argument("--stack", action="store_true", help="the stacked combiner only")
    parser.add_argument(
        "--cp", action="store_true", help="also the counterpart model's confident readings"
    )
    parser.add_argument("--score", nargs="*", metavar="SET", help="score only these sets")
    options = parser.parse_args()
    ranker.set_enabled(False)  # the rules alone: the gate is what is measured here
    roles.decide = _capturing  # type: ignore[assignment]
    started = time.monotonic()
    data = {
        name: [_example(row, options) for row in load_rows(DATA / f"{name}.jsonl")]
        for name in (*DEV_SETS, *BLIND_SETS, *TRAIN_SETS)
        if (DATA / f"{name}.jsonl").exists()
    }
    print(f"features: {time.monotonic() - started:.0f} s", file=sys.stderr)
    scored = [s for s in UNTUNED if s in data]
    if options.misses:
        scored = list(options.misses)
    if options.score:
        scored = [s for s in scored if s in options.score]
    if options.stack:
        if len(scored) < 2:
            sys.exit("--stack trains its combiner on the other scored sets: score two or more")
        stack_table(data, scored)
        return
    gates = (0.0, 0.6, 0.8, 0.9)
    overrides = (0.8, 0.9, 0.95)  # the gate also over an explicit cue, at these confidences
    totals: dict[str, list[float]] = {}
    for held in scored:
        started = time.monotonic()
        train = [e for name, sets in data.items() if name != held for e in sets]
        wc = train_customer(train)
        wp = train_counterparts(train)
        n = len(data[held])
        rules_c = sum(e.rules_customer == e.want_customer for e in data[held])
        rules_p = sum(e.rules_counterparts == e.want_counterparts for e in data[held])
        learned_c = learned_p = 0
        gated = dict.fromkeys(gates, 0)
        gated_p = dict.fromkeys(gates, 0)
        over = dict.fromkeys(overrides, 0)
        over_p = dict.fromkeys(overrides, 0)
        cp_right = dict.fromkeys(CP_BANDS, 0)
        for e in data[held]:
            customer, parts, confidence, key = predict(e, wc, wp)
            learned_c += customer == e.want_customer
            learned_p += parts == e.want_counterparts
            for t in gates[1:]:
                takes = confidence >= t and not e.rules_sure and key != e.rules_key
                pick, picked = _taken(e, customer, key) if takes else _rules(e)
                gated[t] += pick == e.want_customer
                gated_p[t] += picked == e.want_counterparts
            for t in overrides:
                takes = (
                    key != e.rules_key
                    and not e.rules_settled
                    and key not in e.neither
                    and ((confidence >= ranker.THRESHOLD and not e.rules_sure) or confidence >= t)
                )
                pick, picked = _taken(e, customer, key) if takes else _rules(e)
                over[t] += pick == e.want_customer
                over_p[t] += picked == e.want_counterparts
                shipped = t == ranker.THRESHOLD
                if shipped and options.cp:
                    chosen = key if takes else e.rules_key
                    for band in CP_BANDS:
                        adjusted = _adjusted(e, wp, chosen, picked, band)
                        cp_right[band] += adjusted == e.want_counterparts
                if (
                    options.misses
                    and shipped
                    and (pick, picked)
                    != (
                        e.want_customer,
                        e.want_counterparts,
                    )
                ):
                    print(
                        f"  MISS {held} want={e.want_customer}"
                        f" {sorted(map(str, e.want_counterparts))}"
                        f" got={pick} {sorted(map(str, picked))} rules={e.rules_customer}"
                        f" sure={e.rules_sure} settled={e.rules_settled} learned={customer}"
                        f" p={confidence:.2f} | {e.text[:400]!r}"
                    )
        reach = sum(e.customer_target is not None for e in data[held])
        cells = (
            [reach / n, rules_c / n, rules_p / n, learned_c / n, learned_p / n]
            + [gated[t] / n for t in gates[1:]]
            + [gated_p[t] / n for t in gates[1:]]
            + [over[t] / n for t in overrides]
            + [over_p[t] / n for t in overrides]
        )
        totals[held] = cells
        if options.cp:
            print(
                "   cp-adjust "
                + " ".join(f"{b[0]}/{b[1]}: {cp_right[b] / n:6.1%}" for b in CP_BANDS)
            )
        print(_line(held, f"{n:4}", cells) + f"   ({time.monotonic() - started:.0f} s)")
    others = [totals[s] for s in scored]
    if not others:
        return
    print(_line("mean", "", list(np.mean(np.array(others), axis=0))))


# The counterpart model's join / leave confidences (the shipped gate: .95 / .05).
CP_BANDS = ((0.8, 0.2), (0.9, 0.1), (0.95, 0.05), (0.99, 0.01))


def _adjusted(
    e: Example,
    wp: np.ndarray,
    chosen: str | None,
    picked: set[str | None],
    band: tuple[float, float],
) -> set[str | None]:
    """The counterpart set with the learned counterpart model's confident readings: a
    candidate it is sure of joins, one it is sure is not leaves; with the shipped gate's
    exemptions (roles._counterparts_read)."""
    out = set(picked)
    if e.rules_settled or e.backscatter:
        return out
    for k, f in zip(e.keys, e.cand, strict=True):
        if k == chosen or k in e.neither:
            continue
        if k in e.stated_other:
            q = 1 / (1 + np.exp(-sum(v * wp[i] for i, v in f.items())))
            if q >= band[0]:
                out.add(e.shown_counterpart[k])
            continue
        q = 1 / (1 + np.exp(-sum(v * wp[i] for i, v in f.items())))
        shown = e.shown_counterpart[k]
        if q >= band[0]:
            out.add(shown)
        elif q <= band[1]:
            out.discard(shown)
    return out


def _rules(e: Example) -> tuple[str | None, set[str | None]]:
    return e.rules_customer, e.rules_counterparts


def _taken(e: Example, customer: str | None, key: str | None) -> tuple[str | None, set[str | None]]:
    """The learned customer in place of the rules': it leaves the rules' other side, and the
    rules' customer (a company) joins it."""
    picked = e.rules_counterparts - {e.shown_counterpart.get(key or "")} - {customer}
    if e.rules_key is not None:
        picked.add(e.shown_counterpart[e.rules_key])
    return customer, picked


def _line(label: str, count: str, cells: list[float]) -> str:
    """One row of the table: reach, rules, learned, gated and over-cue shares."""

    def shares(part: list[float]) -> str:
        return " ".join(f"{c:6.1%}" for c in part)

    return (
        f"{label:16} {count:4}  reach {cells[0]:6.1%}  rules {cells[1]:6.1%} / {cells[2]:6.1%}"
        f"   learned {cells[3]:6.1%} / {cells[4]:6.1%}"
        f"   gated .6/.8/.9 {shares(cells[5:8])} / {shares(cells[8:11])}"
        f"   over-cue .8/.9/.95 {shares(cells[11:14])} / {shares(cells[14:])}"
    )


if __name__ == "__main__":
    main()
