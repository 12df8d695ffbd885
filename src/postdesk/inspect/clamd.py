"""Ask clamd whether bytes carry a virus: the INSTREAM command over its local socket.

clamd(8) documents the protocol: send ``zINSTREAM\\0``, then the data in
chunks each prefixed by its length as a 4-byte big-endian number, then a
zero-length chunk; clamd answers ``stream: OK``, ``stream: <name> FOUND`` or
``... ERROR``. Three lines of protocol do not justify a dependency (the
Python clients on PyPI are unmaintained since 2014-2017). The socket path
and time-out come from the profile (``inspect.clamd_socket``); nothing is
scanned when none is set.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Verdict:
    """``status`` is "clean", "infected" or "error"; ``signature`` names what was found."""

    status: str
    signature: str = ""
    detail: str = ""


def _answer(reply: bytes) -> Verdict:
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    body = text.split(":", 1)[1].strip() if ":" in text else text
    if body == "OK":
        return Verdict("clean")
    if body.endswith(" FOUND"):
        return Verdict("infected", body[: -len(" FOUND")].strip())
    return Verdict("error", detail=body[:200])


def scan(data: bytes, socket_path: str, timeout: float) -> Verdict:
    """clamd's verdict on ``data``; an unreachable or failing clamd is an ``error`` verdict."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            view = memoryview(data)
            for start in range(0, len(view), CHUNK):
                piece = view[start : start + CHUNK]
                conn.sendall(struct.pack(">I", len(piece)) + piece)
            conn.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < 4096:
                received = conn.recv(4096)
                if not received:
                    break
                reply += received
    except OSError as err:
        return Verdict("error", detail=f"clamd at {socket_path}: {err.strerror or err}")
    return _answer(reply)
