"""The MIME reader builds the tree the stdlib's compat32 parser builds, on awkward input.

The stdlib parser is the oracle: for each message the two trees must agree
on content types, headers, decoded leaf payloads and delivery-status blocks.
"""

from __future__ import annotations

import email.header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest

from postdesk.bounce.message import _unescape, decode_bytes
from postdesk.bounce.mime import Part, parse_bytes

_ORACLE = BytesParser(policy=compat32)


def _header_text(value: object) -> str:
    """A header value as the bounce reader decodes it (8-bit bytes read as UTF-8).

    The stdlib oracle keeps raw 8-bit values as Header objects: their chunks are
    read the way the reader reads them.
    """
    if isinstance(value, str):
        return _unescape(value)
    chunks = email.header.decode_header(value)  # type: ignore[arg-type]
    return "".join(
        decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
        for chunk, charset in chunks
    )


def _shape(node: Part | Message) -> object:
    """A comparable summary of a tree: types, headers, decoded payloads."""
    headers = [(name, _header_text(value)) for name, value in node.items()]
    payload = node.get_payload()
    if isinstance(payload, list):
        return (node.get_content_type(), headers, [_shape(child) for child in payload])
    return (node.get_content_type(), headers, node.get_payload(decode=True))


def _multipart(body: str, boundary: str | None = "B") -> bytes:
    param = f'; boundary="{boundary}"' if boundary else ""
    return f"From: a@example.jp\nContent-Type: multipart/mixed{param}\n\n{body}".encode()


MESSAGES = {
    "plain": b"From: a@example.jp\nSubject: hi\n\nbody line\n",
    "folded-header": b"Subject: one\n\ttwo\n  three\nFrom: a@example.jp\n\nx\n",
    "no-blank-line-before-body": b"Subject: x\nthis line is body\nmore\n",
    "no-boundary-param": _multipart("--B\n\ntext\n--B--\n", boundary=None),
    "no-first-boundary": _multipart("only a preamble\n"),
    "close-before-open": _multipart("preamble\n--B--\nepilogue\n"),
    "two-parts": _multipart("pre\n--B\nContent-Type: text/plain\n\none\n--B\n\ntwo\n\n--B--\n"),
    "repeated-boundary": _multipart("--B\n--B\n\nfirst\n--B\n\nsecond\n--B--\n"),
    "no-close-boundary": _multipart("--B\n\nfirst\n--B\n\nlast part\n"),
    "boundary-trailing-space": _multipart("--B  \n\nfirst\n--B-- \n"),
    "look-alike-boundary": _multipart("--B\n\n--Bx is text\n--B--\n"),
    "nested": _multipart(
        "--B\nContent-Type: multipart/alternative; boundary=C\n\n--C\n\nplain\n--C\n"
        "Content-Type: text/html\n\n<p>html</p>\n--C--\n--B--\n"
    ),
    "delivery-status": _multipart(
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n\n"
        "Final-Recipient: rfc822; a@example.jp\nnot a field\nAction: failed\n"
        "Status: 5.1.1\n Diagnostic-Code: folded\n\n--B--\n"
    ),
    "rfc822": _multipart(
        "--B\nContent-Type: message/rfc822\n\nFrom: b@example.jp\nSubject: orig\n\nbody\n--B--\n"
    ),
    "digest": (
        b'Content-Type: multipart/digest; boundary="D"\n\n--D\n\nFrom: x@example.jp\n\nhi\n--D--\n'
    ),
    "base64": _multipart(
        "--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        "44GT44KT44Gr44Gh44GvCg==\n--B--\n"
    ),
    "quoted-printable": _multipart(
        "--B\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
        "caf=C3=A9 soft=\nbreak\n--B--\n"
    ),
    "eight-bit-header": "Subject: 猫ちゃん\nFrom: a@example.jp\n\n本文\n".encode(),
    "unquoted-params": b"Content-Type: multipart/mixed; charset=x; boundary=B\n\n--B\n\nx\n--B--\n",
}


@pytest.mark.parametrize("raw", MESSAGES.values(), ids=MESSAGES.keys())
def test_same_tree_as_stdlib(raw: bytes) -> None:
    assert _shape(parse_bytes(raw)) == _shape(_ORACLE.parsebytes(raw))


def test_same_tree_on_corpus(bounce_corpus: Path) -> None:
    """Every corpus message (a few hundred real bounces) reads alike."""
    different = []
    for path in sorted((bounce_corpus / "eml").iterdir()):
        raw = path.read_bytes().replace(b"\r\n", b"\n")
        if _shape(parse_bytes(raw)) != _shape(_ORACLE.parsebytes(raw)):
            different.append(path.name)
    assert not different


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\n\nbody",
        "Subject: a\n",
        "Subject: a",
        "Subject: a\n\nbody",
        "Subject: a\n folded\n\tagain\nFrom: b\n\nbody\n",
        "From sender Mon Jan 1\nSubject: a\n\n",
        "Subject: a\nnot a header\nTo: b\n",
        "Subject: a\n: no name\n\n",
        "Subject: a\nBad Name: x\n\n",
        "Subject: a\n \n\nbody",
        "Subject: a\nX\n",
        "Subject: a\nFrom \n",
        "Subject: a\nFrom\n",
        "Subject: a\n\x7fName: x\n",
        "Subject: a\nNäme: x\n",
        "Subject: a\r\nTo: b\r\n\r\nbody",
        " folded first\nSubject: a\n\n",
        "no header at all\n",
        "Subject: a\n" * 50 + "body without blank line",
    ],
)
def test_head_end_is_where_head_pattern_stops(text: str) -> None:
    """The fast search for the end of a header run agrees with the pattern that defines it."""
    from postdesk.bounce.mime import _HEAD, _head_end

    match = _HEAD.match(text)
    assert _head_end(text) == (match.end() if match else 0)


def test_returned_multipart_split_when_asked() -> None:
    raw = (
        b'Content-Type: multipart/report; boundary="B"\n\n--B\nContent-Type: text/plain\n\n'
        b"notice\n--B\nContent-Type: message/rfc822\n\n"
        b'Subject: hi\nContent-Type: multipart/alternative; boundary="C"\n\n'
        b"--C\nContent-Type: text/plain\n\nplain\n--C\nContent-Type: text/html\n\n<p>x</p>\n--C--\n"
        b"\n--B--\n"
    )
    returned = parse_bytes(raw).get_payload()[1].get_payload()[0]  # type: ignore[index,union-attr]
    assert returned.get_content_type() == "multipart/alternative"
    assert returned._payload == ""  # not split by reading the bounce
    children = returned.get_payload()
    assert [child.get_payload() for child in children] == ["plain", "<p>x</p>"]
