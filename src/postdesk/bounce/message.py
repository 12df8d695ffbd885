"""Read a raw message into the few pieces bounce parsers look at.

A bounce is read once, cheaply: the top-level headers, the notification text
(every readable part that is not the returned message, decoded to ``str``),
the machine-readable report parts (``message/delivery-status``,
``message/feedback-report``) and the headers of the returned message. Parsers
work on these strings, never on the MIME tree, so each one stays small.

Speed matters (thousands of messages per second in batch): the MIME tree is
built by :mod:`postdesk.bounce.mime` (the stdlib compat32 parser's tree, about
five times faster), only the first :data:`MAX_BYTES` of a message are examined,
and the returned message is cut after its headers; a bounce keeps everything a
parser needs near the top, the tail is the returned attachment.

Hostile input is normal input here. Header values are decoded in one linear
pass (the stdlib's ``email.header.decode_header`` is quadratic in the number of
encoded words: a 1 MB Subject took 5 s) and only their first
:data:`MAX_HEADER_CHARS` characters; a header cut there is named in
``Message.truncated_headers``. Bytes that are not text in their charset reach
no parser as surrogate escapes: :func:`clean_text` turns them into U+FFFD at
the end of :func:`read_message` and counts them in
``Message.undecodable_bytes``, so JSON, HTML and terminals downstream only
ever see valid Unicode.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from postdesk.bounce.fields import fields_of, fields_of_blocks, fields_of_plain
from postdesk.bounce.mime import Part as MimePart
from postdesk.bounce.mime import (
    is_plain_status,
    lenient_base64,
    parse_bytes,
    plain_status_pairs,
)

# Bytes of a message that are examined. Notification, report and the returned
# message's headers all sit well inside this; a 50 MB message costs no more.
MAX_BYTES = 2 * 1024 * 1024
# Decoded characters kept from one part: enough for any notification text.
MAX_PART_CHARS = 256 * 1024
# Characters of one header value that are decoded. RFC 5322 lines stop at 998
# characters; a long folded References or DKIM-Signature stays far below this,
# a megabyte Subject of encoded words (a denial of service) is cut here.
MAX_HEADER_CHARS = 16 * 1024

# Charsets that mail in the wild names but Python spells differently, or that a
# superset reads better (GB2312 mail routinely carries GBK characters).
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "iso-2022-jp": "iso2022_jp_ext",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}

_REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status")
_FEEDBACK_TYPES = ("message/feedback-report",)
_ORIGINAL_TYPES = (
    "message/rfc822",
    "message/global",
    "text/rfc822-headers",
    "message/rfc822-headers",
    "message/global-headers",
    "message/partial",
)
# A tag ends at ">" and holds no "<": each "<" of "<<<<..." then scans only to the next.
_TAG = re.compile(r"<[^<>]*>")
_BLANK_RUNS = re.compile(r"\n\s*\n\s*\n+")


_T = TypeVar("_T")


class _worked_out_once(Generic[_T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every
    first use; 3.12 dropped it): the value is stored in the instance on first use."""

    def __init__(self, func: Callable[[Message], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance: Message | None, owner: type | None = None) -> _T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = self.func(instance)
        instance.__dict__[self.name] = value  # found before this descriptor from now on
        return value


@dataclass
class Message:
    """The readable pieces of one message."""

    headers: dict[str, str]  # top-level headers, lower-case names, first value, decoded
    received: list[str]  # every Received header, top first
    text: str  # notification text: readable parts outside the returned message
    reports: list[str] = field(default_factory=list)  # message/delivery-status parts
    # The fields of each report (bounce.fields.fields_of of its text), read with the part.
    report_fields: list[list[tuple[str, str]]] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)  # message/feedback-report parts
    original: str = ""  # headers (and start) of the returned message, when attached
    content_type: str = ""  # top-level content type, lower case
    defects: int = 0  # MIME defects the parser noted (missing boundary, ...)
    # Bytes that were not text in their charset; each shows as U+FFFD.
    undecodable_bytes: int = 0
    # Names of headers longer than MAX_HEADER_CHARS, decoded only that far.
    truncated_headers: list[str] = field(default_factory=list)

    # Worked out once per message: every parser's guard asks (the fields are not
    # changed after read_message).
    @_worked_out_once
    def has_report(self) -> bool:
        """Whether a delivery-status part names at least one recipient."""
        return any("recipient:" in report.lower() for report in self.reports)

    @_worked_out_once
    def lowered(self) -> str:
        """``text`` in lower case (``str.lower``), for the parsers' marker tests."""
        return self.text.lower()

    def header(self, name: str) -> str:
        """A top-level header's decoded value, or ``""``."""
        return self.headers.get(name, "")


def normalise_newlines(raw: bytes) -> bytes:
    """LF line endings whatever the input used (CRLF, CR or a mix)."""
    if b"\r" not in raw:
        return raw
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def charset_of(name: str | None) -> str:
    """A Python codec for a MIME charset label, ``utf-8`` when unknown."""
    label = (name or "").strip().strip('"').lower()
    if not label:
        return "utf-8"
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return "utf-8"


# Charsets mislabelled mail of one language family is most often really in.
_FAMILY_FALLBACKS = {
    "iso2022_jp_ext": ("cp932", "euc_jp"),
    "cp932": ("euc_jp",),
    "euc_jp": ("cp932",),
    "gb18030": ("big5hkscs",),
    "big5hkscs": ("gb18030",),
}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` as text: the declared charset, else UTF-8 or a sibling; never raises.

    Bytes no candidate reads stay as surrogate escapes, for :func:`clean_text`
    to replace and count at the edge of the reader.
    """
    codec = charset_of(charset)
    for candidate in (codec, "utf-8", *_FAMILY_FALLBACKS.get(codec, ())):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return data.decode(codec, errors="surrogateescape")


_SURROGATE_RUN = re.compile("[\ud800-\udfff]+")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` with no lone surrogates, and how many bytes were replaced by U+FFFD.

    A run of surrogate escapes is the raw bytes of the input: read as UTF-8 where
    they are (8-bit header text sent without a charset), else each bad byte
    becomes U+FFFD. Surrogates that are not escapes become one U+FFFD each.
    """
    if text.isascii():
        return text, 0
    try:
        text.encode("utf-8")  # one C pass: fails only on a surrogate
    except UnicodeEncodeError:
        pass
    else:
        return text, 0  # no surrogate: nothing to repair (the pattern below steps per character)
    replaced = 0

    def repair(run: re.Match[str]) -> str:
        nonlocal replaced
        try:
            raw = run.group().encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            replaced += len(run.group())
            return "\ufffd" * len(run.group())
        repaired = raw.decode("utf-8", "replace")
        replaced += repaired.count("\ufffd")
        return repaired

    return _SURROGATE_RUN.sub(repair, text), replaced


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes (kept by compat32 as surrogates) read as UTF-8."""
    if value.isascii():
        return value
    try:
        raw = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value
    return decode_bytes(raw, "utf-8")


# The head of an RFC 2047 encoded word: =?charset[*language]?B|Q? . Neither part
# holds "?" or white space, so a failed match stops at the next "?" (linear).
_WORD_HEAD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?")
_WHITE_SPACE = re.compile(r"\s")


def _encoded_words(value: str) -> Iterator[tuple[int, int, str, str, str]]:
    """``(start, end, charset, encoding, text)`` of every encoded word, in one pass.

    A word's text runs to the first "?=" before the next white space (RFC 2047
    allows no white space in a word; a "?" inside it, which broken encoders
    write and the stdlib accepts, is kept). Each stretch of the value is
    searched a bounded number of times, so the whole is linear in its length:
    the stdlib's ``email.header.decode_header`` is quadratic in the words.
    """
    position = 0
    space = -1  # the next white space at or after ``position``; -1: not looked up
    length = len(value)
    while True:
        head = _WORD_HEAD.search(value, position)
        if head is None:
            return
        text_start = head.end()
        if space < text_start:
            found = _WHITE_SPACE.search(value, text_start)
            space = found.start() if found else length
        end = value.find("?=", text_start, space)
        if end < 0:
            position = space  # no word ends before the white space: none starts before it
            continue
        yield head.start(), end + 2, head.group(1), head.group(2), value[text_start:end]
        position = end + 2


def _word_bytes(encoding: str, text: str) -> bytes:
    """The bytes an encoded word's text stands for (B: base64, Q: RFC 2047 4.2)."""
    data = text.encode("ascii", "surrogateescape")
    if encoding in "bB":
        return lenient_base64(data)
    return binascii.a2b_qp(data, header=True)


def decode_header(value: str) -> str:
    """An RFC 2047 encoded header value as plain text, unfolded, in linear time.

    Adjacent encoded words in one charset are joined as bytes before decoding
    (a multi-byte character may be split between them) and the white space
    between encoded words is dropped (RFC 2047 section 6.2).
    """
    if "=?" not in value and value.isascii():
        return " ".join(value.split())  # the common case: plain text, only unfolded
    value = _unescape(value).replace("\n", " ").replace("\t", " ")
    if "=?" not in value:
        return " ".join(value.split())
    pieces: list[str] = []
    pending: list[bytes] = []  # bytes of the encoded words in a row, one charset
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending:
            pieces.append(decode_bytes(b"".join(pending), pending_charset))
        pending, pending_charset = [], None

    for start, end, label, encoding, text in _encoded_words(value):
        between = value[position:start]
        charset = label.split("*", 1)[0]
        if between and not (pending and between.isspace()):
            flush()
            pieces.append(between)
        if pending and charset_of(charset) != charset_of(pending_charset):
            flush()
        pending.append(_word_bytes(encoding, text))
        pending_charset = charset
        position = end
    flush()
    pieces.append(value[position:])
    return " ".join("".join(pieces).split())


def _capped(name: str, value: str, truncated: list[str]) -> str:
    """``value`` cut at MAX_HEADER_CHARS, noting ``name`` in ``truncated`` when it was."""
    if len(value) <= MAX_HEADER_CHARS:
        return value
    if name not in truncated:
        truncated.append(name)
    return value[:MAX_HEADER_CHARS]


# Header names as written -> as looked up (stripped, lower case): a handful of names
# ("Received", "Subject", "Content-Type") make up nearly every message's headers.
_HEADER_KEYS: dict[str, str] = {}


def _headers_of(part: MimePart, truncated: list[str]) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    received: list[str] = []
    keys = _HEADER_KEYS
    for name, value in part.items():
        key = keys.get(name)
        if key is None:
            key = name.strip().lower()
            if len(keys) < 4096:  # names come from the input: the memo stays bounded
                keys[name] = key
        if key == "received":
            if len(value) > MAX_HEADER_CHARS:
                value = _capped(key, value, truncated)
            received.append(" ".join(value.split()))
        elif key not in headers:
            if len(value) > MAX_HEADER_CHARS:
                value = _capped(key, value, truncated)
            if "=?" in value or not value.isascii():
                headers[key] = decode_header(value)
            else:  # decode_header's plain case, without the call
                headers[key] = " ".join(value.split())
    return headers, received


# Codecs that read ASCII bytes as the same ASCII text.
_ASCII_SAFE = frozenset({"utf-8", "iso8859-1", "iso8859-15", "cp1252"})


def _payload_text(part: MimePart) -> str:
    """A leaf part's content decoded (transfer encoding, then charset)."""
    plain = part.plain_text()
    if plain is not None and charset_of(part.get_content_charset()) in _ASCII_SAFE:
        return plain[:MAX_PART_CHARS]  # what decoding its ASCII bytes gives
    try:
        data = part.get_payload(decode=True)
    except (ValueError, AssertionError):
        data = None
    if data is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    if not isinstance(data, bytes):
        return str(data)
    text = decode_bytes(data[: MAX_PART_CHARS * 4], part.get_content_charset())
    return text[:MAX_PART_CHARS]


_HIDDEN_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</li>|</h\d>")


def _without_hidden(html: str) -> str:
    """``html`` without its script and style elements, in one pass.

    Each opening tag looks for its own closing tag once, from where it is; an
    element never closed hides the rest. (A lazy ``<script>.*?</script>``
    pattern scans to the end again from every unclosed opening: quadratic.)
    """
    kept: list[str] = []
    position = 0
    lowered = html.lower()
    while True:
        opening = _HIDDEN_OPEN.search(html, position)
        if opening is None:
            kept.append(html[position:])
            return " ".join(kept)
        kept.append(html[position : opening.start()])
        closing = lowered.find(f"</{opening.group(1).lower()}", opening.end())
        if closing < 0:
            return " ".join(kept)
        end = html.find(">", closing)
        position = len(html) if end < 0 else end + 1


def html_to_text(html: str) -> str:
    """Rough text of an HTML notification: line breaks kept, tags dropped."""
    html = _LINE_BREAK_TAG.sub("\n", _without_hidden(html))
    text = _TAG.sub("", html)
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    text = text.replace("&amp;", "&")
    return _BLANK_RUNS.sub("\n\n", text)


def _original_text(part: MimePart, truncated: list[str]) -> str:
    """Headers of a returned message part, as ``Name: value`` lines."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], MimePart):
        lines = []
        for name, value in payload[0].items():
            if len(value) > MAX_HEADER_CHARS:
                value = _capped(name.strip().lower(), value, truncated)
            if "=?" in value or not value.isascii():
                value = decode_header(value)
            else:  # decode_header's plain case, without the call: a returned message has dozens
                value = " ".join(value.split())
            lines.append(f"{name}: {value}")
        return "\n".join(lines) + "\n"
    return _payload_text(part)


class _Walker:
    """Collects the readable pieces of a MIME tree in document order."""

    def __init__(self, truncated: list[str]) -> None:
        self.texts: list[str] = []
        self.reports: list[str] = []
        # Each report's fields where its blocks give them (fields_of_blocks), else None.
        self.report_fields: list[list[tuple[str, str]] | None] = []
        self.feedback: list[str] = []
        self.originals: list[str] = []
        self.truncated = truncated

    def walk(self, part: MimePart, depth: int = 0) -> None:
        ctype = part.get_content_type().lower()
        if depth > 20:
            return
        if ctype in _REPORT_TYPES:
            text, fields = _report_text_and_fields(part)
            self.reports.append(text)
            self.report_fields.append(fields)
        elif ctype in _FEEDBACK_TYPES:
            self.feedback.append(_payload_text_or_nested(part))
        elif ctype in _ORIGINAL_TYPES and _is_forwarded_report(part) and not self.reports:
            # A bounce forwarded as an attachment: its report is the one to read.
            self.walk(part.get_payload()[0], depth + 1)
        elif ctype in _ORIGINAL_TYPES:
            self.originals.append(_original_text(part, self.truncated))
        elif ctype.startswith("multipart/"):  # also when its boundary is missing
            self._walk_multipart(part, ctype, depth)
        elif ctype.startswith("text/") or ctype in ("message/external-body",) or not ctype:
            text = _payload_text(part)
            self.texts.append(html_to_text(text) if ctype == "text/html" else text)
        elif ctype == "application/octet-stream" or ctype.startswith("message/"):
            # Some mailers attach the report or the returned message untyped.
            text = _payload_text(part)
            if text.isprintable() or "\n" in text[:2000]:
                self.originals.append(text[:20000])

    def _walk_multipart(self, part: MimePart, ctype: str, depth: int) -> None:
        payload = part.get_payload()
        if isinstance(payload, str):  # boundary missing or unreadable: keep the text
            self.texts.append(payload[:MAX_PART_CHARS])
            return
        children = [c for c in payload if isinstance(c, MimePart)]
        if ctype == "multipart/alternative":
            plain = [c for c in children if c.get_content_type() == "text/plain"]
            children = plain[:1] or children[:1]
        for child in children:
            self.walk(child, depth + 1)


def _is_forwarded_report(part: MimePart) -> bool:
    """Whether a message/rfc822 part holds a delivery report (a forwarded bounce)."""
    payload = part.get_payload()
    if not (isinstance(payload, list) and payload and isinstance(payload[0], MimePart)):
        return False
    inner = payload[0]
    return inner.get_content_type() == "multipart/report" and "delivery-status" in str(
        inner.get("content-type", "")
    )


def _report_text_and_fields(part: MimePart) -> tuple[str, list[tuple[str, str]] | None]:
    """A delivery-status part's text (:func:`_payload_text_or_nested`) and, when the
    MIME reader split it into header blocks, their fields (``None`` otherwise)."""
    body = part.status_body()
    if body is not None:
        text = _report_as_written(body)
        if text is not None:
            return text, fields_of_plain(text)
    blocks = plain_status_pairs(body) if body is not None else None
    if blocks is None:  # the blocks the MIME reader makes
        payload = part.get_payload()
        if not isinstance(payload, list):
            return _payload_text(part), None
        blocks = [block.items() for block in payload if isinstance(block, MimePart)]
    text = "\n\n".join("\n".join(f"{k}: {v}" for k, v in items) for items in blocks) + "\n"
    return text, fields_of_blocks(text, blocks)


# A field line whose value does not start one blank after its colon ("Name:value",
# "Name:  value"), searched in "\n" + body: written as a block's field, its line changes.
_RESPACED_FIELD = re.compile(r"\n[\041-\071\073-\176]+:(?! (?![ \t]))")


def _report_as_written(body: str) -> str | None:
    """The text :func:`_report_text_and_fields` makes of a plain delivery-status body's
    blocks (:func:`postdesk.bounce.mime.plain_status_pairs`) when that is the body as
    it is: ASCII, every field written "Name: value", one blank line between blocks,
    one newline at the end (or two: the blocks drop the last blank line). ``None``
    for any other body, which is read block by block.
    """
    text = body[:-1] if body.endswith("\n\n") else body
    if not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n"):
        return None
    if "\n\n\n" in text:
        return None
    if not text.isascii() or not is_plain_status(text) or _RESPACED_FIELD.search("\n" + text):
        return None
    return text


def _payload_text_or_nested(part: MimePart) -> str:
    """A report part's text; compat32 parses some as nested header blocks."""
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = []
        for block in payload:
            if isinstance(block, MimePart):
                blocks.append("\n".join(f"{k}: {v}" for k, v in block.items()))
        return "\n\n".join(blocks) + "\n"
    return _payload_text(part)


# A line "Content-Type: message/rfc822" (text/rfc822-headers, message/global), any case,
# searched after a newline: the pattern opens with that literal newline, so re looks for
# newlines and tries the rest (case-insensitive) only there. (Lower-casing the whole
# message for a plain search cost more than the rest of trimming it.)
_RETURNED_TYPE = rb"(?i:content-type:[ \t]*(?:message/rfc822|text/rfc822-headers|message/global))"
_RETURNED_AT_START = re.compile(_RETURNED_TYPE)
_RETURNED_LINE = re.compile(rb"\n" + _RETURNED_TYPE)
# Bytes of a returned message kept: its headers, which is all a parser reads.
RETURNED_BYTES = 64 * 1024
# Bytes of the returned message's body kept after its headers: parsing the
# body (often multipart HTML) costs more than the rest of the bounce, and no
# parser reads it, unless it is itself a bounce (a forwarded report).
RETURNED_BODY_BYTES = 2 * 1024
_BLANK_LINE = re.compile(rb"\n[ \t]*\n")


def _end_of_headers(data: bytes, start: int) -> int:
    """Offset of the blank line ending the header block that starts at ``start``, or -1."""
    found = _BLANK_LINE.search(data, start)
    return found.start() if found else -1


def _returned_part(data: bytes) -> int:
    """Where the first line "Content-Type: message/rfc822" (or another returned
    message's type) ends, or -1."""
    found = _RETURNED_AT_START.match(data) or _RETURNED_LINE.search(data)
    return found.end() if found else -1


def _trim_returned_message(data: bytes) -> bytes:
    """``data`` without the body of the returned message (parsing it costs most)."""
    found = _returned_part(data)
    if found < 0:
        return data
    part_headers_end = _end_of_headers(data, found)
    if part_headers_end >= 0:
        inner_start = part_headers_end + 1
        while data[inner_start : inner_start + 1] in (b"\n", b" ", b"\t"):
            inner_start += 1  # blank lines some mailers put before the returned headers
        inner_end = _end_of_headers(data, inner_start)
        inner_headers = data[inner_start:inner_end].lower() if inner_end >= 0 else b""
        if inner_end >= 0 and b"multipart/report" not in inner_headers:
            return data[: inner_end + RETURNED_BODY_BYTES]
    if len(data) - found <= RETURNED_BYTES:
        return data
    return data[: found + RETURNED_BYTES]


def read_message(raw: bytes) -> Message:
    """Parse ``raw`` (bytes of one message) into a :class:`Message`."""
    data = _trim_returned_message(normalise_newlines(raw[:MAX_BYTES]))
    if data.startswith(b"From ") and b"\n" in data:  # mbox separator line
        data = data.split(b"\n", 1)[1]
    mime = parse_bytes(data)
    truncated: list[str] = []
    headers, received = _headers_of(mime, truncated)
    walker = _Walker(truncated)
    walker.walk(mime)
    message = Message(
        headers=headers,
        received=received,
        text="\n".join(walker.texts),
        reports=walker.reports,
        feedback=walker.feedback,
        original="\n".join(walker.originals),
        content_type=mime.get_content_type().lower(),
        defects=len(mime.defects),
        truncated_headers=truncated,
    )
    _clean_message(message)
    # After cleaning: where the blocks did not give the fields, the cleaned text does.
    message.report_fields = [
        fields if fields is not None else fields_of(text)
        for fields, text in zip(walker.report_fields, message.reports, strict=True)
    ]
    return message


def _clean_message(message: Message) -> None:
    """Every string of ``message`` as valid Unicode (see :func:`clean_text`), counted."""
    replaced = 0

    def clean(text: str) -> str:
        nonlocal replaced
        if text.isascii():
            return text
        cleaned, count = clean_text(text)
        replaced += count
        return cleaned

    headers = message.headers
    if not ("".join(headers).isascii() and "".join(headers.values()).isascii()):
        message.headers = {clean(name): clean(value) for name, value in headers.items()}
    if not "".join(message.received).isascii():
        message.received = [clean(value) for value in message.received]
    message.text = clean(message.text)
    message.reports = [clean(report) for report in message.reports]
    message.feedback = [clean(report) for report in message.feedback]
    message.original = clean(message.original)
    message.truncated_headers = [clean(name) for name in message.truncated_headers]
    message.undecodable_bytes = replaced
