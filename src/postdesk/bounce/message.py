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
"""

from __future__ import annotations

import codecs
import email.header
import re
from dataclasses import dataclass, field

from postdesk.bounce.mime import Part as MimePart
from postdesk.bounce.mime import parse_bytes

# Bytes of a message that are examined. Notification, report and the returned
# message's headers all sit well inside this; a 50 MB message costs no more.
MAX_BYTES = 2 * 1024 * 1024
# Decoded characters kept from one part: enough for any notification text.
MAX_PART_CHARS = 256 * 1024

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
_TAG = re.compile(r"<[^>]*>")
_BLANK_RUNS = re.compile(r"\n\s*\n\s*\n+")


@dataclass
class Message:
    """The readable pieces of one message."""

    headers: dict[str, str]  # top-level headers, lower-case names, first value, decoded
    received: list[str]  # every Received header, top first
    text: str  # notification text: readable parts outside the returned message
    reports: list[str] = field(default_factory=list)  # message/delivery-status parts
    feedback: list[str] = field(default_factory=list)  # message/feedback-report parts
    original: str = ""  # headers (and start) of the returned message, when attached
    content_type: str = ""  # top-level content type, lower case
    defects: int = 0  # MIME defects the parser noted (missing boundary, ...)

    @property
    def has_report(self) -> bool:
        """Whether a delivery-status part names at least one recipient."""
        return any("recipient:" in report.lower() for report in self.reports)

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
    """``data`` as text: the declared charset, else UTF-8 or a sibling; never raises."""
    codec = charset_of(charset)
    for candidate in (codec, "utf-8", *_FAMILY_FALLBACKS.get(codec, ())):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return data.decode(codec, errors="replace")


def _unescape(value: str) -> str:
    """Raw 8-bit header bytes (kept by compat32 as surrogates) read as UTF-8."""
    if value.isascii():
        return value
    try:
        raw = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value
    return decode_bytes(raw, "utf-8")


def decode_header(value: str) -> str:
    """An RFC 2047 encoded header value as plain text, unfolded."""
    value = _unescape(value).replace("\n", " ").replace("\t", " ")
    if "=?" not in value:
        return " ".join(value.split())
    try:
        chunks = email.header.decode_header(value)
    except (ValueError, LookupError, AssertionError):
        return " ".join(value.split())
    return " ".join(_chunks_text(chunks).split())


def _chunks_text(chunks: list[tuple[bytes | str, str | None]]) -> str:
    """The text of ``email.header.decode_header``'s chunks, each in its charset or a sibling."""
    return "".join(
        decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
        for chunk, charset in chunks
    )


def _header_object_text(value: object) -> str:
    """Text of a compat32 Header object (raw 8-bit bytes read as UTF-8 or a sibling)."""
    try:
        chunks = email.header.decode_header(value)  # type: ignore[arg-type]
    except (ValueError, LookupError, AssertionError, TypeError):
        return str(value)
    return _chunks_text(chunks)


def _headers_of(part: MimePart) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    received: list[str] = []
    for name, value in part.items():
        key = name.strip().lower()
        if not isinstance(value, str):  # compat32 keeps raw 8-bit values as Header objects
            value = _header_object_text(value)
        if key == "received":
            received.append(" ".join(value.split()))
            continue
        if key not in headers:
            headers[key] = decode_header(value)
    return headers, received


def _payload_text(part: MimePart) -> str:
    """A leaf part's content decoded (transfer encoding, then charset)."""
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


def html_to_text(html: str) -> str:
    """Rough text of an HTML notification: line breaks kept, tags dropped."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</li>|</h\d>", "\n", html)
    text = _TAG.sub("", html)
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    text = text.replace("&amp;", "&")
    return _BLANK_RUNS.sub("\n\n", text)


def _original_text(part: MimePart) -> str:
    """Headers of a returned message part, as ``Name: value`` lines."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], MimePart):
        inner = payload[0]
        lines = [f"{name}: {decode_header(str(value))}" for name, value in inner.items()]
        return "\n".join(lines) + "\n"
    return _payload_text(part)


class _Walker:
    """Collects the readable pieces of a MIME tree in document order."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.reports: list[str] = []
        self.feedback: list[str] = []
        self.originals: list[str] = []

    def walk(self, part: MimePart, depth: int = 0) -> None:
        ctype = part.get_content_type().lower()
        if depth > 20:
            return
        if ctype in _REPORT_TYPES:
            self.reports.append(_payload_text_or_nested(part))
        elif ctype in _FEEDBACK_TYPES:
            self.feedback.append(_payload_text_or_nested(part))
        elif ctype in _ORIGINAL_TYPES and _is_forwarded_report(part) and not self.reports:
            # A bounce forwarded as an attachment: its report is the one to read.
            self.walk(part.get_payload()[0], depth + 1)
        elif ctype in _ORIGINAL_TYPES:
            self.originals.append(_original_text(part))
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


_RETURNED_PART = re.compile(
    rb"^content-type:[ \t]*(?:message/rfc822|text/rfc822-headers|message/global)", re.I | re.M
)
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


def _trim_returned_message(data: bytes) -> bytes:
    """``data`` without the body of the returned message (parsing it costs most)."""
    match = _RETURNED_PART.search(data)
    if match is None:
        return data
    part_headers_end = _end_of_headers(data, match.end())
    if part_headers_end >= 0:
        inner_start = part_headers_end + 1
        while data[inner_start : inner_start + 1] in (b"\n", b" ", b"\t"):
            inner_start += 1  # blank lines some mailers put before the returned headers
        inner_end = _end_of_headers(data, inner_start)
        inner_headers = data[inner_start:inner_end].lower() if inner_end >= 0 else b""
        if inner_end >= 0 and b"multipart/report" not in inner_headers:
            return data[: inner_end + RETURNED_BODY_BYTES]
    if len(data) - match.end() <= RETURNED_BYTES:
        return data
    return data[: match.end() + RETURNED_BYTES]


def read_message(raw: bytes) -> Message:
    """Parse ``raw`` (bytes of one message) into a :class:`Message`."""
    data = _trim_returned_message(normalise_newlines(raw[:MAX_BYTES]))
    if data.startswith(b"From ") and b"\n" in data:  # mbox separator line
        data = data.split(b"\n", 1)[1]
    mime = parse_bytes(data)
    headers, received = _headers_of(mime)
    walker = _Walker()
    walker.walk(mime)
    defects = len(mime.defects)
    return Message(
        headers=headers,
        received=received,
        text="\n".join(walker.texts),
        reports=walker.reports,
        feedback=walker.feedback,
        original="\n".join(walker.originals),
        content_type=mime.get_content_type().lower(),
        defects=defects,
    )
