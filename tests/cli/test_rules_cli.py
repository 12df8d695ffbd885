"""``postdesk rules ...`` as a user runs it: output, JSON, one-line errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.run_cli import postdesk

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "tracking-scenario.yaml"


def test_expiry_text_and_json() -> None:
    text = postdesk("rules", "expiry", "2024-01-31", "1")
    assert text.code == 0, text.err
    assert "2024-02-29" in text.out
    as_json = postdesk("rules", "expiry", "2023-01-31", "1", "--json")
    assert json.loads(as_json.out)["real_expiry"] == "2023-02-28"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2024-02-30", "1"], "is not a date"),
        (["2024-01-31", "-1"], "cannot be negative"),
        (["2024-01-31", "one"], "must be a whole number"),
    ],
)
def test_expiry_bad_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = postdesk("rules", "expiry", *args)
    assert result.code == 2
    assert result.err.count("\n") == 1 and message in result.err
    assert "Traceback" not in result.err


def test_tracking_example_text_and_json() -> None:
    text = postdesk("rules", "tracking", str(EXAMPLE), "--lang", "en")
    assert text.code == 0, text.err
    assert "forwarding loop" in text.out and "rule E" in text.out and "rule D" in text.out
    data = json.loads(postdesk("rules", "tracking", str(EXAMPLE), "--json").out)
    assert data["messages"][1]["copies_per_tracker"] == {"manager@abc.com": 2}


def test_tracking_limit_from_a_profile_file(tmp_path: Path) -> None:
    profile_text = (
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("src", "postdesk", "profile", "default.yaml")
        .read_text(encoding="utf-8")
    )
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        profile_text.replace("tracking_max_entries: 100", "tracking_max_entries: 3"),
        encoding="utf-8",
    )
    result = postdesk(
        "rules", "tracking", str(EXAMPLE), "--lang", "en", env={"POSTDESK_PROFILE": str(profile)}
    )
    assert result.code == 2
    assert "already has 3 tracking entries" in result.err and "product department" in result.err
    assert result.err.count("\n") == 1


def test_spam_and_mailbox_commands() -> None:
    spam = postdesk("rules", "spam", "medium", "--spam-like", "--received", "2024-01-01", "--json")
    data = json.loads(spam.out)
    assert data["folder"] == "unknown" and data["deleted_at"].startswith("2024-01-08")
    full = postdesk("rules", "mailbox", "G", "--messages", "20000", "--quota", "1000", "--json")
    assert json.loads(full.out)["blocking"] == ["message_count_limit"]
