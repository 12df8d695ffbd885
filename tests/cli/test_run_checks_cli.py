"""``postdesk run`` at a check step: ``r`` runs the mx check against a real DNS server.

The DNS server is the diagnose tests' own (tests/diagnose/servers), on
127.0.0.1; the walk runs in a subprocess as an agent would use it. The summary
the walk must show is the one the diagnose engine itself gives for the same
domain and server (the web walk shows that same result).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from postdesk.diagnose import DiagnoseContext, run_check
from postdesk.profile import load_profile
from tests.cli.run_cli import postdesk
from tests.diagnose.servers.dnsserver import DnsServer, Zone

PLAYBOOK = "setup-report-missing"


@pytest.fixture(scope="module")
def dns() -> Iterator[DnsServer]:
    profile = load_profile()
    main_mx = profile.hosts.mx
    zone = Zone()
    zone.add(main_mx, "A", *profile.server_addresses.mx[:1])
    zone.add("ours.example", "MX", f"10 {main_mx}.")
    zone.add("away.example", "MX", "10 mail.away.example.")
    zone.add("mail.away.example", "A", "192.0.2.10")
    with DnsServer(zone) as server:
        yield server


def _engine_summary(server: DnsServer, domain: str, lang: str) -> str:
    """What the diagnose engine says about ``domain`` against ``server``."""
    context = DiagnoseContext(nameserver=("127.0.0.1", server.port), timeout=2)
    results, _ = asyncio.run(run_check("mx", domain, context))
    return results[0].summary.get(lang)


def _marked_line(out: str) -> str:
    marked = [line for line in out.splitlines() if "← mx:" in line]
    assert marked, out
    return marked[-1]


@pytest.mark.parametrize(
    ("domain", "lang", "marked_label", "status"),
    [
        ("ours.example", "en", "the MX points to", "ok"),
        ("away.example", "en", "the MX does not point to", "fail"),
        ("ours.example", "zh", "MX已指向", "ok"),
    ],
)
def test_r_runs_the_check_and_marks_its_outcome(
    dns: DnsServer, domain: str, lang: str, marked_label: str, status: str
) -> None:
    result = postdesk(
        *("run", PLAYBOOK, "--lang", lang, "--nameserver", dns.address, "--timeout", "2"),
        stdin=f"{domain}\nr\nq\n",
    )
    assert result.code == 1, result.err  # stopped with q at the choice: the agent still chooses
    offer = {"en": "r = run the check now", "zh": "r = 立即运行检查"}[lang]
    assert offer in result.out
    assert _engine_summary(dns, domain, lang) in result.out
    assert f"[{status.upper()}] mx {domain}:" in result.out
    assert " ms)" in result.out  # elapsed time shown
    line = _marked_line(result.out)
    assert marked_label in line and f"← mx: {status}" in line


def test_the_agent_chooses_after_the_check(dns: DnsServer) -> None:
    """The mark is a suggestion: choosing the other outcome takes the walk there."""
    result = postdesk(
        *("run", PLAYBOOK, "--lang", "en", "--nameserver", dns.address, "--json"),
        stdin="ours.example\nr\n2\nq\n",
    )
    assert "ask-domain-case" in result.err  # the step after "not pointing" was shown


def test_checks_auto_runs_without_asking(dns: DnsServer) -> None:
    result = postdesk(
        *("run", PLAYBOOK, "--lang", "en", "--checks", "auto", "--nameserver", dns.address),
        stdin="ours.example\nq\n",
    )
    assert _engine_summary(dns, "ours.example", "en") in result.out
    assert "r = run the check now" not in result.out
    assert "← mx: ok" in _marked_line(result.out)


def test_checks_off_never_queries() -> None:
    with DnsServer(Zone().add("ours.example", "MX", "10 mx.ours.example.")) as server:
        result = postdesk(
            *("run", PLAYBOOK, "--lang", "en", "--checks", "off", "--nameserver", server.address),
            stdin="ours.example\nr\nq\n",
        )
        assert server.queries == 0
    assert "r = run the check now" not in result.out
    assert "← mx:" not in result.out
    assert "running mx" not in result.out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--checks", "sometimes"), "--checks must be one of"),
        (("--nameserver", "not-an-ip"), "--nameserver"),
        (("--resolve", "mx.example"), "--resolve"),
        (("--timeout", "soon"), "--timeout"),
    ],
)
def test_bad_check_options_stop_before_the_walk(options: tuple[str, ...], message: str) -> None:
    result = postdesk("run", PLAYBOOK, *options, stdin="ours.example\nq\n")
    assert result.code == 2
    assert message in result.err
    assert "collect-domain" not in result.out
