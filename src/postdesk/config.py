"""Settings for the desk: where data lives, which database, keys, the SMTP relay.

Every key can be set in the environment as ``POSTDESK_<NAME>`` (for example
``POSTDESK_DATABASE_URL``) or in a ``.env`` file in the working directory.
Keys that protect data (the session secret and the encryption keys for
customer passwords) are generated on first start into ``<data_dir>/keys.json``
with file mode 0600 when they are not set, so a fresh install is safe without
any configuration and a team can still inject its own keys.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from postdesk.errors import PostdeskError

KEYS_FILE = "keys.json"


class ConfigError(PostdeskError):
    """The configuration cannot be used as given."""


class Settings(BaseSettings):
    """The desk's configuration; see the module docstring for how keys are set."""

    model_config = SettingsConfigDict(env_prefix="POSTDESK_", env_file=".env", extra="ignore")

    # Folder for the SQLite database, generated keys and uploaded attachments.
    data_dir: Path = Path("./data")
    # SQLAlchemy URL. Unset: SQLite file <data_dir>/postdesk.db (WAL mode). For a team:
    # postgresql+psycopg://user@host/dbname; jobs then run in `postdesk worker` processes.
    database_url: str | None = None
    # Signs nothing secret-bearing itself; hashes API tokens (HMAC) so a stolen database
    # row is not a usable token. Unset: generated into <data_dir>/keys.json.
    secret_key: SecretStr | None = None
    # Fernet keys (comma-separated, newest first) that encrypt customer passwords. The first
    # encrypts; all decrypt, so a new key can be put in front and old rows rotated later.
    encryption_keys: SecretStr | None = None
    # SMTP relay that carries mail escalations (host, port, optional login, STARTTLS).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    # Seconds to wait for the relay before a send attempt counts as failed.
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    # From address of escalation mails.
    mail_from: str = "postdesk@localhost"
    # Domain part of generated Message-IDs (<token@domain>).
    message_id_domain: str = "postdesk.localhost"
    # Attempts before an escalation is marked failed; waits grow 2, 4, 8 ... seconds.
    send_attempts: int = Field(default=5, ge=1)
    # Seconds a worker may hold an escalation while sending it; after that (the worker
    # died) another worker takes it over, with the same Message-ID.
    send_lease_seconds: float = Field(default=120, gt=0)
    # Seconds between sweeps that queue jobs for escalations a job was not made for
    # (an app server died between commit and defer) or whose worker died.
    sweep_seconds: int = Field(default=15, ge=1, le=59)
    # Base URL of this desk, for the case link an escalation carries instead of a password.
    public_url: str = "http://127.0.0.1:8000"
    # Hours a customer password is kept before it is purged (also purged when the case closes).
    secret_ttl_hours: float = Field(default=72, gt=0)
    # Largest attachment accepted, in bytes (25 MB).
    upload_limit_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    # Login throttling (desk.users.service.login_throttle), over login_window_minutes:
    # failures of one user from one client address before that pair is refused;
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # failures from one client address (any user names) before the address is refused;
    login_address_max_failures: int = Field(default=20, ge=1)
    # past login_max_failures of a user from anywhere, each attempt for that user waits
    # 0.5 s, doubling per further failure, up to this; it is still checked (no lock-out);
    login_max_delay_seconds: float = Field(default=8.0, ge=0, le=60)
    # rows kept in the failure table at most (oldest dropped; expired ones always are).
    login_failures_cap: int = Field(default=10_000, ge=100)
    # Hours an API token stays valid after it is issued.
    token_ttl_hours: float = Field(default=12, gt=0)
    # Seconds a server process reuses a checked token's user instead of reading it again
    # (every API request checks one). Revoking in the same process takes effect at once;
    # revoking through another server process, after at most this long. 0: no reuse.
    token_cache_seconds: float = Field(default=2.0, ge=0, le=60)
    # Threads of one server process that run request handlers at once. A few are enough:
    # more only crowd the thread that holds SQLite's write lock out of the GIL (measured:
    # 6 threads gave 10-15% more case creations per second than 40 at 32 requests in flight).
    server_threads: int = Field(default=8, ge=1, le=200)
    # Requests one server process takes at once; more get 503 with Retry-After at once
    # instead of waiting (and making every other answer wait) behind them.
    max_in_flight: int = Field(default=24, ge=1, le=10_000)
    # Worker processes that read uploads (bounces) for the API and the pages, and the
    # seconds one upload may take there before its worker is killed and the upload refused.
    engine_workers: int = Field(default=2, ge=1, le=32)
    engine_timeout_seconds: float = Field(default=15.0, gt=0, le=600)
    # Jobs one user may have in those workers (running or waiting) at once; past it that
    # user alone gets 503 busy. An agent's page asks for at most two at a time (the
    # known-fault notice while typing a long complaint, and its triage or an upload),
    # so 3 leaves a margin; the pool holds engine_workers * 5 (10 by default), so one
    # user's burst of uploads leaves room for everyone else's.
    engine_jobs_per_user: int = Field(default=3, ge=1, le=1000)
    # Address ranges (comma-separated CIDR) that checks started through the API and the
    # pages may never connect to, whatever name leads there: loopback, private, link-local
    # and shared ranges by default. Empty: none (tests, labs). The CLI is never limited.
    diagnose_forbidden_networks: str = (
        "127.0.0.0/8,0.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,"
        "100.64.0.0/10,::1/128,::/128,fc00::/7,fe80::/10"
    )
    # Checks one user may start per minute through the API and the pages (per process).
    diagnose_per_minute: int = Field(default=20, ge=1, le=10_000)
    # Nameserver IP[:PORT] ([v6]:PORT) for the diagnose endpoint's DNS look-ups and the
    # provisioning re-check; unset: the system's. Read like --nameserver (see below).
    diagnose_nameserver: str | None = None
    # Provider profile YAML; unset: POSTDESK_PROFILE handling of postdesk.profile (default).
    profile: Path | None = None

    @field_validator("diagnose_forbidden_networks")
    @classmethod
    def _networks(cls, value: str) -> str:
        """Refuse at start-up a range that is not CIDR."""
        import ipaddress

        for item in filter(None, (part.strip() for part in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise PydanticCustomError(
                    "address_range",
                    "'{item}' is not an address range like 10.0.0.0/8",
                    {"item": item},
                ) from None
        return value

    def forbidden_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """diagnose_forbidden_networks as networks."""
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in self.diagnose_forbidden_networks.split(",")
            if part.strip()
        )

    @field_validator("diagnose_nameserver")
    @classmethod
    def _nameserver(cls, value: str | None) -> str | None:
        """Refuse at start-up what the diagnose option parser would refuse at first use."""
        from postdesk.diagnose.targets import parse_nameserver

        if value:
            parse_nameserver(value, option="POSTDESK_DIAGNOSE_NAMESERVER")
        return value or None

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'postdesk.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")


@dataclass(frozen=True)
class Keys:
    """The keys in use: one secret for token hashing, Fernet keys newest first."""

    secret_key: bytes
    encryption_keys: tuple[bytes, ...]

    def __repr__(self) -> str:  # keys must never be printed
        return f"Keys(encryption_keys={len(self.encryption_keys)})"


def _generated_keys(data_dir: Path) -> dict[str, object]:
    """Keys from <data_dir>/keys.json, writing a new file (mode 0600) the first time."""
    path = data_dir / KEYS_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    fresh = {
        "secret_key": secrets.token_urlsafe(48),
        "encryption_keys": [Fernet.generate_key().decode("ascii")],
    }
    try:
        # O_EXCL: when several processes start at once, exactly one writes the file.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(fresh, out)
        return fresh
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ConfigError(key="config_keys_unreadable", path=str(path), reason=str(err)) from None
    if not isinstance(loaded, dict) or not loaded.get("encryption_keys"):
        raise ConfigError(key="config_keys_missing", path=str(path))
    return loaded


def load_keys(settings: Settings) -> Keys:
    """The configured keys, or the generated ones in the data directory."""
    stored: dict[str, object] | None = None
    if settings.secret_key is None or settings.encryption_keys is None:
        stored = _generated_keys(settings.data_dir)
    if settings.secret_key is not None:
        secret = settings.secret_key.get_secret_value()
    else:
        secret = str(stored["secret_key"])  # type: ignore[index]
    if settings.encryption_keys is not None:
        raw_keys = [k.strip() for k in settings.encryption_keys.get_secret_value().split(",")]
    else:
        raw_keys = [str(k) for k in stored["encryption_keys"]]  # type: ignore[index,union-attr]
    fernet_keys = tuple(key.encode("ascii") for key in raw_keys if key)
    for number, key in enumerate(fernet_keys, 1):
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(key="config_key_not_fernet", number=number) from None
    if not fernet_keys:
        raise ConfigError(key="config_keys_empty")
    return Keys(secret_key=secret.encode("utf-8"), encryption_keys=fernet_keys)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once from the environment).

    A bad value is a ConfigError naming the environment variable and what is
    wrong with it (the CLI prints it on one line), not a pydantic traceback.
    """
    try:
        return Settings()
    except ValidationError as err:
        from postdesk.validation import ValidationProblems

        problems = ValidationProblems(
            [
                ("POSTDESK_" + "_".join(str(part) for part in error["loc"]).upper(), error)
                for error in err.errors()
            ]
        )
        raise ConfigError(key="config_bad", problems=problems) from None
