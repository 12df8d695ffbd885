"""API shapes of users and tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from postdesk.desk.users.roles import Role

# Rules for a password a user chooses: checked here for a new account and by
# users.service.change_password (with messages a person can act on) for a change.
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


class UserBase(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    display_name: str | None = Field(default=None, max_length=200)
    role: Role = "agent"


class UserCreate(UserBase):
    model_config = ConfigDict(extra="forbid")

    password: SecretStr = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class UserRead(UserBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    active: bool
    must_change_password: bool
    created_at: datetime


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: SecretStr = Field(min_length=1, max_length=200)


class PasswordChange(BaseModel):
    """The current password and the new one (rules: see users.service.change_password)."""

    model_config = ConfigDict(extra="forbid")

    # Loose bounds here: the service checks the rules with messages a person can act on.
    old_password: SecretStr = Field(min_length=1, max_length=1000)
    new_password: SecretStr = Field(min_length=1, max_length=1000)


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime


class TokenInfo(BaseModel):
    """An issued API token as admins see it: who, when, until when; never the token itself."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    username: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class UserUpdate(BaseModel):
    """What an admin changes on an account: ``disabled`` and/or ``role`` (audited)."""

    model_config = ConfigDict(extra="forbid")

    disabled: bool | None = None
    role: Role | None = None


class PasswordReset(BaseModel):
    """A one-time password, shown once; the user must change it at the next login."""

    user_id: int
    username: str
    one_time_password: str
