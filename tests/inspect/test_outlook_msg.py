"""Outlook .msg originals ([MS-OXMSG]): read as the message they hold, by every finding.

The two samples are real Outlook files from msg-parser's test suite (BSD
licence in tests/data/msg/LICENSE): ``other.msg`` is a Chinese delivery report
(eYou, "User Locked") saved from Outlook with the message it returned attached;
``outer.msg`` is an unsent item carrying another message whole.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from postdesk.inspect import InspectContext, inspect_many
from postdesk.inspect.outlook import as_rfc822
from postdesk.inspect.texts import InspectError
from tests.conftest import DATA
from tests.inspect.test_bad_input import mutate

CONTEXT = InspectContext.default()
BOUNCE_MSG = (DATA / "msg" / "other.msg").read_bytes()
CARRIER_MSG = (DATA / "msg" / "outer.msg").read_bytes()


def test_a_saved_delivery_report_is_read_as_a_bounce() -> None:
    [result] = inspect_many([("report.msg", BOUNCE_MSG)], CONTEXT)
    assert result.error is None
    assert result.message["outlook_msg"] is True
    # The subject as it travelled (GBK encoded-word in the transport headers).
    assert result.message["subject"] == "投递状态通知 (Failure Notice)"
    assert result.message["date"] == "Mon, 27 Nov 2017 17:44:30 +0800"
    bounce = result.finding("bounce")
    assert bounce is not None
    [row] = bounce.details["report"]["recipients"]
    # "The recipients is locked. (User Locked)": a mailbox switched off, not unknown.
    assert (row["address"], row["reason"]) == ("hp_lsz@tjdpf.org.cn", "suspend")
    assert bounce.details["report"]["subject"] == "回复：转发：反馈·北京 2017年12月02-03日 销售"
    # The returned message is the bounce's, not an original of its own.
    assert [r.file for r in inspect_many([("report.msg", BOUNCE_MSG)], CONTEXT)] == ["report.msg"]


def test_the_transport_headers_are_kept_as_they_travelled() -> None:
    data = as_rfc822(BOUNCE_MSG, "report.msg")
    head = data.split(b"\r\n\r\n", 1)[0]
    assert head.count(b"\r\nReceived: ") == 2
    assert b"X-Mailer: eYou MTA Subsystem" in head
    # Outlook kept the decoded parts, not the wire MIME: one Content-Type, ours.
    assert head.lower().count(b"content-type:") == 1
    [result] = inspect_many([("report.msg", BOUNCE_MSG)], CONTEXT)
    assert len(result.original.hops) == 2


def test_a_message_attached_whole_is_read_as_an_original_of_its_own() -> None:
    results = inspect_many([("fw.msg", CARRIER_MSG)], CONTEXT)
    assert [r.file for r in results] == ["fw.msg", "fw.msg › attached.eml"]
    carrier, carried = results
    # An item that never travelled has no transport headers: they are made from
    # its properties (subject, recipients).
    assert carrier.message["subject"] == "outer subject"
    assert carrier.message["to"] == "outer@foo.bar"
    assert carried.carried_in == "fw.msg" and carried.message["subject"] == "test"
    assert carried.original is not None and carried.original.body_text.strip() == "body"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:4096], id="cut"),
        pytest.param(lambda data: data[:8] + b"\0" * 504 + data[512:], id="no-header"),
        pytest.param(lambda data: data[:512] + b"\xff" * 2048 + data[2560:], id="fat-destroyed"),
    ],
)
def test_a_damaged_file_gets_the_clear_error(damage) -> None:
    [result] = inspect_many([("broken.msg", damage(BOUNCE_MSG))], CONTEXT)
    assert result.error is not None
    assert result.error["code"] == "error_outlook_msg_unreadable"
    assert "Outlook" in result.error["zh"] and "Outlook" in result.error["en"]
    with pytest.raises(InspectError):
        as_rfc822(damage(BOUNCE_MSG), "broken.msg")


def test_fuzzed_files_get_a_result_or_the_clear_error() -> None:
    rng = random.Random(0x0125)
    for _ in range(150):
        data = mutate(rng.choice([BOUNCE_MSG, CARRIER_MSG]), rng)
        for result in inspect_many([("fuzzed.msg", data)], CONTEXT):
            assert result.problems == []
            assert result.error is None or result.error["code"].startswith("error_")
            json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8")


def test_the_cli_reads_msg_files(tmp_path) -> None:
    path = tmp_path / "report.msg"
    path.write_bytes(BOUNCE_MSG)
    done = subprocess.run(
        [sys.executable, "-m", "postdesk", "inspect", str(path), "--json"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    [line] = done.stdout.decode("utf-8").splitlines()
    record = json.loads(line)
    assert [f["kind"] for f in record["findings"]] == ["bounce"]
    assert record["message"]["outlook_msg"] is True
