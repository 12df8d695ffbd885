"""Entity extraction finishes in linear time on any text (issue 12.1).

Each adversarial family (postdesk.triage.adversarial) is a unit that made an
earlier pattern backtrack or rescan, repeated up to 1 MB. The bound asserted
is generous (seconds for a megabyte that takes well under one): a quadratic
scanner needs hours at this size, an exponential one never ends, so the bound
tells them apart without timing anything finely. The figures per megabyte are
measured by benchmarks/bench_entities.py.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postdesk.kb.signals import default_index
from postdesk.triage.entities import extract
from tests.triage import adversarial

MEGABYTE = 1_000_000
BOUND_SECONDS = 30.0


@pytest.mark.parametrize("family", sorted(adversarial.FAMILIES))
def test_a_megabyte_of_each_family_is_read_within_the_bound(family: str) -> None:
    text = adversarial.build(family, MEGABYTE)
    started = time.perf_counter()
    found = extract(text, signals=default_index())
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_SECONDS, f"{family}: {elapsed:.1f} s for 1 MB"
    assert found.as_dict()  # and it answers


def test_the_backtracking_complaint_of_the_finding_answers_at_once() -> None:
    # 48 characters took 10 s, each two more x4: this one would have taken days.
    started = time.perf_counter()
    found = extract("1." * 200 + "1")
    assert time.perf_counter() - started < 1.0
    assert found.domains == []


RISKY = "1a例.。@ \n:-_+5点月下午x"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(unit=st.text(alphabet=RISKY, min_size=1, max_size=6), tail=st.text(RISKY, max_size=4))
def test_any_repeated_unit_is_read_within_the_bound(unit: str, tail: str) -> None:
    text = (unit * (100_000 // len(unit) + 1))[:100_000] + tail
    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < BOUND_SECONDS / 3
