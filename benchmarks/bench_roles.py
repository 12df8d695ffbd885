"""Entity roles on every labelled set, one figure per set, and the kinds of misses.

    .venv/bin/python benchmarks/bench_roles.py                    # per-set figures
    .venv/bin/python benchmarks/bench_roles.py --kinds SET        # misses of SET by kind
    .venv/bin/python benchmarks/bench_roles.py --kinds SET --show # ... with the texts
    .venv/bin/python benchmarks/bench_roles.py --no-ranker                # the rules alone
    .venv/bin/python benchmarks/bench_roles.py --known-share 0.5 [--set SET]
        # text alone vs a desk that has customer records for half the labelled customers

A set's figure says how well the rules generalise only when no rule was drawn from
it (docs/triage.md, "How it is measured"): the sets in ``tests/triage/data`` are
tuning data, so their figures here are development figures. ``--kinds`` groups
misses by what went wrong (customer missed, spurious, wrong; counterpart extra,
missing) and by the set's tags, so misses are studied as categories, not lines.

``--known-share F`` answers a different question: what the desk gets when it
already has customer records (desk.cases.customer_pick). A share F of the set's
labelled customer domains is taken as known, chosen by a hash of each domain (the
same domains on every run); ``--counterpart-share G`` also makes a share G of the
labelled other sides customers of the provider (a partner hosted by it too: the
case where the desk's records mislead). Each set then prints text alone and with
the desk: the customer domain right, the counterpart set exactly right, and the
rows the records changed (fixed, broken). This is not the blind text-only figure:
it depends on what the desk knows.

``--no-ranker`` turns off the learned gate behind the rules (postdesk.triage.ranker):
the rules' figures alone, for comparison. The gate's weights were trained on every
set here, so its figures on these sets are not what it scores on a new writer.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage.roles_score import ascii_form, load_rows, score  # noqa: E402

from postdesk.desk.cases.customer_pick import KnownRecord, candidate_names, decide  # noqa: E402
from postdesk.triage import ranker, triage  # noqa: E402

DATA = ROOT / "tests" / "triage" / "data"
SETS = (
    "roles-dev",
    "roles-heldout",
    "roles-dev-2",
    "roles-heldout-2",
    "roles-heldout-3",
    "roles-dev-3",
    "roles-heldout-4",
    "roles-heldout-5",
    "roles-heldout-6",
    "roles-heldout-7",
    "roles-heldout-8",
    "roles-heldout-9",
    "roles-heldout-10",
    "roles-heldout-11",
    "roles-heldout-12",
    "roles-heldout-13",
    "roles-heldout-14",
    "roles-heldout-15",
    "roles-heldout-16",
    "roles-heldout-17",
    "roles-heldout-18",
    "roles-heldout-19",
    "roles-heldout-20",
    "roles-heldout-21",
    "roles-dev-4",
)
FREEMAIL = frozenset(
    {"qq.com", "163.com", "126.com", "gmail.com", "hotmail.com", "sina.com", "yahoo.com"}
)


def _kinds(miss: dict[str, object]) -> list[str]:
    want_customer, want_parts = miss["want"]  # type: ignore[misc]
    got_customer, got_parts = miss["got"]  # type: ignore[misc]
    kinds: list[str] = []
    want_c, got_c = ascii_form(want_customer), ascii_form(got_customer)
    if want_c != got_c:
        if got_c is None:
            kinds.append("customer: none found")
        elif want_c is None:
            kinds.append("customer: found where none")
        elif want_c.endswith("." + got_c) or got_c.endswith("." + want_c):
            kinds.append("customer: subdomain level")
        elif got_c in {ascii_form(d) for d in want_parts}:
            kinds.append("customer: swapped with counterpart")
        else:
            kinds.append("customer: another domain")
    wanted = {ascii_form(d) for d in want_parts}
    found = {ascii_form(d) for d in got_parts}
    for name in sorted(found - wanted, key=str):
        kind = "freemail" if name in FREEMAIL else ("the customer" if name == want_c else "other")
        kinds.append(f"counterpart extra: {kind}")
    for name in sorted(wanted - found, key=str):
        kind = "freemail" if name in FREEMAIL else ("the customer" if name == got_c else "other")
        kinds.append(f"counterpart missing: {kind}")
    return kinds


def _hashed_share(name: str, salt: str) -> float:
    """Where ``name`` falls in [0, 1): the same for every run, unrelated to the text."""
    digest = hashlib.sha256(f"{salt}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _records(
    rows: list[dict[str, object]], known_share: float, counterpart_share: float
) -> dict[str, KnownRecord]:
    """The customer records of a desk that knows the given shares of the set's domains."""
    known: set[str] = set()
    for row in rows:
        customer = ascii_form(row["customer_domain"])  # type: ignore[arg-type]
        if customer and _hashed_share(customer, "customer") < known_share:
            known.add(customer)
        for other in row["counterpart_domains"]:  # type: ignore[attr-defined]
            other_ascii = ascii_form(other)
            if other_ascii and _hashed_share(other_ascii, "counterpart") < counterpart_share:
                known.add(other_ascii)
    return {name: KnownRecord(number, name) for number, name in enumerate(sorted(known), 1)}


def _right(row: dict[str, object], customer: str | None, parts: list[str]) -> tuple[bool, bool]:
    wanted = {ascii_form(d) for d in row["counterpart_domains"]}  # type: ignore[attr-defined]
    return (
        ascii_form(customer) == ascii_form(row["customer_domain"]),  # type: ignore[arg-type]
        {ascii_form(d) for d in parts} == wanted,
    )


def desk_figures(name: str, known_share: float, counterpart_share: float) -> None:
    """Text alone vs a desk with records for ``known_share`` of the labelled customers."""
    rows = load_rows(DATA / f"{name}.jsonl")
    records = _records(rows, known_share, counterpart_share)
    text_c = text_p = desk_c = desk_p = fixed = broken = 0
    for row in rows:
        entities = triage(str(row["text"])).entities.as_dict()
        found = {n: records[n] for n in candidate_names(entities) if n in records}
        chosen = decide(entities, found)
        before = _right(row, entities["customer_domain"], entities["counterpart_domains"])
        after = _right(row, chosen.domain, chosen.counterpart_domains)
        text_c, text_p = text_c + before[0], text_p + before[1]
        desk_c, desk_p = desk_c + after[0], desk_p + after[1]
        fixed += after[0] and not before[0]
        broken += before[0] and not after[0]
    total = len(rows)
    print(
        f"{name:18} {total:4}  known {known_share:.0%} of customers"
        f" ({len(records)} records)"
        + (f", {counterpart_share:.0%} of other sides hosted" if counterpart_share else "")
    )
    print(
        f"  text alone   customer {text_c / total:6.1%} ({text_c})  "
        f"counterparts {text_p / total:6.1%} ({text_p})"
    )
    print(
        f"  with desk    customer {desk_c / total:6.1%} ({desk_c})  "
        f"counterparts {desk_p / total:6.1%} ({desk_p})  fixed {fixed}, broken {broken}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", metavar="SET", choices=SETS)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--known-share", type=float, metavar="F")
    parser.add_argument("--counterpart-share", type=float, default=0.0, metavar="G")
    parser.add_argument("--set", dest="only", metavar="SET", choices=SETS)
    parser.add_argument("--no-ranker", action="store_true", help="the rules without the gate")
    args = parser.parse_args()
    if args.no_ranker:
        ranker.set_enabled(False)
    if args.known_share is not None:
        for share in (args.known_share, args.counterpart_share):
            if not 0.0 <= share <= 1.0:
                parser.error("a share is a number from 0 to 1")
        for name in (args.only,) if args.only else SETS:
            desk_figures(name, args.known_share, args.counterpart_share)
        return
    for name in SETS:
        rows = load_rows(DATA / f"{name}.jsonl")
        result = score(rows)
        print(
            f"{name:18} {result.rows:4}  customer {result.customer_share:6.1%}"
            f" ({result.customer_right})  counterparts {result.counterpart_share:6.1%}"
            f" ({result.counterparts_right})"
        )
        if args.kinds != name:
            continue
        by_text = {row["text"]: row for row in rows}
        kinds: Counter[str] = Counter()
        tags: Counter[str] = Counter()
        for miss in result.misses:
            found = _kinds(miss)
            kinds.update(found)
            tags.update(by_text[str(miss["text"])].get("tags", []))
            if args.show:
                print("  -", " | ".join(found))
                print("    ", miss["text"])
                print("     want", miss["want"], " got", miss["got"])
        print(f"  misses {len(result.misses)}: by kind")
        for kind, count in kinds.most_common():
            print(f"    {count:3}  {kind}")
        print("  by tag")
        for tag, count in tags.most_common():
            print(f"    {count:3}  {tag}")


if __name__ == "__main__":
    main()
