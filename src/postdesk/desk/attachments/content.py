"""An attachment's bytes for download and preview, served so that nothing in them runs.

Downloads are always ``application/octet-stream`` with ``Content-Disposition:
attachment`` and ``nosniff``: the browser saves, never renders. A preview is
given only where it is safe: raster images recognised by their first bytes
(PNG, JPEG, GIF, WebP; never SVG, which may carry script) are shown inline, and
a message (.eml) is shown as text: its main header fields and its text body,
escaped by the page like any other text, never as live HTML.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from postdesk.desk.attachments.models import Attachment
from postdesk.desk.attachments.service import blob_path
from postdesk.errors import NotFoundError

# Magic numbers of the raster formats browsers show without running anything.
IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
# A message preview reads at most this much of the file, and shows at most PREVIEW_CHARS.
EML_READ_BYTES = 2 * 1024 * 1024
PREVIEW_CHARS = 100_000
SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID")


def read_bytes(data_dir: Path, row: Attachment, limit: int | None = None) -> bytes:
    path = blob_path(data_dir, row.sha256)
    if not path.is_file():
        raise NotFoundError(key="attachment_file_missing", attachment_id=row.id)
    with path.open("rb") as handle:
        return handle.read(limit) if limit is not None else handle.read()


def image_type(head: bytes) -> str | None:
    """The image type of a file by its first bytes, or None when it is not a safe raster."""
    for magic, media_type in IMAGE_MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def disposition(kind: str, name: str) -> str:
    """A Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266, 5987)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    ascii_name = "".join(char if char.isprintable() else "_" for char in ascii_name)
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def is_message(row: Attachment) -> bool:
    return row.name.lower().endswith(".eml") or row.media_type == "message/rfc822"


@dataclass
class MessagePreview:
    headers: list[tuple[str, str]]
    body: str
    truncated: bool


def message_preview(data: bytes) -> MessagePreview:
    """A message's main header fields and its first text part as plain text."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    headers = [
        (name, str(message.get(name, ""))[:2000]) for name in SHOWN_HEADERS if message.get(name)
    ]
    body = ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if part is not None:
            body = str(part.get_content())
    except (LookupError, ValueError, AttributeError):  # an unknown charset, a broken part
        body = data.decode("utf-8", "replace")
    truncated = len(body) > PREVIEW_CHARS
    return MessagePreview(headers=headers, body=body[:PREVIEW_CHARS], truncated=truncated)
