"""Train the shipped roles gate (src/postdesk/triage/ranker.py) on every labelled set.

    PYTHONPATH=src .venv/bin/python benchmarks/roles_ranker_train.py          # write
    PYTHONPATH=src .venv/bin/python benchmarks/roles_ranker_train.py --check  # compare

The customer model of ``benchmarks/roles_ranker.py`` (text features only, as measured
there leave-one-writer-set-out), trained on all of ``tests/triage/data/roles-*.jsonl``:
a softmax over the candidates and "none", L2, full-batch Adam from zeros, a fixed number
of steps; deterministic, so a re-run writes the same bytes. The features are the
package's own (:func:`postdesk.triage.ranker.features`), computed with the gate off.
The counterpart model (a logistic model per candidate over the same features, labelled
by the sets' counterpart lists) is trained alongside. Writes
``src/postdesk/triage/roles_ranker.npy.gz`` and ``roles_counterparts.npy.gz`` (the
nonzero weights) and ``roles_ranker.json`` (the settings, the SHA-256 of each training
file and of the weights; ``tests/triage/test_ranker.py`` checks the data hashes still
match).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage.roles_score import ascii_form, load_rows  # noqa: E402

from postdesk.triage import ranker, roles, triage  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import roles_ranker  # noqa: E402

DATA = ROOT / "tests" / "triage" / "data"
OUT = ROOT / "src" / "postdesk" / "triage"
# The experiment's optimiser settings at their measured values (its RANKER_* variables
# would change what is shipped: refused in main()).
STEPS = roles_ranker.STEPS
RATE = roles_ranker.RATE
L2 = 1e-3

_captured: list[tuple[Any, ...]] = []
_decide = roles.decide


def _capturing(text: str, mentions: Any, *args: Any) -> Any:
    mentions = list(mentions)
    _captured.append((text, mentions, args))
    return _decide(text, mentions, *args)


# The sets the shipped weights are trained on: every labelled set of the experiment
# (benchmarks/roles_ranker.py, leave-one-set-out over the untuned ones). The eighth and
# ninth blind sets joined after each was measured once on the earlier weights, with the
# training sets; the tenth to fifteenth blind sets (each measured once on these weights)
# join only by a deliberate edit and retraining.
TRAINING_SETS = (*roles_ranker.DEV_SETS, *roles_ranker.BLIND_SETS, *roles_ranker.TRAIN_SETS)


def training_files() -> list[Path]:
    return sorted(DATA / f"{name}.jsonl" for name in TRAINING_SETS)


def data_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in training_files()}


def _group(
    row: dict[str, Any],
) -> tuple[tuple[list[dict[int, float]], int] | None, list[tuple[dict[int, float], float]]]:
    """The rows of one complaint ("none" first) and the index of its labelled customer
    (None when that customer is not among the candidates), and each candidate's features
    with whether it is labelled the other side."""
    _captured.clear()
    result = triage(row["text"])
    top = result.ranking[0].playbook if result.ranking else "-"
    want = ascii_form(row["customer_domain"])
    if not _captured:
        return None, []
    text, mentions, args = _captured[-1]
    own, suffixes, prior = args[0], args[1], args[2] if len(args) > 2 else "none"
    analysis = roles.analyse(text, mentions, own, suffixes, prior)
    if analysis is None:
        null = {ranker._h("NULL"): 1.0}
        null[ranker._h(f"NULL:prior={prior}")] = 1.0
        null[ranker._h(f"NULL:top={top}")] = 1.0
        return (([null], 0) if want is None else None), []
    keys, cand, null = ranker.features(text, mentions, analysis, prior, top)
    cues, suffix_list = roles._cues(), roles.suffix_list()
    others = {roles._key(ascii_form(d), cues, suffix_list) for d in row["counterpart_domains"]}
    sides = [(f, float(k in others)) for k, f in zip(keys, cand, strict=True)]
    if want is None:
        return ([null, *cand], 0), sides
    key = roles._key(want, cues, suffix_list)
    return (([null, *cand], 1 + keys.index(key)) if key in keys else None), sides


def build() -> tuple[bytes, bytes, bytes]:
    ranker.set_enabled(False)
    roles.decide = _capturing  # type: ignore[assignment]
    try:
        groups = []
        sides: list[tuple[dict[int, float], float]] = []
        for path in training_files():
            for row in load_rows(path):
                got, candidates = _group(row)
                if got is not None:
                    groups.append(got)
                sides.extend(candidates)
    finally:
        roles.decide = _decide  # type: ignore[assignment]
        ranker.set_enabled(True)
    weights = ranker.dump_weights(roles_ranker.train_softmax(groups))
    counterparts = ranker.dump_weights(roles_ranker.train_logistic(sides))
    meta = {
        "trained_by": "benchmarks/roles_ranker_train.py",
        "dim": ranker.DIM,
        "near": ranker.NEAR,
        "far": ranker.FAR,
        "threshold": ranker.THRESHOLD,
        "counterpart_join": ranker.COUNTERPART_JOIN,
        "counterpart_leave": ranker.COUNTERPART_LEAVE,
        "steps": STEPS,
        "rate": RATE,
        "l2": L2,
        "complaints": len(groups),
        "candidates": len(sides),
        "data_sha256": data_hashes(),
        "weights_sha256": hashlib.sha256(weights).hexdigest(),
        "counterpart_weights_sha256": hashlib.sha256(counterparts).hexdigest(),
    }
    return weights, counterparts, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the files, write nothing"
    )
    options = parser.parse_args()
    if (STEPS, RATE, roles_ranker.L2) != (300, 0.05, L2):
        sys.exit("unset RANKER_STEPS / RANKER_L2: the shipped gate is trained as measured")
    started = time.monotonic()
    weights, counterparts, meta = build()
    print(
        f"trained in {time.monotonic() - started:.0f} s, {len(weights):,} + {len(counterparts):,}"
        " bytes",
        file=sys.stderr,
    )
    files = {
        OUT / ranker.WEIGHTS: weights,
        OUT / ranker.COUNTERPART_WEIGHTS: counterparts,
        OUT / "roles_ranker.json": meta,
    }
    if options.check:
        same = all(p.exists() and p.read_bytes() == b for p, b in files.items())
        print("same as the committed files" if same else "DIFFERENT from the committed files")
        sys.exit(0 if same else 1)
    for path, data in files.items():
        path.write_bytes(data)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
