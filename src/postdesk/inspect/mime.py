"""A bounded MIME reader over the bytes of one original.

Every finding reads the same tree, built once: header fields as raw bytes
(the garbled-text finding needs the bytes a client saw, not a decoded
guess), and each part's body as offsets into the one buffer, so a 50 MB
message is never copied part by part.

Why not ``email.parser`` or :mod:`postdesk.bounce.mime`: the stdlib parser
feeds a message line by line (seconds for 50 MB) and neither bounds how deep
parts nest; a hostile message of a few hundred nested multiparts would make
them copy the body once per level. Here nesting stops at :data:`MAX_DEPTH`,
the part count at :data:`MAX_PARTS`, and each level costs one ``bytes.find``
pass, so reading is linear in the size times a small constant.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field

MAX_DEPTH = 12  # a forwarded bounce inside a forward is about 6 levels deep
MAX_PARTS = 500
MAX_HEADER_BYTES = 512 * 1024  # one part's header block
MAX_FIELDS = 4000  # header fields kept from one block

_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# Everything that is not base64 is dropped before decoding (line breaks, stray bytes).
_NOT_BASE64 = bytes(b for b in range(256) if b not in _BASE64_ALPHABET)
_FIELD_NAME_BYTES = frozenset(range(33, 127)) - {ord(":")}


def normalise_newlines(raw: bytes) -> bytes:
    """LF line endings whatever the input used (CRLF, CR or a mix)."""
    if b"\r" not in raw:
        return raw
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _is_field_line(line: bytes) -> bool:
    """``Name: value`` with a printable name (RFC 5322 section 2.2)."""
    colon = line.find(b":")
    if colon <= 0 or colon > 200:
        return False
    return all(byte in _FIELD_NAME_BYTES for byte in line[:colon].rstrip(b" \t"))


def parse_params(value: str) -> dict[str, str]:
    """``; name=value`` parameters of a structured field, names lower case, first wins.

    RFC 2231 continuations (``name*0*=``) are joined; their charset prefix is
    decoded as UTF-8 or Latin-1, which is what mailers write in practice.
    """
    params: dict[str, str] = {}
    pieces: dict[str, list[tuple[int, str, bool]]] = {}
    for item in _split_params(value)[1:]:
        name, sep, raw = item.partition("=")
        if not sep:
            continue
        name = name.strip().lower()
        raw = raw.strip()
        if len(raw) > 1 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if "*" in name:
            base, _, rest = name.partition("*")
            extended = rest.endswith("*") or rest == ""
            number = rest.rstrip("*")
            index = int(number) if number.isdigit() else 0
            pieces.setdefault(base, []).append((index, raw, extended and rest != ""))
            continue
        params.setdefault(name, raw)
    for base, parts in pieces.items():
        joined = "".join(text for _, text, _ in sorted(parts))
        if any(extended for _, _, extended in parts) or parts[0][1].count("'") >= 2:
            joined = _rfc2231_text(joined)
        params.setdefault(base, joined)
    return params


def _split_params(value: str) -> list[str]:
    """``value`` split at semicolons outside quoted strings."""
    items: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in value[:8192]:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return items


def _rfc2231_text(value: str) -> str:
    """``charset'lang'percent-encoded`` as text."""
    from urllib.parse import unquote_to_bytes

    charset, _, rest = value.partition("'")
    _, _, encoded = rest.partition("'")
    data = unquote_to_bytes(encoded if rest else value)
    for codec in (charset or "utf-8", "utf-8", "latin-1"):
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


@dataclass
class Part:
    """One node of the tree: its header fields, where its body lies, its children."""

    fields: list[tuple[str, bytes]]  # (lower-case name, unfolded raw value)
    body_start: int
    body_end: int
    path: str  # "1", "1.2", ...: the part's place, for evidence
    depth: int
    default_type: str = "text/plain"
    children: list[Part] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def field(self, name: str) -> bytes | None:
        """The first raw value of field ``name`` (lower case), or ``None``."""
        for key, value in self.fields:
            if key == name:
                return value
        return None

    def fields_named(self, name: str) -> list[bytes]:
        """Every raw value of field ``name``, in order."""
        return [value for key, value in self.fields if key == name]

    def text_field(self, name: str) -> str:
        """A field's raw value as text (8-bit bytes kept as Latin-1, undecoded)."""
        value = self.field(name)
        return value.decode("latin-1") if value is not None else ""

    @property
    def content_type(self) -> str:
        value = self.text_field("content-type")
        if not value:
            return self.default_type
        ctype = value.split(";", 1)[0].strip().lower()
        return ctype if ctype.count("/") == 1 and " " not in ctype else "text/plain"

    @property
    def params(self) -> dict[str, str]:
        return parse_params(self.text_field("content-type"))

    @property
    def charset(self) -> str | None:
        """The declared charset label, lower case, or ``None`` when there is none."""
        label = self.params.get("charset", "").strip().lower()
        return label or None

    @property
    def transfer_encoding(self) -> str:
        return self.text_field("content-transfer-encoding").strip().lower()

    @property
    def filename(self) -> str:
        """The attachment's file name (Content-Disposition, else Content-Type ``name``)."""
        disposition = parse_params(self.text_field("content-disposition"))
        return disposition.get("filename") or self.params.get("name", "")

    @property
    def is_attachment(self) -> bool:
        disposition = self.text_field("content-disposition").split(";", 1)[0].strip().lower()
        return disposition == "attachment" or bool(self.filename)

    def raw_body(self, buffer: bytes) -> bytes:
        return buffer[self.body_start : self.body_end]

    def decoded_body(self, buffer: bytes, limit: int) -> bytes:
        """The body with its transfer encoding undone, at most ``limit`` bytes of it."""
        encoding = self.transfer_encoding
        if encoding == "base64":
            wanted = self.body_start + (limit // 3 + 2) * 4 * 2  # line breaks at most double it
            data = buffer[self.body_start : min(self.body_end, wanted)].translate(None, _NOT_BASE64)
            data = data[: len(data) - len(data) % 4]
            try:
                return binascii.a2b_base64(data)[:limit]
            except binascii.Error:
                return b""
        if encoding == "quoted-printable":
            wanted = self.body_start + limit * 3
            return binascii.a2b_qp(buffer[self.body_start : min(self.body_end, wanted)])[:limit]
        return buffer[self.body_start : min(self.body_end, self.body_start + limit)]

    def walk(self) -> list[Part]:
        """This part and every part below it, in document order."""
        found: list[Part] = []
        stack = [self]
        while stack:
            part = stack.pop()
            found.append(part)
            stack.extend(reversed(part.children))
        return found


class _Budget:
    """How many more parts may be read from one message."""

    def __init__(self) -> None:
        self.parts = MAX_PARTS


def _header_block(buffer: bytes, start: int, end: int) -> tuple[list[tuple[str, bytes]], int, bool]:
    """Fields at ``start``, where the body starts, and whether a non-field line ended them."""
    limit = min(end, start + MAX_HEADER_BYTES)
    blank = buffer.find(b"\n\n", start, limit)
    if buffer[start : start + 1] == b"\n":
        return [], start + 1, False
    block_end = blank + 1 if blank >= 0 else limit
    fields: list[tuple[str, bytes]] = []
    name = ""
    value: list[bytes] = []
    position = start
    body_start = blank + 2 if blank >= 0 else limit
    broken = False
    while position < block_end:
        line_end = buffer.find(b"\n", position, block_end)
        line_end = block_end if line_end < 0 else line_end
        line = buffer[position:line_end]
        if line[:1] in (b" ", b"\t") and name:
            value.append(line)
        elif position == start and line.startswith(b"From "):
            pass  # an mbox separator line
        elif _is_field_line(line):
            if name and len(fields) < MAX_FIELDS:
                fields.append((name, b"".join(value).strip()))
            key, _, rest = line.partition(b":")
            name = key.strip().decode("ascii", "replace").lower()
            value = [rest]
        else:
            body_start, broken = position, True
            break
        position = line_end + 1
    if name and len(fields) < MAX_FIELDS:
        fields.append((name, b"".join(value).strip()))
    return fields, min(body_start, end), broken


def _delimiters(
    buffer: bytes, start: int, end: int, boundary: bytes
) -> list[tuple[int, int, bool]]:
    """``(line start, line end, closing)`` of each delimiter line of ``boundary`` in the body."""
    marker = b"\n--" + boundary
    found: list[tuple[int, int, bool]] = []
    at = buffer.find(marker, max(start - 1, 0), end)
    while at >= 0 and len(found) <= MAX_PARTS:
        after = at + len(marker)
        closing = buffer[after : after + 2] == b"--"
        if closing:
            after += 2
        while after < end and buffer[after] in b" \t":
            after += 1
        if after >= end or buffer[after] == 10:
            found.append((at, min(after + 1, end), closing))
            if closing:
                break
        at = buffer.find(marker, at + 1, end)
    return found


def _parse(
    buffer: bytes, start: int, end: int, path: str, depth: int, default: str, budget: _Budget
) -> Part:
    fields, body_start, broken = _header_block(buffer, start, end)
    part = Part(fields=fields, body_start=body_start, body_end=end, path=path, depth=depth)
    part.default_type = default
    if broken:
        part.defects.append("a line in the header block is not a header field")
    budget.parts -= 1
    ctype = part.content_type
    if depth >= MAX_DEPTH or budget.parts <= 0:
        if ctype.startswith(("multipart/", "message/")):
            part.defects.append("parts nest too deep or are too many; the rest is not read")
        return part
    if ctype.startswith("multipart/"):
        _split_multipart(buffer, part, budget)
    elif ctype in ("message/rfc822", "message/global") and part.transfer_encoding in (
        "",
        "7bit",
        "8bit",
        "binary",
    ):
        child = _parse(buffer, body_start, end, f"{path}.1", depth + 1, "text/plain", budget)
        part.children.append(child)
    return part


def _split_multipart(buffer: bytes, part: Part, budget: _Budget) -> None:
    boundary = part.params.get("boundary", "").encode("latin-1", "replace")[:200]
    if not boundary:
        part.defects.append("multipart without a boundary")
        return
    marks = _delimiters(buffer, part.body_start, part.body_end, boundary)
    if not marks or marks[0][2]:
        part.defects.append("no delimiter line for the boundary")
        return
    default = "message/rfc822" if part.content_type == "multipart/digest" else "text/plain"
    for index, (_, line_end, closing) in enumerate(marks):
        if closing or budget.parts <= 0:
            break
        following = marks[index + 1][0] if index + 1 < len(marks) else part.body_end
        number = len(part.children) + 1
        child_path = f"{part.path}.{number}"
        child = _parse(buffer, line_end, following, child_path, part.depth + 1, default, budget)
        part.children.append(child)
    if not marks[-1][2]:
        part.defects.append("closing delimiter missing")


def parse(buffer: bytes) -> Part:
    """The MIME tree of one message (``buffer`` with LF line endings)."""
    return _parse(buffer, 0, len(buffer), "1", 0, "text/plain", _Budget())
