"""``postdesk inspect`` run as a user runs it: JSON Lines, --extract, --as, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from postdesk.inspect import archive
from tests.conftest import DATA
from tests.inspect.test_delay import INBOUND
from tests.inspect.test_samples_spam_virus_duplicate import SPAM


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    entry = "from postdesk.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", entry, *args], input=stdin, capture_output=True, timeout=120
    )


def test_json_lines_in_order_with_extraction(tmp_path: Path) -> None:
    (tmp_path / "a-late.eml").write_bytes(INBOUND)
    (tmp_path / "b-empty.eml").write_bytes(b"")
    (tmp_path / "winmail.dat").write_bytes((DATA / "tnef" / "two-files.tnef").read_bytes())
    (tmp_path / "d-spam.eml").write_bytes(SPAM)
    out_dir = tmp_path / "out"
    result = run("inspect", str(tmp_path), "--json", "--as", "spam", "--extract", str(out_dir))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")  # strict: every line valid UTF-8
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["file"] for line in lines] == [
        "a-late.eml",
        "b-empty.eml",
        "d-spam.eml",
        "winmail.dat",
    ]
    late, empty, spam, winmail = lines
    assert {"file", "findings", "error"} <= set(late)
    delay = next(f for f in late["findings"] if f["kind"] == "delay")
    assert delay["slowest"]["side"] == "sender" and delay["hops"][1]["delay_seconds"] == 722
    assert empty["error"]["code"] == "error_empty" and empty["findings"] == []
    from tnefparse.tnef import TNEF

    expected = TNEF((DATA / "tnef" / "two-files.tnef").read_bytes()).attachments[1].data
    assert (out_dir / "winmail.dat" / "README").read_bytes() == expected
    report = out_dir / "d-spam.eml" / "spam-report.eml"
    assert b"feedback-report" in report.read_bytes()
    assert str(report) in spam["extracted"]
    assert [f["kind"] for f in winmail["findings"]] == ["tnef"]


def test_virus_password_is_printed_and_opens_the_written_archive(tmp_path: Path) -> None:
    (tmp_path / "v.eml").write_bytes(SPAM)
    result = run(
        "inspect",
        str(tmp_path / "v.eml"),
        "--as",
        "virus",
        "--extract",
        str(tmp_path / "x"),
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    password = text.split("archive password (for the agent only): ", 1)[1].split()[0]
    zipped = next((tmp_path / "x" / "v.eml").glob("virus-sample-*.zip"))
    assert archive.unpack(zipped.read_bytes(), password) == SPAM
    assert not any(password in p.name for p in (tmp_path / "x").rglob("*"))


def test_stdin_and_bad_options() -> None:
    read = run("inspect", "-", "--json", stdin=INBOUND)
    assert json.loads(read.stdout)["findings"][0]["kind"] == "delay"
    wrong = run("inspect", "-", "--as", "ham", stdin=INBOUND)
    assert wrong.returncode == 2 and b"--as takes spam, virus, duplicate" in wrong.stderr
    missing = run("inspect", "/no/such/file.eml")
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr
