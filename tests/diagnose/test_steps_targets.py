"""The playbook-step mapping matches the playbooks; target parsing."""

from __future__ import annotations

from importlib import resources

import pytest

from postdesk.diagnose.result import InvalidTargetError
from postdesk.diagnose.steps import step_table
from postdesk.diagnose.targets import parse_domain, parse_nameserver, parse_override, parse_port
from postdesk.yamlio import load_yaml


def _playbook(playbook_id: str) -> dict:  # type: ignore[type-arg]
    ref = resources.files("postdesk.kb").joinpath("playbooks", f"{playbook_id}.yaml")
    return load_yaml(ref.read_text(encoding="utf-8"))


def test_every_mapped_step_exists_and_runs_that_check() -> None:
    for check, entries in step_table().items():
        for entry in entries:
            steps = {step["id"]: step for step in _playbook(entry["playbook"])["steps"]}
            step = steps[entry["step"]]
            assert step["kind"] == "check" and step["check"] == check, (check, entry)
            outcome_ids = {option["id"] for option in step["outcomes"]}
            assert set(entry.get("outcomes", {}).values()) <= outcome_ids, (check, entry)


@pytest.mark.parametrize(
    ("text", "ascii_name", "display"),
    [
        ("Example.COM.", "example.com", "example.com"),
        ("中国.example", "xn--fiqs8s.example", "中国.example"),
        ("邮件。中国", "xn--5nq051n.xn--fiqs8s", "邮件.中国"),
        ("xn--fiqs8s.example", "xn--fiqs8s.example", "中国.example"),
    ],
)
def test_domains(text: str, ascii_name: str, display: str) -> None:
    domain = parse_domain(text)
    assert (domain.ascii, domain.display) == (ascii_name, display)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "localhost", "a..example", "-a.example", "a" * 64 + ".com", "x." * 130 + "com"],
)
def test_bad_domains(text: str) -> None:
    with pytest.raises(InvalidTargetError):
        parse_domain(text)


def test_nameserver_port_and_override() -> None:
    assert parse_nameserver("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert parse_nameserver("[::1]:5300") == ("::1", 5300)
    assert parse_nameserver("8.8.8.8") == ("8.8.8.8", 53)
    assert parse_override("MX01.Example.com=127.0.0.1") == ("mx01.example.com", "127.0.0.1")
    for bad in ("0", "65536", "x"):
        with pytest.raises(InvalidTargetError):
            parse_port(bad)
