"""Attachments: bytes stored once per SHA-256 under <data_dir>/blobs, size-limited.

An upload is streamed to a temporary file while it is hashed and counted;
past the limit it stops at once with TooLargeError and nothing is kept.
The finished file is moved into place by its hash, so the same screenshot
uploaded twice is stored once, and a crash never leaves a half-written blob
under a real hash name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from postdesk.desk.attachments.models import Attachment
from postdesk.desk.audit import service as audit
from postdesk.desk.errors import TooLargeError
from postdesk.errors import NotFoundError

CHUNK = 1024 * 1024


def blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "blobs" / sha256[:2] / sha256


def store_blob(*, data_dir: Path, source: BinaryIO, limit: int) -> tuple[str, int]:
    """(sha256, size) of ``source`` after storing it; TooLargeError past ``limit`` bytes."""
    folder = data_dir / "blobs"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLargeError(key="upload_too_large", mb=limit // (1024 * 1024))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(data_dir, sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp_name, target)
        return sha, size
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def add(
    *,
    db_session: Session,
    case_id: int,
    kind: str,
    name: str,
    media_type: str,
    sha256: str,
    size: int,
) -> Attachment:
    attachment = Attachment(
        case_id=case_id,
        kind=kind,
        name=name[:255] or "file",
        media_type=media_type[:127],
        sha256=sha256,
        size=size,
    )
    db_session.add(attachment)
    db_session.flush()
    return attachment


def upload(
    *,
    db_session: Session,
    data_dir: Path,
    limit: int,
    case_id: int,
    kind: str,
    name: str,
    media_type: str,
    source: BinaryIO,
    actor_id: int,
) -> Attachment:
    """Store an uploaded file for a case, record it and audit it; one commit.

    The one upload path of the API and the web page. TooLargeError past
    ``limit`` bytes, before anything reaches the database.
    """
    sha, size = store_blob(data_dir=data_dir, source=source, limit=limit)
    row = add(
        db_session=db_session,
        case_id=case_id,
        kind=kind,
        name=name,
        media_type=media_type,
        sha256=sha,
        size=size,
    )
    audit.record(
        db_session=db_session,
        action="attachment.added",
        actor_id=actor_id,
        case_id=case_id,
        detail={"attachment_id": row.id, "size": size},
    )
    db_session.commit()
    return row


def for_case(*, db_session: Session, case_id: int) -> list[Attachment]:
    query = select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.id)
    return list(db_session.scalars(query))


def get(*, db_session: Session, attachment_id: int) -> Attachment:
    attachment = db_session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError(key="attachment_not_found", attachment_id=attachment_id)
    return attachment
