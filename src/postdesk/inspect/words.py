"""Header values as a client shows them, and what is wrong with their encoding.

RFC 2047 puts non-ASCII text in headers as encoded-words,
``=?charset?B|Q?encoded-text?=``. :func:`read_field` scans a raw header value
once, left to right (no regular expressions, so any input costs one pass), and
keeps each piece: raw text (8-bit bytes included, as some mailers and
antivirus programs write them) and encoded-words with their charset. It
decodes the way RFC 2047 section 6.2 says (whitespace between adjacent
encoded-words is dropped; adjacent words in one charset are joined before
decoding, so a character split across two words survives) and notes every
departure from the RFC, which is what a strict client trips over:

- ``unterminated``: ``=?`` starts a word that never ends with ``?=``;
- ``bad_encoding``: base64 with stray characters or missing padding, or an
  encoding letter other than B or Q;
- ``split_character``: a multi-byte character cut between two words (each
  word alone does not decode);
- ``unknown_charset``: a charset label no codec knows;
- ``undecodable``: the bytes are not valid in the charset the word names.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field

from postdesk.inspect import charsets

MAX_FIELD_BYTES = 16 * 1024  # a header value longer than this is read only this far
_MAX_WORD = 2000  # RFC 2047 allows 75 characters; mailers in the wild write longer
_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


@dataclass
class Piece:
    """A run of raw text, or one encoded-word with its decoded bytes."""

    raw: bytes
    charset: str | None = None  # set for an encoded-word
    data: bytes = b""  # the encoded-word's decoded bytes


@dataclass
class FieldReading:
    """One header value read: its text, its pieces, and the problems found."""

    text: str
    pieces: list[Piece] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def raw_8bit(self) -> bytes:
        """The raw (unencoded) non-ASCII bytes in the value, joined."""
        return b"".join(p.raw for p in self.pieces if p.charset is None and not p.raw.isascii())

    @property
    def word_charsets(self) -> list[str]:
        """The charsets the encoded-words name, in order, without repeats."""
        seen: list[str] = []
        for piece in self.pieces:
            if piece.charset is not None and piece.charset not in seen:
                seen.append(piece.charset)
        return seen


def _decode_word(encoding: bytes, payload: bytes, problems: list[str]) -> bytes:
    if encoding in (b"b", b"B"):
        cleaned = bytes(b for b in payload if b not in b" \t")
        if len(cleaned) % 4 or any(b not in _BASE64 for b in cleaned.rstrip(b"=")):
            problems.append("bad_encoding")
            cleaned = bytes(b for b in cleaned if b in _BASE64)
            cleaned = cleaned[: len(cleaned) - len(cleaned) % 4]
        try:
            return binascii.a2b_base64(cleaned)
        except binascii.Error:
            problems.append("bad_encoding")
            return b""
    if encoding in (b"q", b"Q"):
        return binascii.a2b_qp(payload.replace(b"_", b" "), header=True)
    problems.append("bad_encoding")
    return payload


def _scan(value: bytes, problems: list[str]) -> list[Piece]:
    """Split a raw value into text runs and encoded-words, one pass."""
    pieces: list[Piece] = []
    position = 0
    length = len(value)
    text_start = 0
    while position < length:
        start = value.find(b"=?", position)
        if start < 0:
            break
        charset_end = value.find(b"?", start + 2, start + 2 + 64)
        if charset_end < 0 or charset_end + 2 >= length or value[charset_end + 2] != ord("?"):
            position = start + 2
            continue
        end = value.find(b"?=", charset_end + 3, charset_end + 3 + _MAX_WORD)
        if end < 0:
            problems.append("unterminated")
            position = start + 2
            continue
        if start > text_start:
            pieces.append(Piece(raw=value[text_start:start]))
        label = value[start + 2 : charset_end].split(b"*", 1)[0]  # RFC 2231 language suffix
        encoding = value[charset_end + 1 : charset_end + 2]
        payload = value[charset_end + 3 : end]
        data = _decode_word(encoding, payload, problems)
        pieces.append(
            Piece(
                raw=value[start : end + 2],
                charset=label.decode("ascii", "replace").lower(),
                data=data,
            )
        )
        position = text_start = end + 2
    if text_start < length:
        pieces.append(Piece(raw=value[text_start:]))
    return _drop_space_between_words(pieces)


def _drop_space_between_words(pieces: list[Piece]) -> list[Piece]:
    """RFC 2047 6.2: whitespace that only separates two encoded-words is not shown."""
    kept: list[Piece] = []
    for index, piece in enumerate(pieces):
        between = 0 < index < len(pieces) - 1
        if (
            between
            and piece.charset is None
            and not piece.raw.strip()
            and pieces[index - 1].charset is not None
            and pieces[index + 1].charset is not None
        ):
            continue
        kept.append(piece)
    return kept


def _group_text(charset: str, words: list[Piece], problems: list[str]) -> str:
    codec = charsets.codec_for(charset)
    joined = b"".join(word.data for word in words)
    if codec is None:
        problems.append("unknown_charset")
        return charsets.decode_lenient(joined, None)
    try:
        text = joined.decode(codec)
    except UnicodeDecodeError:
        problems.append("undecodable")
        return joined.decode(codec, "replace")
    if len(words) > 1:
        for word in words:
            try:
                word.data.decode(codec)
            except UnicodeDecodeError:
                problems.append("split_character")
                break
    return text


def read_field(value: bytes, raw_codec: str | None = None) -> FieldReading:
    """Read a raw header value; raw 8-bit runs in ``raw_codec`` (else their best reading)."""
    value = value[:MAX_FIELD_BYTES].replace(b"\n", b"")
    problems: list[str] = []
    pieces = _scan(value, problems)
    texts: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.charset is None:
            texts.append(_raw_text(piece.raw, raw_codec))
            index += 1
            continue
        group = [piece]
        while index + len(group) < len(pieces) and pieces[index + len(group)].charset == (
            piece.charset
        ):
            group.append(pieces[index + len(group)])
        texts.append(_group_text(piece.charset, group, problems))
        index += len(group)
    text = " ".join("".join(texts).split())
    return FieldReading(text=text, pieces=pieces, problems=list(dict.fromkeys(problems)))


def _raw_text(raw: bytes, codec: str | None) -> str:
    if raw.isascii():
        return raw.decode("ascii")
    if codec:
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    return charsets.decode_lenient(raw, "utf-8")


def field_text(value: bytes | None) -> str:
    """A header value as text, decoded as well as it can be; ``""`` when absent."""
    return read_field(value).text if value else ""
