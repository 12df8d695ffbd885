"""Customer passwords: stored encrypted, revealed to allowed roles with an audit event,
purged after a TTL or when the case closes.

Encryption is Fernet (AES-128-CBC with HMAC-SHA256, authenticated) through
MultiFernet: the first configured key encrypts, every key decrypts, and
:func:`rotate` re-encrypts stored secrets under the first key. Plain values
exist only in memory for the length of a call; they are never logged and
never put into an exception message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from postdesk.config import Keys
from postdesk.desk.audit import service as audit
from postdesk.desk.cases.models import Case
from postdesk.desk.errors import ConflictError, PermissionDeniedError
from postdesk.desk.secrets.models import CaseSecret
from postdesk.desk.users.models import User
from postdesk.desk.users.roles import allows
from postdesk.errors import NotFoundError


def cipher(keys: Keys) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys.encryption_keys])


def store(
    *,
    db_session: Session,
    keys: Keys,
    case_id: int,
    field: str,
    value: str,
    ttl_hours: float,
    actor_id: int | None = None,
) -> CaseSecret:
    """Encrypt and keep ``value`` for the case; a second value for the field replaces it."""
    now = datetime.now(UTC)
    token = cipher(keys).encrypt(value.encode("utf-8"))
    row = db_session.scalar(
        select(CaseSecret).where(CaseSecret.case_id == case_id, CaseSecret.field == field)
    )
    if row is None:
        row = CaseSecret(case_id=case_id, field=field)
        db_session.add(row)
    row.ciphertext = token
    row.created_at = now
    row.expires_at = now + timedelta(hours=ttl_hours)
    row.purged_at = None
    audit.record(
        db_session=db_session,
        action="secret.stored",
        actor_id=actor_id,
        case_id=case_id,
        detail={"field": field},
    )
    return row


def list_for_case(*, db_session: Session, case_id: int) -> list[CaseSecret]:
    """The case's secrets (names and state, for listing; values stay encrypted)."""
    query = select(CaseSecret).where(CaseSecret.case_id == case_id).order_by(CaseSecret.field)
    return list(db_session.scalars(query))


def may_reveal(*, case: Case, user: User) -> bool:
    """Whether ``user`` may see the case's customer passwords (the pages offer the button)."""
    return allows(user.role, "secrets:reveal-any") or (
        allows(user.role, "secrets:reveal") and case.assignee_id == user.id
    )


def reveal(*, db_session: Session, keys: Keys, case: Case, field: str, user: User) -> str:
    """The plain secret for an allowed user; every reveal writes an audit event."""
    if not may_reveal(case=case, user=user):
        audit.record(
            db_session=db_session,
            action="secret.reveal-refused",
            actor_id=user.id,
            case_id=case.id,
            detail={"field": field},
        )
        db_session.commit()
        raise PermissionDeniedError(key="secret_reveal_denied")
    row = db_session.scalar(
        select(CaseSecret).where(CaseSecret.case_id == case.id, CaseSecret.field == field)
    )
    if row is None:
        raise NotFoundError(key="secret_missing", case=case.id, field=field)
    now = datetime.now(UTC)
    if row.ciphertext is None or row.expires_at <= now:
        raise ConflictError(key="secret_purged", case=case.id, field=field)
    try:
        plain = cipher(keys).decrypt(row.ciphertext).decode("utf-8")
    except InvalidToken:
        raise ConflictError(key="secret_undecryptable", case=case.id, field=field) from None
    audit.record(
        db_session=db_session,
        action="secret.revealed",
        actor_id=user.id,
        case_id=case.id,
        detail={"field": field},
    )
    db_session.commit()
    return plain


def drop(*, db_session: Session, case_id: int, field: str) -> int:
    """Drop one secret of a case (its answer was taken back); returns how many were dropped."""
    result = db_session.execute(
        update(CaseSecret)
        .where(
            CaseSecret.case_id == case_id,
            CaseSecret.field == field,
            CaseSecret.ciphertext.is_not(None),
        )
        .values(ciphertext=None, purged_at=datetime.now(UTC))
    )
    return result.rowcount or 0


def purge_case(*, db_session: Session, case_id: int) -> int:
    """Drop every secret of a case (when it closes); returns how many were purged."""
    result = db_session.execute(
        update(CaseSecret)
        .where(CaseSecret.case_id == case_id, CaseSecret.ciphertext.is_not(None))
        .values(ciphertext=None, purged_at=datetime.now(UTC))
    )
    return result.rowcount or 0


def purge_expired(*, db_session: Session, now: datetime | None = None) -> int:
    """Drop every secret past its TTL; idempotent, so a repeated job does no harm."""
    moment = now or datetime.now(UTC)
    result = db_session.execute(
        update(CaseSecret)
        .where(CaseSecret.expires_at <= moment, CaseSecret.ciphertext.is_not(None))
        .values(ciphertext=None, purged_at=moment)
    )
    db_session.commit()
    return result.rowcount or 0


def rotate(*, db_session: Session, keys: Keys) -> int:
    """Re-encrypt every stored secret under the first key; returns how many rows changed."""
    multi = cipher(keys)
    rows = db_session.scalars(select(CaseSecret).where(CaseSecret.ciphertext.is_not(None)))
    changed = 0
    for row in rows:
        assert row.ciphertext is not None
        row.ciphertext = multi.rotate(row.ciphertext)
        changed += 1
    db_session.commit()
    return changed
