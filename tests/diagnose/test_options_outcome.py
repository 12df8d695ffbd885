"""The shared option reading (context_from_options) and the outcome a result suggests."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdesk.diagnose.options import context_from_options
from postdesk.diagnose.result import CheckResult, InvalidTargetError, PlaybookStep, Summary


def test_options_become_a_context(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not read until a TLS check runs\n", encoding="utf-8")
    context = context_from_options(
        nameserver="127.0.0.1:5353",
        resolve=["MX01.Example.com=127.0.0.2", "mx01.example.com=::1"],
        timeout="2.5",
        cafile=str(bundle),
    )
    assert context.nameserver == ("127.0.0.1", 5353)
    assert context.overrides == {"mx01.example.com": ["127.0.0.2", "::1"]}
    assert context.timeout == 2.5
    assert context.cafile == str(bundle)


def test_defaults_are_the_system_resolver() -> None:
    context = context_from_options()
    assert context.nameserver is None and context.overrides == {} and context.timeout == 5.0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": "soon"}, "--timeout 'soon' is not a number of seconds"),
        ({"timeout": "0"}, "--timeout 0 is out of range"),
        ({"timeout": "601"}, "--timeout 601 is out of range"),
        ({"resolve": ["mx.example"]}, "--resolve 'mx.example': write NAME=IP"),
        ({"nameserver": "dns.example"}, "the nameserver must be an IP address"),
        ({"cafile": "/nonexistent/ca.pem"}, "--cafile /nonexistent/ca.pem: no such file"),
    ],
)
def test_bad_options_are_refused(options: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidTargetError, match=message):
        context_from_options(**options)


def _result(*steps: PlaybookStep) -> CheckResult:
    return CheckResult(
        check="mx",
        target="example.com",
        status="ok",
        summary=Summary(zh="", en=""),
        verdict="points-to-provider",
        steps=steps,
    )


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ((PlaybookStep("cannot-receive", "check-mx", "points-to-us"),), "points-to-us"),
        ((PlaybookStep("cannot-receive", "check-mx", None),), None),
        ((PlaybookStep("cannot-receive", "other-step", "x"),), None),
        ((PlaybookStep("delete-domain", "check-mx", "still-ours"),), None),
        (
            (
                PlaybookStep("delete-domain", "check-mx", "still-ours"),
                PlaybookStep("cannot-receive", "check-mx", "points-to-us"),
            ),
            "points-to-us",
        ),
        ((), None),
    ],
)
def test_suggested_outcome_is_the_one_of_this_step(
    steps: tuple[PlaybookStep, ...], expected: str | None
) -> None:
    assert _result(*steps).suggested_outcome("cannot-receive", "check-mx") == expected
