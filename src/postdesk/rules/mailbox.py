"""Can a mailbox still receive? Size quota and the message-count limit (4.0.10 2) A a, b).

A full mailbox stops receiving (a). On the G edition a mailbox also stops at a
number of stored messages (``editions.G.max_messages_per_mailbox``, 20000 in
the document); the M edition is judged by the mailbox's size only (b). Which
editions have a count limit is profile data: an edition whose
``max_messages_per_mailbox`` is null has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postdesk.errors import InvalidInputError
from postdesk.i18n import Text
from postdesk.profile import Profile, load_profile


@dataclass(frozen=True)
class ReceiveCheck:
    """Whether the mailbox can take another message, and every reason it cannot."""

    edition: str
    can_receive: bool
    blocking: list[str] = field(default_factory=list)  # reason codes
    explanation: list[Text] = field(default_factory=list)
    max_messages: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "can_receive": self.can_receive,
            "blocking": self.blocking,
            "explanation": [text.model_dump() for text in self.explanation],
            "max_messages": self.max_messages,
        }


def _non_negative(**values: int) -> None:
    for name, value in values.items():
        if value < 0:
            raise InvalidInputError(key="value_negative", name=name, value=value)


def check_can_receive(
    edition: str,
    *,
    message_count: int,
    used_bytes: int,
    quota_bytes: int,
    incoming_bytes: int = 0,
    profile: Profile | None = None,
) -> ReceiveCheck:
    """Whether a mailbox of ``edition`` can receive a message of ``incoming_bytes``."""
    _non_negative(
        message_count=message_count,
        used_bytes=used_bytes,
        quota_bytes=quota_bytes,
        incoming_bytes=incoming_bytes,
    )
    editions = (profile or load_profile()).editions
    key = edition.strip().upper() if edition.strip().upper() in editions else edition.strip()
    if key not in editions:
        if not editions:
            raise InvalidInputError(key="edition_none_in_profile", edition=edition)
        raise InvalidInputError(
            key="edition_unknown", edition=edition, known=", ".join(sorted(editions))
        )
    name = editions[key].name
    limit = editions[key].max_messages_per_mailbox
    blocking: list[str] = []
    texts: list[Text] = []
    if used_bytes + incoming_bytes > quota_bytes or used_bytes >= quota_bytes:
        blocking.append("quota_full")
        texts.append(
            Text(
                zh=f"邮箱容量已满（已用 {used_bytes} / {quota_bytes} 字节），请用户清理邮件。",
                en=f"The mailbox is full ({used_bytes} of {quota_bytes} bytes used); "
                "the customer must delete mail.",
            )
        )
    if limit is not None and message_count >= limit:
        blocking.append("message_count_limit")
        texts.append(
            Text(
                zh=f"邮箱内保存的邮件数已达到{name.zh}的上限 {limit} 封"
                f"（现有 {message_count} 封），请用户删除部分邮件。",
                en=f"The mailbox holds {message_count} messages, the {name.en} limit is {limit}; "
                "the customer must delete some.",
            )
        )
    if not blocking:
        counted = (
            Text(zh=f"邮件数 {message_count} / {limit}", en=f"{message_count} of {limit} messages")
            if limit is not None
            else Text(
                zh=f"{name.zh}不限邮件数，只看邮箱空间",
                en=f"{name.en}: no message-count limit, size only",
            )
        )
        texts.append(
            Text(
                zh=f"可以收信：已用 {used_bytes} / {quota_bytes} 字节；{counted.zh}。",
                en=f"Can receive: {used_bytes} of {quota_bytes} bytes used; {counted.en}.",
            )
        )
    return ReceiveCheck(
        edition=key,
        can_receive=not blocking,
        blocking=blocking,
        explanation=texts,
        max_messages=limit,
    )
