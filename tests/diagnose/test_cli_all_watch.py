"""``postdesk diagnose``: exit codes, JSON Lines, bad input; ``all`` and ``watch`` end to end."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from environment import Dns
from tests.realservers import CertificateAuthority

from postdesk.cli.main import main
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.run_all import run_all
from postdesk.diagnose.watch import parse_watch_list, watch, watch_once
from postdesk.profile import Profile, load_profile


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
    tmp_path: Path, test_profile: Profile, bind: Dns, test_ca: CertificateAuthority
) -> list[str]:
    profile_file = tmp_path / "profile.yaml"
    profile_file.write_text(
        yaml.safe_dump(test_profile.model_dump(mode="json"), allow_unicode=True)
    )
    return [
        "--profile", str(profile_file),
        "--nameserver", "{}:{}".format(*bind.authoritative.address),
        "--cafile", str(test_ca.ca_file),
        "--timeout", "2",
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


def test_list_shows_the_checks_as_they_register(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(["diagnose", "list"], capsys, monkeypatch)
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert names[:3] == ["mx", "hosts", "ports"] and names[-2:] == ["all", "watch"]
    assert "--tls" in next(line for line in out.splitlines() if line.startswith("smtp "))
    # every flag it lists is one the command takes (credentials are --user and
    # --password-stdin, zones --zone): the listed options are typed as shown
    from postdesk.cli.main import app

    command = next(c for c in app.registered_commands if c.name == "diagnose")
    import typer.main

    taken = {
        name
        for param in typer.main.get_command_from_info(
            command, pretty_exceptions_short=True, rich_markup_mode=None
        ).params
        for name in param.opts
    }
    listed = {word for line in out.splitlines() for word in line.split() if word.startswith("--")}
    assert listed <= taken | {"--once", "--interval"}, listed - taken


def test_bad_tls_mode_is_bad_input(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(
        ["diagnose", "smtp", "smtp.provider.test", "--tls", "maybe", *cli_base], capsys, monkeypatch
    )
    assert code == 2 and out == "" and "--tls 'maybe'" in err


def test_json_lines_and_exit_codes(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "mx", "good.test", "--json", *cli_base], capsys, monkeypatch
    )
    assert code == 0
    [line] = out.splitlines()
    record = json.loads(line)
    assert record["check"] == "mx" and record["status"] == "ok"
    assert set(record) >= {"target", "summary", "evidence", "elapsed_ms", "playbook_steps"}
    code, out, _ = run_cli(["diagnose", "mx", "elsewhere.test", *cli_base], capsys, monkeypatch)
    assert code == 1
    assert out.startswith("[FAIL] mx elsewhere.test")


def test_idn_shown_both_ways_in_cli(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "mx", "中国.test", "--lang", "en", *cli_base], capsys, monkeypatch
    )
    assert code == 0
    assert "中国.test (xn--fiqs8s.test)" in out


def test_all_json_names_next_step(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(
        ["diagnose", "all", "ruled.test", "--json", *cli_base], capsys, monkeypatch
    )
    records = [json.loads(line) for line in out.splitlines()]
    checks = [r["check"] for r in records]
    assert checks[-1] == "all"
    assert set(checks[:-1]) == {"mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records"}
    overall = records[-1]
    assert code == 1 and overall["status"] == "warn"
    assert overall["lead"] == "same-domain-auth"
    assert overall["playbook_step"]["playbook"] == "same-domain-auth"
    assert overall["next_step"] == "ask-request-in-rule"


def test_all_for_one_domain_is_ok(ctx: DiagnoseContext) -> None:
    results, overall = asyncio.run(run_all("good.test", ctx))
    assert {r.check: r.status for r in results} == dict.fromkeys(
        ["mx", "hosts", "smtp", "pop3", "same-domain-auth", "auth-records"], "ok"
    ), [r.summary.en for r in results if r.status != "ok"]
    assert overall.status == "ok"
    assert overall.lead == "mx"
    assert overall.next_step == "ask-since-when"  # setup-report-missing: MX already points to us


def test_all_names_the_step_of_its_own_lead(ctx: DiagnoseContext) -> None:
    """Issue 15, 6: a lead without a playbook step names none, not another finding's step."""
    ctx.cafile = None  # the smtp and pop3 certificates come from a CA the system lacks
    results, overall = asyncio.run(run_all("good.test", ctx))
    assert {r.check: r.verdict for r in results}["smtp"] == "private-ca"
    assert overall.status == "warn" and overall.lead == "smtp"
    assert overall.step is None and overall.next_step is None
    assert "answers no playbook step" in overall.summary.en
    assert "check-mx" not in overall.summary.en and "check-hosts" not in overall.summary.en


def test_all_with_resolve_does_not_flag_the_operators_addresses(
    tmp_path: Path, test_profile: Profile, cli_base, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 15, 6: addresses given with --resolve (to reach test servers) are not a finding.

    The profile keeps the production server list; the agent points the provider's names at
    the test servers with --resolve, as one does to try a new server before DNS moves.
    """
    data = test_profile.model_dump(mode="json")
    data["server_addresses"] = load_profile().model_dump(mode="json")["server_addresses"]
    profile_file = tmp_path / "production-list.yaml"
    profile_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    resolve = [
        f"--resolve={host}=127.0.0.1"
        for host in ("smtp.provider.test", "pop.provider.test", "mx01.provider.test")
    ]
    code, out, _ = run_cli(
        ["diagnose", "all", "good.test", "--json", *resolve, *cli_base, "--profile",
         str(profile_file)],
        capsys,
        monkeypatch,
    )  # fmt: skip
    records = {r["check"]: r for r in map(json.loads, out.splitlines())}
    hosts = records["hosts"]
    assert (hosts["status"], hosts["verdict"]) == ("ok", "as-expected"), hosts["summary"]["en"]
    assert "given with --resolve, not checked" in hosts["summary"]["en"]
    expected = {row["role"]: row.get("expected") for row in hosts["evidence"]["hosts"]}
    assert expected["mx_overseas"] == []  # the production list was the one compared with
    assert code == 0 and records["all"]["status"] == "ok", records["all"]["summary"]["en"]


def test_watch_once_reports_which_point(ctx: DiagnoseContext) -> None:
    pending = parse_watch_list(
        ["good.test", "# a comment", "", "elsewhere.test", "中国.test", "not a domain"]
    )
    results = asyncio.run(watch_once(pending, ctx))
    verdicts = [(r.target, r.verdict) for r in results]
    assert verdicts == [
        ("good.test", "points-to-provider"),
        ("elsewhere.test", "elsewhere"),
        ("中国.test (xn--fiqs8s.test)", "points-to-provider"),
        ("not a domain", "invalid-domain"),
    ]


def test_watch_repeats_until_rounds_run_out(ctx: DiagnoseContext) -> None:
    rounds: list[int] = []
    still = asyncio.run(
        watch(
            parse_watch_list(["good.test", "elsewhere.test"]),
            ctx,
            interval_s=0.01,
            on_round=lambda number, results: rounds.append(len(results)),
            max_rounds=3,
        )
    )
    assert rounds == [2, 1, 1]  # the domain that points drops out after round 1
    assert [entry.text for entry in still] == ["elsewhere.test"]


def test_watch_shows_invalid_lines_in_the_first_round_then_drops_them(
    ctx: DiagnoseContext,
) -> None:
    rounds: list[list[tuple[str, str]]] = []
    still = asyncio.run(
        watch(
            parse_watch_list(["not a domain", "elsewhere.test"]),
            ctx,
            interval_s=0.01,
            on_round=lambda number, results: rounds.append(
                [(r.target, r.verdict) for r in results]
            ),
            max_rounds=2,
        )
    )
    assert rounds == [
        [("not a domain", "invalid-domain"), ("elsewhere.test", "elsewhere")],
        [("elsewhere.test", "elsewhere")],
    ]
    assert [entry.text for entry in still] == ["elsewhere.test"]


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
    # Issue 15, 10: an invalid line is not a domain.
    assert records[-1]["domains"] == 0 and records[-1]["invalid"] == 2


def test_watch_cli_counts_only_domains(tmp_path: Path, cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    domains = tmp_path / "pending.txt"
    domains.write_text("good.test\nnot a domain\nelsewhere.test\n")
    code, out, _ = run_cli(
        ["diagnose", "watch", str(domains), "--once", "--lang", "en", *cli_base],
        capsys,
        monkeypatch,
    )
    assert code == 1
    assert out.splitlines()[-1] == (
        "round 1: 1 of 2 domains point to mx01.provider.test; 1 still pending; "
        "1 lines are not valid domains"
    )


def test_watch_cli(tmp_path: Path, cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    domains = tmp_path / "pending.txt"
    domains.write_text("\n".join(["good.test", "overseas.test", "missing.good.test"] * 40))
    code, out, err = run_cli(
        ["diagnose", "watch", str(domains), "--once", "--json", *cli_base], capsys, monkeypatch
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert records[-1] == {
        "check": "watch-round", "round": 1, "domains": 120, "pointing": 80, "pending": 40,
        "invalid": 0,
    }  # fmt: skip
    # progress for long lists, in the command's language (--lang, else POSTDESK_LANG: the
    # tests' conftest sets en)
    assert "checked 120/120" in err


def test_cli_login_reads_password_from_stdin(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from zones import ACCOUNT_PASSWORD, ACCOUNT_USER

    monkeypatch.setattr("sys.stdin", io.StringIO(ACCOUNT_PASSWORD + "\n"))
    args = ["diagnose", "pop3", "pop.provider.test", "--json", "--user", ACCOUNT_USER]
    code, out, err = run_cli([*args, "--password-stdin", *cli_base], capsys, monkeypatch)
    assert code == 0, out + err
    assert json.loads(out)["evidence"]["login"]["result"] == "accepted"
    assert ACCOUNT_PASSWORD not in out + err


def test_cli_user_without_password_is_bad_input(cli_base, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("POSTDESK_PROBE_PASSWORD", raising=False)
    args = ["diagnose", "smtp", "smtp.provider.test", "--user", "alice@good.test"]
    code, _, err = run_cli([*args, *cli_base], capsys, monkeypatch)
    assert code == 2 and "needs a password" in err


@pytest.mark.parametrize("check", ["auth-records", "all", "tls"])
def test_stderr_stays_empty(check: str, cli_base: list[str]) -> None:
    """Issue 15, 10: nothing but the results; no library's warning lines on stderr.

    A fresh interpreter with Python's default warning filters (not pytest's), as an agent runs it.
    """
    target = "pop.provider.test" if check == "tls" else "good.test"
    completed = subprocess.run(
        [sys.executable, "-m", "postdesk", "diagnose", check, target, "--json", *cli_base],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.stderr == ""
    assert completed.returncode == 0, completed.stdout
    assert json.loads(completed.stdout.splitlines()[-1])["status"] == "ok"


def test_a_context_kept_between_runs_answers_from_fresh_look_ups(
    ctx: DiagnoseContext, bind: Dns
) -> None:
    """The terminal walk keeps one context for a whole walk; each run asks DNS anew."""
    from postdesk.diagnose.registry import run_check

    [first], _ = asyncio.run(run_check("hosts", "pop", ctx))
    ctx.nameserver = bind.blackhole.address
    ctx.timeout = 0.5
    [second], _ = asyncio.run(run_check("hosts", "pop", ctx))
    assert (first.verdict, second.verdict) == ("as-expected", "lookup-failed")
