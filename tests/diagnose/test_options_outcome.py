"""The shared option reading (context_from_options, nameserver_from_setting) and the outcome a
result suggests."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdesk.diagnose.options import context_from_options, nameserver_from_setting
from postdesk.diagnose.result import CheckResult, InvalidTargetError, PlaybookStep, Summary
from postdesk.errors import InvalidInputError


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


def test_reply_timeout_covers_postscreen_by_default() -> None:
    """Each reply line may take 10 s (postscreen's greeting comes 6 s late), never less than
    the step timeout; a given --reply-timeout is taken as it is."""
    assert context_from_options().line_timeout == 10.0
    assert context_from_options(timeout="20").line_timeout == 20.0
    assert context_from_options(reply_timeout="2.5").line_timeout == 2.5
    assert context_from_options().check_budget == 6 * 5.0 + 10.0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": "soon"}, "--timeout 'soon' is not a number of seconds"),
        ({"timeout": "0"}, "--timeout 0 is out of range"),
        ({"timeout": "601"}, "--timeout 601 is out of range"),
        ({"resolve": ["mx.example"]}, "--resolve 'mx.example': write NAME=IP"),
        ({"nameserver": "dns.example"}, "the nameserver must be an IP address"),
        (
            {"nameserver": "127.0.0.1:99999"},
            r"--nameserver '127\.0\.0\.1:99999': port 99999 is out of range",
        ),
        ({"cafile": "/nonexistent/ca.pem"}, "--cafile /nonexistent/ca.pem: no such file"),
        ({"reply_timeout": "nan"}, "--reply-timeout nan is out of range"),
        ({"reply_timeout": "soon"}, "--reply-timeout 'soon' is not a number of seconds"),
    ],
)
def test_bad_options_are_refused(options: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidTargetError, match=message):
        context_from_options(**options)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        (" 192.0.2.53:53 ", ("192.0.2.53", 53)),
        ("[::1]:5300", ("::1", 5300)),
        ("[2001:DB8::53]:5300", ("2001:db8::53", 5300)),
        # no port: DNS's own
        ("192.0.2.53", ("192.0.2.53", 53)),
        ("192.0.2.53:", ("192.0.2.53", 53)),
        ("[::1]", ("::1", 53)),
        ("[::1]:", ("::1", 53)),
        ("::1", ("::1", 53)),
        # unset: the system's resolver
        (None, None),
        ("", None),
    ],
)
def test_nameserver_setting_is_read_like_the_option(
    value: str | None, expected: tuple[str, int] | None
) -> None:
    assert nameserver_from_setting(value) == expected
    if value:
        assert context_from_options(nameserver=value).nameserver == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("127.0.0.1:0", "port 0 is out of range: give 1-65535"),
        ("127.0.0.1:65536", "port 65536 is out of range: give 1-65535"),
        ("127.0.0.1:dns", "port 'dns' is not a number"),
        ("[::1]:x", "port 'x' is not a number"),
        ("[::1", r"write an IPv6 address as \[IP\]:PORT"),
        ("[::1]5353", r"write an IPv6 address as \[IP\]:PORT"),
        ("dns.example:53", "the nameserver must be an IP address"),
        ("localhost", "the nameserver must be an IP address"),
        ("[]:53", "the nameserver must be an IP address"),
        ("   ", "is empty: give IP or IP:PORT"),
    ],
)
def test_bad_nameserver_setting_names_the_setting(value: str, message: str) -> None:
    with pytest.raises(InvalidTargetError, match=message) as caught:
        nameserver_from_setting(value)
    # The desk answers a PostdeskError with its message; this one must say what to edit.
    assert isinstance(caught.value, InvalidInputError)
    assert str(caught.value).startswith("POSTDESK_DIAGNOSE_NAMESERVER")
    assert "--nameserver" not in str(caught.value)


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
