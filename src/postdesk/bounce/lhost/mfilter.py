"""m-FILTER (Digital Arts) mail gateway: sections marked with dashed headings.

Sample::

    以下のメールアドレスへの送信に失敗しました。
    kijitora@example.org

    -------server message
    550 kijitora@example.org... No such user

    -------SMTP command
    DATA

    -------original mail info
"""

from __future__ import annotations

from postdesk.bounce.codes import find_address
from postdesk.bounce.message import Message
from postdesk.bounce.result import Recipient

NAME = "mfilter"
HINTS = ("failure notice",)


def _block(text: str, heading: str) -> str:
    """The lines under ``-------heading`` up to the next dashed heading."""
    at = text.find(f"-------{heading}")
    if at < 0:
        return ""
    rest = text[at + len(heading) + 7 :]
    end = rest.find("-------")
    return " ".join((rest if end < 0 else rest[:end]).split())


def parse(message: Message) -> list[Recipient] | None:
    """The recipient of an m-FILTER bounce, or ``None`` when it is not one."""
    text = message.text
    if "m-FILTER" not in text[:300] or "-------server message" not in text:
        return None
    head = text[: text.find("-------server message")]
    address = find_address(head.splitlines()[-1] if head.strip() else "") or find_address(head)
    if not address:
        return None
    command = _block(text, "SMTP command").split(" ")[0].upper()
    return [
        Recipient(
            address=address,
            diagnostic=_block(text, "server message"),
            command="DATA" if command.startswith("DATA") else command[:4],
        )
    ]
