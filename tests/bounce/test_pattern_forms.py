"""Patterns rewritten to start with a literal character match what their plain forms match.

A pattern that opens with a look-behind or a word boundary is tried at every
position of a text; written to start with its first character (the look-behind
moved after it, one character wider), re searches for that character first. The
rewritten forms are in the modules; the plain forms they stand for are here, and
both must give the same matches (spans and groups) on the corpus and on awkward text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postdesk.bounce import advice, codes, engine, rejecter, replies

PLAIN = [
    (codes._STATUS, r"(?<![\d.])([245])\.(\d)\.(\d{1,3})(?![\d]|\.\d)", 0),
    (codes._REPLY, r"(?<![A-Za-z0-9._/=#@%+&*$-])([245][0-5]\d)(?=[\s\-:,)\]]|$)", 0),
    (replies._PREFIX, r"(?<![\w.])([245]\d\d)([ -])(?:#?([245]\.\d{1,3}\.\d{1,3})\b ?)?", 0),
    (replies._CODE, r"(?<![\w.:/=@#-])[45]\d\d(?=[ -])", 0),
    (engine._RECEIVED_BY, r"\bby\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.IGNORECASE),
    (
        rejecter._HOST,
        r"(?<![\w@.-])((?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24})(?![\w.-])",
        re.IGNORECASE,
    ),
    (advice._GREYLISTED, r"\bgr[ae]y[- ]?list", re.IGNORECASE),
    (rejecter._IPV4, r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])", 0),
]

AWKWARD = [
    "",
    "550 5.1.1 user unknown",
    "550-5.7.1 a\n550-5.7.1 b\n550 5.7.1 c",
    "x550 5.1.1 .550 5.1.1 1550 5.1.1 _550 5.1.1 é550 5.1.1 ١550 5.1.1 (550 5.1.1)",
    "192.5.1.1 5.1.1.2 v5.1.1 :550 /550 =550 @550 #550 -550 %550 +550 &550 *550 $550",
    "服务器返回：550 拒绝 421-4.7.0 try later #5.4.4 421 ",
    "by mx.example.jp; xby a.example.jp; BY MX.EXAMPLE.COM (Postfix) ǅby a.b.cc _by x.yy",
    "10.0.0.1 1.2.3.4.5 .1.2.3.4 a1.2.3.4 1234.1.1.1 255.255.255.255] [8.8.8.8]",
    "5" * 200 + " 5.5.5 " + "4.4.4.4." * 50,
    "by " * 100 + "by a.bc",
    "mx.example.jp[192.0.2.1] a@b.example.com x.mx.example.jp -a.bc _a.bc .a.bc",
    "MX.EXAMPLE.NET ſ.example.com \u212a.example.org",
    "a." * 40 + "com " + ("a" * 70 + ".") * 2 + "jp",
    "Greylisted, see http://x; greylist grey-list GRAY LIST xgreylisted _greylist",
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(("fast", "plain", "flags"), PLAIN, ids=lambda v: getattr(v, "pattern", ""))
def test_same_matches_as_the_plain_form(
    fast: re.Pattern[str], plain: str, flags: int, bounce_corpus: Path
) -> None:
    slow = re.compile(plain, flags)
    assert fast.pattern != plain  # the module holds the rewritten form
    texts = list(AWKWARD)
    for path in sorted((bounce_corpus / "eml").iterdir()):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for text in texts:
        assert _matches(fast, text) == _matches(slow, text)
        for start in (1, 2, 7):  # a search from inside the text looks behind its start too
            found, expected = fast.search(text, start), slow.search(text, start)
            assert (found and found.span()) == (expected and expected.span())


def _returned_part_plain(data: bytes) -> int:
    """The first line-start "content-type:" (any case) followed by blanks and a returned
    message's type: where that type ends (the lower-casing search it replaced)."""
    lowered = data.lower()
    at = lowered.find(b"content-type:")
    while at >= 0:
        if at == 0 or lowered[at - 1] == 0x0A:
            after = at + len(b"content-type:")
            while lowered[after : after + 1] in (b" ", b"\t"):
                after += 1
            for kind in (b"message/rfc822", b"text/rfc822-headers", b"message/global"):
                if lowered.startswith(kind, after):
                    return after + len(kind)
        at = lowered.find(b"content-type:", at + 1)
    return -1


RETURNED = [
    b"",
    b"Content-Type: message/rfc822\n\nx",
    b"content-type:message/global\n",
    b"CONTENT-TYPE: \t Message/RFC822\n",
    b"Subject: a\nX-Content-Type: message/rfc822\nContent-type: text/plain\n",
    b"Subject: a\nContent-Type: text/plain\n\nContent-Type: Text/RFC822-Headers\n",
    b"Content-Type: multipart/report\n\n--b\nContent-Type: message/delivery-status\n"
    b"\n--b\ncontent-type:   message/global-headers\n",
    b"\nContent-Type:\n message/rfc822\n",  # folded: not on the line
    b"Content-Type: message/rfc82\nContent-Type: message/rfc822",
]


@pytest.mark.parametrize("data", RETURNED)
def test_returned_part_as_the_plain_search(data: bytes) -> None:
    from postdesk.bounce.message import _returned_part

    assert _returned_part(data) == _returned_part_plain(data)


def test_returned_part_on_corpus(bounce_corpus: Path) -> None:
    from postdesk.bounce.message import _returned_part

    for path in sorted((bounce_corpus / "eml").iterdir()):
        data = path.read_bytes().replace(b"\r\n", b"\n")
        assert _returned_part(data) == _returned_part_plain(data)
