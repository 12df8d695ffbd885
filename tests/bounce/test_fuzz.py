"""Hostile input is normal input: fuzzed bounces never crash or stall the analysis.

A thousand messages here (the corpus broken every way :mod:`tests.bounce.fuzz`
knows, plus its fixed worst cases: 500-deep nesting, a 20 MB header, texts made
for quadratic matching); ``benchmarks/bench_bounce.py --fuzz`` runs 10,000.
"""

from __future__ import annotations

from tests.bounce import fuzz


def test_a_thousand_fuzzed_messages_neither_crash_nor_hang() -> None:
    outcome = fuzz.run(1000, limit=10.0)
    assert outcome.count == 1000
    assert outcome.failures == []


def test_the_fuzzed_messages_are_the_same_for_a_seed() -> None:
    first = [raw for _, raw in fuzz.messages(60, seed=3)]
    assert first == [raw for _, raw in fuzz.messages(60, seed=3)]
    assert first != [raw for _, raw in fuzz.messages(60, seed=4)]
