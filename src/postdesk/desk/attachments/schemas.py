"""API shapes of attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    kind: str
    name: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    # For an original: what the message reader found ({"file", "findings", "error", ...}).
    inspection: dict[str, Any] | None = None
