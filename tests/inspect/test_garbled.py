"""Garbled text (4.0.27): each cause made from real CJK text, found, repaired, with confidence."""

from __future__ import annotations

import base64
import difflib

import pytest

from postdesk.inspect import InspectContext, inspect_many
from tests.inspect.samples import NATIVE, TEXTS, b64word, message, sloppy_cp1252

CONTEXT = InspectContext.default()


def mostly(repaired: str, expected: str, share: float = 0.9) -> bool:
    """Whether ``repaired`` holds ``expected`` but for a few characters lost on the way."""
    matcher = difflib.SequenceMatcher(None, repaired, expected, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same >= len(expected) * share


def garbled(raw: bytes) -> dict:
    result = inspect_many([("sample.eml", raw)], CONTEXT)[0]
    assert result.error is None and not result.problems
    finding = result.finding("garbled")
    assert finding is not None, "no garbled finding"
    return finding.as_dict()


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_missing_charset_label(lang: str) -> None:
    subject, body = TEXTS[lang]
    raw = message(subject.encode(NATIVE[lang]), body.encode(NATIVE[lang]), b"text/plain")
    found = garbled(raw)
    assert found["cause"] == "missing_charset" and found["finding"] == "garbled-missing-charset"
    assert found["body_excerpt"].strip() == body
    assert found["subject"] == subject
    assert found["confidence"] >= 0.8
    assert found["reply"]["zh"] and found["step"] == "collect-details"


# (language, charset the text is really in, the wrong label on it)
MISLABELS = [
    ("zh-Hant", "big5", "gb2312"),
    ("zh", "gbk", "big5"),
    ("ja", "shift_jis", "gb2312"),  # the document's Japanese-Windows case
    ("ja", "euc-jp", "shift_jis"),
    ("ko", "euc-kr", "utf-8"),
    ("zh", "gb2312", "utf-8"),
    ("zh", "utf-8", "gbk"),
]


@pytest.mark.parametrize(("lang", "real", "label"), MISLABELS)
def test_wrong_charset_label(lang: str, real: str, label: str) -> None:
    subject, body = TEXTS[lang]
    header = b64word(label, subject.encode(real))
    raw = message(header, body.encode(real), b"text/plain; charset=" + label.encode())
    found = garbled(raw)
    assert found["cause"] == "mislabelled_charset"
    assert found["body_excerpt"].strip() == body
    assert found["subject"] == subject
    body_place = next(p for p in found["places"] if p["where"] == "body")
    assert body_place["declared"] == label and body_place["confidence"] >= 0.6


@pytest.mark.parametrize(
    ("lang", "charset"),
    [("zh", "gb2312"), ("ja", "euc-jp"), ("ko", "euc-kr"), ("zh", "utf-8"), ("ja", "utf-8")],
)
def test_eighth_bit_stripped(lang: str, charset: str) -> None:
    _, body = TEXTS[lang]
    stripped = bytes(byte & 0x7F for byte in f"Hello, {body} Thanks".encode(charset))
    raw = message(b"hello", stripped, b"text/plain; charset=" + charset.encode())
    found = garbled(raw)
    assert found["cause"] == "8bit_stripped"
    # A UTF-8 continuation byte 8D loses its bit to a carriage return, which a
    # line-ending fix on the way turns into a line feed: that character is lost;
    # a one-syllable Korean word is too short to restore safely and stays as is.
    assert mostly(found["body_excerpt"], body) and "Hello," in found["body_excerpt"]


def test_english_mail_labelled_gb2312_is_not_garbled() -> None:
    raw = message(
        b"Quarterly report",
        b"Hello team, see the attached PDF for 2024 ABCD results.",
        b"text/plain; charset=gb2312",
    )
    result = inspect_many([("en.eml", raw)], CONTEXT)[0]
    assert result.finding("garbled") is None


def test_rising_notice_prepended_to_utf8_subject() -> None:
    subject, _ = TEXTS["zh"]
    notice = "瑞星提示-此邮件可能是垃圾邮件".encode("gb2312")
    raw = message(
        notice + b" " + b64word("utf-8", subject.encode()), b"hi", b"text/plain; charset=utf-8"
    )
    found = garbled(raw)
    assert found["cause"] == "mixed_encodings" and found["finding"] == "garbled-rising-notice"
    assert found["subject"] == f"瑞星提示-此邮件可能是垃圾邮件 {subject}"
    assert found["step"] == "reply-rising"


def test_other_raw_text_next_to_an_encoded_word_is_mixed_encodings() -> None:
    subject, _ = TEXTS["zh"]
    raw = message(
        "[外部邮件]".encode("gbk") + b" " + b64word("utf-8", subject.encode()), b"hi", b"text/plain"
    )
    found = garbled(raw)
    assert (
        found["finding"] == "garbled-mixed-encodings"
        and found["subject"] == f"[外部邮件] {subject}"
    )


@pytest.mark.parametrize("misreader", ["latin-1", "sloppy-cp1252", "gbk"])
def test_double_encoded_utf8(misreader: str) -> None:
    _, body = TEXTS["zh"]
    data = body.encode()
    if misreader == "sloppy-cp1252":
        twice = sloppy_cp1252(data)
    else:
        twice = data.decode(misreader, "replace")
    raw = message(b"x", twice.encode("utf-8"), b"text/plain; charset=utf-8")
    found = garbled(raw)
    assert found["cause"] == "double_encoded"
    # Bytes the misreading replaced with U+FFFD are gone; the rest comes back.
    assert mostly(found["body_excerpt"], body, 0.7), found["body_excerpt"]


def test_character_split_between_encoded_words() -> None:
    subject, _ = TEXTS["zh"]
    data = subject.encode()
    header = b64word("utf-8", data[:7]) + b" " + b64word("utf-8", data[7:])
    found = garbled(message(header, b"hi", b"text/plain; charset=utf-8"))
    assert found["cause"] == "broken_encoded_word" and found["subject"] == subject


def test_unterminated_encoded_word() -> None:
    header = b"=?utf-8?B?" + base64.b64encode("会议".encode())
    found = garbled(message(header, b"hi", b"text/plain; charset=utf-8"))
    assert found["cause"] == "broken_encoded_word"


def test_clean_message_has_no_garbled_finding() -> None:
    subject, body = TEXTS["zh"]
    raw = message(b64word("utf-8", subject.encode()), body.encode(), b"text/plain; charset=utf-8")
    assert inspect_many([("ok.eml", raw)], CONTEXT)[0].finding("garbled") is None


RUSSIAN = (
    "Здравствуйте! Во вложении окончательная версия договора, пожалуйста, подтвердите до пятницы."
)
GERMAN = (
    "Sehr geehrte Damen und Herren, anbei die endgültige Fassung des Vertrags. Grüße, Jürgen Müßig"
)


@pytest.mark.parametrize(
    ("text", "real", "label", "cause"),
    [
        (RUSSIAN, "cp1251", None, "missing_charset"),
        (RUSSIAN, "cp1251", "koi8-r", "mislabelled_charset"),
        (GERMAN, "latin-1", None, "missing_charset"),
    ],
)
def test_scripts_outside_the_cjk_tables_go_to_charset_normalizer(
    text: str, real: str, label: str | None, cause: str
) -> None:
    ctype = b"text/plain" + (b"; charset=" + label.encode() if label else b"")
    found = garbled(message(b"x", text.encode(real), ctype))
    assert found["cause"] == cause and found["body_excerpt"].strip() == text


def test_no_reading_is_better_than_a_wrong_one() -> None:
    # charset-normalizer reads this short KOI8-R text as Shift_JIS half-width kana;
    # the tables refuse that reading, and nothing is claimed.
    raw = message(b"x", RUSSIAN.encode("koi8_r"), b"text/plain; charset=windows-1251")
    assert inspect_many([("ru.eml", raw)], CONTEXT)[0].finding("garbled") is None
    fine = message(b"x", GERMAN.encode("latin-1"), b"text/plain; charset=iso-8859-1")
    assert inspect_many([("de.eml", fine)], CONTEXT)[0].finding("garbled") is None
