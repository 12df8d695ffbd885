"""Garbled text (4.0.27): why the subject, a name or the body shows garbage, repaired.

Each place a client shows text is checked on its own (Subject, the display
names of From/To/Cc, the first text part) for the causes the document gives
and the RFCs define, most specific first:

- ``mixed_encodings``: raw 8-bit bytes next to RFC 2047 encoded-words in one
  field (the document's case: Rising antivirus prepends raw GB2312 to a UTF-8
  encoded subject). RFC 5322 allows no raw 8-bit header bytes, RFC 6532 only
  UTF-8 ones, so no client reads both halves right.
- ``broken_encoded_word``: an encoded-word that breaks RFC 2047 (see
  :mod:`postdesk.inspect.words`).
- ``8bit_stripped``: a CJK or UTF-8 label over pure 7-bit text that turns into
  the script's common characters once the 8th bit is put back
  (:func:`postdesk.inspect.repair.restore_high_bit`).
- ``double_encoded``: UTF-8 read as another charset and encoded again.
- ``mislabelled_charset``: the bytes do not decode in the named charset, or
  decode to implausible text while another charset gives common text.
- ``missing_charset``: non-ASCII bytes with no charset named (RFC 2045 5.2:
  the default is US-ASCII), or non-UTF-8 raw bytes in a header.

A cause is reported with the repaired text and a confidence (0-1) that says
how plausible the repair reads and by what margin it beats the reading a
client would make; nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postdesk.inspect import charsets, repair, words
from postdesk.inspect.context import InspectContext
from postdesk.inspect.finding import Evidence, Finding
from postdesk.inspect.mime import Part
from postdesk.inspect.original import Original, html_words

KIND = "garbled"
ORDER = 30
PLAYBOOK = "garbled-mail"
NAME_FIELDS = ("from", "to", "cc", "reply-to")
EXCERPT_CHARS = 500
# The Rising notice the document quotes (4.0.27 3)), as the repaired text shows it.
RISING_NOTICE = "瑞星提示"
ADVICE = {
    "missing_charset": "garbled-missing-charset",
    "mislabelled_charset": "garbled-mislabelled-charset",
    "8bit_stripped": "garbled-8bit-stripped",
    "mixed_encodings": "garbled-mixed-encodings",
    "double_encoded": "garbled-double-encoded",
    "broken_encoded_word": "garbled-broken-encoded-word",
}
# When two places show different causes, the more specific one leads.
PRIORITY = tuple(ADVICE)[::-1]
# A stripped-bit repair must turn at least this share of the visible text into
# the script's common characters, or the 7-bit text is taken as it reads.
STRIPPED_COVERAGE = 0.3
# Bytes of a piece below which charset-normalizer is not asked (it needs text to
# measure; a name or a short subject in an uncovered script is left alone).
DETECT_BYTES = 48


@dataclass
class Diagnosis:
    """One place, its cause, its repaired text and how sure the repair is."""

    where: str
    cause: str
    repaired: str
    confidence: float
    declared: str | None = None
    detected: str | None = None
    raw: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "cause": self.cause,
            "repaired": self.repaired[:EXCERPT_CHARS],
            "confidence": self.confidence,
            "declared": self.declared,
            "detected": self.detected,
        }


def _shown(raw: bytes) -> str:
    """Raw bytes as evidence: ASCII kept, other bytes as \\xNN."""
    return raw[:300].decode("ascii", "backslashreplace")


def _mixed(where: str, reading: words.FieldReading, raw: bytes) -> Diagnosis:
    raw_part = charsets.best_reading(reading.raw_8bit)
    fixed = words.read_field(raw, raw_part.codec if raw_part else None).text
    sure = charsets.confidence(raw_part) if raw_part else 0.4
    declared = ",".join(reading.word_charsets)
    detected = raw_part.codec if raw_part else None
    return Diagnosis(where, "mixed_encodings", fixed, sure, declared, detected, _shown(raw))


def _undoubled(where: str, text: str, raw: bytes, declared: str | None) -> Diagnosis | None:
    fixed = repair.undouble(text)
    if fixed is None:
        return None
    sure = round(min(0.95, charsets.confidence(charsets.judge(fixed.text)) * fixed.coverage), 2)
    return Diagnosis(where, "double_encoded", fixed.text, sure, declared, fixed.via, _shown(raw))


def _stripped(where: str, data: bytes, codec: str | None, raw: bytes) -> Diagnosis | None:
    tried = [codec] if codec in charsets.HIGH_BIT_CODECS else list(charsets.HIGH_BIT_CODECS)
    best = None
    for candidate in tried:
        fixed = repair.restore_high_bit(data, candidate or "")
        if (
            fixed
            and fixed.coverage >= STRIPPED_COVERAGE
            and (best is None or fixed.coverage > best.coverage)
        ):
            best = fixed
    if best is None:
        return None
    sure = round(min(0.95, 0.4 + best.coverage * 0.6 * min(1.0, best.changed / 6)), 2)
    return Diagnosis(where, "8bit_stripped", best.text, sure, codec, best.via, _shown(raw))


def _relabelled(
    where: str, data: bytes, declared: str | None, codec: str | None, raw: bytes
) -> Diagnosis | None:
    """``missing_charset`` or ``mislabelled_charset`` when another reading is clearly better."""
    client = charsets.read_as(data, codec) if codec else None
    if client is not None and client.plausible and client.language != "latin":
        return None
    cause = "mislabelled_charset" if declared else "missing_charset"
    better = charsets.best_reading(data, exclude=codec)
    if better is not None and client is not None and client.plausible:
        better = better if better.common > client.common else None  # Latin-1 reads anything
    if better is None:
        if client is not None and client.plausible:
            return None
        detected = charsets.detect(data, exclude=codec) if len(data) >= DETECT_BYTES else None
        if detected is None:
            return None
        reading, sure = detected
        return Diagnosis(where, cause, reading.text, sure, declared, reading.codec, _shown(raw))
    if client is not None and better.codec == client.codec:
        return None
    sure = charsets.confidence(better, client)
    return Diagnosis(where, cause, better.text, sure, declared, better.codec, _shown(raw))


def _check_field(where: str, raw: bytes) -> Diagnosis | None:
    reading = words.read_field(raw)
    if reading.raw_8bit and reading.word_charsets:
        return _mixed(where, reading, raw)
    broken = [p for p in reading.problems if p != "undecodable"]
    if broken:
        fixed = reading.text
        sure = 0.9 if broken == ["split_character"] else 0.7
        return Diagnosis(where, "broken_encoded_word", fixed, sure, None, None, _shown(raw))
    if reading.raw_8bit:
        try:
            reading.raw_8bit.decode("utf-8")  # RFC 6532 allows raw UTF-8 in headers
        except UnicodeDecodeError:
            found = _relabelled(where, reading.raw_8bit, None, None, raw)
            if found is not None:
                found.repaired = words.read_field(raw, found.detected).text
                return found
    for charset in reading.word_charsets:
        data = b"".join(p.data for p in reading.pieces if p.charset == charset)
        codec = charsets.codec_for(charset)
        found = _relabelled(where, data, charset, codec, raw)
        if found is not None:
            return found
        if data.isascii() and codec in charsets.HIGH_BIT_CODECS:
            found = _stripped(where, data, codec, raw)
            if found is not None:
                return found
    return _undoubled(where, reading.text, raw, ",".join(reading.word_charsets) or None)


def _check_body(original: Original, part: Part) -> Diagnosis | None:
    data = original.body_bytes(part)
    declared = part.charset
    codec = charsets.codec_for(declared)
    head = data[:300]
    if data.isascii():
        if declared and codec in charsets.HIGH_BIT_CODECS:
            return _stripped("body", data, codec, head)
        return None
    found = _relabelled("body", data, declared, codec, head)
    if found is None and declared is None:
        found = _relabelled("body", data, None, "ascii", head)
    if found is not None:
        if part.content_type == "text/html":
            found.repaired = html_words(found.repaired)
        return found
    text = charsets.decode_lenient(data, declared)
    if part.content_type == "text/html":
        text = html_words(text)
    return _undoubled("body", text, head, declared)


def _places(original: Original) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    fields = [("subject", original.field("subject"))]
    fields += [(name, original.field(name)) for name in NAME_FIELDS]
    for name, raw in fields:
        if raw:
            diagnosis = _check_field(name.capitalize(), raw)
            if diagnosis is not None:
                found.append(diagnosis)
    if original.text_parts:
        diagnosis = _check_body(original, original.text_parts[0])
        if diagnosis is not None:
            found.append(diagnosis)
    return found


def find(original: Original, context: InspectContext) -> list[Finding]:
    """A garbled finding naming the leading cause, every place found, and the repairs."""
    if original.tnef_file:
        return []
    places = _places(original)
    if not places:
        return []
    lead = max(places, key=lambda d: (PRIORITY.index(d.cause), d.confidence))
    subject = next((d.repaired for d in places if d.where == "Subject"), original.subject)
    body = next((d.repaired for d in places if d.where == "body"), None)
    if body is None:
        body = " ".join(original.body_text[: EXCERPT_CHARS * 2].split())
    names = {d.where.lower(): d.repaired for d in places if d.where.lower() in NAME_FIELDS}
    advice = ADVICE[lead.cause]
    if RISING_NOTICE in subject and lead.cause == "mixed_encodings":
        advice = "garbled-rising-notice"
    details = {
        "cause": lead.cause,
        "confidence": lead.confidence,
        "subject": subject,
        "names": names,
        "body_excerpt": body[:EXCERPT_CHARS],
        "places": [d.as_dict() for d in places],
    }
    evidence = [Evidence(f"cause_{d.cause}", d.raw, d.where) for d in places]
    return [Finding(KIND, PLAYBOOK, advice, details, evidence)]
