"""What a winmail.dat holds: its attachments and body, through tnefparse.

Outlook sending in "Rich Text" wraps the attachments and the body in one
``application/ms-tnef`` part named winmail.dat ([MS-OXTNEF]); other clients
show only that file. :func:`tnef_parts` finds it (by type or by name, or the
whole input when a winmail.dat was handed over on its own) and
:func:`unpack` returns its files. Every stream is checked by
:mod:`postdesk.inspect.tnef_guard` first.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from postdesk.inspect import tnef_guard
from postdesk.inspect.mime import Part
from postdesk.inspect.original import MAX_BYTES, TNEF_TYPES, Original, html_words

# tnefparse logs one line per property it skips; a hostile file would turn that
# into millions of log lines. Its errors reach us as exceptions anyway.
logging.getLogger("tnefparse").setLevel(logging.CRITICAL + 1)


@dataclass
class TnefFile:
    """One file inside a winmail.dat."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Unpacked:
    """A winmail.dat read: its files, its body text (if any), whether it had an RTF body."""

    where: str  # "part 1.2" or "file"
    files: list[TnefFile]
    body: str = ""
    rtf_body: bool = False
    error: str = ""  # why it could not be read, when it could not


def tnef_parts(original: Original) -> list[Part]:
    """The parts that carry a winmail.dat (the whole input when it is one)."""
    if original.tnef_file or original.root.content_type in TNEF_TYPES:
        return [original.root]  # a winmail.dat, or a message whose whole body is one
    return [
        part
        for part in original.attachments
        if part.content_type in TNEF_TYPES or part.filename.strip().lower() == "winmail.dat"
    ]


def _safe_name(name: str, index: int, taken: set[str]) -> str:
    """A plain file name: no folders, no control characters, unique within the archive."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".")
    base = "".join(char for char in base if char.isprintable())[:200] or f"attachment-{index}"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        stem, dot, suffix = base.rpartition(".")
        candidate = f"{stem}-{number}.{suffix}" if dot and stem else f"{base}-{number}"
    taken.add(candidate.lower())
    return candidate


_ATTACH_REND_DATA = 0x9002  # starts an attachment ([MS-OXTNEF] 2.1.3.3)
_ATTACH_DATA = 0x800F  # an attachment's bytes
# Payloads from this size on are taken out of the stream before tnefparse reads it
# (it copies the rest of the stream once per attribute) and put back after.
SLIM_FROM = 64 * 1024


def _slim(
    data: bytes, layout: list[tuple[int, int, int]]
) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """``data`` with large attachment payloads emptied, and where each one was (by attachment)."""
    pieces = [data[:6]]
    moved: dict[int, tuple[int, int]] = {}
    attachment = -1
    for offset, size, name in layout:
        if name == _ATTACH_REND_DATA:
            attachment += 1
        if name == _ATTACH_DATA and size - 11 >= SLIM_FROM and attachment >= 0:
            moved[attachment] = (offset + 9, offset + size - 2)
            pieces.append(data[offset : offset + 5] + b"\x00\x00\x00\x00\x00\x00")
        else:
            pieces.append(data[offset : offset + size])
    if layout and layout[-1][0] + 9 in {start for start, _ in moved.values()}:
        # tnefparse reads an attribute only while 12 more bytes follow its start; an
        # emptied one (11 bytes) at the very end gets two bytes of padding to be read.
        pieces.append(b"\x00\x00")
    return b"".join(pieces), moved


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value or "")


def unpack(original: Original, part: Part) -> Unpacked:
    """The files and body of the winmail.dat in ``part``; ``error`` set when unreadable."""
    from tnefparse.tnef import TNEF

    where = "file" if original.tnef_file else f"part {part.path}"
    data = original.data if original.tnef_file else part.decoded_body(original.data, MAX_BYTES)
    try:
        slim, moved = _slim(data, tnef_guard.check(data))
        parsed = TNEF(slim, do_checksum=False)
    except Exception as err:  # tnefparse raises ValueError, struct.error, IndexError, ...
        reason = str(err) if isinstance(err, tnef_guard.UnsafeTnef) else type(err).__name__
        return Unpacked(where, [], error=reason[:200])
    for index, (start, end) in moved.items():
        # Empty exactly when the emptied payload was the last thing to set the data
        # (a later attachment object may carry the data itself, and then it stands).
        if index < len(parsed.attachments) and not parsed.attachments[index].data:
            parsed.attachments[index].data = data[start:end]
    taken: set[str] = set()
    files = []
    for index, attachment in enumerate(parsed.attachments, 1):
        try:
            name = attachment.long_filename()
        except Exception:  # a name in a codepage tnefparse cannot decode
            name = ""
        payload = attachment.data if isinstance(attachment.data, bytes) else b""
        files.append(TnefFile(_safe_name(_text(name), index, taken), payload))
    body = _text(parsed.body).replace("\x00", "").strip()
    if not body and parsed.htmlbody:
        body = html_words(_text(parsed.htmlbody)).strip()
    return Unpacked(where, files, body[:2000], rtf_body=parsed._rtfbody is not None)
