"""Tracking scenario files: shape errors, the documented example, the cap from the profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postdesk.errors import InvalidInputError
from postdesk.profile import load_profile
from postdesk.profile.schema import Limits
from postdesk.rules.tracking import TrackingLimitError, parse_scenario, read_scenario, run_scenario
from postdesk.rules.tracking.render import render_scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "tracking-scenario.yaml"


def test_documented_example_runs_and_shows_each_rule() -> None:
    outcome = run_scenario(read_scenario(EXAMPLE))
    first, second, third, fourth, fifth = outcome.messages
    assert first.copies_per_tracker == {"manager@abc.com": 1}  # 3): one copy
    assert [b.reason for b in first.bounces] == ["tracker_full"]  # E
    assert second.copies_per_tracker == {"manager@abc.com": 2}  # 3): two copies
    assert third.copies_per_tracker == {"manager@abc.com": 1}  # B
    assert [u.reason for u in fourth.untracked] == ["alias"]  # D
    assert [loop.reason for loop in fifth.loops] == ["repeat"]  # 2)
    for lang in ("zh", "en"):
        assert "boss.home@china.example" in render_scenario(outcome, lang)
    json.dumps(outcome.model_dump(mode="json"))  # serialises


def test_json_scenario_is_read_too(tmp_path: Path) -> None:
    file = tmp_path / "s.json"
    file.write_text(
        json.dumps(
            {
                "hosted_domains": ["abc.com"],
                "trackers": {"t@abc.com": ["a@abc.com"]},
                "messages": [{"sender": "a@abc.com", "recipients": ["b@abc.com"]}],
            }
        ),
        encoding="utf-8",
    )
    assert run_scenario(read_scenario(file)).messages[0].copies_per_tracker == {"t@abc.com": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "is a mapping"),
        ("hosted_domains: [abc.com]\n", "messages: a value is required"),
        ("hosted_domains: [abc.com]\nmessages: []\ntrackerz: {}\n", "trackerz"),
        ("hosted_domains: [abc.com\n", "not valid YAML"),
        (
            "hosted_domains: [abc.com]\nmessages: [{sender: a@abc.com, recipients: []}]\n",
            "recipients",
        ),
    ],
)
def test_bad_scenarios_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_scenario(text, "s.yaml")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="cannot read scenario"):
        read_scenario(tmp_path / "nope.yaml")


def _scenario_with_entries(count: int) -> str:
    tracked = ", ".join(f"u{n}@abc.com" for n in range(count))
    return (
        "hosted_domains: [abc.com]\n"
        f"trackers: {{boss@abc.com: [{tracked}]}}\n"
        "messages: [{sender: u0@abc.com, recipients: [x@outside.example]}]\n"
    )


def test_scenario_with_101_entries_is_refused_but_100_pass() -> None:
    assert run_scenario(parse_scenario(_scenario_with_entries(100), "s")).tracking_entries == 100
    with pytest.raises(TrackingLimitError, match="already has 100"):
        run_scenario(parse_scenario(_scenario_with_entries(101), "s"))


def test_scenario_cap_follows_the_profile() -> None:
    profile = load_profile().model_copy(update={"limits": Limits(tracking_max_entries=5)})
    outcome = run_scenario(parse_scenario(_scenario_with_entries(5), "s"), profile)
    assert outcome.tracking_max_entries == 5
    with pytest.raises(TrackingLimitError, match="already has 5"):
        run_scenario(parse_scenario(_scenario_with_entries(6), "s"), profile)
