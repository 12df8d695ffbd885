"""Anti-spam levels and the unknown folder ("不明文件夹", 4.0.15, 4.0.10, 4.0.28).

What the work instruction says:

* low (低级): no message is ever put into the unknown folder (4.0.15).
* medium (中级): messages the system matches against its spam library as
  spam-like go to the unknown folder; a sender in the recipient's address book
  is delivered to the inbox (4.0.15 A).
* high (高级): 4.0.10 2) A e lists "反垃圾级别为高级，邮件被置入了不明文件夹中" as a
  cause of a customer receiving *no mail from anybody*. The document never
  defines high; what it implies, and what this module assumes, is that high is
  stricter than medium: every message from a sender who is not in the address
  book goes to the unknown folder, spam-like or not. Address-book senders still
  reach the inbox (4.0.15's address-book statement is not tied to a level).
* Unknown-folder messages are deleted automatically
  ``limits.unknown_folder_retention_days`` days after they were received (7)
  and do not count against the mailbox quota (4.0.15).
* 4.0.28 note 5) B: once a domain is taken out of the same-domain check, mail
  from the same domain arriving through the MX that the TAP gateway judges
  spam-like goes to the unknown folder "even at medium", with no guarantee of
  the inbox. Read here as: the address book does not rescue such mail at
  medium or high. At low the document's "never" of 4.0.15 is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from postdesk.errors import InvalidInputError
from postdesk.i18n import Text
from postdesk.profile import Profile, load_profile


class SpamLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Folder(StrEnum):
    INBOX = "inbox"
    UNKNOWN = "unknown"


REASONS: dict[str, Text] = {
    "low_never_unknown": Text(
        zh="反垃圾级别为低级，不会有邮件被投递到不明文件夹。",
        en="At level low no message is put into the unknown folder.",
    ),
    "address_book": Text(
        zh="发件方在收件方的地址簿中，邮件自动投递到收件箱。",
        en="The sender is in the recipient's address book, so the message goes to the inbox.",
    ),
    "medium_spam_like": Text(
        zh="反垃圾级别为中级，邮件具有垃圾邮件特征，投递到不明文件夹。",
        en="At level medium a spam-like message goes to the unknown folder.",
    ),
    "medium_clean": Text(
        zh="反垃圾级别为中级，邮件没有垃圾邮件特征，投递到收件箱。",
        en="At level medium a message that is not spam-like goes to the inbox.",
    ),
    "high_not_in_address_book": Text(
        zh="反垃圾级别为高级，发件方不在地址簿中，邮件被置入不明文件夹（4.0.10 2）A e）。",
        en="At level high a sender outside the address book lands in the unknown folder "
        "(4.0.10 2) A e).",
    ),
    "same_domain_via_mx": Text(
        zh="已放开同域认证，同域邮件经MX服务器投来，TAP网关判断具有垃圾邮件特征，"
        "置入不明文件夹，不能保证进入收件箱（4.0.28 注B）。",
        en="Same-domain check lifted: same-domain mail through the MX that the TAP gateway "
        "judges spam-like goes to the unknown folder, inbox not guaranteed (4.0.28 note B).",
    ),
}


@dataclass(frozen=True)
class Placement:
    """Where a message lands, why, and what that means for deletion and quota."""

    level: SpamLevel
    folder: Folder
    reason: str  # a key of REASONS
    counts_against_quota: bool
    deleted_at: datetime | None  # only for the unknown folder, when the receive time is known

    @property
    def explanation(self) -> Text:
        return REASONS[self.reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "folder": self.folder.value,
            "reason": self.reason,
            "explanation": self.explanation.model_dump(),
            "counts_against_quota": self.counts_against_quota,
            "deleted_at": self.deleted_at.isoformat() if self.deleted_at else None,
        }


def parse_level(text: str) -> SpamLevel:
    """``low``/``medium``/``high`` (or 低级/中级/高级) as a level."""
    by_name = {"低级": SpamLevel.LOW, "中级": SpamLevel.MEDIUM, "高级": SpamLevel.HIGH}
    cleaned = text.strip().lower()
    if cleaned in by_name:
        return by_name[cleaned]
    try:
        return SpamLevel(cleaned)
    except ValueError:
        raise InvalidInputError(key="antispam_level_unknown", text=text) from None


def unknown_folder_deletion(received: date | datetime, profile: Profile | None = None) -> datetime:
    """When a message received at ``received`` is deleted from the unknown folder."""
    days = (profile or load_profile()).limits.unknown_folder_retention_days
    start = (
        received
        if isinstance(received, datetime)
        else datetime.combine(received, datetime.min.time())
    )
    return start + timedelta(days=days)


def _folder_and_reason(
    level: SpamLevel, spam_like: bool, in_address_book: bool, same_domain_via_mx: bool
) -> tuple[Folder, str]:
    if level is SpamLevel.LOW:
        return Folder.INBOX, "low_never_unknown"
    if same_domain_via_mx and spam_like:
        return Folder.UNKNOWN, "same_domain_via_mx"
    if in_address_book:
        return Folder.INBOX, "address_book"
    if level is SpamLevel.HIGH:
        return Folder.UNKNOWN, "high_not_in_address_book"
    if spam_like:
        return Folder.UNKNOWN, "medium_spam_like"
    return Folder.INBOX, "medium_clean"


def place_message(
    level: SpamLevel,
    *,
    spam_like: bool,
    sender_in_address_book: bool,
    same_domain_via_mx_lifted: bool = False,
    received: date | datetime | None = None,
    profile: Profile | None = None,
) -> Placement:
    """The folder a message lands in under ``level``.

    ``spam_like`` is the spam library's (or the TAP gateway's) verdict;
    ``same_domain_via_mx_lifted`` marks same-domain mail that came through the
    MX because the domain was taken out of the same-domain check (4.0.28).
    """
    folder, reason = _folder_and_reason(
        level, spam_like, sender_in_address_book, same_domain_via_mx_lifted
    )
    unknown = folder is Folder.UNKNOWN
    deleted_at = unknown_folder_deletion(received, profile) if unknown and received else None
    return Placement(
        level=level,
        folder=folder,
        reason=reason,
        counts_against_quota=not unknown,
        deleted_at=deleted_at,
    )
