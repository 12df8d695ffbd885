"""Whether a mailbox can still receive: quota and the G edition's message count (4.0.10)."""

from __future__ import annotations

import pytest

from postdesk.errors import InvalidInputError
from postdesk.profile import load_profile
from postdesk.rules.mailbox import check_can_receive

MB = 1024 * 1024

# (edition, messages, used, quota, incoming, can receive, blocking reasons)
CASES = [
    ("G", 19_999, 10 * MB, 100 * MB, 0, True, []),
    ("G", 20_000, 10 * MB, 100 * MB, 0, False, ["message_count_limit"]),
    ("g", 25_000, 10 * MB, 100 * MB, 0, False, ["message_count_limit"]),
    ("G", 100, 100 * MB, 100 * MB, 0, False, ["quota_full"]),
    ("G", 20_000, 100 * MB, 100 * MB, 0, False, ["quota_full", "message_count_limit"]),
    ("M", 250_000, 10 * MB, 100 * MB, 0, True, []),  # M: no count limit, size only
    ("M", 10, 100 * MB, 100 * MB, 0, False, ["quota_full"]),
    ("M", 10, 99 * MB, 100 * MB, 2 * MB, False, ["quota_full"]),  # the next message won't fit
    ("M", 10, 99 * MB, 100 * MB, MB, True, []),  # exactly fits
]


@pytest.mark.parametrize(
    ("edition", "count", "used", "quota", "incoming", "can", "blocking"), CASES
)
def test_can_receive(
    edition: str, count: int, used: int, quota: int, incoming: int, can: bool, blocking: list[str]
) -> None:
    check = check_can_receive(
        edition, message_count=count, used_bytes=used, quota_bytes=quota, incoming_bytes=incoming
    )
    assert check.can_receive is can
    assert check.blocking == blocking
    assert len(check.explanation) == max(1, len(blocking))


def test_reason_texts_name_the_limit_in_both_languages() -> None:
    check = check_can_receive("G", message_count=20_000, used_bytes=0, quota_bytes=MB)
    assert "20000" in check.explanation[0].zh and "G邮局" in check.explanation[0].zh
    assert "limit is 20000" in check.explanation[0].en
    ok = check_can_receive("M", message_count=5, used_bytes=0, quota_bytes=MB)
    assert "size only" in ok.explanation[0].en


def test_limit_comes_from_the_profile() -> None:
    profile = load_profile()
    editions = dict(profile.editions)
    editions["G"] = editions["G"].model_copy(update={"max_messages_per_mailbox": 50})
    small = profile.model_copy(update={"editions": editions})
    assert not check_can_receive(
        "G", message_count=50, used_bytes=0, quota_bytes=MB, profile=small
    ).can_receive
    assert check_can_receive(
        "G", message_count=49, used_bytes=0, quota_bytes=MB, profile=small
    ).can_receive
    # The loaded default is cached and shared: the copy above must not have changed it.
    assert load_profile().editions["G"].max_messages_per_mailbox == 20_000


def test_unknown_edition_names_the_known_ones() -> None:
    with pytest.raises(InvalidInputError, match="the profile has G, M"):
        check_can_receive("X", message_count=0, used_bytes=0, quota_bytes=MB)


def test_negative_numbers_rejected() -> None:
    with pytest.raises(InvalidInputError, match="message_count cannot be negative"):
        check_can_receive("G", message_count=-1, used_bytes=0, quota_bytes=MB)
