"""``postdesk triage``: table, --json, --batch (file and stdin), errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postdesk.cli.main import app

RUNNER = CliRunner()


def _run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a new process (exit codes and stderr as users see them)."""
    return subprocess.run(
        [sys.executable, "-c", "from postdesk.cli.main import main; main()", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_json_shape() -> None:
    result = RUNNER.invoke(app, ["triage", "发信提示 sender in prison", "--json", "--top", "2"])
    assert result.exit_code == 0, result.output
    shaped = json.loads(result.output)
    assert set(shaped) == {"ranking", "entities"}
    assert len(shaped["ranking"]) == 2
    first = shaped["ranking"][0]
    assert set(first) == {"playbook", "score", "why", "why_zh"}
    assert first["playbook"] == "client-send-receive"
    assert "提示语" in first["why_zh"] and "signal" in first["why"]  # the reason in both
    assert isinstance(first["score"], float)
    assert shaped["entities"]["server_phrases"][0]["phrase"] == "sender in prison"


def test_table_lists_playbooks_and_entities() -> None:
    result = RUNNER.invoke(
        app, ["triage", "用Foxmail给admin@例子.公司发信，退信 551 user not local"]
    )
    assert result.exit_code == 0, result.output
    assert "overseas-delivery" in result.output
    assert "xn--fsqu00a.xn--55qx5d" in result.output
    assert "Foxmail" in result.output


def test_batch_from_stdin_keeps_order_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"text": "网页登录提示系统忙", "id": 7}, ensure_ascii=False).encode(),
        b"\xff\xfe\x00 not utf-8",
        b"",
        b'{"no_text": 1}',
        b"not json",
        json.dumps({"text": "   "}).encode(),
        json.dumps({"text": "附件变成 winmail.dat"}).encode(),
    ]
    result = RUNNER.invoke(app, ["triage", "--batch", "-", "--json"], input=b"\n".join(lines))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["ranking"][0]["playbook"] == "webmail-system-busy"
    assert out[-1]["ranking"][0]["playbook"] == "rtf-winmail-dat"
    for index in range(1, 6):
        assert set(out[index]) == {"error"}
        assert out[index]["error"].startswith(f"line {index + 1}:")
    assert "UTF-8" in out[1]["error"]


def test_batch_from_file(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"text": t}, ensure_ascii=False) for t in ["收不到邮件", "垃圾邮件太多"]
        )
        + "\n",
        encoding="utf-8",
    )
    result = RUNNER.invoke(app, ["triage", "--batch", str(batch), "--json", "--top", "1"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["ranking"][0]["playbook"] for o in out] == ["cannot-receive", "spam-complaint"]
    assert all(len(o["ranking"]) == 1 for o in out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["triage", "   "], "empty"),
        (["triage"], "give the complaint text"),
        (["triage", "--batch", "/nonexistent/in.jsonl"], "cannot read batch file"),
        (["triage", "x", "--batch", "-"], "not both"),
    ],
)
def test_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    done = _run_cli(*args)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("postdesk: error:") and message in err
    assert err.count("\n") == 1


def test_batch_line_nested_too_deep_is_an_error_record_and_the_batch_goes_on() -> None:
    """100,000 "[" make json's decoder recurse past Python's limit: that line only fails."""
    lines = [
        json.dumps({"text": "网页登录提示系统忙"}, ensure_ascii=False).encode(),
        b"[" * 100_000,
        b'{"text": ' * 50_000,
        json.dumps({"text": "附件变成 winmail.dat"}, ensure_ascii=False).encode(),
    ]
    done = _run_cli("triage", "--batch", "-", "--json", stdin=b"\n".join(lines))
    assert done.returncode == 0, done.stderr.decode()
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == 4
    assert out[0]["ranking"][0]["playbook"] == "webmail-system-busy"
    assert out[1] == {
        "error": 'line 2: nested too deeply to be a JSON object with a "text" string; skipped'
    }
    assert out[2]["error"].startswith("line 3: nested too deeply")
    assert out[3]["ranking"][0]["playbook"] == "rtf-winmail-dat"


@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"], ids=["CR", "LF", "CRLF"])
def test_batch_accepts_every_line_ending(ending: bytes, tmp_path: Path) -> None:
    """300 lines give 300 results whether they end in CR (old Mac, exports), LF or CRLF."""
    texts = ["网页登录提示系统忙", "附件变成 winmail.dat", "收不到邮件"]
    batch = tmp_path / "in.jsonl"
    batch.write_bytes(
        ending.join(
            json.dumps({"text": texts[n % 3]}, ensure_ascii=False).encode() for n in range(300)
        )
        + ending
    )
    result = RUNNER.invoke(app, ["triage", "--batch", str(batch), "--json", "--top", "1"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 300
    assert [o["ranking"][0]["playbook"] for o in out[:3]] == [
        "webmail-system-busy",
        "rtf-winmail-dat",
        "cannot-receive",
    ]


def test_batch_mixed_line_endings_and_a_bad_byte_keep_line_numbers() -> None:
    """Line N of the output answers line N of the input across CR, LF and CRLF."""
    data = b'{"text": "a"}\r{"text": "b"}\r\n\xff\n{"text": "c"}'
    result = RUNNER.invoke(app, ["triage", "--batch", "-", "--json"], input=data)
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 4
    assert out[2]["error"].startswith("line 3: not valid UTF-8")
    assert "ranking" in out[3]
