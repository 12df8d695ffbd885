"""``postdesk diagnose``: exit codes, JSON Lines, bad input; ``all`` and ``watch`` end to end."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
import yaml
from servers.dnsserver import DnsServer

from postdesk.cli.main import main
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.run_all import run_all
from postdesk.diagnose.watch import parse_watch_list, watch, watch_once
from postdesk.profile import Profile


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch
) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.argv", ["postdesk", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.fixture
def cli_base(
    tmp_path: Path, test_profile: Profile, dns_server: DnsServer, mail_servers
) -> list[str]:  # type: ignore[no-untyped-def]
    profile_file = tmp_path / "profile.yaml"
    profile_file.write_text(
        yaml.safe_dump(test_profile.model_dump(mode="json"), allow_unicode=True)
    )
    return [
        "--profile", str(profile_file),
        "--nameserver", dns_server.address,
        "--cafile", str(mail_servers.ca_file),
        "--timeout", "1",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["mx", ""], "empty target"),
        (["mx", "a" * 64 + ".example"], "the limit is 63"),
        (["mx", "bad_domain!.example"], "may hold only"),
        (["dnsbl", "300.1.2.3"], "not an IPv4 or IPv6 address"),
        (["ports", "127.0.0.1", "--port", "70000"], "out of range"),
        (["ports", "127.0.0.1", "--port", "0"], "out of range"),
        (["frobnicate", "example.com"], "unknown check 'frobnicate'"),
        (["mx"], "needs a TARGET"),
        (["mx", "example.com", "--nameserver", "dns.example:53"], "must be an IP address"),
        (["mx", "example.com", "--resolve", "mx01.example.com"], "NAME=IP"),
        (["watch", "/nonexistent/list.txt"], "cannot read watch list"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, reason, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(["diagnose", *args], capsys, monkeypatch)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and reason in err, err


def test_json_lines_and_exit_codes(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "mx", "good.example", "--json", *cli_base], capsys, monkeypatch
    )
    assert code == 0
    [line] = out.splitlines()
    record = json.loads(line)
    assert record["check"] == "mx" and record["status"] == "ok"
    assert set(record) >= {"target", "summary", "evidence", "elapsed_ms", "playbook_steps"}
    code, out, _ = run_cli(["diagnose", "mx", "elsewhere.example", *cli_base], capsys, monkeypatch)
    assert code == 1
    assert out.startswith("[FAIL] mx elsewhere.example")


def test_idn_shown_both_ways_in_cli(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "mx", "中国.example", "--lang", "en", *cli_base], capsys, monkeypatch
    )
    assert code == 0
    assert "中国.example (xn--fiqs8s.example)" in out


def test_all_json_names_next_step(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "all", "ruled.example", "--json", *cli_base], capsys, monkeypatch
    )
    records = [json.loads(line) for line in out.splitlines()]
    checks = [r["check"] for r in records]
    assert checks[-1] == "all"
    assert set(checks[:-1]) == {"mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records"}
    overall = records[-1]
    assert code == 1 and overall["status"] == "warn"
    assert overall["playbook_step"]["playbook"] == "same-domain-auth"
    assert overall["next_step"] == "ask-request-in-rule"


def test_all_for_one_domain_is_fast_and_ok(ctx: DiagnoseContext) -> None:
    asyncio.run(run_all("good.example", ctx))  # warm imports (checkdmarc) outside the timing
    started = time.perf_counter()
    results, overall = asyncio.run(run_all("good.example", ctx))
    elapsed = time.perf_counter() - started
    assert {r.check: r.status for r in results} == dict.fromkeys(
        ["mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records"], "ok"
    ), [r.summary.en for r in results if r.status != "ok"]
    assert overall.status == "ok"
    assert overall.next_step == "ask-since-when"  # setup-report-missing: MX already points to us
    assert elapsed < 1.0


def test_watch_once_reports_which_point(ctx: DiagnoseContext) -> None:
    pending = parse_watch_list(
        ["good.example", "# a comment", "", "elsewhere.example", "中国.example", "not a domain"]
    )
    results = asyncio.run(watch_once(pending, ctx))
    verdicts = [(r.target, r.verdict) for r in results]
    assert verdicts == [
        ("good.example", "points-to-provider"),
        ("elsewhere.example", "elsewhere"),
        ("中国.example (xn--fiqs8s.example)", "points-to-provider"),
        ("not a domain", "invalid-domain"),
    ]


def test_watch_repeats_until_rounds_run_out(ctx: DiagnoseContext) -> None:
    rounds: list[int] = []
    still = asyncio.run(
        watch(
            parse_watch_list(["good.example", "elsewhere.example"]),
            ctx,
            interval_s=0.01,
            on_round=lambda number, results: rounds.append(len(results)),
            max_rounds=3,
        )
    )
    assert rounds == [2, 1, 1]  # the domain that points drops out after round 1
    assert [entry.text for entry in still] == ["elsewhere.example"]


def test_watch_shows_invalid_lines_in_the_first_round_then_drops_them(
    ctx: DiagnoseContext,
) -> None:
    rounds: list[list[tuple[str, str]]] = []
    still = asyncio.run(
        watch(
            parse_watch_list(["not a domain", "elsewhere.example"]),
            ctx,
            interval_s=0.01,
            on_round=lambda number, results: rounds.append(
                [(r.target, r.verdict) for r in results]
            ),
            max_rounds=2,
        )
    )
    assert rounds == [
        [("not a domain", "invalid-domain"), ("elsewhere.example", "elsewhere")],
        [("elsewhere.example", "elsewhere")],
    ]
    assert [entry.text for entry in still] == ["elsewhere.example"]


def test_watch_cli_reports_a_file_of_only_bad_lines(
    tmp_path: Path, cli_base, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    domains = tmp_path / "pending.txt"
    domains.write_text("not a domain\nalso bad!\n")
    code, out, _ = run_cli(
        ["diagnose", "watch", str(domains), "--once", "--json", *cli_base], capsys, monkeypatch
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("verdict") for r in records[:2]] == ["invalid-domain", "invalid-domain"]
    assert records[-1]["domains"] == 2 and records[-1]["pointing"] == 0


def test_watch_cli(tmp_path: Path, cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    domains = tmp_path / "pending.txt"
    domains.write_text("\n".join(["good.example", "overseas.example", "missing.example"] * 40))
    code, out, err = run_cli(
        ["diagnose", "watch", str(domains), "--once", "--json", *cli_base], capsys, monkeypatch
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert records[-1] == {
        "check": "watch-round", "round": 1, "domains": 120, "pointing": 80, "pending": 40,
    }  # fmt: skip
    assert "checked 120/120" in err  # progress for long lists


def test_cli_login_reads_password_from_stdin(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from servers.fixtures_data import ACCOUNT_PASSWORD, ACCOUNT_USER

    monkeypatch.setattr("sys.stdin", io.StringIO(ACCOUNT_PASSWORD + "\n"))
    args = ["diagnose", "pop3", "pop.provider.test", "--json", "--user", ACCOUNT_USER]
    code, out, err = run_cli([*args, "--password-stdin", *cli_base], capsys, monkeypatch)
    assert code == 0, out + err
    assert json.loads(out)["evidence"]["login"]["result"] == "accepted"
    assert ACCOUNT_PASSWORD not in out + err


def test_cli_user_without_password_is_bad_input(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("POSTDESK_PROBE_PASSWORD", raising=False)
    args = ["diagnose", "smtp", "smtp.provider.test", "--user", "alice@good.example"]
    code, _, err = run_cli([*args, *cli_base], capsys, monkeypatch)
    assert code == 2 and "needs a password" in err
