"""A delivery-status part is read once: its fields from the blocks the MIME reader split.

``fields_of_blocks`` must give exactly what ``fields_of`` reads from the text the
blocks make (the text every earlier version re-read), or ``None`` where it cannot be
sure; checked on the corpus, on fuzzed messages and on awkward blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postdesk.bounce import message as bounce_message
from postdesk.bounce import mime
from postdesk.bounce.fields import fields_of, fields_of_blocks, fields_of_plain
from tests.bounce import fuzz


def _text(blocks: list[list[tuple[str, str]]]) -> str:
    return "\n\n".join("\n".join(f"{k}: {v}" for k, v in block) for block in blocks) + "\n"


AWKWARD: list[list[list[tuple[str, str]]]] = [
    [],
    [[]],
    [[], []],
    [[("Final-Recipient", "rfc822; a@example.jp")], [], [("Action", "failed")]],
    [[("Status", "5.1.1\n (folded)"), ("Diagnostic-Code", "smtp; 550\n\tuser\n unknown")]],
    [[("X_Odd", "value\n continued"), ("Action", "failed")]],  # a name _FIELD does not take
    [[("X_Odd", "value\n continued")], [("Status", "5.0.0")]],  # its folded line: no field yet
    [[("Status", "")], [("Action", "   ")], [("Status", "x\n ")]],  # empty and blank values
    [[("Status", "5.0.0"), ("0bad", "x"), ("-bad", "y"), ("ok-Name9", "z")]],
    [[("Status", "5.0.0\x0c")]],  # another line break: left to the text
    [[("Status", "5.0.0\r")]],
    [[("Stätus", "5.0.0")]],  # not ASCII: left to the text
    [[("Status", "5.0.0 \udcff")]],
    [[("A:B", "c")]],  # a name with a colon is not one name: left to the text
    [[("A\nB", "c")]],
]


@pytest.mark.parametrize("blocks", AWKWARD)
def test_awkward_blocks(blocks: list[list[tuple[str, str]]]) -> None:
    text = _text(blocks)
    fields = fields_of_blocks(text, blocks)
    if fields is not None:
        assert fields == fields_of(text)


def test_left_to_the_text() -> None:
    for blocks in ([[("Status", "5.0.0\x0c")]], [[("Stätus", "5")]], [[("A:B", "c")]]):
        assert fields_of_blocks(_text(blocks), blocks) is None


def _report_parts(raw: bytes) -> list[tuple[str, list[tuple[str, str]] | None]]:
    found = []
    original = bounce_message._report_text_and_fields

    def spy(part):  # type: ignore[no-untyped-def]
        result = original(part)
        found.append(result)
        return result

    bounce_message._report_text_and_fields = spy
    try:
        bounce_message.read_message(raw)
    except Exception:  # a message the reader fails on has no report to compare
        pass
    finally:
        bounce_message._report_text_and_fields = original
    return found


def test_corpus_and_fuzzed_reports(bounce_corpus: Path) -> None:
    raws = [path.read_bytes() for path in sorted((bounce_corpus / "eml").iterdir())]
    raws += [raw for _, raw in fuzz.messages(1500) if len(raw) < 1_000_000]
    read = 0
    for raw in raws:
        for text, fields in _report_parts(raw):
            if fields is not None:
                read += 1
                assert fields == fields_of(text)
    assert read > 150  # most reports are read from their blocks


def test_message_carries_each_reports_fields(bounce_corpus: Path) -> None:
    for path in sorted((bounce_corpus / "eml").iterdir()):
        message = bounce_message.read_message(path.read_bytes())
        assert message.report_fields == [fields_of(report) for report in message.reports]


STATUS_BODIES = [
    "",
    "\n",
    "\n\n\n",
    "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@example.jp\nAction: failed\n",
    "Reporting-MTA: dns; mx\n\n\n\nStatus: 5.0.0",  # blank blocks, no last newline
    "Reporting-MTA:dns; mx\nX-Odd:   \t spaced\nEmpty:\n",
    "Diagnostic-Code: smtp; 550\n  user\n\tunknown\n \nStatus: 5.1.1\n\n",
    "\nStatus: 5.0.0\n",  # opens with a blank line
    " Status: 5.0.0\n",  # opens with a folded line: not plain
    "Status: 5.0.0\n\n folded after a blank\n",  # a block opening folded: not plain
    "Status: 5.0.0\nnot a field line\nAction: failed\n",  # a body line: not plain
    "From somebody\nStatus: 5.0.0\n",  # an envelope line: not plain
    ":no name\nStatus: 5.0.0\n",
    "Status: 5.0.0\r\nAction: failed\r\n",  # CR: not plain
    "Status: 5.0.0\x0cAction: failed\n",
    "Na me: x\nStatus: 5.0.0\n",
    "Status: 5.0.0 \udcff\udcfe\nAction: failed\n",  # 8-bit bytes in a value
    "X_Odd: v\nx!#$%&'*+-.^_`{|}~: w\n",
]


def _made_blocks(body: str) -> list[list[tuple[str, str]]]:
    return [block.items() for block in mime._status_blocks(body)]


@pytest.mark.parametrize("body", STATUS_BODIES)
def test_plain_status_pairs_are_the_blocks_headers(body: str) -> None:
    pairs = mime.plain_status_pairs(body)
    if pairs is not None:
        assert pairs == _made_blocks(body)
        assert all(not block.get_payload() for block in mime._status_blocks(body))


def test_plain_bodies_are_read_without_blocks() -> None:
    plain = [body for body in STATUS_BODIES if mime.plain_status_pairs(body) is not None]
    assert len(plain) == 10
    for body in (" Status: 5.0.0\n", "Status: 5.0.0\nnot a field line\n", "S: 1\r\n"):
        assert mime.plain_status_pairs(body) is None


def _status_bodies(raw: bytes) -> list[str]:
    found: list[str] = []

    def walk(part: mime.Part, depth: int) -> None:
        body = part.status_body()
        if body is not None:
            found.append(body)
        payload = part.get_payload()
        if isinstance(payload, list) and depth < 20:
            for child in payload:
                walk(child, depth + 1)

    try:
        tree = mime.parse_bytes(raw)
    except RecursionError:  # multiparts nested hundreds deep: analyze reports these
        return found
    walk(tree, 0)
    return found


def test_corpus_and_fuzzed_status_bodies(bounce_corpus: Path) -> None:
    raws = [path.read_bytes() for path in sorted((bounce_corpus / "eml").iterdir())]
    raws += [raw for _, raw in fuzz.messages(1500) if len(raw) < 1_000_000]
    plain = 0
    for raw in raws:
        for body in _status_bodies(raw):
            pairs = mime.plain_status_pairs(body)
            if pairs is not None:
                plain += 1
                assert pairs == _made_blocks(body)
    assert plain > 150


def test_blocks_made_on_first_use_keep_the_boundary_newline() -> None:
    raw = (
        b'Content-Type: multipart/report; boundary="B"\n\n--B\n'
        b"Content-Type: message/delivery-status\n\nStatus: 5.0.0\nbody line\n\n--B--\n"
    )
    report = mime.parse_bytes(raw).get_payload()[0]  # type: ignore[index]
    assert report.status_body() is not None
    blocks = report.get_payload()
    assert report.status_body() is None
    # The newline before the boundary is the boundary's (as the blocks made at once had it).
    assert [block.get_payload() for block in blocks] == ["body line"]


AS_WRITTEN = [
    *STATUS_BODIES,
    "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@example.jp\nStatus: 5.1.1\n\n",
    "Status: 5.0.0\n\n\n",
    "Status:5.0.0\n",  # no blank after the colon: the block's line differs
    "Status:  5.0.0\n",
    "Status: \t5.0.0\n",
    "Status: \nAction: failed\n",  # an empty value keeps its blank
    "Status: 5.0.0\n folded\n\t\tmore\n \nX_Odd: 1\n folded under a name not taken\n",
    "A: 1\nB-2: x:y\n\nC: ;\n",
]


def _block_text(body: str) -> str:
    return _text(_made_blocks(body))


@pytest.mark.parametrize("body", AS_WRITTEN)
def test_report_as_written_is_the_blocks_text(body: str) -> None:
    text = bounce_message._report_as_written(body)
    if text is not None:
        assert text == _block_text(body)
        assert fields_of_plain(text) == fields_of(text)


def test_reports_written_otherwise_are_read_by_blocks() -> None:
    for body in ("Status:5.0.0\n", "Status:  5.0.0\n", "\nStatus: 5.0.0\n", "S: 1\n\n\nA: 2\n"):
        assert bounce_message._report_as_written(body) is None
    for body in ("Status: 5.0.0\n", "A: 1\n\nB: 2\n\n", "Status: \nAction: failed\n"):
        assert bounce_message._report_as_written(body) is not None


def test_corpus_and_fuzzed_reports_as_written(bounce_corpus: Path) -> None:
    raws = [path.read_bytes() for path in sorted((bounce_corpus / "eml").iterdir())]
    raws += [raw for _, raw in fuzz.messages(1500) if len(raw) < 1_000_000]
    written = 0
    for raw in raws:
        for body in _status_bodies(raw):
            text = bounce_message._report_as_written(body)
            if text is not None:
                written += 1
                assert text == _block_text(body)
                assert fields_of_plain(text) == fields_of(text)
    assert written > 100
