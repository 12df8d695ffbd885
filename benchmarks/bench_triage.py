"""Triage benchmark: accuracy on the kept-out complaints, throughput, CLI end-to-end time.

    .venv/bin/python benchmarks/bench_triage.py            # the figures to report
    .venv/bin/python benchmarks/bench_triage.py --split tune --failures   # while tuning
    .venv/bin/python benchmarks/bench_triage.py --split tune --proxies    # fairer tune figures

The evaluation set is tests/triage/data/complaints.jsonl. Its "heldout" part
(every third complaint of each playbook, fixed before any tuning) is what the
targets are measured on; tuning looks at the "tune" part only.

tests/triage/data/fresh.jsonl is a second, independent set (5 complaints per
playbook, written by someone else before the second round of tuning). It is
never tuned on and its misses are never listed: only its aggregate figures are
printed, next to the held-out ones, as a check that tuning generalises.

tests/triage/data/blind.jsonl is a third, harder set (6 complaints per playbook:
indirect wording, near-miss pairs, pasted error lines), written from the work
instruction and the catalogue only, without looking at the playbooks, the
triage code or the other sets. Like fresh it is never tuned on and only its
aggregate figures are printed; ``--blind`` prints just those.

Targets: top-1 >= 95 %, top-3 >= 99 % on the held-out part; batch throughput
>= 2,000 complaints/s on one core after start-up; ``postdesk triage "..."``
end to end under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from postdesk.kb.load import Library
from postdesk.triage.rank import TriageIndex

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "triage" / "data" / "complaints.jsonl"
FRESH = REPO / "tests" / "triage" / "data" / "fresh.jsonl"
BLIND = REPO / "tests" / "triage" / "data" / "blind.jsonl"
CLI = REPO / ".venv" / "bin" / "postdesk"


def load(split: str) -> list[dict]:
    source = {"fresh": FRESH, "blind": BLIND}.get(split, DATA)
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if split == "all" or row["split"] == split]


def accuracy(rows: list[dict], show_failures: bool) -> None:
    from postdesk.triage import triage

    top1 = top3 = 0
    by_tag: Counter[str] = Counter()
    by_tag_ok: Counter[str] = Counter()
    for row in rows:
        ranked = [c.playbook for c in triage(row["text"], top=3).ranking]
        hit1 = ranked[0] == row["playbook"]
        top1 += hit1
        top3 += row["playbook"] in ranked
        for tag in row.get("tags", []):
            by_tag[tag] += 1
            by_tag_ok[tag] += hit1
        if show_failures and not hit1:
            print(f"  MISS {row['playbook']:<32} got {ranked}  {row['text'][:70]!r}")
    total = len(rows)
    print(f"complaints: {total}")
    print(f"top-1 accuracy: {top1 / total:.1%} ({top1}/{total})   target >= 95%")
    print(f"top-3 accuracy: {top3 / total:.1%} ({top3}/{total})   target >= 99%")
    print(
        "top-1 by tag: "
        + ", ".join(f"{tag} {by_tag_ok[tag]}/{count}" for tag, count in sorted(by_tag.items()))
    )


def _library_with_symptoms(keep: Callable[[str, str], bool]) -> Library:
    """The built-in playbooks with only the symptom phrases ``keep(playbook_id, phrase)`` passes."""
    from postdesk.kb import default_library

    library = default_library()
    playbooks = []
    for playbook in library:
        kept = {
            lang: [
                phrase for phrase in getattr(playbook.symptoms, lang) if keep(playbook.id, phrase)
            ]
            for lang in ("zh", "en")
        }
        symptoms = playbook.symptoms.model_copy(update=kept)
        playbooks.append(playbook.model_copy(update={"symptoms": symptoms}))
    return Library(playbooks=tuple(playbooks), profile=library.profile)


def _bigrams(text: str) -> set[str]:
    squashed = "".join(ch for ch in text.casefold() if ch.isalnum())
    return {squashed[i : i + 2] for i in range(len(squashed) - 1)}


def _top(index: TriageIndex, text: str) -> list[str]:
    return [scored.playbook_id for scored in index.rank(text).scored[:3]]


def proxies(tune: list[dict]) -> None:
    """Two stand-ins for unseen complaints that use only the tune part and the playbooks.

    The tune part scores high against playbooks whose symptoms were partly
    written from its misses, so it flatters. "tune, ablated" scores it against
    playbooks without any symptom close to a tune complaint (bigram Jaccard >=
    0.3); "symptom 4-fold" ranks each symptom phrase against the playbooks
    without its quarter of the phrases. Both tracked the held-out figure better
    than the plain tune score while the second round of tuning was done.
    """
    from postdesk.kb import default_library

    near = [_bigrams(row["text"]) for row in tune]

    def far_from_tune(_: str, phrase: str) -> bool:
        grams = _bigrams(phrase)
        return all(len(grams & other) / max(1, len(grams | other)) < 0.3 for other in near)

    ablated = TriageIndex(_library_with_symptoms(far_from_tune))
    hits = [_top(ablated, row["text"]) for row in tune]
    top1 = sum(h[0] == row["playbook"] for h, row in zip(hits, tune, strict=True))
    top3 = sum(row["playbook"] in h for h, row in zip(hits, tune, strict=True))
    print(f"tune, ablated: top-1 {top1}/{len(tune)}, top-3 {top3}/{len(tune)}")
    top1 = top3 = total = 0
    for fold in range(4):

        def keep(_: str, phrase: str, fold: int = fold) -> bool:
            return zlib.crc32(phrase.encode()) % 4 != fold

        index = TriageIndex(_library_with_symptoms(keep))
        for playbook in default_library():
            for phrase in [*playbook.symptoms.zh, *playbook.symptoms.en]:
                if keep(playbook.id, phrase):
                    continue
                ranked = _top(index, phrase)
                top1 += ranked[0] == playbook.id
                top3 += playbook.id in ranked
                total += 1
    print(f"symptom 4-fold: top-1 {top1}/{total}, top-3 {top3}/{total}")


def throughput(rows: list[dict]) -> None:
    from postdesk.triage import triage

    texts = [row["text"] for row in rows]
    triage(texts[0])  # start-up (library load, index build) is not part of throughput
    rounds = max(1, 4000 // len(texts))
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            triage(text)
    elapsed = time.perf_counter() - start
    done = rounds * len(texts)
    print(f"throughput: {done / elapsed:,.0f} complaints/s ({done} in {elapsed:.2f} s, one core)")
    big = "收不到邮件 " * 200_000
    start = time.perf_counter()
    triage(big)
    print(f"1 MB-class input ({len(big):,} chars): {time.perf_counter() - start:.3f} s")


def _time_cli(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(CLI), "triage", "网页登录邮箱一直提示系统忙"], capture_output=True, env=env, check=True
    )
    return time.perf_counter() - start


def cli_time() -> None:
    """End to end: process start, playbooks (or the start-up cache), answer."""
    if not CLI.exists():
        print("cli: .venv/bin/postdesk not found, skipped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        cold = []
        for attempt in range(3):  # a fresh cache folder each time: the playbooks are loaded
            env = {**os.environ, "POSTDESK_CACHE_DIR": f"{scratch}/cold{attempt}"}
            cold.append(_time_cli(env))
        env = {**os.environ, "POSTDESK_CACHE_DIR": f"{scratch}/warm"}
        _time_cli(env)
        warm = sorted(_time_cli(env) for _ in range(5))
    print(
        f'cli `postdesk triage "..."` end to end (target < 1.5 s): '
        f"first run {sorted(cold)[1]:.2f} s (median of 3, builds the start-up cache), "
        f"later runs median {warm[2]:.2f} s, max {warm[-1]:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        default="heldout",
        choices=["heldout", "tune", "all"],
        help="the held-out (default) and all runs also print the fresh set's aggregate figures",
    )
    parser.add_argument("--failures", action="store_true", help="list the misses (tune only)")
    parser.add_argument(
        "--proxies", action="store_true", help="tune, ablated and symptom 4-fold (tune only)"
    )
    parser.add_argument(
        "--blind", action="store_true", help="only the blind set's aggregate figures, then stop"
    )
    args = parser.parse_args()
    if args.blind:
        print("split: blind (independent, never tuned on)")
        accuracy(load("blind"), show_failures=False)
        return
    if (args.failures or args.proxies) and args.split != "tune":
        sys.exit("--failures and --proxies are for the tune split: held-out must not guide tuning")
    rows = load(args.split)
    print(f"split: {args.split}")
    accuracy(rows, args.failures)
    if args.proxies:
        proxies(rows)
    if args.split != "tune":
        print("split: fresh (independent set, never tuned on)")
        accuracy(load("fresh"), show_failures=False)
        print("split: blind (independent, never tuned on)")
        accuracy(load("blind"), show_failures=False)
    throughput(load("all"))
    cli_time()


if __name__ == "__main__":
    main()
