"""Entity roles on every labelled set, one figure per set, and the kinds of misses.

    .venv/bin/python benchmarks/bench_roles.py                    # per-set figures
    .venv/bin/python benchmarks/bench_roles.py --kinds SET        # misses of SET by kind
    .venv/bin/python benchmarks/bench_roles.py --kinds SET --show # ... with the texts

A set's figure says how well the rules generalise only when no rule was drawn from
it (docs/triage.md, "How it is measured"): the sets in ``tests/triage/data`` are
tuning data, so their figures here are development figures. ``--kinds`` groups
misses by what went wrong (customer missed, spurious, wrong; counterpart extra,
missing) and by the set's tags, so misses are studied as categories, not lines.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage.roles_score import ascii_form, load_rows, score  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", metavar="SET", choices=SETS)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
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
