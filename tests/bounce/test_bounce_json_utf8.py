"""``postdesk bounce --json`` writes valid UTF-8 JSON Lines whatever the bytes, and loses nothing.

The fuzzed corpus (tests/bounce/fuzz.py) through the real CLI:
POSTDESK_FUZZ_MESSAGES messages in ``make test`` (2,000 by default, seconds);
the issue's full 10,000 with POSTDESK_FUZZ_MESSAGES=10000 and in
``benchmarks/bench_fuzz_bounce.py`` (CLI and a real server's API).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from postdesk.bounce.sources import each_message
from tests.bounce.fuzz import CORPUS, messages
from tests.bounce.test_bad_input import LONE_LEAD_BYTE


def corpus_files() -> list[bytes]:
    return [path.read_bytes() for path in sorted(CORPUS.rglob("*")) if path.is_file()]


FUZZ_MESSAGES = int(os.environ.get("POSTDESK_FUZZ_MESSAGES", "2000"))
ENTRY = "from postdesk.cli.main import main; main()"


def bounce_json(folder: Path, encoding: str | None) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, "bounce", str(folder), "--json"],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    # Every line is UTF-8 (decode is strict) and JSON.
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_one_bad_byte_among_the_corpus_loses_nothing(tmp_path: Path) -> None:
    """The lone 0xC2 used to end the batch (UnicodeEncodeError) before the 332 good files."""
    (tmp_path / "000-bad.eml").write_bytes(LONE_LEAD_BYTE)
    for number, data in enumerate(corpus_files(), start=1):
        (tmp_path / f"{number:03d}.eml").write_bytes(data)
    for encoding in ("utf-8", "ascii", None):
        out = bounce_json(tmp_path, encoding)
        # one line per message: an mbox file (rhost-cox-01.eml) holds two
        assert len(out) == 1 + sum(len(each_message(data)) for data in corpus_files())
        assert out[0]["undecodable_bytes"] == 1
        assert "\ufffd" in out[0]["recipients"][0]["diagnostic"]


def test_file_names_with_undecodable_bytes(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad-\xff-name.eml")
    (tmp_path / name).write_bytes(LONE_LEAD_BYTE)
    out = bounce_json(tmp_path, "utf-8")
    assert out[0]["file"] == "bad-\ufffd-name.eml"


def test_fuzzed_messages_give_valid_utf8_json_lines(tmp_path: Path) -> None:
    names = []
    for number, (_label, data) in enumerate(messages(FUZZ_MESSAGES, seed=12)):
        name = f"fuzz-{number:05d}.eml"
        (tmp_path / name).write_bytes(data)
        names.append(name)
    out = bounce_json(tmp_path, "utf-8")
    # A fuzzed message that starts with "From " reads as an mbox: NAME:1, NAME:2 ...
    assert list(dict.fromkeys(o["file"].split(":")[0] for o in out)) == names
    for record in out:
        assert set(record) >= {"is_bounce", "recipients", "error", "undecodable_bytes"}
        assert not (record["error"] or "").startswith("cannot analyse"), record
