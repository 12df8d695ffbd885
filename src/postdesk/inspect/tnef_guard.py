"""Check a TNEF stream's counts before tnefparse trusts them.

tnefparse (the maintained TNEF decoder used here) believes every count a file
states: a property list that claims four billion properties, or a
multi-valued property that claims four billion values, makes it loop that
often over an exhausted buffer, and it slices the remaining stream once per
attribute, so a stream of many tiny attributes costs the square of its size.
A 30-byte file can hang a worker.

This module walks the structure [MS-OXTNEF] defines (section 2.1.3: the
attribute list; 2.1.3.4: the MAPI property list) without decoding values,
and refuses a stream whose counts cannot fit in the bytes that follow them,
that has more attributes than any mail client writes, or whose slicing would
cost more than :data:`SLICE_BUDGET` bytes. Everything here is one linear walk.
"""

from __future__ import annotations

import struct

MAX_ATTRIBUTES = 4096  # a winmail.dat with 400 attachments has about this many
SLICE_BUDGET = 2 * 1024 * 1024 * 1024  # bytes tnefparse copies while slicing
MAX_EMBED_DEPTH = 3
_MAPI_LISTS = (0x9003, 0x9005)  # attMsgProps, attAttachment
_RECIPIENTS = 0x9004  # attRecipTable
_MULTI = 0x1000
_NAMED = 0x8000
_FIXED = {0x0002: 2, 0x000B: 2, 0x0003: 4, 0x0004: 4, 0x000A: 4, 0x0005: 8, 0x0006: 8}
_FIXED.update({0x0007: 8, 0x0014: 8, 0x0040: 8, 0x0048: 16})
_VARIABLE = (0x0000, 0x000D, 0x001E, 0x001F, 0x0102)
_ATTACH_DATA_OBJ = 0x3701
_IMESSAGE = b"\x07\x03\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46"


class UnsafeTnef(ValueError):
    """The stream states counts or sizes it cannot hold; the reason says which."""


def _u16(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<H", data, offset)[0])


def _u32(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<I", data, offset)[0])


def _fits(count: int, each: int, data: bytes, offset: int, what: str) -> None:
    if count * each > len(data) - offset:
        raise UnsafeTnef(f"{what} claims {count} entries, more than the {len(data)} bytes hold")


def _property_list(data: bytes, offset: int, depth: int) -> int:
    """Check one MAPI property list at ``offset``; the offset after it."""
    count = _u32(data, offset)
    offset += 4
    _fits(count, 4, data, offset, "a MAPI property list")
    for _ in range(count):
        if offset + 4 > len(data):
            return offset  # tnefparse stops reading here too
        kind, name = _u16(data, offset), _u16(data, offset + 2)
        offset += 4
        if name >= _NAMED:
            offset += 16
            if offset + 4 > len(data):
                return offset
            named_kind = _u32(data, offset)
            offset += 4
            size = 4 if named_kind == 0 else _u32(data, offset) + 4
            offset += (size + 3) // 4 * 4
        values = 1
        multi = bool(kind & _MULTI)
        kind &= ~_MULTI
        if multi:
            if offset + 4 > len(data):
                return offset
            values = _u32(data, offset)
            offset += 4
            _fits(values, 2, data, offset, "a multi-valued property")
        if kind in _FIXED:
            offset += values * _FIXED[kind] + (2 if kind in (0x0002, 0x000B) and values % 2 else 0)
        elif kind in _VARIABLE:
            offset = _variable(data, offset, name, values, multi, depth)
        else:
            return len(data)  # an unknown type ends tnefparse's reading of the list
    return offset


def _variable(data: bytes, offset: int, name: int, values: int, multi: bool, depth: int) -> int:
    if not multi:
        if offset + 4 > len(data):
            return len(data)
        values = _u32(data, offset)
        offset += 4
    _fits(values, 4, data, offset, "a property's value list")
    for _ in range(values):
        if offset + 4 > len(data):
            return len(data)
        size = _u32(data, offset)
        offset += 4
        value = data[offset : offset + size]
        if name == _ATTACH_DATA_OBJ and value.startswith(_IMESSAGE):
            check(value[len(_IMESSAGE) :], depth + 1)  # an attached message is TNEF again
        offset += (size + 3) // 4 * 4
    return offset


def check(data: bytes, depth: int = 0) -> list[tuple[int, int, int]]:
    """Raise :class:`UnsafeTnef` when tnefparse must not be given ``data``.

    Returns the top-level attributes as ``(offset, size, name)``, in order (the
    walk tnefparse will make), for a caller that wants to move large payloads
    out of its way.
    """
    if depth > MAX_EMBED_DEPTH:
        raise UnsafeTnef("messages attached inside the winmail.dat nest too deep")
    offset = 6
    attributes: list[tuple[int, int, int]] = []
    copied = 0
    length = len(data)
    while offset + 12 < length:
        copied += length - offset
        if len(attributes) >= MAX_ATTRIBUTES or copied > SLICE_BUDGET:
            raise UnsafeTnef(f"more than {MAX_ATTRIBUTES} attributes, or too costly to read")
        name = _u16(data, offset + 1)
        size = min(length - offset, _u32(data, offset + 5) + 11)
        attributes.append((offset, size, name))
        if name not in (*_MAPI_LISTS, _RECIPIENTS):
            offset += size
            continue
        body = data[offset + 9 : offset + size - 2]
        if name in _MAPI_LISTS and len(body) >= 4:
            _property_list(body, 0, depth)
        elif name == _RECIPIENTS and len(body) >= 4:
            rows = _u32(body, 0)
            _fits(rows, 4, body, 4, "the recipient table")
            position = 4
            for _ in range(rows):
                if position + 4 > len(body):
                    break
                position = _property_list(body, position, depth)
        offset += size
    return attributes
