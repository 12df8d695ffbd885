"""Users: argon2 password hashes, bearer tokens, rate-limited login."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from postdesk.config import Keys, Settings
from postdesk.desk.audit import service as audit
from postdesk.desk.context import Desk
from postdesk.desk.errors import AuthenticationError, ConflictError, RateLimitedError
from postdesk.desk.users.models import ApiToken, LoginFailure, User
from postdesk.desk.users.schemas import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, UserCreate
from postdesk.errors import InvalidInputError, NotFoundError

_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so both paths take as long.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A one-time password for a new account (about 96 bits)."""
    return secrets.token_urlsafe(12)


def get(*, db_session: Session, user_id: int) -> User:
    """The user ``user_id``, or NotFoundError."""
    user = db_session.get(User, user_id)
    if user is None:
        raise NotFoundError(key="user_not_found", user_id=user_id)
    return user


def get_by_username(*, db_session: Session, username: str) -> User | None:
    return db_session.scalar(select(User).where(User.username == username))


def list_users(*, db_session: Session) -> list[User]:
    return list(db_session.scalars(select(User).order_by(User.id)))


def create(
    *,
    db_session: Session,
    user_in: UserCreate,
    must_change_password: bool = False,
    actor_id: int | None = None,
) -> User:
    """A new user; ConflictError when the user name is taken. Audited as
    ``user.created`` (who added whom, with which role), as every later change of
    the account is.

    ``must_change_password``: the password was printed or shown (a one-time
    password), so the account may do nothing but change it first.
    ``actor_id``: who added the user (None: the command-line operator, or the
    desk creating its first admin).
    """
    user = User(
        username=user_in.username,
        display_name=user_in.display_name,
        role=user_in.role,
        password_hash=hash_password(user_in.password.get_secret_value()),
        must_change_password=must_change_password,
    )
    db_session.add(user)
    try:
        db_session.flush()
    except IntegrityError:
        db_session.rollback()
        raise ConflictError(key="username_taken", username=user_in.username) from None
    audit.record(
        db_session=db_session,
        action="user.created",
        actor_id=actor_id,
        detail={"user_id": user.id, "username": user.username, "role": user.role},
    )
    return user


class PasswordRejected(InvalidInputError):
    """A password change refused; ``reason`` names the rule (a key of both catalogues)."""

    def __init__(self, reason: str, **values: object) -> None:
        self.reason = reason
        super().__init__(key=reason, **values)


def change_password(
    *,
    db_session: Session,
    keys: Keys,
    user_id: int,
    old_password: str,
    new_password: str,
    keep_token: str | None = None,
) -> User:
    """Set a new password after checking the old one; clears ``must_change_password``.

    Every other token of the user is revoked (whoever else logged in with the old
    password is logged out); ``keep_token``, the session making the change, stays.
    Records ``user.password_changed`` in the audit trail; the caller commits.
    """
    user = get(db_session=db_session, user_id=user_id)
    if not verify_password(user.password_hash, old_password):
        raise PasswordRejected("password_old_wrong")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected("password_too_short", length=MIN_PASSWORD_LENGTH)
    if len(new_password) > MAX_PASSWORD_LENGTH:
        raise PasswordRejected("password_too_long", length=MAX_PASSWORD_LENGTH)
    if new_password == old_password:
        raise PasswordRejected("password_same_as_old")
    was_one_time = user.must_change_password
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    others = (ApiToken.user_id == user.id) & ApiToken.revoked_at.is_(None)
    if keep_token is not None:
        others &= ApiToken.token_hash != _token_hash(keys, keep_token)
    db_session.execute(update(ApiToken).where(others).values(revoked_at=datetime.now(UTC)))
    # Cached copies of the user still carry the old flag (and the revoked tokens).
    token_cache.drop_user(user.id)
    audit.record(
        db_session=db_session,
        action="user.password_changed",
        actor_id=user.id,
        detail={"user_id": user.id, "was_one_time": was_one_time},
    )
    return user


def count(*, db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(User)) or 0


def _token_hash(keys: Keys, token: str) -> str:
    return hmac.new(keys.secret_key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def _failures_since(db_session: Session, since: datetime, *conditions: object) -> int:
    query = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
    return db_session.scalar(query.where(*conditions)) or 0  # type: ignore[arg-type]


def login_throttle(
    *, db_session: Session, settings: Settings, username: str, address: str
) -> float:
    """Seconds to wait before this login attempt is checked; RateLimitedError to refuse it.

    Three counts over the last ``login_window_minutes``:

    - failures from this client address, any user name: past
      ``login_address_max_failures`` the address is refused (spraying many names
      from one place);
    - failures for this user from this address: past ``login_max_failures`` the
      pair is refused (guessing one password from one place);
    - failures for this user from anywhere: past ``login_max_failures`` every
      attempt for the user waits, longer the more failures, up to
      ``login_max_delay_seconds``, but is still checked. Nobody can lock a user
      out (the right password from another address still works, slowly), and
      guessing from many addresses is slowed.
    """
    since = datetime.now(UTC) - timedelta(minutes=settings.login_window_minutes)
    window = settings.login_window_minutes
    from_address = _failures_since(db_session, since, LoginFailure.address == address)
    if from_address >= settings.login_address_max_failures:
        raise RateLimitedError(key="login_throttled_address", minutes=window).after(window * 60)
    pair = _failures_since(
        db_session, since, LoginFailure.username == username, LoginFailure.address == address
    )
    if pair >= settings.login_max_failures:
        raise RateLimitedError(key="login_throttled_user", minutes=window).after(window * 60)
    everywhere = _failures_since(db_session, since, LoginFailure.username == username)
    excess = everywhere - settings.login_max_failures
    if excess < 0:
        return 0.0
    return float(min(settings.login_max_delay_seconds, 0.5 * 2 ** min(excess, 16)))


def record_login_failure(
    *, db_session: Session, settings: Settings, username: str, address: str
) -> None:
    """Count a failed login, forget those older than the window, keep the table capped."""
    now = datetime.now(UTC)
    row = LoginFailure(username=username[:64], address=address[:64], at=now)
    db_session.add(row)
    since = now - timedelta(minutes=settings.login_window_minutes)
    db_session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    db_session.flush()
    # Counting every time would cost a scan per failure; every 100th row checks the cap.
    if row.id % 100 == 0:
        cutoff = db_session.scalar(
            select(LoginFailure.id)
            .order_by(LoginFailure.id.desc())
            .offset(settings.login_failures_cap)
            .limit(1)
        )
        if cutoff is not None:
            db_session.execute(delete(LoginFailure).where(LoginFailure.id <= cutoff))


def authenticate(
    *, db_session: Session, settings: Settings, username: str, password: str, address: str = ""
) -> User:
    """The user whose credentials these are; AuthenticationError (the failure counted) if not.

    Call :func:`login_throttle` first and wait the seconds it gives: this only
    refuses what it refuses (so a caller that forgot cannot be bypassed).
    """
    login_throttle(db_session=db_session, settings=settings, username=username, address=address)
    user = get_by_username(db_session=db_session, username=username)
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.active:
        record_login_failure(
            db_session=db_session, settings=settings, username=username, address=address
        )
        db_session.commit()
        raise AuthenticationError(key="login_wrong")
    # This address guessed right: its failures for this user no longer count against it.
    db_session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username, LoginFailure.address == address
        )
    )
    return user


async def throttled_login(
    *, desk: Desk, username: str, password: str, address: str
) -> tuple[str, datetime, User]:
    """The whole login for the API and the pages: throttle, wait, check, issue a token.

    The wait is spent on the event loop, holding neither a thread nor a database
    session; the database work runs in worker threads, each with its own session.
    Returns (token, its expiry, the user, detached).
    """
    import asyncio

    from starlette.concurrency import run_in_threadpool

    def throttle() -> float:
        with desk.reader() as db_session:
            return login_throttle(
                db_session=db_session, settings=desk.settings, username=username, address=address
            )

    def check_and_issue() -> tuple[str, datetime, User]:
        with desk.sessions() as db_session:
            user = authenticate(
                db_session=db_session,
                settings=desk.settings,
                username=username,
                password=password,
                address=address,
            )
            token, expires_at = issue_token(
                db_session=db_session,
                keys=desk.keys,
                user=user,
                ttl_hours=desk.settings.token_ttl_hours,
            )
            db_session.commit()
            db_session.expunge(user)
            return token, expires_at, user

    delay = await run_in_threadpool(throttle)
    if delay > 0:
        await asyncio.sleep(delay)
    return await run_in_threadpool(check_and_issue)


def issue_token(
    *, db_session: Session, keys: Keys, user: User, ttl_hours: float
) -> tuple[str, datetime]:
    """A new bearer token for ``user`` and its expiry; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(hours=ttl_hours)
    db_session.add(
        ApiToken(user_id=user.id, token_hash=_token_hash(keys, token), expires_at=expires_at)
    )
    return token, expires_at


class TokenCache:
    """Users of recently checked tokens, kept a few seconds so a busy client costs one look-up.

    An entry is used only while it is younger than the cache's time to live and
    its token has not expired; a token revoked in this process is dropped at
    once. A token revoked by another process (or a user disabled there) is
    refused at the latest ``ttl`` seconds later. Cached users are detached
    objects that requests only read (id, role, names).
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, User, datetime]] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str, ttl: float) -> tuple[User, datetime] | None:
        entry = self._entries.get(token_hash)
        if entry is None or time.monotonic() - entry[0] >= ttl:
            return None
        return entry[1], entry[2]

    def put(self, token_hash: str, user: User, expires_at: datetime) -> None:
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # simple bound; entries live seconds anyway
            self._entries[token_hash] = (time.monotonic(), user, expires_at)

    def drop(self, token_hash: str) -> None:
        with self._lock:
            self._entries.pop(token_hash, None)

    def drop_user(self, user_id: int) -> None:
        with self._lock:
            for key in [key for key, entry in self._entries.items() if entry[1].id == user_id]:
                del self._entries[key]


# One per process: token hashes are keyed by each desk's secret, so desks never collide.
token_cache = TokenCache()


def cached_user_for_token(*, keys: Keys, token: str, cache_seconds: float) -> User | None:
    """The user of a token checked less than ``cache_seconds`` ago, or None (no I/O).

    Raises AuthenticationError when the cached token has expired since.
    """
    if cache_seconds <= 0:
        return None
    cached = token_cache.get(_token_hash(keys, token), cache_seconds)
    if cached is None:
        return None
    user, expires_at = cached
    if expires_at <= datetime.now(UTC):
        raise AuthenticationError(key="token_expired")
    return user


def user_for_token(
    *, db_session: Session, keys: Keys, token: str, cache_seconds: float = 0.0
) -> User:
    """The active user a bearer token belongs to; AuthenticationError otherwise.

    ``cache_seconds`` > 0: reuse the answer of a look-up at most that old
    (see :class:`TokenCache`); expiry is still checked on every call.
    """
    cached = cached_user_for_token(keys=keys, token=token, cache_seconds=cache_seconds)
    if cached is not None:
        return cached
    token_hash = _token_hash(keys, token)
    # One query for token and user: this runs on every request the cache does not answer.
    row = db_session.execute(
        select(User, ApiToken.expires_at, ApiToken.revoked_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash)
    ).first()
    if row is None or row.revoked_at is not None:
        raise AuthenticationError(key="token_invalid")
    user, expires_at = row[0], row.expires_at
    if not user.active:
        raise AuthenticationError(key="token_account_disabled")
    if expires_at <= datetime.now(UTC):
        raise AuthenticationError(key="token_expired")
    if cache_seconds > 0:
        db_session.expunge(user)
        token_cache.put(token_hash, user, expires_at)
    return user


def revoke_token(*, db_session: Session, keys: Keys, token: str) -> bool:
    """Revoke the token (logout); True when it was valid until now. The caller commits."""
    token_hash = _token_hash(keys, token)
    token_cache.drop(token_hash)
    row = db_session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))
    if row is not None and row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        return True
    return False


def list_tokens(
    *, db_session: Session, user_id: int | None = None, active_only: bool = True
) -> list[tuple[ApiToken, str]]:
    """Issued tokens, newest first, with their user names (for admins)."""
    query = (
        select(ApiToken, User.username)
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.id.desc())
    )
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    if active_only:
        query = query.where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > datetime.now(UTC))
    return [(row, username) for row, username in db_session.execute(query)]


def revoke_token_id(*, db_session: Session, token_id: int, actor_id: int) -> ApiToken:
    """Revoke token ``token_id`` (an admin ending a session); audited. The caller commits."""
    row = db_session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError(key="token_not_found", token_id=token_id)
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
    # This process forgets it at once; other server processes within token_cache_seconds.
    token_cache.drop(row.token_hash)
    audit.record(
        db_session=db_session,
        action="token.revoked",
        actor_id=actor_id,
        detail={"token_id": row.id, "user_id": row.user_id},
    )
    return row


def check_username(username: str) -> None:
    if not username.strip():
        raise InvalidInputError(key="username_required")
