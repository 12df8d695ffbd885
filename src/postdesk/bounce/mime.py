"""A small MIME reader for bounces: the same tree the stdlib's compat32 parser builds, faster.

``email.parser`` feeds a message line by line through generators and
compiles a regular expression for every boundary; for a bounce of a few
dozen lines that is most of the cost of analysing it. This reader splits
the text with ``str.find`` instead and builds only what the bounce reader
(:mod:`postdesk.bounce.message`) asks for, with the stdlib's answers:

- header values as compat32 gives them (first line left-stripped, folded
  lines kept, raw 8-bit bytes as surrogate escapes);
- ``multipart/*`` split on boundary lines (the newline before a boundary
  belongs to it; repeated boundary lines make no empty part; without a
  boundary, or without a first boundary line, the body is kept as text);
- ``message/delivery-status`` as one header block per blank-line group
  (made on first use: the bounce reader takes a plain report's fields from
  its body with :func:`plain_status_pairs` and never needs the blocks);
- any other ``message/*`` as one nested message;
- ``get_payload(decode=True)`` undoing base64 and quoted-printable.
"""

from __future__ import annotations

import binascii
import quopri
import re

_HEADER_LINE = re.compile(r"^(?:From |[\041-\071\073-\176]*:|[\t ])")
# A run of header lines at the start of a text, each as _HEADER_LINE says (a line ends at
# its newline, so no line is read twice). What it matches is the definition; _head_end
# finds the same end faster, and tests/bounce compare the two.
_HEAD = re.compile(r"(?:(?:From |[\041-\071\073-\176]*:|[\t ])[^\n]*\n?)*")
# The newline before the first line that is not a header line (as _HEADER_LINE says), or
# the newline that ends the text: where a run of header lines ends. A search for it skips
# from newline to newline (a literal first character) and reads at most a name at each.
_NOT_HEADER_LINE = re.compile(r"\n(?![\t ]|[\041-\071\073-\176]*:|From )")
# Where one field of a header block ends: a newline that no folded line follows.
_FIELD_BREAK = re.compile(r"\n(?![ \t])")
_TEXT_PLAIN = "text/plain"


def _unquote(value: str) -> str:
    """A parameter value without its quotes (and backslash escapes), like ``email.utils``."""
    if len(value) > 1:
        if value.startswith('"') and value.endswith('"'):
            return value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        if value.startswith("<") and value.endswith(">"):
            return value[1:-1]
    return value


_PARAM_MARK = re.compile(r'[;"]')


def _params(value: str) -> dict[str, str]:
    """Parameters of a structured header (``; name=value``), names lower case, first wins.

    One pass over the value: a ";" inside double quotes (a quote escaped with a
    backslash does not count) does not end a parameter. Linear in the value's
    length, so a megabyte of quoted semicolons costs no more than reading it.
    """
    params: dict[str, str] = {}
    if '"' not in value:  # no quotes: every ";" ends a parameter
        for item in value.split(";"):
            if "=" in item:
                name, _, raw = item.partition("=")
                params.setdefault(name.strip().lower(), _unquote(raw.strip()))
        return params
    in_quotes = False
    start = 0
    for mark in _PARAM_MARK.finditer(value):
        at = mark.start()
        if value[at] == '"':
            if at == 0 or value[at - 1] != "\\":
                in_quotes = not in_quotes
            continue
        if not in_quotes:
            _add_param(params, value[start:at])
            start = at + 1
    _add_param(params, value[start:])
    return params


def _add_param(params: dict[str, str], item: str) -> None:
    if "=" in item:
        name, _, raw = item.partition("=")
        params.setdefault(name.strip().lower(), _unquote(raw.strip()))


def lenient_base64(data: bytes) -> bytes:
    """Lenient base64: line breaks and stray characters ignored, missing padding added."""
    joined = b"".join(data.split())
    try:
        return binascii.a2b_base64(joined + b"=" * (-len(joined) % 4))
    except binascii.Error:
        usable = re.sub(rb"[^A-Za-z0-9+/]", b"", joined)
        usable = usable[: len(usable) - len(usable) % 4]
        try:
            return binascii.a2b_base64(usable)
        except binascii.Error:
            return b""


class Part:
    """One node of the MIME tree, with the accessors of ``email.message.Message`` used here."""

    __slots__ = (
        "_content_type",
        "_default_type",
        "_headers",
        "_params",
        "_parts_body",
        "_payload",
        "_status_body",
        "_status_trimmed",
        "defects",
    )

    def __init__(self, headers: list[tuple[str, str]], default_type: str) -> None:
        self._default_type = default_type
        self._payload: str | list[Part] = ""
        # A delivery-status body not yet split into blocks (see status_body), and
        # whether the newline before the next boundary is to come off its last block.
        self._status_body: str | None = None
        self._status_trimmed = False
        # A multipart body not yet split into its parts: a returned message's own
        # parts (its body) are never read unless it is itself a report.
        self._parts_body: str | None = None
        self.defects: list[str] = []
        self.set_headers(headers)

    def set_headers(self, headers: list[tuple[str, str]]) -> None:
        """Replace the headers (and forget what was looked up in the old ones)."""
        self._headers = headers
        # Worked out on first use: the readers ask every part for its type many times over
        # (and for its boundary or charset more than once).
        self._content_type: str | None = None
        self._params: dict[str, str] | None = None

    def items(self) -> list[tuple[str, str]]:
        """``(name, value)`` pairs in order, as written."""
        return self._headers

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name`` (any case), or ``default``."""
        wanted = name.lower()
        size = len(wanted)
        for key, value in self._headers:
            if len(key) == size and key.lower() == wanted:
                return value
        return default

    def get_content_type(self) -> str:
        """``type/subtype`` in lower case; the default type when missing or invalid."""
        if self._content_type is not None:
            return self._content_type
        value = self.get("content-type")
        if value is None:
            ctype = self._default_type
        else:
            ctype = value.split(";", 1)[0].strip().lower()
            ctype = ctype if ctype.count("/") == 1 else _TEXT_PLAIN
        self._content_type = ctype
        return ctype

    def get_content_maintype(self) -> str:
        return self.get_content_type().split("/")[0]

    def get_param(self, name: str) -> str | None:
        """A Content-Type parameter, unquoted, or ``None``."""
        params = self._params
        if params is None:
            value = self.get("content-type")
            if value is None or ";" not in value:
                params = self._params = {}  # (no parameter: what _params("") gives)
            else:
                params = self._params = _params(value.split(";", 1)[1])
        return params.get(name.lower())

    def get_boundary(self) -> str | None:
        boundary = self.get_param("boundary")
        return boundary.rstrip() if boundary is not None else None

    def get_content_charset(self) -> str | None:
        charset = self.get_param("charset")
        return charset.lower() if charset is not None else None

    def status_body(self) -> str | None:
        """The body of a ``message/delivery-status`` part not split into blocks yet, else
        ``None``: a reader that takes its fields from :func:`plain_status_pairs` need not
        have the blocks made at all."""
        return self._status_body

    def _split_body(self) -> None:
        """Make the parts of a multipart body, or the blocks of a delivery-status one (on
        first use: every answer is the one splitting it at once gave)."""
        body = self._parts_body
        if body is not None:
            self._parts_body = None
            _multipart(self, body)
        body = self._status_body
        if body is not None:
            self._status_body = None
            self._payload = _status_blocks(body)
            if self._status_trimmed:
                _drop_last_newline(self._payload[-1])

    def get_payload(self, decode: bool = False) -> str | list[Part] | bytes | None:
        """Children (a list), the body text, or with ``decode`` its bytes (``None`` for a list)."""
        self._split_body()
        payload = self._payload
        if isinstance(payload, list):
            return None if decode else payload
        raw = payload.encode("ascii", "surrogateescape")
        if not decode:
            # Raw 8-bit bytes read in the declared charset, as the stdlib does.
            return payload if payload.isascii() else raw.decode(self._charset_codec(), "replace")
        encoding = (self.get("content-transfer-encoding") or "").strip().lower()
        if encoding == "base64":
            return lenient_base64(raw)
        if encoding == "quoted-printable":
            return quopri.decodestring(raw)
        return raw

    def plain_text(self) -> str | None:
        """The body as it is when decoding cannot change it, else ``None``.

        That is an ASCII body (no 8-bit byte) that is neither base64 nor
        quoted-printable: ``get_payload(decode=True)`` gives its bytes as they are.
        """
        self._split_body()
        payload = self._payload
        if not isinstance(payload, str) or not payload.isascii():
            return None
        encoding = (self.get("content-transfer-encoding") or "").strip().lower()
        return None if encoding in ("base64", "quoted-printable") else payload

    def _charset_codec(self) -> str:
        charset = self.get_param("charset") or "ascii"
        try:
            "".encode(charset)
        except LookupError:
            return "ascii"
        return charset


def _head_pairs(head: str, part: Part) -> list[tuple[str, str]]:
    """The fields of a header block (as :func:`_split_head` gives it) as ``(name, value)`` pairs.

    In a block of plain fields (no envelope "From " line, no line opening with
    ":" and no folded first line) every line is a field's first line, "Name:
    value", or a folded one: splitting at each newline not followed by a blank
    gives the fields with their folded lines, in one pass. Anything else goes
    line by line (:func:`_header_pairs`), with its defects.
    """
    if not (
        head[:1] in (" ", "\t", ":")
        or head.startswith("From ")
        or "\nFrom " in head
        or "\n:" in head
    ):
        fields = _FIELD_BREAK.split(head)
        if fields[-1] == "":
            fields.pop()  # the block's last newline
        pairs = []
        add = pairs.append
        if "\r" in head:
            for field in fields:
                name, _, value = field.partition(":")
                add((name, value.lstrip(" \t").rstrip("\r\n")))
        else:  # no field ends in a newline here: only a CR could be stripped
            for field in fields:
                name, _, value = field.partition(":")
                add((name, value.lstrip(" \t")))
        return pairs
    parts = head.split("\n")
    lines = [line + "\n" for line in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return _header_pairs(lines, part)


def _header_pairs(lines: list[str], part: Part) -> list[tuple[str, str]]:
    """Header lines (with their newlines) as ``(name, value)`` pairs, folded lines joined."""
    pairs: list[tuple[str, str]] = []
    current: list[str] = []

    def close() -> None:
        name, _, value = current[0].partition(":")
        pairs.append((name, (value.lstrip(" \t") + "".join(current[1:])).rstrip("\r\n")))

    for number, line in enumerate(lines):
        if line[0] in " \t":
            if current:
                current.append(line)
            else:
                part.defects.append("first header line is a continuation")
            continue
        if current:
            close()
            current = []
        if line.startswith("From "):
            if number:
                part.defects.append("misplaced envelope header")
            continue
        if line.startswith(":"):
            part.defects.append("missing header name")
            continue
        current = [line]
    if current:
        close()
    return pairs


def _head_end(text: str) -> int:
    """Where the run of header lines at the start of ``text`` ends (:data:`_HEAD`'s match)."""
    if _HEADER_LINE.match(text) is None:
        return 0
    after = _NOT_HEADER_LINE.search(text)
    return len(text) if after is None else after.start() + 1


def _split_head(text: str) -> tuple[str, int, bool]:
    """The header lines at the start of ``text`` (one string), where the body starts,
    and whether a non-header line (not a blank one) ended them.

    Each line of a header block starts as :data:`_HEADER_LINE` says: they run
    from a first such line to the first newline that no such line follows
    (:data:`_NOT_HEADER_LINE`; the end of :data:`_HEAD`'s match, found without
    stepping through every character of every line).
    """
    end = _head_end(text)
    if end == len(text):
        return text, end, False
    if text[end] == "\n":
        return text[:end], end + 1, False
    return text[:end], end, True


def _boundary_lines(body: str, boundary: str) -> list[tuple[int, int, bool]]:
    """``(start, end, closing)`` of every boundary line in ``body``."""
    separator = "--" + boundary
    found: list[tuple[int, int, bool]] = []
    at = body.find(separator)
    while at >= 0:
        if at == 0 or body[at - 1] == "\n":
            after = at + len(separator)
            closing = body.startswith("--", after)
            if closing:
                after += 2
            while after < len(body) and body[after] in " \t":
                after += 1
            if after == len(body) or body[after] == "\n":
                found.append((at, min(after + 1, len(body)), closing))
        at = body.find(separator, at + 1)
    return found


def _multipart(part: Part, body: str) -> None:
    boundary = part.get_boundary()
    if boundary is None:
        part.defects.append("multipart without a boundary")
        part._payload = body
        return
    marks = _boundary_lines(body, boundary)
    if not marks or marks[0][2]:
        part.defects.append("first boundary line not found")
        part._payload = body[: marks[0][0]] if marks else body
        return
    child_type = "message/rfc822" if part.get_content_type() == "multipart/digest" else _TEXT_PLAIN
    children: list[Part] = []
    for index, (_, end, closing) in enumerate(marks):
        if closing:
            break
        following = marks[index + 1][0] if index + 1 < len(marks) else len(body)
        if following == end and index + 1 < len(marks):
            continue  # boundary lines in a row make no empty part
        child = parse_text(body[end:following], child_type)
        _drop_last_newline(child)
        children.append(child)
    else:
        part.defects.append("closing boundary not found")
    part._payload = children


def _drop_last_newline(child: Part) -> None:
    """The newline before a boundary belongs to the boundary, not to the part's text.

    In a ``message/*`` part the text that ends there is its innermost last node's.
    """
    last = child
    while not last.get_content_type().startswith("multipart/"):  # (maintype, no split)
        if last._status_body is not None:
            last._status_trimmed = True  # its last block's, when the blocks are made
            return
        if not (isinstance(last._payload, list) and last._payload):
            break
        last = last._payload[-1]
    else:
        return  # a multipart's text there is its epilogue, not read here
    if isinstance(last._payload, str) and last._payload.endswith("\n"):
        last._payload = last._payload[:-1]


# Line breaks other than "\n" that str.splitlines also breaks at (in text read as ASCII
# with surrogate escapes, only these can occur). Each is looked for with "in": one
# fast scan each, where a character class costs a pattern step per character.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")


def _status_blocks(body: str) -> list[Part]:
    """A delivery-status body as one header-only part per block of lines."""
    if not any(other in body for other in _OTHER_BREAKS):
        return _status_blocks_by_newline(body)
    blocks: list[Part] = []
    lines = body.splitlines(keepends=True)
    index = 0
    while True:
        headers: list[str] = []
        while index < len(lines) and lines[index] != "\n" and _HEADER_LINE.match(lines[index]):
            headers.append(lines[index])
            index += 1
        start = index
        while index < len(lines) and lines[index] != "\n":
            index += 1  # lines that are not fields: the block's body, as in the stdlib
        block = Part([], _TEXT_PLAIN)
        block.set_headers(_header_pairs(headers, block))
        block._payload = "".join(lines[start:index])
        blocks.append(block)
        index += 1  # the blank line that ended the block
        if index >= len(lines):
            return blocks


def _status_blocks_by_newline(body: str) -> list[Part]:
    """:func:`_status_blocks` for a body whose only line break is "\\n", a block at a time.

    Blocks are the runs of lines between blank lines; each one's header lines
    are those :func:`_head_end` finds at its start, the rest is its body text.
    """
    lines = body.split("\n")  # each line without its newline
    closed = lines[-1] == ""  # the body ends with a newline (or is empty)
    if closed:
        lines.pop()
    count = len(lines)
    blocks: list[Part] = []
    start = 0
    while True:
        try:
            blank = lines.index("", start)
        except ValueError:
            blank = count
        text = "\n".join(lines[start:blank])
        if blank > start and (blank < count or closed):
            text += "\n"  # the block's last line had its newline
        end = _head_end(text)
        block = Part([], _TEXT_PLAIN)
        block.set_headers(_head_pairs(text[:end], block))
        block._payload = text[end:]
        blocks.append(block)
        start = blank + 1
        if start >= count:
            return blocks


# A line of a delivery-status body that is not a plain field line: neither blank, nor
# folded (opening with a blank), nor "Name:" (a name of the characters _HEADER_LINE
# allows; "From " and a line opening with ":" are not plain). Searched in "\n\n" + body.
_UNPLAIN_STATUS_LINE = re.compile(r"\n(?![\n\t ]|[\041-\071\073-\176]+:|\Z)")


def is_plain_status(body: str) -> bool:
    """Whether a delivery-status body is plain (see :func:`plain_status_pairs`)."""
    if any(other in body for other in _OTHER_BREAKS):
        return False
    probe = "\n\n" + body
    return not ("\n\n " in probe or "\n\n\t" in probe or _UNPLAIN_STATUS_LINE.search(probe))


def plain_status_pairs(body: str) -> list[list[tuple[str, str]]] | None:
    """The header pairs of each block :func:`_status_blocks` makes of a delivery-status
    body, without making the blocks, when the body is plain: "\\n" its only line break,
    every line a field line (``Name: value``), a folded one or blank, and no block
    opening with a folded line. ``None`` for any other body.

    Then every block is header lines only (its body text is empty), and each is split
    as :func:`_head_pairs` splits a block of plain fields.
    """
    if not is_plain_status(body):
        return None
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()
    count = len(lines)
    blocks: list[list[tuple[str, str]]] = []
    start = 0
    while True:
        try:
            blank = lines.index("", start)
        except ValueError:
            blank = count
        pairs = []
        if blank > start:
            for field in _FIELD_BREAK.split("\n".join(lines[start:blank])):
                name, _, value = field.partition(":")
                pairs.append((name, value.lstrip(" \t")))
        blocks.append(pairs)
        start = blank + 1
        if start >= count:
            return blocks


def parse_text(text: str, default_type: str = _TEXT_PLAIN, *, enclosed: bool = False) -> Part:
    """The MIME tree of ``text`` (bytes decoded as ASCII with surrogate escapes).

    ``enclosed``: ``text`` is the message inside a ``message/*`` part (a returned
    message); a multipart body of its own is split into parts only when asked.
    """
    head, body_at, missing_separator = _split_head(text)
    part = Part([], default_type)
    if missing_separator:
        part.defects.append("missing header/body separator")
    part.set_headers(_head_pairs(head, part))
    body = text[body_at:]
    ctype = part.get_content_type()
    if ctype == "message/delivery-status":
        part._status_body = body  # split into blocks when asked (Part._split_body)
    elif ctype.startswith("message/"):
        part._payload = [parse_text(body, enclosed=True)]
    elif ctype.startswith("multipart/") and enclosed:
        # The returned message's own parts: read only when it is itself a report. Nothing
        # splitting them decides reaches the enclosing part (the newline before the next
        # boundary is taken from inside a multipart only from its epilogue, not read).
        part._parts_body = body
    elif ctype.startswith("multipart/"):
        _multipart(part, body)
    else:
        part._payload = body
    return part


def parse_bytes(data: bytes) -> Part:
    """The MIME tree of the bytes of one message."""
    return parse_text(data.decode("ascii", "surrogateescape"))
