"""winmail.dat (4.0.25): real TNEF streams from tnefparse's distribution, alone and in a message."""

from __future__ import annotations

import base64
import hashlib

import pytest

from postdesk.inspect import InspectContext, inspect_many, tnef_guard
from tests.conftest import DATA

CONTEXT = InspectContext.default()
SAMPLES = DATA / "tnef"
# File -> the attachment names inside (read from the files with tnefparse).
EXPECTED = {
    "one-file.tnef": ["AUTHORS"],
    "two-files.tnef": ["AUTHORS", "README"],
    "body.tnef": [],
    "umlaut.tnef": ["TBZ PARIV GmbH.jpg", "image003.jpg", "UmlautAnhang-äüö.txt"],
    "MAPI_ATTACH_DATA_OBJ.tnef": ["VIA_Nytt_1402.doc", "VIA_Nytt_1402.pdf", "VIA_Nytt_14021.htm"],
    "missing-filenames.tnef": [
        "generpts.src",
        "TechlibDEC99.doc",
        "TechlibDEC99-JAN00.doc",
        "TechlibNOV99.doc",
    ],
    "garbage-at-end.tnef": [],
    "unicode-mapi-attr.tnef": ["example.dat"],
    "rtf.tnef": [],
    "data-before-name.tnef": ["AUTOEXEC.BAT", "CONFIG.SYS", "boot.ini"],
}


def test_every_sample_has_an_expectation() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.tnef")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_winmail_dat_on_its_own(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    result = inspect_many([("winmail.dat", data)], CONTEXT)[0]
    finding = result.finding("tnef")
    assert finding is not None and finding.details["error"] is None
    assert [item["name"] for item in finding.details["attachments"]] == EXPECTED[name]
    assert finding.advice == "tnef-received" and finding.step == "ask-client"


def _wrapped(tnef: bytes) -> bytes:
    body = base64.encodebytes(tnef)
    return (
        b"From: sender@partner.example\nTo: u@customer.example\nSubject: files\n"
        b"Message-ID: <t1@partner.example>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\n'
        b'see attached\n--XX\nContent-Type: application/ms-tnef; name="winmail.dat"\n'
        b"Content-Transfer-Encoding: base64\nContent-Disposition: attachment; "
        b'filename="winmail.dat"\n\n' + body + b"--XX--\n"
    )


def test_winmail_dat_inside_a_message_gives_sizes_and_hashes() -> None:
    tnef = (SAMPLES / "two-files.tnef").read_bytes()
    result = inspect_many([("m.eml", _wrapped(tnef))], CONTEXT)[0]
    files = result.finding("tnef").details["attachments"]
    from tnefparse.tnef import TNEF

    parsed = TNEF(tnef)
    assert [(f["size"], f["sha256"]) for f in files] == [
        (len(a.data), hashlib.sha256(a.data).hexdigest()) for a in parsed.attachments
    ]


def test_sent_from_our_user_points_at_outlooks_setting() -> None:
    tnef = (SAMPLES / "one-file.tnef").read_bytes()
    sent = (
        b"Received: from smtp.263xmail.com (smtp.263xmail.com [211.150.100.26]) by "
        b"mx.partner.example (Postfix) with ESMTP id A; Mon, 1 Jan 2024 10:00:02 +0800\n"
        b"Received: from pc (unknown [203.0.113.5]) by smtp.263xmail.com (Postfix) with "
        b"ESMTPA id B; Mon, 1 Jan 2024 10:00:01 +0800\n" + _wrapped(tnef)
    )
    finding = inspect_many([("sent.eml", sent)], CONTEXT)[0].finding("tnef")
    assert finding.advice == "tnef-sent" and finding.step == "instruct-change-format"


def _hostile_streams() -> list[bytes]:
    head = b"\x78\x9f\x3e\x22\x01\x00"
    huge_list = (
        b"\x01\x03\x90\x06\x00\x08\x00\x00\x00" + b"\xff\xff\xff\xff" + b"\x00" * 4 + b"\x00\x00"
    )
    multi = (
        b"\x01\x03\x90\x06\x00\x10\x00\x00\x00"
        + b"\x01\x00\x00\x00"
        + b"\x02\x10\x01\x00"
        + b"\xff\xff\xff\x7f"
        + b"\x00" * 4
        + b"\x00\x00"
    )
    rows = b"\x01\x04\x90\x06\x00\x08\x00\x00\x00" + b"\xff\xff\xff\xff" + b"\x00" * 4 + b"\x00\x00"
    tiny = head + (b"\x01\x00\x80\x01\x00\x01\x00\x00\x00x\x00\x00") * 50_000
    return [head + huge_list, head + multi, head + rows, tiny]


@pytest.mark.parametrize("stream", _hostile_streams(), ids=["properties", "values", "rows", "tiny"])
def test_hostile_counts_are_refused_quickly(stream: bytes) -> None:
    # Unguarded, tnefparse loops billions of times on these (or slices quadratically);
    # the guard refuses them and the finding says the file cannot be read.
    with pytest.raises(tnef_guard.UnsafeTnef):
        tnef_guard.check(stream)
    result = inspect_many([("winmail.dat", stream)], CONTEXT)[0]
    finding = result.finding("tnef")
    assert finding is not None and not result.problems
    assert finding.details["error"] is not None and finding.details["attachments"] == []


def test_a_message_whose_whole_body_is_tnef() -> None:
    tnef = (SAMPLES / "one-file.tnef").read_bytes()
    raw = (
        b"From: a@partner.example\nTo: u@customer.example\nSubject: x\nMIME-Version: 1.0\n"
        b"Content-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(tnef)
    )
    finding = inspect_many([("m.eml", raw)], CONTEXT)[0].finding("tnef")
    assert [item["name"] for item in finding.details["attachments"]] == ["AUTHORS"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("slim_from", [0, 64 * 1024])
def test_moving_payloads_out_of_tnefparses_way_changes_nothing(
    name: str, slim_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tnefparse.tnef import TNEF

    from postdesk.inspect import tnef
    from postdesk.inspect.original import read_original

    monkeypatch.setattr(tnef, "SLIM_FROM", slim_from)  # 0: every attachment payload moves
    data = (SAMPLES / name).read_bytes()
    original = read_original(data, "winmail.dat")
    unpacked = tnef.unpack(original, tnef.tnef_parts(original)[0])
    full = TNEF(data, do_checksum=False)
    assert [f.data for f in unpacked.files] == [a.data for a in full.attachments]
    assert len(unpacked.files) == len(EXPECTED[name])
