"""One original as the findings read it: its MIME tree, its header fields, its text.

:func:`read_original` takes the bytes an agent was handed (an .eml, an mbox
message, an Outlook .msg, or a winmail.dat on its own) and refuses, with a message that says
what to do (:class:`~postdesk.inspect.texts.InspectError`), what is not a
message at all. Only the first
:data:`MAX_BYTES` are read; that is far above any upload limit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from postdesk.inspect import charsets, mime, outlook, words
from postdesk.inspect.texts import InspectError

MAX_BYTES = 64 * 1024 * 1024
# Text read from one part: enough for every finding (excerpts, charset guesses).
MAX_TEXT_BYTES = 256 * 1024
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"  # 0x223E9F78 little-endian, [MS-OXTNEF] 2.1.3.1
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")


@dataclass
class Original:
    """A message read once, shared by every finding."""

    label: str  # the file name (or "-") the agent gave
    data: bytes  # the bytes, LF line endings
    root: mime.Part
    size: int  # bytes received, before any cut
    truncated: bool = False
    tnef_file: bool = False  # the input is a winmail.dat itself, not a message
    outlook_msg: bool = False  # the input was an Outlook .msg, read as the message it holds
    notes: list[str] = field(default_factory=list)
    raw: bytes = b""  # the bytes as given (the bounce engine reads these, unchanged)

    def field(self, name: str) -> bytes | None:
        """A top-level header field's first raw value (``name`` lower case)."""
        return self.root.field(name)

    def text(self, name: str) -> str:
        """A top-level header field decoded for display; ``""`` when absent."""
        return words.field_text(self.root.field(name))

    @cached_property
    def received(self) -> list[bytes]:
        """Every top-level Received field, newest (top) first, as written."""
        return self.root.fields_named("received")

    @cached_property
    def hops(self) -> list[Any]:
        """The Received fields read, in travel order (:func:`received.travel_order`), once."""
        from postdesk.inspect.received import travel_order

        return travel_order(self.received)

    @cached_property
    def message_id(self) -> str:
        return self.text("message-id").strip().strip("<>").strip()

    @cached_property
    def subject(self) -> str:
        return self.text("subject")

    def _leaves(self) -> list[mime.Part]:
        """Leaf parts of this message, not those of a message attached to it."""
        leaves: list[mime.Part] = []
        stack = [self.root]
        while stack:
            part = stack.pop()
            if part is not self.root and part.content_type in ("message/rfc822", "message/global"):
                continue
            if part.children:
                stack.extend(reversed(part.children))
            else:
                leaves.append(part)
        return leaves

    @cached_property
    def text_parts(self) -> list[mime.Part]:
        """The message's own text parts (not attachments), plain text first."""
        texts = [
            part
            for part in self._leaves()
            if part.content_type in ("text/plain", "text/html") and not part.is_attachment
        ]
        return sorted(texts, key=lambda part: part.content_type != "text/plain")

    @cached_property
    def attachments(self) -> list[mime.Part]:
        """Every leaf part that is a file (named, marked attachment, or not text)."""
        return [
            part
            for part in self.root.walk()
            if not part.children
            and part is not self.root
            and (part.is_attachment or not part.content_type.startswith(("text/", "multipart/")))
        ]

    def body_bytes(self, part: mime.Part) -> bytes:
        """A part's body with its transfer encoding undone (capped)."""
        return part.decoded_body(self.data, MAX_TEXT_BYTES)

    @cached_property
    def body_text(self) -> str:
        """The first text part as text (HTML reduced to its words), ``""`` when none."""
        if not self.text_parts:
            return ""
        part = self.text_parts[0]
        text = charsets.decode_lenient(self.body_bytes(part), part.charset)
        return html_words(text) if part.content_type == "text/html" else text

    @cached_property
    def body_digest(self) -> str:
        """SHA-256 of the body text with whitespace runs made one space.

        Relays re-wrap lines and re-encode transfer encodings; the words stay.
        """
        normal = " ".join(self.body_text.split())
        return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def html_words(html: str) -> str:
    """The text of an HTML body: tags dropped, entities for spaces and brackets undone."""
    out: list[str] = []
    position = 0
    length = len(html)
    while position < length:
        start = html.find("<", position)
        if start < 0:
            out.append(html[position:])
            break
        out.append(html[position:start])
        end = html.find(">", start)
        if end < 0:
            break
        tag = html[start + 1 : min(end, start + 8)].lower()
        if tag.startswith(("br", "/p", "/div", "/tr", "/li", "p>", "p ")):
            out.append("\n")
        position = end + 1
    text = "".join(out)
    for entity, char in (("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"')):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def read_original(raw: bytes, label: str = "-") -> Original:
    """Read the bytes of one original; :class:`InspectError` when they are not one."""
    if not raw or not raw.strip():
        raise InspectError("error_empty", file=label)
    size = len(raw)
    data = raw[:MAX_BYTES]
    if data.startswith(TNEF_SIGNATURE):
        root = mime.Part(fields=[], body_start=0, body_end=len(data), path="1", depth=0)
        return Original(label, data, root, size, size > MAX_BYTES, tnef_file=True, raw=data)
    from_outlook = outlook.is_outlook_msg(data)
    if from_outlook:
        data = raw = outlook.as_rfc822(data, label)
    data = mime.normalise_newlines(data)
    if data.startswith(b"From ") and b"\n" in data:  # an mbox separator line
        data = data.split(b"\n", 1)[1]
    root = mime.parse(data)
    if not root.fields:
        raise InspectError("error_not_a_message", file=label)
    original = Original(
        label, data, root, size, size > MAX_BYTES, outlook_msg=from_outlook, raw=raw[:MAX_BYTES]
    )
    if original.truncated:
        original.notes.append(f"only the first {MAX_BYTES // (1024 * 1024)} MB were read")
    return original
