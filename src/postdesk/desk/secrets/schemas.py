"""API shapes of secrets: names and state only, except the one reveal response."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class SecretInfo(BaseModel):
    field: str
    created_at: datetime
    expires_at: datetime
    purged: bool


class SecretRevealed(BaseModel):
    field: str
    value: str
