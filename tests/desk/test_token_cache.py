"""The token cache: a checked token's user is reused briefly, never past revocation or expiry."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from postdesk.desk.context import Desk
from postdesk.desk.errors import AuthenticationError
from postdesk.desk.users import service as users
from postdesk.desk.users.models import ApiToken
from tests.desk.conftest import add_user


def issue(desk: Desk, ttl_hours: float = 1) -> str:
    user = add_user(desk, "cached", "agent")
    with desk.sessions() as db_session:
        token, _ = users.issue_token(
            db_session=db_session, keys=desk.keys, user=user, ttl_hours=ttl_hours
        )
        db_session.commit()
    return token


def check(desk: Desk, token: str, cache_seconds: float) -> str:
    with desk.reader() as db_session:
        user = users.user_for_token(
            db_session=db_session, keys=desk.keys, token=token, cache_seconds=cache_seconds
        )
    return user.username


def revoke_elsewhere(desk: Desk) -> None:
    """Revoke every token straight in the database, as another server process would."""
    with desk.sessions() as db_session:
        db_session.execute(update(ApiToken).values(revoked_at=datetime.now(UTC)))
        db_session.commit()


def test_revoking_in_this_process_takes_effect_at_once(desk: Desk) -> None:
    token = issue(desk)
    assert check(desk, token, cache_seconds=60) == "cached"
    with desk.sessions() as db_session:
        users.revoke_token(db_session=db_session, keys=desk.keys, token=token)
        db_session.commit()
    with pytest.raises(AuthenticationError, match="not valid"):
        check(desk, token, cache_seconds=60)


def test_revoking_elsewhere_takes_effect_within_the_cache_time(desk: Desk) -> None:
    token = issue(desk)
    assert check(desk, token, cache_seconds=0.3) == "cached"
    revoke_elsewhere(desk)
    assert check(desk, token, cache_seconds=0.3) == "cached"  # the cached answer, briefly
    with pytest.raises(AuthenticationError, match="not valid"):
        check(desk, token, cache_seconds=0)  # without the cache: refused at once
    time.sleep(0.35)
    with pytest.raises(AuthenticationError, match="not valid"):
        check(desk, token, cache_seconds=0.3)


def test_expiry_is_checked_on_every_use(desk: Desk) -> None:
    token = issue(desk, ttl_hours=0.5 / 3600)  # half a second
    assert check(desk, token, cache_seconds=60) == "cached"
    deadline = datetime.now(UTC) + timedelta(seconds=0.6)
    while datetime.now(UTC) < deadline:
        time.sleep(0.05)
    with pytest.raises(AuthenticationError, match="expired"):
        check(desk, token, cache_seconds=60)
