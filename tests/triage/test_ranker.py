"""The learned gate behind the role rules (issue 13; postdesk.triage.ranker)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from postdesk.kb.signals import default_index
from postdesk.triage import ranker, triage
from postdesk.triage.entities import extract

ROOT = Path(__file__).resolve().parents[2]
TRAINER = ROOT / "benchmarks" / "roles_ranker_train.py"

# Written for this test (in no labelled set): a domain and one of its mailboxes, no word
# saying whose they are. The rules make the domain the other side; the domain with 80
# accounts of which some receive nothing is the caller's own.
UNSURE = (
    "域名 lvyuan-nongye.cn 下有 80 个账号，最近有十几个收不到外面来的信，"
    "例如 caiwu03@lvyuan-nongye.cn。"
)
# Written for this test: "我们公司域名是" names the customer outright (an explicit cue).
EXPLICIT = (
    "我们公司域名是 jinshan-qiche.com，发给德国客户 k.weber@autoteile-mueller.de 的邮件都被退回了。"
)

# Written for this test: a company said to be hosted here (the roles are settled by the
# statement; the gate is never asked).
HOSTED = (
    "捷克客户 moravia-tech.cz 说他们发给我们的信退回了。"
    "我们 fenghua-dianqi.com 的邮箱都在你们这托管，请帮忙查一下。"
)
# Written for this test: a buyer abroad names itself first and writes about its supplier.
OUTSIDE_WRITER = (
    "Hello, we are brandt-armaturen.de in Stuttgart. For a week our mails to our supplier in "
    "Ningbo, sales@ningbo-haitong-valve.com, all come back with 551 user not local. Their phone "
    "says their mailbox is fine. Please check on your side."
)


@pytest.fixture
def gate_on() -> Iterator[None]:
    before = ranker.enabled()
    ranker.set_enabled(True)
    yield
    ranker.set_enabled(before)


def _roles(text: str, on: bool) -> tuple[str | None, list[str]]:
    before = ranker.enabled()
    ranker.set_enabled(on)
    try:
        found = triage(text).entities
    finally:
        ranker.set_enabled(before)
    return found.customer_domain, found.counterpart_domains


@contextmanager
def _recorded_picks() -> Iterator[list[tuple[str | None, float]]]:
    """Every answer the ranker's customer model gives while the block runs."""
    picks: list[tuple[str | None, float]] = []
    original = ranker.customer_pick

    def recording(*args: object) -> tuple[str | None, float]:
        got = original(*args)  # type: ignore[arg-type]
        picks.append(got)
        return got

    ranker.customer_pick = recording  # type: ignore[assignment]
    try:
        yield picks
    finally:
        ranker.customer_pick = original  # type: ignore[assignment]


def _trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("roles_ranker_train", TRAINER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_weights_load_once_and_are_small() -> None:
    folder = resources.files("postdesk.triage")
    meta = json.loads(folder.joinpath("roles_ranker.json").read_text("utf-8"))
    assert meta["threshold"] == ranker.THRESHOLD == 0.8
    assert (meta["counterpart_join"], meta["counterpart_leave"]) == (0.95, 0.05)
    for name, digest in (
        (ranker.WEIGHTS, "weights_sha256"),
        (ranker.COUNTERPART_WEIGHTS, "counterpart_weights_sha256"),
    ):
        raw = folder.joinpath(name).read_bytes()
        assert len(raw) < 1_000_000
        weights = ranker._dense(name)
        assert weights.any() and ranker._dense(name) is weights  # cached
        assert meta[digest] == hashlib.sha256(raw).hexdigest()


def test_the_weights_were_trained_on_the_labelled_sets_as_they_are() -> None:
    meta = json.loads(
        resources.files("postdesk.triage").joinpath("roles_ranker.json").read_text("utf-8")
    )
    # A set added or changed: re-run benchmarks/roles_ranker_train.py.
    assert meta["data_sha256"] == _trainer().data_hashes()


def test_a_fresh_training_writes_the_same_bytes() -> None:
    # About 10 s: the features of 2,201 complaints and 300 steps of Adam. The features
    # read what the rules and the ranking read (mentions, registrable domains, the top
    # playbook): a change there changes the training, so the weights must follow it.
    weights, counterparts, meta = _trainer().build()
    folder = resources.files("postdesk.triage")
    redo = "re-run benchmarks/roles_ranker_train.py and commit its files"
    assert weights == folder.joinpath(ranker.WEIGHTS).read_bytes(), redo
    assert counterparts == folder.joinpath(ranker.COUNTERPART_WEIGHTS).read_bytes(), redo
    assert meta == folder.joinpath("roles_ranker.json").read_bytes(), redo


@pytest.mark.parametrize(
    ("text", "sure", "want"),
    [
        # Written for this test. No word says whose the Austrian name is; a sure reading
        # of the counterpart model puts it on the other side ...
        (
            "jxruitai-motor.com 的同事反映 hoffmann-elektro.at 这个域名的信件时有时无。",
            {"hoffmann-elektro.at": 0.99},
            ("jxruitai-motor.com", ["hoffmann-elektro.at"]),
        ),
        # ... and a sure reading takes a name the rules put there out of it ...
        (
            "jxruitai-motor.com 的同事反映 hoffmann-elektro.at 这个域名的信件时有时无。",
            {"hoffmann-elektro.at": 0.01},
            ("jxruitai-motor.com", []),
        ),
        # ... but not a name the wording puts there ("发给 b 的"), nor the customer,
        (
            "我们 lzjinyu-tech.cn 发给 bergstrom-ab.se 的信都退回了。",
            {"bergstrom-ab.se": 0.01, "lzjinyu-tech.cn": 0.99},
            ("lzjinyu-tech.cn", ["bergstrom-ab.se"]),
        ),
        # ... nor where a company is said to be hosted here,
        (
            "这个客户 fangzhou-tex.com 的邮箱都在你们这，"
            "我们 yilong-trade.com 给他们发的订单总被退。",
            {"yilong-trade.com": 0.01},
            ("fangzhou-tex.com", ["yilong-trade.com"]),
        ),
        # ... nor a file name (nobody's by a label rule).
        (
            "我们 ops@zhenyu-mach.com 收到的附件 readme.md 和 install.sh 打不开",
            {"readme.md": 0.99, "install.sh": 0.99},
            ("zhenyu-mach.com", []),
        ),
    ],
)
def test_the_counterpart_model_moves_only_names_whose_side_is_not_stated(
    gate_on: None,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    sure: dict[str, float],
    want: tuple[str, list[str]],
) -> None:
    def reading(computed: ranker.Features) -> dict[str, float]:
        return {key: sure.get(key, 0.5) for key in computed[0]}

    monkeypatch.setattr(ranker, "customer_pick", lambda _computed: (None, 0.0))
    monkeypatch.setattr(ranker, "counterpart_probabilities", reading)
    assert _roles(text, on=True) == want


def test_the_gate_picks_the_customer_where_the_rules_have_no_cue(gate_on: None) -> None:
    assert _roles(UNSURE, on=False) == (None, ["lvyuan-nongye.cn"])
    assert _roles(UNSURE, on=True) == ("lvyuan-nongye.cn", [])


def test_the_gate_leaves_a_statement_of_who_is_hosted_alone(
    gate_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _roles(HOSTED, on=False)
    assert rules == ("fenghua-dianqi.com", ["moravia-tech.cz"])

    def never(*_args: object) -> None:
        raise AssertionError("the ranker was asked though the text says who is hosted")

    monkeypatch.setattr(ranker, "customer_pick", never)
    assert _roles(HOSTED, on=True) == rules


def test_the_gate_may_override_a_first_person_cue(gate_on: None) -> None:
    # An explicit first-person cue is who writes, not who is hosted: the ranker is asked.
    with _recorded_picks() as asked:
        assert _roles(EXPLICIT, on=True) == ("jinshan-qiche.com", ["autoteile-mueller.de"])
    assert asked and asked[0][0] == "jinshan-qiche.com"
    # A firm abroad writing about its Chinese supplier: the rules take the writer's own
    # name; the gate, reading the names' shapes and the words, the supplier's (failed
    # before the shape features: the gate never looked past "We are").
    assert _roles(OUTSIDE_WRITER, on=False)[0] == "brandt-armaturen.de"
    assert _roles(OUTSIDE_WRITER, on=True) == (
        "ningbo-haitong-valve.com",
        ["brandt-armaturen.de"],
    )


def test_the_gate_is_deterministic(gate_on: None) -> None:
    text = UNSURE
    seen = set()
    for _ in range(3):
        found = triage(text).entities
        seen.add((found.customer_domain, tuple(found.counterpart_domains)))
    assert len(seen) == 1
    with _recorded_picks() as decided:
        for _ in range(2):
            triage(text)
    assert len(decided) == 2 and decided[0] == decided[1]
    assert decided[0][0] == "lvyuan-nongye.cn" and decided[0][1] >= ranker.THRESHOLD


def test_the_switch_turns_the_gate_off(gate_on: None) -> None:
    ranker.set_enabled(False)
    assert triage(UNSURE).entities.customer_domain is None
    ranker.set_enabled(True)
    assert triage(UNSURE).entities.customer_domain == "lvyuan-nongye.cn"


def test_roles_decide_passes_the_top_playbook_to_the_gate(gate_on: None) -> None:
    seen: list[str] = []
    original = ranker.features

    def recording(*args: object) -> object:
        seen.append(str(args[-1]))
        return original(*args)  # type: ignore[arg-type]

    try:
        ranker.features = recording  # type: ignore[assignment]
        result = triage(UNSURE)
    finally:
        ranker.features = original  # type: ignore[assignment]
    assert seen == [result.ranking[0].playbook]


def test_hostile_text_asks_the_gate_in_bounded_time(gate_on: None) -> None:
    # A megabyte of distinct domains with cue words around them: the ranker is asked
    # (no cue names a customer), over the MAX_ROLE_MENTIONS mentions the caller keeps,
    # each read in bounded windows. tests/triage/test_linear.py runs every adversarial
    # family with the gate on; benchmarks/bench_entities.py gives seconds per megabyte.
    unit = "我们和对方 u{i}@d{i}-co.com 发件人: 收件人: "
    text = "".join(unit.format(i=i) for i in range(40_000))[:1_000_000]
    asked: list[float] = []
    original = ranker.features

    def timed(*args: object) -> ranker.Features:
        # The features are the ranker's work on the text (its two models only score them).
        started = time.perf_counter()
        got = original(*args)  # type: ignore[arg-type]
        asked.append(time.perf_counter() - started)
        return got

    try:
        ranker.features = timed  # type: ignore[assignment]
        started = time.perf_counter()
        found = extract(text, signals=default_index())
        elapsed = time.perf_counter() - started
    finally:
        ranker.features = original  # type: ignore[assignment]
    assert len(asked) == 1 and asked[0] < 5.0
    assert elapsed < 30.0
    assert found.as_dict()


def test_the_gate_overrides_only_the_listed_rule_probes(gate_on: None) -> None:
    from tests.triage import test_roles as probes

    cases = {
        **probes.RULES,
        **probes.SIXTH_ROUND,
        **probes.SEVENTH_ROUND,
        **probes.SEVENTH_ROUND_GUARDS,
        "free mail login": (probes.FREE_MAIL_LOGIN, None, []),
    }
    changed = {
        name
        for name, (text, _customer, _counterparts) in cases.items()
        if _roles(text, on=True) != _roles(text, on=False)
    }
    assert changed == probes.GATE_OVERRIDES
