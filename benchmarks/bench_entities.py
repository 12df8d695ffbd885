"""Entity extraction on adversarial text: seconds per megabyte and how it scales.

    .venv/bin/python benchmarks/bench_entities.py

For each family of tests/triage/adversarial.py (a unit that made an earlier
pattern backtrack or rescan, repeated), extraction is timed at 256 kB and at
1 MB. Linear work shows a ratio near 4 between the two; quadratic work would
show 16, exponential work would not finish. Target (issue 12.1): every
family linear (ratio under 6) and under 5 s per megabyte on this machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.triage import adversarial

from postdesk.kb.signals import default_index
from postdesk.triage.entities import extract

SMALL, LARGE = 256_000, 1_000_000


def timed(text: str) -> float:
    index = default_index()
    started = time.perf_counter()
    extract(text, signals=index)
    return time.perf_counter() - started


def main() -> int:
    default_index()  # loading the playbooks is start-up, not extraction
    worst_ratio = worst_seconds = 0.0
    print(f"{'family':24} {'256 kB s':>9} {'1 MB s':>8} {'ratio':>6}")
    for family in sorted(adversarial.FAMILIES):
        small = timed(adversarial.build(family, SMALL))
        large = timed(adversarial.build(family, LARGE))
        ratio = large / max(small, 1e-6)
        worst_ratio, worst_seconds = max(worst_ratio, ratio), max(worst_seconds, large)
        print(f"{family:24} {small:9.2f} {large:8.2f} {ratio:6.1f}")
    print(f"worst: {worst_seconds:.2f} s per MB, scaling ratio {worst_ratio:.1f} (linear: ~3.9)")
    return 0 if worst_ratio < 6 and worst_seconds < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
