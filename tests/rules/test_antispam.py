"""Anti-spam levels and the unknown folder (4.0.15, 4.0.10 2) A e, 4.0.28 note B)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from postdesk.errors import InvalidInputError
from postdesk.profile import load_profile
from postdesk.profile.schema import Limits
from postdesk.rules.antispam import Folder, SpamLevel, parse_level, place_message

LOW, MEDIUM, HIGH = SpamLevel.LOW, SpamLevel.MEDIUM, SpamLevel.HIGH
INBOX, UNKNOWN = Folder.INBOX, Folder.UNKNOWN

# (level, spam_like, sender in address book, same-domain via MX after lifting, folder, reason)
CASES = [
    (LOW, True, False, False, INBOX, "low_never_unknown"),
    (LOW, False, False, False, INBOX, "low_never_unknown"),
    (LOW, True, False, True, INBOX, "low_never_unknown"),
    (MEDIUM, True, False, False, UNKNOWN, "medium_spam_like"),
    (MEDIUM, False, False, False, INBOX, "medium_clean"),
    (MEDIUM, True, True, False, INBOX, "address_book"),
    (MEDIUM, True, True, True, UNKNOWN, "same_domain_via_mx"),
    (MEDIUM, True, False, True, UNKNOWN, "same_domain_via_mx"),
    (MEDIUM, False, True, True, INBOX, "address_book"),
    (HIGH, False, False, False, UNKNOWN, "high_not_in_address_book"),
    (HIGH, True, False, False, UNKNOWN, "high_not_in_address_book"),
    (HIGH, False, True, False, INBOX, "address_book"),
    (HIGH, True, True, True, UNKNOWN, "same_domain_via_mx"),
]


@pytest.mark.parametrize(("level", "spam", "book", "lifted", "folder", "reason"), CASES)
def test_placement(
    level: SpamLevel, spam: bool, book: bool, lifted: bool, folder: Folder, reason: str
) -> None:
    placement = place_message(
        level, spam_like=spam, sender_in_address_book=book, same_domain_via_mx_lifted=lifted
    )
    assert (placement.folder, placement.reason) == (folder, reason)
    # The unknown folder does not count against the quota; the inbox does.
    assert placement.counts_against_quota is (folder is INBOX)


def test_unknown_folder_message_deleted_after_retention_days() -> None:
    placement = place_message(
        MEDIUM,
        spam_like=True,
        sender_in_address_book=False,
        received=datetime(2024, 2, 25, 9, 30),
    )
    assert placement.deleted_at == datetime(2024, 3, 3, 9, 30)  # 7 days, across 29 February
    assert placement.to_json()["deleted_at"] == "2024-03-03T09:30:00"


def test_retention_comes_from_the_profile() -> None:
    short = load_profile().model_copy(update={"limits": Limits(unknown_folder_retention_days=3)})
    placement = place_message(
        HIGH,
        spam_like=False,
        sender_in_address_book=False,
        received=date(2024, 1, 1),
        profile=short,
    )
    assert placement.deleted_at == datetime(2024, 1, 4)


def test_inbox_message_has_no_deletion_date() -> None:
    placement = place_message(
        MEDIUM, spam_like=False, sender_in_address_book=False, received=date(2024, 1, 1)
    )
    assert placement.deleted_at is None


@pytest.mark.parametrize(("text", "level"), [("low", LOW), (" Medium ", MEDIUM), ("高级", HIGH)])
def test_parse_level(text: str, level: SpamLevel) -> None:
    assert parse_level(text) is level


def test_unknown_level_rejected() -> None:
    with pytest.raises(InvalidInputError, match="low, medium or high"):
        parse_level("extreme")
